import { isIPv6 } from 'node:net';
import {
  AppError,
  assertStrongPassword,
  hashPassword,
  invitationTokenMatches,
  needsRehash,
  notFound,
  parseInvitationToken,
  parseRefreshToken,
  recordAudit,
  refreshSecretMatches,
  signAccessToken,
  signMfaChallenge,
  verifyMfaChallenge,
  verifyPassword,
  InvitationsRepository,
  UsersRepository,
  type AppDb,
  type Config,
  type Metrics,
  type Tx,
  type WindowLimiter,
} from '@sentinel/platform';
import type { Principal, RequestMeta } from '../../core/context.js';
import type { AuthRepository, UserSummary } from './repository.js';
import { SessionsRepository } from './sessions-repository.js';
import type { CodeSource, MfaService } from '../mfa/service.js';
import { SsoRepository } from '../sso/repository.js';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/** A sign-in whose password was right and that waits for its second factor. */
export interface MfaChallenge {
  mfaRequired: true;
  challenge: string;
  challengeExpiresIn: number;
  enrolmentRequired: boolean;
}

export interface SessionDto {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

const invalidRefresh = () => new AppError('SENTINEL_AUTH_REFRESH_INVALID');
const invalidChallenge = () => new AppError('SENTINEL_MFA_CHALLENGE_INVALID');
const invalidInvitation = () =>
  new AppError('SENTINEL_INVITATION_INVALID', undefined, { errors: [{ field: 'body.token', message: 'invalid, expired or already used' }] });

export class AuthService {
  private readonly sessions = new SessionsRepository();
  private readonly invitations = new InvitationsRepository();
  private readonly users = new UsersRepository();
  private readonly sso = new SsoRepository();

  constructor(
    private readonly config: Config,
    private readonly db: AppDb,
    private readonly repo: AuthRepository,
    private readonly limiter: WindowLimiter,
    private readonly metrics: Metrics,
    private readonly mfa: MfaService,
  ) {}

  /**
   * Password login. Guessing is slowed without letting anyone lock the owner out:
   * - every attempt counts against the client address (LOGIN_MAX_ATTEMPTS_PER_IP);
   * - failures count against the account from that address (LOGIN_MAX_FAILURES_PER_CLIENT):
   *   one address guessing one account is stopped quickly;
   * - failures also count against the account from everywhere (LOGIN_MAX_FAILURES_PER_ACCOUNT):
   *   a distributed guess is stopped too, but this limit spares addresses the account
   *   logged in from successfully within LOGIN_KNOWN_CLIENT_TTL_S, so the owner still gets in.
   * Every counter is keyed by what the client sent, never by what exists, and unknown
   * tenants and users cost one bcrypt comparison like known ones: answers and timing do
   * not tell whether an account exists.
   */
  async login(meta: RequestMeta, input: { tenant: string; email: string; password: string }): Promise<TokenPair | MfaChallenge> {
    const c = this.config;
    const k = loginKeys(input.tenant, input.email, meta.clientIp);
    const ip = await this.limiter.hit(k.ip, c.LOGIN_IP_WINDOW_S * 1000);
    if (ip.count > c.LOGIN_MAX_ATTEMPTS_PER_IP) throw this.throttled('ip', ip.resetMs);
    const [client, account, known] = await Promise.all([this.limiter.peek(k.client), this.limiter.peek(k.account), this.limiter.peek(k.known)]);
    if (client.count >= c.LOGIN_MAX_FAILURES_PER_CLIENT) throw this.throttled('client', client.resetMs);
    if (account.count >= c.LOGIN_MAX_FAILURES_PER_ACCOUNT && known.count === 0) throw this.throttled('account', account.resetMs);

    const tenant = await this.repo.tenantBySlug(input.tenant);
    const user = tenant ? await this.repo.credentials(tenant.id, input.email) : null;
    // bcrypt runs outside any transaction: no pooled connection waits on it.
    const ok = await verifyPassword(input.password, user?.passwordHash, c.BCRYPT_COST);
    if (!tenant || !user || !ok) {
      await Promise.all([this.limiter.hit(k.client, c.LOGIN_CLIENT_WINDOW_S * 1000), this.limiter.hit(k.account, c.LOGIN_ACCOUNT_WINDOW_S * 1000)]);
      throw new AppError('SENTINEL_AUTH_INVALID_CREDENTIALS');
    }
    if (tenant.status !== 'active') throw new AppError('SENTINEL_AUTH_TENANT_SUSPENDED');
    // The account-wide counter is not reset: the owner's success must not grant a
    // distributed guesser a fresh budget.
    await Promise.all([this.limiter.reset(k.client), this.limiter.remember(k.known, c.LOGIN_KNOWN_CLIENT_TTL_S * 1000)]);
    const oldHash = user.passwordHash!;
    const upgraded = needsRehash(oldHash, c.BCRYPT_COST) ? await hashPassword(input.password, c.BCRYPT_COST) : undefined;
    const outcome = await this.db.withTenant(tenant.id, async (tx) => {
      if (await this.passwordClosedTo(tx, tenant.id, user)) throw new AppError('SENTINEL_AUTH_SSO_REQUIRED');
      if (upgraded) await this.repo.replacePasswordHash(tx, tenant.id, user.id, oldHash, upgraded);
      // An enrolled authenticator, or a tenant policy that requires one: no token yet, a challenge.
      const step = await this.mfa.signInStep(tx, tenant.id, user);
      if (step !== 'none') return { step };
      return { session: await this.startSession(tx, { tenantId: tenant.id, userId: user.id, ...meta }) };
    });
    if (outcome.step) return this.challenge(user, outcome.step);
    return this.pair(user, outcome.session!);
  }

