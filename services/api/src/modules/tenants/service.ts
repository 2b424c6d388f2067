// Tenants as their own users see them: a user reads their own tenant, through the app
// pool under RLS; any other tenant id answers 404. Managing tenants is the
// platform-admin module's (platform-admin/tenants-service.ts).
import { notFound, type AppDb, type ResourceStatus, type TenantRecord, type TenantsRepository } from '@sentinel/platform';
import type { Principal } from '../../core/context.js';

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
    private readonly db: AppDb,
    private readonly repo: TenantsRepository,
  ) {}

  /** The caller's own tenant. */
  async get(ctx: Principal, id: string): Promise<TenantDto> {
    if (id !== ctx.tenantId) throw notFound('tenant');
    const own = await this.db.withTenant(ctx.tenantId, (tx) => this.repo.get(tx, ctx.tenantId));
    if (!own) throw notFound('tenant');
    return toTenantDto(own);
  }
}
