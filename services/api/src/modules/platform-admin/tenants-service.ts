// Tenants are platform objects: platform admins manage them through the shared
// provisioning code (platform pool). (Other users read their own tenant: tenants/service.ts.)
// A tenant's admins: with TENANT_SOURCE=api nobody else can give a new tenant its first
// admin, so platform admins name one on creation or add one later (the counterpart of a
// Tenant resource's spec.admin); the invitation mail goes through the worker.
import {
  AppError,
  forbidden,
  notFound,
  queueInvitation,
  type AdminGrant,
  type AdminRequest,
  type Config,
  type JobProducer,
  type Logger,
  type Provisioning,
  type TenantInput,
  type TenantListQuery,
  type TenantPatch,
  type TenantRecord,
} from '@sentinel/platform';
import type { Principal } from '../../core/context.js';
import { KUBECTL_HINT, refuseIfManagedByKubernetes, toTenantDto as toDto, type TenantDto } from '../tenants/service.js';

export interface AdminGrantDto {
  userId: string;
  email: string;
  displayName: string;
  role: 'tenant_admin';
  created: boolean;
  invitation: { invitationId: string; jobId: string; expiresAt: string; queued: boolean } | null;
}

/** Platform admins' tenant management (the only tenant writes the API makes). */
export class TenantsAdminService {
  /** TENANT_SOURCE: with "kubernetes", Tenant resources are the only source of truth. */
  private readonly source: 'api' | 'kubernetes';

  constructor(
    private readonly config: Pick<Config, 'TENANT_SOURCE' | 'INVITATION_SECRET' | 'INVITATION_TTL_S'>,
    private readonly provisioning: Provisioning,
    private readonly producer: JobProducer,
    private readonly log: Logger,
  ) {
    this.source = config.TENANT_SOURCE;
  }

  async create(ctx: Principal, input: TenantInput & { admin?: AdminRequest | undefined }): Promise<TenantDto & { admin?: AdminGrantDto }> {
    this.requirePlatformAdmin(ctx);
    if (this.source === 'kubernetes') throw new AppError('SENTINEL_TENANTS_MANAGED_BY_KUBERNETES', KUBECTL_HINT);
    const { admin, ...fields } = input;
    if (!admin) return toDto(await this.provisioning.createTenant(ctx, fields));
    const created = await this.provisioning.createTenantWithAdmin(ctx, fields, admin, this.config);
    return { ...toDto(created.tenant), admin: await this.sendInvitation(created.tenant.id, created.admin) };
  }

  /** Adds (or invites again) a tenant admin; 409 for tenants a Tenant resource owns (its spec.admin is theirs). */
  async addAdmin(ctx: Principal, id: string, admin: AdminRequest): Promise<AdminGrantDto> {
    this.requirePlatformAdmin(ctx, id);
    await this.refuseIfManagedByKubernetes(id);
    return this.sendInvitation(id, await this.provisioning.addTenantAdmin(ctx, id, admin, this.config));
  }

  private async sendInvitation(tenantId: string, g: AdminGrant): Promise<AdminGrantDto> {
    const queued = g.invitation ? await queueInvitation(this.producer, this.log, tenantId, g.invitation) : false;
    return {
      userId: g.userId,
      email: g.email,
      displayName: g.displayName,
      role: 'tenant_admin',
      created: g.created,
      invitation: g.invitation
        ? { invitationId: g.invitation.invitationId, jobId: g.invitation.jobId, expiresAt: g.invitation.expiresAt.toISOString(), queued }
        : null,
    };
  }

  async list(ctx: Principal, q: TenantListQuery) {
    this.requirePlatformAdmin(ctx);
    const page = await this.provisioning.listTenants(q);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /** Any tenant. */
  async get(id: string): Promise<TenantDto> {
    return toDto(await this.provisioning.getTenant(id));
  }

  async update(ctx: Principal, id: string, patch: TenantPatch): Promise<TenantDto> {
    this.requirePlatformAdmin(ctx, id);
    await this.refuseIfManagedByKubernetes(id);
    return toDto(await this.provisioning.updateTenant(ctx, id, patch));
  }

  /**
   * Also purges a retained tenant (its Tenant resource was deleted with Retain): no resource owns it any more.
   * `confirm` must be the tenant's slug; the end state is the controller's for deletionPolicy Delete.
   */
  async delete(ctx: Principal, id: string, confirm: string): Promise<void> {
    this.requirePlatformAdmin(ctx, id);
    const t = await this.refuseIfManagedByKubernetes(id, { allowRetained: true });
    if (confirm !== t.slug)
      throw new AppError('SENTINEL_VALIDATION_FAILED', "The confirmation is not the tenant's slug", {
        errors: [{ field: 'query.confirm', message: "must be the tenant's slug" }],
      });
    await this.provisioning.deleteTenant(ctx, id);
  }

  /** Two sources must never drift: a tenant owned by a Tenant resource changes only through it. */
  private async refuseIfManagedByKubernetes(id: string, o: { allowRetained?: boolean } = {}): Promise<TenantRecord> {
    const t = await this.provisioning.getTenant(id);
    if (o.allowRetained && t.deletedAt) return t;
    refuseIfManagedByKubernetes(this.source, t);
    return t;
  }

  /** For an id other than the caller's own tenant, a non-admin learns nothing: 404. */
  private requirePlatformAdmin(ctx: Principal, id?: string): void {
    if (ctx.role === 'platform_admin') return;
    if (id !== undefined && id !== ctx.tenantId) throw notFound('tenant');
    throw forbidden('Only platform admins manage tenants');
  }
}