  /**
   * The second step of a sign-in: the challenge from login and a code (TOTP or recovery
   * code). With an enrolment challenge, the code confirms the authenticator started with
   * it and the answer also carries the recovery codes. Each challenge takes
   * MFA_MAX_ATTEMPTS_PER_CHALLENGE codes and succeeds once; wrong codes also count
   * against the user (MfaService.guard). The code is spent in the same transaction that
   * issues the session.
   */
  async verifyMfa(meta: RequestMeta, challenge: string, code: string): Promise<TokenPair & { recoveryCodes?: string[] }> {
    const c = this.config;
    const claims = verifyMfaChallenge(c, challenge);
    if (!claims) throw invalidChallenge();
    const actor = { tenantId: claims.tid, userId: claims.sub, ...meta };
    const used = `sentinel:mfa:challenge-used:${claims.jti}`;
    if ((await this.limiter.peek(used)).count > 0) throw invalidChallenge();
    const attempts = await this.limiter.hit(`sentinel:throttle:mfa:challenge:${claims.jti}`, c.MFA_CHALLENGE_TTL_S * 1000);
    if (attempts.count > c.MFA_MAX_ATTEMPTS_PER_CHALLENGE) throw this.mfa.throttled('challenge', attempts.resetMs);
    await this.mfa.guard(actor);
    const result = await this.db.withTenant(claims.tid, async (tx) => {
      const [tenant, user] = await Promise.all([this.repo.tenantOf(tx, claims.tid), this.repo.userOf(tx, claims.tid, claims.sub)]);
      if (!tenant || !user) throw invalidChallenge();
      if (tenant.status !== 'active') throw new AppError('SENTINEL_AUTH_TENANT_SUSPENDED');
      // A challenge is the second step of a password sign-in: SSO required since the first, or a
      // demotion to member meanwhile, closes it as it would close the first.
      if (await this.passwordClosedTo(tx, claims.tid, user)) throw new AppError('SENTINEL_AUTH_SSO_REQUIRED');
      const step = await this.mfa.signInStep(tx, claims.tid, user);
      let recoveryCodes: string[] | undefined;
      const src: CodeSource = { field: 'body.code', signIn: true };
      if (step === 'verify') await this.mfa.proveIn(tx, actor, code, src);
      else if (claims.purpose === 'enrol') ({ recoveryCodes } = await this.mfa.confirmIn(tx, actor, code, src));
      // No authenticator and none required any more (reset, policy lifted): sign in again.
      else throw invalidChallenge();
      const session = await this.startSession(tx, actor, { mfa: true });
      return { user, session, recoveryCodes };
    });
    await this.limiter.remember(used, c.MFA_CHALLENGE_TTL_S * 1000);
    const pair = this.pair(result.user, result.session, Math.floor(this.mfa.now() / 1000));
    return result.recoveryCodes ? { ...pair, recoveryCodes: result.recoveryCodes } : pair;
  }

  /**
   * SSO required: a member's password is no way in, at any step (login, invitation, the MFA
   * challenge) nor for a session it started (refresh). Admins keep their password as the way
   * in when the identity provider fails (break-glass).
   */
  private async passwordClosedTo(tx: Tx, tenantId: string, user: { role: string }): Promise<boolean> {
    return user.role === 'member' && (await this.sso.passwordClosedToMembers(tx, tenantId));
  }

