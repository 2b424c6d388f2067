// Tenants as their own users see them: a user reads their own tenant, and its tenant
// admins rename it, through the app pool under RLS; any other tenant id answers 404.
// Managing tenants is the platform-admin module's (platform-admin/tenants-service.ts).
import {
  AppError,
  cacheKeys,
  diff,
  forbidden,
  notFound,
  recordAudit,
  type AppDb,
  type Cache,
  type Config,
  type ResourceStatus,
  type TenantPatch,
  type TenantRecord,
  type TenantsRepository,
} from '@sentinel/platform';
import type { Principal } from '../../core/context.js';

export const KUBECTL_HINT =
  'Tenants are Kubernetes resources here: kubectl apply -f a Tenant manifest (see examples/), kubectl edit tenant <slug>, kubectl delete tenant <slug>';

/**
 * Two sources must never drift: with TENANT_SOURCE=kubernetes every tenant, and otherwise
 * a tenant owned by a Tenant resource, changes only through kubectl.
 */
export function refuseIfManagedByKubernetes(source: Config['TENANT_SOURCE'], t: Pick<TenantRecord, 'slug' | 'resourceUid'>): void {
  if (source === 'kubernetes') throw new AppError('SENTINEL_TENANTS_MANAGED_BY_KUBERNETES', KUBECTL_HINT);
  if (t.resourceUid) throw new AppError('SENTINEL_TENANTS_MANAGED_BY_KUBERNETES', `Tenant ${t.slug} is owned by a Kubernetes Tenant resource. ${KUBECTL_HINT}`);
}

/** What a tenant admin may change of their own tenant; the rest of TenantPatch is platform admins'. */
const TENANT_ADMIN_FIELDS: ReadonlySet<string> = new Set(['displayName'] satisfies (keyof TenantPatch)[]);

export interface TenantDto {
  id: string;
  slug: string;
  displayName: string;
  plan: TenantRecord['plan'];
  status: TenantRecord['status'];
  auditRetentionDays: number;
  maxUsers: number | null;
  managedBy: 'api' | 'kubernetes';
  resource: ResourceStatus | null;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The controller writes this column; anything else (none yet, a partial write) reads as no report. */
function isResourceStatus(v: unknown): v is ResourceStatus {
  const r = v as ResourceStatus | null;
  return typeof r === 'object' && r !== null && typeof r.phase === 'string' && Array.isArray(r.conditions) && typeof r.reportedAt === 'string';
}

export const toTenantDto = (t: TenantRecord): TenantDto => ({
  id: t.id,
  slug: t.slug,
  displayName: t.displayName,
  plan: t.plan,
  status: t.status,
  auditRetentionDays: t.auditRetentionDays,
  maxUsers: t.maxUsers,
  managedBy: t.resourceUid ? 'kubernetes' : 'api',
  resource: t.resourceUid && isResourceStatus(t.resourceStatus) ? t.resourceStatus : null,
  deletedAt: t.deletedAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
});

export class TenantsService {
  constructor(
    private readonly config: Pick<Config, 'TENANT_SOURCE'>,
    private readonly db: AppDb,
    private readonly repo: TenantsRepository,
    private readonly cache: Cache,
  ) {}

  /** The caller's own tenant. */
  async get(ctx: Principal, id: string): Promise<TenantDto> {
    if (id !== ctx.tenantId) throw notFound('tenant');
    const own = await this.db.withTenant(ctx.tenantId, (tx) => this.repo.get(tx, ctx.tenantId));
    if (!own) throw notFound('tenant');
    return toTenantDto(own);
  }

  /**
   * A tenant admin renames their own tenant. Every other field is refused (403 naming it),
   * as is a tenant a Tenant resource owns (409, as for platform admins). Audited as
   * `tenant.update` in the tenant's own log; cached lookups drop the old name.
   */
  async update(ctx: Principal, id: string, patch: TenantPatch): Promise<TenantDto> {
    if (id !== ctx.tenantId) throw notFound('tenant');
    if (ctx.role !== 'tenant_admin') throw forbidden('Only tenant admins change their tenant');
    const refused = Object.entries(patch)
      .filter(([k, v]) => v !== undefined && !TENANT_ADMIN_FIELDS.has(k))
      .map(([k]) => ({ field: `body.${k}`, message: 'only platform admins change this' }));
    if (refused.length) throw new AppError('SENTINEL_FORBIDDEN', "Tenant admins change only their tenant's displayName", { errors: refused });
    const { displayName } = patch;
    const updated = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const before = await this.repo.getForUpdate(tx, id);
      if (!before) throw notFound('tenant');
      refuseIfManagedByKubernetes(this.config.TENANT_SOURCE, before);
      const changes = diff({ displayName: before.displayName }, { displayName });
      if (displayName === undefined || Object.keys(changes).length === 0) return before;
      const after = await this.repo.rename(tx, id, displayName);
      await recordAudit(tx, ctx, { action: 'tenant.update', targetType: 'tenant', targetId: id, changes });
      return after;
    });
    await this.cache.del(cacheKeys.tenantById(updated.id), cacheKeys.tenantBySlug(updated.slug));
    return toTenantDto(updated);
  }
}
