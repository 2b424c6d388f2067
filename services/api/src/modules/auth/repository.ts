import { cacheKeys, type AppDb, type Cache, type Tx } from '@sentinel/platform';
import type { ApiKeyAuth, IdentityLookup, TenantSummary, UserSummary } from '../../core/context.js';

export type { TenantSummary, UserSummary };

const tenantSelect = { id: true, slug: true, displayName: true, plan: true, status: true } as const;
const apiKeySelect = { id: true, scopes: true, secretHash: true, expiresAt: true, revokedAt: true } as const;
/**
 * How long "no such key" is remembered. Keys name their tenant and id, so anyone can
 * build one with a valid checksum: without this, each presentation of an unknown key
 * costs a PostgreSQL transaction. Creating a key drops the entry (ApiKeysService), so
 * the TTL only bounds how long a stale "missing" could outlive a create that raced it.
 */
export const MISSING_API_KEY_TTL_S = 30;
const MISSING = { missing: true } as const;
type CachedApiKey = ApiKeyAuth | typeof MISSING;

const userSelect = { id: true, tenantId: true, email: true, displayName: true, role: true } as const;

/**
 * Accounts as auth sees them. The lookups a request's authentication makes are
 * cache-fronted, so this repository holds its pool and opens a transaction only on a
 * miss; the rest take the caller's transaction. Refresh tokens: sessions-repository.ts.
 */
export class AuthRepository implements IdentityLookup {
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

  async apiKey(tenantId: string, keyId: string): Promise<{ tenant?: TenantSummary | undefined; key?: ApiKeyAuth | undefined }> {
    const tKey = cacheKeys.tenantById(tenantId);
    const kKey = cacheKeys.apiKey(tenantId, keyId);
    const [cachedTenant, cachedKey] = (await this.cache.getMany<TenantSummary | CachedApiKey>('api_key', [tKey, kKey])) as [
      TenantSummary | undefined,
      CachedApiKey | undefined,
    ];
    if (cachedKey && 'missing' in cachedKey) return {};
    let [tenant, key] = [cachedTenant, cachedKey];
    if (!tenant || !key) {
      const loaded = await this.db.withTenant(tenantId, async (tx) => {
        const row = key ? undefined : await tx.apiKey.findUnique({ where: { tenantId_id: { tenantId, id: keyId } }, select: apiKeySelect });
        return {
          tenant: tenant ?? (await tx.tenant.findUnique({ where: { id: tenantId }, select: tenantSelect })) ?? undefined,
          key:
            key ??
            (row
              ? {
                  id: row.id,
                  scopes: row.scopes,
                  secretHash: row.secretHash,
                  expiresAt: row.expiresAt?.toISOString() ?? null,
                  revokedAt: row.revokedAt?.toISOString() ?? null,
                }
              : undefined),
        };
      });
      if (!tenant && loaded.tenant) await this.cache.set(tKey, loaded.tenant);
      if (!key) await this.cache.set(kKey, loaded.key ?? MISSING, loaded.key ? undefined : MISSING_API_KEY_TTL_S);
      ({ tenant, key } = loaded);
    }
    return { tenant, key };
  }

  private readonly lastTouched = new Map<string, number>();

  apiKeyUsed(tenantId: string, keyId: string): void {
    const now = Date.now();
    const last = this.lastTouched.get(keyId);
    if (last !== undefined && now - last < 60_000) return;
    if (this.lastTouched.size > 10_000) this.lastTouched.clear();
    this.lastTouched.set(keyId, now);
    // Best effort and off the request's path: a lost update only makes last use older.
    this.db
      .withTenant(tenantId, (tx) => tx.apiKey.updateMany({ where: { tenantId, id: keyId }, data: { lastUsedAt: new Date(now) } }))
      .catch(() => this.lastTouched.delete(keyId));
  }

  credentials(tenantId: string, email: string) {
    return this.db.withTenant(tenantId, (tx) =>
      tx.user.findUnique({ where: { tenantId_email: { tenantId, email } }, select: { ...userSelect, passwordHash: true } }),
    );
  }

  /** Replaces a password hash (an upgrade after login) unless the password changed meanwhile. */
  async replacePasswordHash(tx: Tx, tenantId: string, userId: string, oldHash: string, newHash: string): Promise<void> {
    await tx.user.updateMany({ where: { tenantId, id: userId, passwordHash: oldHash }, data: { passwordHash: newHash } });
  }

  tenantOf(tx: Tx, tenantId: string) {
    return tx.tenant.findUnique({ where: { id: tenantId }, select: tenantSelect });
  }

  userOf(tx: Tx, tenantId: string, userId: string) {
    return tx.user.findUnique({ where: { tenantId_id: { tenantId, id: userId } }, select: userSelect });
  }
}