  /** A sign-in's answer while its second factor (or, by tenant policy, an enrolment) is awaited: no token, a challenge. */
  private challenge(user: { id: string; tenantId: string }, step: 'verify' | 'enrol'): MfaChallenge {
    const ttl = this.config.MFA_CHALLENGE_TTL_S;
    const { token } = signMfaChallenge(this.config, { sub: user.id, tid: user.tenantId, purpose: step }, ttl);
    return { mfaRequired: true, challenge: token, challengeExpiresIn: ttl, enrolmentRequired: step === 'enrol' };
  }

  /** Starts the enrolment an enrolment challenge allows (and nothing else): the tenant requires MFA of a user who has none. */
  async startChallengeEnrolment(meta: RequestMeta, challenge: string): Promise<{ secret: string; otpauthUri: string }> {
    const claims = verifyMfaChallenge(this.config, challenge);
    if (!claims || claims.purpose !== 'enrol') throw invalidChallenge();
    if ((await this.limiter.peek(`sentinel:mfa:challenge-used:${claims.jti}`)).count > 0) throw invalidChallenge();
    return this.mfa.start({ tenantId: claims.tid, userId: claims.sub, ...meta });
  }

  private async startSession(
    tx: Tx,
    actor: { tenantId: string; userId: string } & RequestMeta,
    changes?: Record<string, unknown>,
    method: 'password' | 'sso' = 'password',
  ) {
    const issued = await this.sessions.issueRefreshToken(tx, actor.tenantId, actor.userId, this.config.JWT_REFRESH_TTL_S, undefined, method);
    await recordAudit(tx, actor, { action: 'auth.login', targetType: 'user', targetId: actor.userId, ...(changes ? { changes } : {}) });
    return issued;
  }

  /** A session for a user the tenant's identity provider vouched for (SsoService), in its transaction: audited as `auth.login` with method sso. */
  startSsoSession(tx: Tx, actor: { tenantId: string; userId: string } & RequestMeta, issuer: string) {
    return this.startSession(tx, actor, { method: 'sso', issuer }, 'sso');
  }

  /** The token pair of a session, as every sign-in answers it. */
  tokens(user: { id: string; tenantId: string; role: UserSummary['role'] }, session: { token: string; familyId: string }): TokenPair {
    return this.pair(user, session);
  }

  /** Counts an unauthenticated sign-in step (SSO start and callback) against the client address, with password logins. */
  async countAttempt(meta: RequestMeta): Promise<void> {
    const ip = await this.limiter.hit(loginKeys('', '', meta.clientIp).ip, this.config.LOGIN_IP_WINDOW_S * 1000);
    if (ip.count > this.config.LOGIN_MAX_ATTEMPTS_PER_IP) throw this.throttled('ip', ip.resetMs);
  }

  /**
   * Rotates a refresh token. Presenting a token that was already rotated means it
   * leaked: the whole family is revoked (committed) before answering 401. Every other
   * refusal (expired, account gone, tenant suspended) is decided before the token is
   * marked rotated and writes nothing, so the same token works again once the reason
   * is gone and is never mistaken for a reused one.
   */
  async refresh(meta: RequestMeta, token: string): Promise<TokenPair> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw invalidRefresh();
    const { tenantId, tokenId, secret } = parsed;
    const outcome = await this.db.withTenant(tenantId, async (tx) => {
      const row = await this.sessions.findRefreshToken(tx, tenantId, tokenId);
      if (!row || !refreshSecretMatches(secret, row.tokenHash)) return { error: invalidRefresh() };
      if (row.revokedAt) return { error: invalidRefresh() };
      const reuse = async () => {
        const revoked = await this.sessions.revokeFamily(tx, tenantId, row.familyId);
        await recordAudit(
          tx,
          { tenantId, userId: row.userId, requestId: meta.requestId, clientIp: meta.clientIp },
          { action: 'auth.refresh_reuse_detected', targetType: 'token_family', targetId: row.familyId, changes: { revoked } },
        );
        return { error: invalidRefresh() };
      };
      if (row.rotatedAt !== null) return reuse();
      if (row.expiresAt.getTime() <= Date.now()) return { error: invalidRefresh() };
      const [tenant, user] = await Promise.all([this.repo.tenantOf(tx, tenantId), this.repo.userOf(tx, tenantId, row.userId)]);
      if (!tenant || !user) return { error: invalidRefresh() };
      if (tenant.status !== 'active') return { error: new AppError('SENTINEL_AUTH_TENANT_SUSPENDED') };
      // Turning SSO required on ends members' password sessions; this catches the rest: an admin's
      // password session after a demotion to member, and a refresh racing the switch.
      if (row.method !== 'sso' && (await this.passwordClosedTo(tx, tenantId, user))) return { error: new AppError('SENTINEL_AUTH_SSO_REQUIRED') };
      // The tenant came to require MFA of this user, who has none: sign in again (and enrol).
      // Not of an SSO session: the identity provider stands for the second factor there.
      if (row.method !== 'sso' && (await this.mfa.signInStep(tx, tenantId, user)) === 'enrol')
        return { error: new AppError('SENTINEL_AUTH_MFA_ENROLMENT_REQUIRED') };
      // Last, once nothing can refuse any more: a concurrent request that rotated it first makes this a reuse.
      if (!(await this.sessions.markRotated(tx, tenantId, tokenId))) return reuse();
      const next = await this.sessions.issueRefreshToken(tx, tenantId, user.id, this.config.JWT_REFRESH_TTL_S, row.familyId, row.method as 'password' | 'sso');
      return { user, session: next };
    });
    if ('error' in outcome) throw outcome.error;
    return this.pair(outcome.user, outcome.session);
  }

