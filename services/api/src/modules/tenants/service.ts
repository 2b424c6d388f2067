// Tenants are platform objects: platform admins manage them through the shared
// provisioning code (platform pool). Other users may read their own tenant, through
// the app pool under RLS; any other tenant id answers 404.
import {
  forbidden,
  notFound,
  type AppDb,
  type Provisioning,
  type TenantInput,
  type TenantListQuery,
  type TenantPatch,
  type TenantRecord,
} from '@sentinel/platform';
import type { Principal } from '../../http/route.js';

export interface TenantDto {
  id: string;
  slug: string;
  displayName: string;
  plan: TenantRecord['plan'];
  status: TenantRecord['status'];
  createdAt: string;
  updatedAt: string;
}

const toDto = (t: TenantRecord): TenantDto => ({ ...t, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() });

export class TenantsService {
  constructor(
    private readonly provisioning: Provisioning,
    private readonly appDb: AppDb,
  ) {}

  async create(ctx: Principal, input: TenantInput): Promise<TenantDto> {
    this.requirePlatformAdmin(ctx);
    return toDto(await this.provisioning.createTenant(ctx, input));
  }

  async list(ctx: Principal, q: TenantListQuery) {
    this.requirePlatformAdmin(ctx);
    const page = await this.provisioning.listTenants(q);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  async get(ctx: Principal, id: string): Promise<TenantDto> {
    if (ctx.role === 'platform_admin') return toDto(await this.provisioning.getTenant(id));
    if (id !== ctx.tenantId) throw notFound('tenant');
    const own = await this.appDb.withTenant(ctx.tenantId, (tx) => tx.tenant.findUnique({ where: { id: ctx.tenantId } }));
    if (!own) throw notFound('tenant');
    return toDto(own);
  }

  async update(ctx: Principal, id: string, patch: TenantPatch): Promise<TenantDto> {
    this.requirePlatformAdmin(ctx, id);
    return toDto(await this.provisioning.updateTenant(ctx, id, patch));
  }

  async delete(ctx: Principal, id: string): Promise<void> {
    this.requirePlatformAdmin(ctx, id);
    await this.provisioning.deleteTenant(ctx, id);
  }

  /** For an id other than the caller's own tenant, a non-admin learns nothing: 404. */
  private requirePlatformAdmin(ctx: Principal, id?: string): void {
    if (ctx.role === 'platform_admin') return;
    if (id !== undefined && id !== ctx.tenantId) throw notFound('tenant');
    throw forbidden('Only platform admins manage tenants');
  }
}
