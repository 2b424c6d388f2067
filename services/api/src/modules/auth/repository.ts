import { randomUUID } from 'node:crypto';
import { cacheKeys, newRefreshToken, type AppDb, type Cache, type Role, type Tx } from '@sentinel/platform';

export interface TenantSummary {
  id: string;
  slug: string;
  displayName: string;
  plan: 'free' | 'pro' | 'enterprise';
  status: 'active' | 'suspended';
}

export interface UserSummary {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Role;
}

const tenantSelect = { id: true, slug: true, displayName: true, plan: true, status: true } as const;
const userSelect = { id: true, tenantId: true, email: true, displayName: true, role: true } as const;

/** Everything auth reads and writes. Hot lookups go through the cache. */
export class AuthRepository {
  constructor(
    private readonly db: AppDb,
    private readonly cache: Cache,
  ) {}

  async tenantBySlug(slug: string): Promise<TenantSummary | undefined> {
    return this.cache.getOrLoad('tenant_by_slug', cacheKeys.tenantBySlug(slug), () =>
      this.db.withTenantSlug(slug, async (tx) => (await tx.tenant.findUnique({ where: { slug }, select: tenantSelect })) ?? undefined),
    );
  }

  /** Tenant and user for a token, in one cache round trip; misses are loaded in one transaction. */
  async principal(tenantId: string, userId: string): Promise<{ tenant?: TenantSummary | undefined; user?: UserSummary | undefined }> {
    const tKey = cacheKeys.tenantById(tenantId);
    const uKey = cacheKeys.user(tenantId, userId);
    let [tenant, user] = (await this.cache.getMany<TenantSummary | UserSummary>('principal', [tKey, uKey])) as [
      TenantSummary | undefined,
      UserSummary | undefined,
    ];
    if (!tenant || !user) {
      const loaded = await this.db.withTenant(tenantId, async (tx) => ({
        tenant: tenant ?? (await tx.tenant.findUnique({ where: { id: tenantId }, select: tenantSelect })) ?? undefined,
        user: user ?? (await tx.user.findUnique({ where: { tenantId_id: { tenantId, id: userId } }, select: userSelect })) ?? undefined,
      }));
      if (!tenant && loaded.tenant) await this.cache.set(tKey, loaded.tenant);
      if (!user && loaded.user) await this.cache.set(uKey, loaded.user);
      ({ tenant, user } = loaded);
    }
    return { tenant, user };
  }

  credentials(tenantId: string, email: string) {
    return this.db.withTenant(tenantId, (tx) =>
      tx.user.findUnique({ where: { tenantId_email: { tenantId, email } }, select: { ...userSelect, passwordHash: true } }),
    );
  }

  /** Inserts a refresh token row; a new login starts a new family. */
  async issueRefreshToken(tx: Tx, tenantId: string, userId: string, ttlSeconds: number, familyId: string = randomUUID()): Promise<string> {
    const id = randomUUID();
    const { token, hash } = newRefreshToken(tenantId, id);
    await tx.refreshToken.create({
      data: { tenantId, id, userId, familyId, tokenHash: hash, expiresAt: new Date(Date.now() + ttlSeconds * 1000) },
    });
    return token;
  }

  findRefreshToken(tx: Tx, tenantId: string, id: string) {
    return tx.refreshToken.findUnique({ where: { tenantId_id: { tenantId, id } } });
  }

  /** Replaces a password hash (an upgrade after login) unless the password changed meanwhile. */
  async replacePasswordHash(tx: Tx, tenantId: string, userId: string, oldHash: string, newHash: string): Promise<void> {
    await tx.user.updateMany({ where: { tenantId, id: userId, passwordHash: oldHash }, data: { passwordHash: newHash } });
  }

  /** Marks a token used; false when another request rotated it first. */
  async markRotated(tx: Tx, tenantId: string, id: string): Promise<boolean> {
    const r = await tx.refreshToken.updateMany({ where: { tenantId, id, rotatedAt: null, revokedAt: null }, data: { rotatedAt: new Date() } });
    return r.count === 1;
  }

  async revokeFamily(tx: Tx, tenantId: string, familyId: string): Promise<number> {
    const r = await tx.refreshToken.updateMany({ where: { tenantId, familyId, revokedAt: null }, data: { revokedAt: new Date() } });
    return r.count;
  }

  async revokeAllForUser(tx: Tx, tenantId: string, userId: string): Promise<number> {
    const r = await tx.refreshToken.updateMany({ where: { tenantId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
    return r.count;
  }

  tenantOf(tx: Tx, tenantId: string) {
    return tx.tenant.findUnique({ where: { id: tenantId }, select: tenantSelect });
  }

  userOf(tx: Tx, tenantId: string, userId: string) {
    return tx.user.findUnique({ where: { tenantId_id: { tenantId, id: userId } }, select: userSelect });
  }
}