  /**
   * Sets the password of an invited user and logs them in. The token is single-use:
   * accepting marks the invitation, and the user then has a password. The invitation
   * is checked before the password is judged or hashed (a forged token costs no bcrypt),
   * and checked again when it is claimed. In a tenant that requires MFA of the user, the
   * answer is an enrolment challenge instead of tokens, as at login.
   */
  async acceptInvite(meta: RequestMeta, token: string, password: string): Promise<TokenPair | MfaChallenge> {
    const parsed = parseInvitationToken(token);
    if (!parsed) throw invalidInvitation();
    const { tenantId, invitationId } = parsed;
    const usable = (inv: { tokenHash: string; acceptedAt: Date | null; expiresAt: Date } | null) =>
      inv !== null && invitationTokenMatches(token, inv.tokenHash) && !inv.acceptedAt && inv.expiresAt.getTime() > Date.now();
    const invitee = await this.db.withTenant(tenantId, async (tx) => {
      const inv = await this.invitations.get(tx, tenantId, invitationId);
      if (!usable(inv)) throw invalidInvitation();
      const [tenant, user] = await Promise.all([this.repo.tenantOf(tx, tenantId), this.repo.userOf(tx, tenantId, inv!.userId)]);
      if (!tenant || tenant.status !== 'active') throw new AppError('SENTINEL_AUTH_TENANT_SUSPENDED');
      if (!user) throw invalidInvitation();
      if (await this.passwordClosedTo(tx, tenantId, user)) throw new AppError('SENTINEL_AUTH_SSO_REQUIRED');
      return { email: user.email, slug: tenant.slug };
    });
    assertStrongPassword(password, [invitee.email, invitee.slug]);
    const passwordHash = await hashPassword(password, this.config.BCRYPT_COST);
    const result = await this.db.withTenant(tenantId, async (tx) => {
      const inv = await this.invitations.get(tx, tenantId, invitationId);
      if (!usable(inv)) throw invalidInvitation();
      const tenant = await this.repo.tenantOf(tx, tenantId);
      if (!tenant || tenant.status !== 'active') throw new AppError('SENTINEL_AUTH_TENANT_SUSPENDED');
      // Only a user still without a password can be claimed this way.
      if (!(await this.users.claimPassword(tx, tenantId, inv!.userId, passwordHash))) throw invalidInvitation();
      await this.invitations.markAccepted(tx, tenantId, invitationId);
      const user = (await this.repo.userOf(tx, tenantId, inv!.userId))!;
      await recordAudit(
        tx,
        { tenantId, userId: user.id, requestId: meta.requestId, clientIp: meta.clientIp },
        { action: 'user.invitation_accepted', targetType: 'user', targetId: user.id, changes: { invitationId } },
      );
      const step = await this.mfa.signInStep(tx, tenantId, user);
      if (step !== 'none') return { user, step };
      const session = await this.sessions.issueRefreshToken(tx, tenantId, user.id, this.config.JWT_REFRESH_TTL_S);
      return { user, session };
    });
    if (result.step) return this.challenge(result.user, result.step);
    return this.pair(result.user, result.session!);
  }

