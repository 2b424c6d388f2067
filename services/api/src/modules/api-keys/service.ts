// A tenant's API keys as its admins manage them, through the app pool under RLS (another
// tenant's key ids answer 404). Keys themselves never reach these operations: no route
// here declares a scope (route.ts), so a key cannot create, rotate or revoke keys.
// Platform keys are the platform tenant's keys, managed by platform admins the same way
// (same table, same RLS, the app pool: no platform-pool grant is needed); they hold
// platform scopes only, and the HTTP edge turns them into platform principals (auth.ts).
import {
  API_KEY_SCOPES,
  AppError,
  PLATFORM_KEY_SCOPES,
  PLATFORM_TENANT_ID,
  cacheKeys,
  forbidden,
  notFound,
  newApiKeySecret,
  recordAudit,
  type AppDb,
  type Cache,
  type Tx,
} from '@sentinel/platform';
import { randomUUID } from 'node:crypto';
import type { Principal } from '../../core/context.js';
import type { ApiKeyDto, CreateApiKeyBody } from './schemas.js';

interface ApiKeyRow {
  id: string;
  name: string;
  scopes: string[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  rotatedAt: Date | null;
  createdAt: Date;
}

const select = { id: true, name: true, scopes: true, expiresAt: true, lastUsedAt: true, revokedAt: true, rotatedAt: true, createdAt: true } as const;
const iso = (d: Date | null) => d?.toISOString() ?? null;

function toDto(k: ApiKeyRow, now = Date.now()): ApiKeyDto {
  return {
    id: k.id,
    name: k.name,
    scopes: k.scopes as ApiKeyDto['scopes'],
    status: k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt.getTime() <= now ? 'expired' : 'active',
    expiresAt: iso(k.expiresAt),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
    rotatedAt: iso(k.rotatedAt),
    createdAt: k.createdAt.toISOString(),
  };
}

const LIST_MAX = 500;

export class ApiKeysService {
  constructor(
    private readonly db: AppDb,
    private readonly cache: Cache,
    /** Undefined in production without API_KEY_PEPPER: keys cannot be created. */
    private readonly pepper: string | undefined,
    /** Step-up: a fresh second factor for users with one (MfaService.stepUp); `code` is the X-MFA-Code header. */
    private readonly stepUp: (ctx: Principal, code: string | undefined) => Promise<void>,
  ) {}

  private admin(ctx: Principal): void {
    const platform = ctx.tenantId === PLATFORM_TENANT_ID;
    if (ctx.scopes || ctx.role !== (platform ? 'platform_admin' : 'tenant_admin'))
      throw forbidden(platform ? 'Only platform admins manage platform keys' : "Only tenant admins manage their tenant's API keys");
  }

  /** A platform key holds platform scopes, a tenant's key tenant scopes: a scope of the other kind is bad input for this caller. */
  private assertScopesFit(ctx: Principal, scopes: readonly string[]): void {
    const platform = ctx.tenantId === PLATFORM_TENANT_ID;
    const allowed: readonly string[] = platform ? PLATFORM_KEY_SCOPES : API_KEY_SCOPES;
    const foreign = scopes.filter((s) => !allowed.includes(s));
    if (foreign.length > 0)
      throw new AppError('SENTINEL_VALIDATION_FAILED', `${foreign.join(', ')}: not a scope of ${platform ? 'platform' : "a tenant's"} keys`, {
        errors: [{ field: 'body.scopes', message: `must be among ${allowed.join(', ')}` }],
      });
  }

  private needPepper(): string {
    if (!this.pepper) throw new AppError('SENTINEL_UNAVAILABLE', 'API keys are not configured on this server (API_KEY_PEPPER)');
    return this.pepper;
  }

  async create(ctx: Principal, body: CreateApiKeyBody, mfaCode?: string): Promise<ApiKeyDto & { key: string }> {
    this.admin(ctx);
    this.assertScopesFit(ctx, body.scopes);
    const pepper = this.needPepper();
    await this.stepUp(ctx, mfaCode);
    const id = randomUUID();
    const { key, secretHash } = newApiKeySecret(pepper, ctx.tenantId, id);
    const row = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const created = await tx.apiKey.create({
        data: {
          tenantId: ctx.tenantId,
          id,
          name: body.name,
          scopes: body.scopes,
          secretHash,
          createdBy: ctx.userId,
          expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
        },
        select,
      });
      await recordAudit(tx, ctx, {
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: id,
        changes: { name: body.name, scopes: body.scopes, expiresAt: body.expiresAt ?? null },
      });
      return created;
    });
    // Drops a "no such key" remembered for this id (auth/repository.ts MISSING_API_KEY_TTL_S).
    await this.cache.del(cacheKeys.apiKey(ctx.tenantId, id));
    return { ...toDto(row), key };
  }

  async list(ctx: Principal): Promise<{ items: ApiKeyDto[] }> {
    this.admin(ctx);
    const rows = await this.db.withTenant(ctx.tenantId, (tx) =>
      tx.apiKey.findMany({ where: { tenantId: ctx.tenantId }, select, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: LIST_MAX }),
    );
    const now = Date.now();
    return { items: rows.map((r) => toDto(r, now)) };
  }

  async get(ctx: Principal, id: string): Promise<ApiKeyDto> {
    this.admin(ctx);
    const row = await this.db.withTenant(ctx.tenantId, (tx) => this.find(tx, ctx.tenantId, id));
    return toDto(row);
  }

  /** A new secret for the same key id: the old secret stops working at once. */
  async rotate(ctx: Principal, id: string, mfaCode?: string): Promise<ApiKeyDto & { key: string }> {
    this.admin(ctx);
    const pepper = this.needPepper();
    await this.stepUp(ctx, mfaCode);
    const { key, secretHash } = newApiKeySecret(pepper, ctx.tenantId, id);
    const row = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const before = await this.find(tx, ctx.tenantId, id);
      if (before.revokedAt) throw new AppError('SENTINEL_API_KEY_REVOKED');
      const updated = await tx.apiKey.update({ where: { tenantId_id: { tenantId: ctx.tenantId, id } }, data: { secretHash, rotatedAt: new Date() }, select });
      await recordAudit(tx, ctx, { action: 'api_key.rotate', targetType: 'api_key', targetId: id });
      return updated;
    });
    await this.cache.del(cacheKeys.apiKey(ctx.tenantId, id));
    return { ...toDto(row), key };
  }

  /** Revoking is final and idempotent; the row stays, so the audit log keeps naming the key. */
  async revoke(ctx: Principal, id: string): Promise<void> {
    this.admin(ctx);
    await this.db.withTenant(ctx.tenantId, async (tx) => {
      const before = await this.find(tx, ctx.tenantId, id);
      if (before.revokedAt) return;
      await tx.apiKey.update({ where: { tenantId_id: { tenantId: ctx.tenantId, id } }, data: { revokedAt: new Date() } });
      await recordAudit(tx, ctx, { action: 'api_key.revoke', targetType: 'api_key', targetId: id });
    });
    await this.cache.del(cacheKeys.apiKey(ctx.tenantId, id));
  }

  private async find(tx: Tx, tenantId: string, id: string): Promise<ApiKeyRow> {
    const row = await tx.apiKey.findUnique({ where: { tenantId_id: { tenantId, id } }, select });
    if (!row) throw notFound('API key');
    return row;
  }
}
