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
  verifyPassword,
  InvitationsRepository,
  UsersRepository,
  type AppDb,
  type Config,
  type Metrics,
  type WindowLimiter,
} from '@sentinel/platform';
import type { Principal, RequestMeta } from '../../core/context.js';
import type { AuthRepository, UserSummary } from './repository.js';
import { SessionsRepository } from './sessions-repository.js';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface SessionDto {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

const invalidRefresh = () => new AppError('SENTINEL_AUTH_REFRESH_INVALID');
const invalidInvitation = () =>
  new AppError('SENTINEL_INVITATION_INVALID', undefined, { errors: [{ field: 'body.token', message: 'invalid, expired or already used' }] });

export class AuthService {
  private readonly sessions = new SessionsRepository();
  private readonly invitations = new InvitationsRepository();
  private readonly users = new UsersRepository();

  constructor(
    private readonly config: Config,
    private readonly db: AppDb,
    private readonly repo: AuthRepository,
    private readonly limiter: WindowLimiter,
    private readonly metrics: Metrics,
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
  async login(meta: RequestMeta, input: { tenant: string; email: string; password: string }): Promise<TokenPair> {
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
    const session = await this.db.withTenant(tenant.id, async (tx) => {
      if (upgraded) await this.repo.replacePasswordHash(tx, tenant.id, user.id, oldHash, upgraded);
      const issued = await this.sessions.issueRefreshToken(tx, tenant.id, user.id, c.JWT_REFRESH_TTL_S);
      await recordAudit(
        tx,
        { tenantId: tenant.id, userId: user.id, requestId: meta.requestId, clientIp: meta.clientIp },
        { action: 'auth.login', targetType: 'user', targetId: user.id },
      );
      return issued;
    });
    return this.pair(user, session);
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
      // Last, once nothing can refuse any more: a concurrent request that rotated it first makes this a reuse.
      if (!(await this.sessions.markRotated(tx, tenantId, tokenId))) return reuse();
      const next = await this.sessions.issueRefreshToken(tx, tenantId, user.id, this.config.JWT_REFRESH_TTL_S, row.familyId);
      return { user, session: next };
    });
    if ('error' in outcome) throw outcome.error;
    return this.pair(outcome.user, outcome.session);
  }

  /**
   * Sets the password of an invited user and logs them in. The token is single-use:
   * accepting marks the invitation, and the user then has a password. The invitation
   * is checked before the password is judged or hashed (a forged token costs no bcrypt),
   * and checked again when it is claimed.
   */
  async acceptInvite(meta: RequestMeta, token: string, password: string): Promise<TokenPair> {
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
      const session = await this.sessions.issueRefreshToken(tx, tenantId, user.id, this.config.JWT_REFRESH_TTL_S);
      return { user, session };
    });
    return this.pair(result.user, result.session);
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

  private pair(user: { id: string; tenantId: string; role: UserSummary['role'] }, session: { token: string; familyId: string }): TokenPair {
    return {
      accessToken: signAccessToken(this.config, { sub: user.id, tid: user.tenantId, role: user.role, fid: session.familyId }),
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