  /** Revokes the family of the given refresh token, or every session of the user. */
  async logout(ctx: Principal, refreshToken?: string): Promise<void> {
    await this.db.withTenant(ctx.tenantId, async (tx) => {
      let revoked = 0;
      if (refreshToken) {
        const p = parseRefreshToken(refreshToken);
        const row = p && p.tenantId === ctx.tenantId ? await this.sessions.findRefreshToken(tx, ctx.tenantId, p.tokenId) : null;
        if (!row || row.userId !== ctx.userId || !refreshSecretMatches(p!.secret, row.tokenHash)) throw invalidRefresh();
        revoked = await this.sessions.revokeFamily(tx, ctx.tenantId, row.familyId);
      } else {
        revoked = await this.sessions.revokeAllForUser(tx, ctx.tenantId, ctx.userId);
      }
      await recordAudit(tx, ctx, {
        action: 'auth.logout',
        targetType: 'user',
        targetId: ctx.userId,
        changes: { revoked, scope: refreshToken ? 'session' : 'all' },
      });
    });
  }

  /** The caller's active sessions (refresh-token families), the one its access token belongs to marked `current`. */
  async sessionsOf(ctx: Principal): Promise<SessionDto[]> {
    const rows = await this.db.withTenant(ctx.tenantId, (tx) => this.sessions.activeSessions(tx, ctx.tenantId, ctx.userId));
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      current: r.id === ctx.familyId,
    }));
  }

  /**
   * Ends one of the caller's sessions: every token of the family is revoked, so its next
   * refresh fails as after logout. Another user's family, an unknown one and one that has
   * already ended all answer the same 404.
   */
  async revokeSession(ctx: Principal, familyId: string): Promise<void> {
    await this.db.withTenant(ctx.tenantId, async (tx) => {
      if (!(await this.sessions.isActiveSession(tx, ctx.tenantId, ctx.userId, familyId))) throw notFound('session');
      const revoked = await this.sessions.revokeFamily(tx, ctx.tenantId, familyId);
      await recordAudit(tx, ctx, {
        action: 'auth.session.revoked',
        targetType: 'token_family',
        targetId: familyId,
        changes: { revoked, current: familyId === ctx.familyId },
      });
    });
  }

  private pair(user: { id: string; tenantId: string; role: UserSummary['role'] }, session: { token: string; familyId: string }, mfaAt?: number): TokenPair {
    return {
      accessToken: signAccessToken(this.config, { sub: user.id, tid: user.tenantId, role: user.role, fid: session.familyId, mfaAt }),
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_ACCESS_TTL_S,
      refreshToken: session.token,
      refreshExpiresIn: this.config.JWT_REFRESH_TTL_S,
    };
  }

  private throttled(limit: keyof typeof throttleDetail, resetMs: number): AppError {
    this.metrics.rateLimited.inc({ limit: `login_${limit}` });
    return new AppError('SENTINEL_LOGIN_THROTTLED', throttleDetail[limit], { retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) });
  }
}

const throttleDetail = {
  ip: 'Too many login attempts from this address',
  client: 'Too many failed logins for this account from this address',
  account: 'Too many failed logins for this account; sign in from a device that signed in before, or retry later',
} as const;

/**
 * The limiter keys of one login attempt, all built from what the client sent. An IPv6
 * client is counted by its /64: one host usually holds a whole /64, and counting single
 * addresses would hand it 2^64 fresh budgets.
 */
function loginKeys(tenant: string, email: string, clientIp: string | undefined) {
  const addr = throttleAddress(clientIp);
  const account = `${tenant}:${email}`;
  return {
    ip: `sentinel:throttle:login:ip:${addr}`,
    client: `sentinel:throttle:login:client:${account}:${addr}`,
    account: `sentinel:throttle:login:account:${account}`,
    known: `sentinel:login:known:${account}:${addr}`,
  };
}

/** Every sign-in limiter key of `email` from these addresses, the email in clear among them: an erasure forgets them all. */
export function loginKeysOf(tenant: string, email: string, clientIps: readonly (string | null)[]): string[] {
  const keys = new Set<string>();
  for (const ip of [...clientIps, undefined]) for (const k of Object.values(loginKeys(tenant, email, ip ?? undefined))) if (k.includes(email)) keys.add(k);
  return [...keys];
}

function throttleAddress(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const bare = ip.split('%')[0]!;
  if (!isIPv6(bare)) return bare;
  const [head = '', tail] = bare.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
