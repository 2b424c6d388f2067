import {
  AppError,
  hashPassword,
  invitationTokenMatches,
  parseInvitationToken,
  parseRefreshToken,
  recordAudit,
  refreshSecretMatches,
  signAccessToken,
  verifyPassword,
  type AppDb,
  type Config,
  type Metrics,
  type WindowLimiter,
} from '@sentinel/platform';
import type { Principal } from '../../http/route.js';
import type { AuthRepository, UserSummary } from './repository.js';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface RequestMeta {
  requestId?: string | undefined;
  clientIp?: string | undefined;
}

const invalidRefresh = () => new AppError('SENTINEL_AUTH_REFRESH_INVALID');
const invalidInvitation = () =>
  new AppError('SENTINEL_INVITATION_INVALID', undefined, { errors: [{ field: 'body.token', message: 'invalid, expired or already used' }] });

export class AuthService {
  constructor(
    private readonly config: Config,
    private readonly db: AppDb,
    private readonly repo: AuthRepository,
    private readonly limiter: WindowLimiter,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Password login. Throttled per client IP (every attempt) and per account (failures
   * only). Unknown tenants and users cost one bcrypt comparison like known ones.
   */
  async login(meta: RequestMeta, input: { tenant: string; email: string; password: string }): Promise<TokenPair> {
    const c = this.config;
    const ipKey = `sentinel:throttle:login:ip:${meta.clientIp ?? 'unknown'}`;
    const accountKey = `sentinel:throttle:login:account:${input.tenant}:${input.email}`;
    const ip = await this.limiter.hit(ipKey, c.LOGIN_IP_WINDOW_S * 1000);
    if (ip.count > c.LOGIN_MAX_ATTEMPTS_PER_IP) throw this.throttled('ip', ip.resetMs);
    const account = await this.limiter.peek(accountKey);
    if (account.count >= c.LOGIN_MAX_FAILURES_PER_ACCOUNT) throw this.throttled('account', account.resetMs);

    const tenant = await this.repo.tenantBySlug(input.tenant);
    const user = tenant ? await this.repo.credentials(tenant.id, input.email) : null;
    // bcrypt runs outside any transaction: no pooled connection waits on it.
    const ok = await verifyPassword(input.password, user?.passwordHash, c.BCRYPT_COST);
    if (!tenant || !user || !ok) {
      await this.limiter.hit(accountKey, c.LOGIN_ACCOUNT_WINDOW_S * 1000);
      throw new AppError('SENTINEL_AUTH_INVALID_CREDENTIALS');
    }
    if (tenant.status !== 'active') throw new AppError('SENTINEL_AUTH_TENANT_SUSPENDED');
    await this.limiter.reset(accountKey);
    const refreshToken = await this.db.withTenant(tenant.id, async (tx) => {
      const token = await this.repo.issueRefreshToken(tx, tenant.id, user.id, c.JWT_REFRESH_TTL_S);
      await recordAudit(
        tx,
        { tenantId: tenant.id, userId: user.id, requestId: meta.requestId, clientIp: meta.clientIp },
        { action: 'auth.login', targetType: 'user', targetId: user.id },
      );
      return token;
    });
    return this.pair(user, refreshToken);
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
      const row = await this.repo.findRefreshToken(tx, tenantId, tokenId);
      if (!row || !refreshSecretMatches(secret, row.tokenHash)) return { error: invalidRefresh() };
      if (row.revokedAt) return { error: invalidRefresh() };
      const reuse = async () => {
        const revoked = await this.repo.revokeFamily(tx, tenantId, row.familyId);
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
      if (!(await this.repo.markRotated(tx, tenantId, tokenId))) return reuse();
      const next = await this.repo.issueRefreshToken(tx, tenantId, user.id, this.config.JWT_REFRESH_TTL_S, row.familyId);
      return { user, refreshToken: next };
    });
    if ('error' in outcome) throw outcome.error;
    return this.pair(outcome.user, outcome.refreshToken);
  }

  /**
   * Sets the password of an invited user and logs them in. The token is single-use:
   * accepting marks the invitation, and the user then has a password.
   */
  async acceptInvite(meta: RequestMeta, token: string, password: string): Promise<TokenPair> {
    const parsed = parseInvitationToken(token);
    if (!parsed) throw invalidInvitation();
    const { tenantId, invitationId } = parsed;
    const passwordHash = await hashPassword(password, this.config.BCRYPT_COST);
    const result = await this.db.withTenant(tenantId, async (tx) => {
      const inv = await tx.invitation.findUnique({ where: { tenantId_id: { tenantId, id: invitationId } } });
      if (!inv || !invitationTokenMatches(token, inv.tokenHash) || inv.acceptedAt || inv.expiresAt.getTime() <= Date.now()) throw invalidInvitation();
      const tenant = await this.repo.tenantOf(tx, tenantId);
      if (!tenant || tenant.status !== 'active') throw new AppError('SENTINEL_AUTH_TENANT_SUSPENDED');
      // Only a user still without a password can be claimed this way.
      const claimed = await tx.user.updateMany({ where: { tenantId, id: inv.userId, passwordHash: null }, data: { passwordHash } });
      if (claimed.count !== 1) throw invalidInvitation();
      await tx.invitation.update({ where: { tenantId_id: { tenantId, id: invitationId } }, data: { acceptedAt: new Date() } });
      const user = (await this.repo.userOf(tx, tenantId, inv.userId))!;
      await recordAudit(
        tx,
        { tenantId, userId: user.id, requestId: meta.requestId, clientIp: meta.clientIp },
        { action: 'user.invitation_accepted', targetType: 'user', targetId: user.id, changes: { invitationId } },
      );
      const refreshToken = await this.repo.issueRefreshToken(tx, tenantId, user.id, this.config.JWT_REFRESH_TTL_S);
      return { user, refreshToken };
    });
    return this.pair(result.user, result.refreshToken);
  }

  /** Revokes the family of the given refresh token, or every session of the user. */
  async logout(ctx: Principal, refreshToken?: string): Promise<void> {
    await this.db.withTenant(ctx.tenantId, async (tx) => {
      let revoked = 0;
      if (refreshToken) {
        const p = parseRefreshToken(refreshToken);
        const row = p && p.tenantId === ctx.tenantId ? await this.repo.findRefreshToken(tx, ctx.tenantId, p.tokenId) : null;
        if (!row || row.userId !== ctx.userId || !refreshSecretMatches(p!.secret, row.tokenHash)) throw invalidRefresh();
        revoked = await this.repo.revokeFamily(tx, ctx.tenantId, row.familyId);
      } else {
        revoked = await this.repo.revokeAllForUser(tx, ctx.tenantId, ctx.userId);
      }
      await recordAudit(tx, ctx, {
        action: 'auth.logout',
        targetType: 'user',
        targetId: ctx.userId,
        changes: { revoked, scope: refreshToken ? 'session' : 'all' },
      });
    });
  }

  private pair(user: { id: string; tenantId: string; role: UserSummary['role'] }, refreshToken: string): TokenPair {
    return {
      accessToken: signAccessToken(this.config, { sub: user.id, tid: user.tenantId, role: user.role }),
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_ACCESS_TTL_S,
      refreshToken,
      refreshExpiresIn: this.config.JWT_REFRESH_TTL_S,
    };
  }

  private throttled(limit: 'ip' | 'account', resetMs: number): AppError {
    this.metrics.rateLimited.inc({ limit: `login_${limit}` });
    return new AppError('SENTINEL_LOGIN_THROTTLED', limit === 'ip' ? 'Too many login attempts from this address' : 'Too many failed logins for this account', {
      retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)),
    });
  }
}
