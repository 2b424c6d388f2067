// Tenant lifecycle, shared by the API's platform-admin module and (later) the Tenant
// controller: one code path creates, changes and removes tenants, so the two can
// never disagree about what a tenant is. Runs on the platform pool (BYPASSRLS);
// every change writes a platform-level audit row in the same transaction.
import { AppError, notFound } from '../errors.js';
import { isUniqueViolation, Prisma, type PlatformDb, type Tx } from '../db/index.js';
import type { Cache } from '../redis/cache.js';
import { cacheKeys } from '../redis/cache.js';
import { createdAtSorts, keyset, toPage, type SortSpec } from '../pagination.js';
import { diff, recordAudit } from './audit.js';
import { PLATFORM_TENANT_ID } from './context.js';
import type { InvitationSettings, PendingInvitation } from './invitations.js';
import { grantTenantAdmin, type Actor } from './admins.js';
import { recordWebhookEvent } from '../webhooks/outbox.js';

export type Plan = 'free' | 'pro' | 'enterprise';
export type TenantStatus = 'active' | 'suspended';

export interface TenantRecord {
  id: string;
  slug: string;
  displayName: string;
  plan: Plan;
  status: TenantStatus;
  /** Audit rows older than this many days are deleted by scheduled maintenance. */
  auditRetentionDays: number;
  /** limits.maxUsers of the Tenant resource; null: no limit. */
  maxUsers: number | null;
  /** The Kubernetes Tenant resource that owns this row (cluster mode), or null. */
  resourceUid: string | null;
  /** What the Tenant controller last reported for that resource, a ResourceStatus as written (null for tenants the API owns). */
  resourceStatus: unknown;
  /** Set when the tenant was deleted with deletionPolicy Retain: its data is kept, all access is gone. */
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A copy of a Tenant resource's status, written by the controller next to the row it owns. */
export interface ResourceStatus {
  phase: string;
  conditions: { type: string; status: string; reason: string; message: string; lastTransitionTime: string }[];
  /** The spec generation this status describes; behind `generation` while a change is being applied. */
  observedGeneration: number;
  /** The resource's metadata.generation when the status was written. */
  generation: number;
  reportedAt: string;
}

/** What a Tenant resource says a tenant is (controllers/tenant maps spec to this). */
export interface ResourceTenant {
  uid: string;
  slug: string;
  displayName: string;
  plan: Plan;
  status: TenantStatus;
  maxUsers: number | null;
}

export interface TenantInput {
  slug: string;
  displayName: string;
  plan?: Plan | undefined;
  status?: TenantStatus | undefined;
  auditRetentionDays?: number | undefined;
}

/** A tenant admin to add (the API's counterpart of a Tenant resource's spec.admin). */
export interface AdminRequest {
  email: string;
  displayName?: string | undefined;
}

/** What adding a tenant admin did; `invitation` is null for a user who already has a password. */
export interface AdminGrant {
  userId: string;
  email: string;
  displayName: string;
  /** A new user; else an existing one, promoted to tenant_admin if it was a member. */
  created: boolean;
  invitation: PendingInvitation | null;
}

export type TenantPatch = Partial<Pick<TenantRecord, 'displayName' | 'plan' | 'status' | 'auditRetentionDays'>>;

export const tenantSorts = {
  ...createdAtSorts,
  slug: { field: 'slug', direction: 'asc', unique: true, kind: 'string' },
  '-slug': { field: 'slug', direction: 'desc', unique: true, kind: 'string' },
} as const satisfies Record<string, SortSpec>;

export interface TenantListQuery {
  limit: number;
  cursor?: string | undefined;
  sort: keyof typeof tenantSorts;
  status?: TenantStatus | undefined;
  plan?: Plan | undefined;
  slugPrefix?: string | undefined;
}

const select = {
  id: true,
  slug: true,
  displayName: true,
  plan: true,
  status: true,
  auditRetentionDays: true,
  maxUsers: true,
  resourceUid: true,
  resourceStatus: true,
  deletedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** Tenant rows, read in the caller's transaction: under RLS a user's own tenant, on the platform pool any. */
export class TenantsRepository {
  get(tx: Tx, id: string): Promise<TenantRecord | null> {
    return tx.tenant.findUnique({ where: { id }, select });
  }

  /** The row, locked until the transaction ends (so an audit diff is exact under concurrent changes). */
  async getForUpdate(tx: Tx, id: string): Promise<TenantRecord | null> {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM tenants WHERE id = ${id}::uuid FOR UPDATE`;
    return rows.length ? this.get(tx, id) : null;
  }

  /** The one tenant field the app role may write (its tenant's own admins rename it; see the tenant_self_update policy). */
  rename(tx: Tx, id: string, displayName: string): Promise<TenantRecord> {
    return tx.tenant.update({ where: { id }, data: { displayName }, select });
  }
}

/**
 * `tenant.suspended` / `tenant.resumed` for the tenant's webhook endpoints, in the transaction of
 * the change. Provisioning holds no queue producer: the scheduler's job relay sends these
 * deliveries (within JOB_RELAY_MIN_AGE_S plus a sweep).
 */
async function recordStatusEvent(tx: Tx, t: TenantRecord): Promise<void> {
  await recordWebhookEvent(tx, t.id, t.status === 'suspended' ? 'tenant.suspended' : 'tenant.resumed', {
    tenant: { id: t.id, slug: t.slug, displayName: t.displayName, status: t.status },
  });
}

export class Provisioning {
  private readonly tenants = new TenantsRepository();

  constructor(
    private readonly db: PlatformDb,
    private readonly cache?: Cache,
  ) {}

  async createTenant(actor: Actor, input: TenantInput): Promise<TenantRecord> {
    return this.slugUnique(input.slug, () => this.db.transaction((tx) => this.insertTenant(tx, actor, input)));
  }

  /**
   * A tenant and its first admin in one transaction: the admin user (no password),
   * the invitation and its mail job's record. Audited in the platform tenant (the
   * tenant, the admin grant) and in the new tenant (the user, the invitation). The
   * caller enqueues the invitation after commit (queueInvitation).
   */
  async createTenantWithAdmin(
    actor: Actor,
    input: TenantInput,
    admin: AdminRequest,
    settings: InvitationSettings,
  ): Promise<{ tenant: TenantRecord; admin: AdminGrant }> {
    return this.slugUnique(input.slug, () =>
      this.db.transaction(async (tx) => {
        const tenant = await this.insertTenant(tx, actor, input);
        return { tenant, admin: await this.grantAdmin(tx, actor, tenant.id, admin, settings) };
      }),
    );
  }

  /**
   * Makes `admin.email` a tenant admin of an existing tenant (one that has none, or lost
   * theirs): a new user is created and invited; an existing member is promoted; a user
   * without a password gets a fresh invitation (older links stop working). Idempotent
   * for a tenant admin who has a password. Respects limits.maxUsers.
   */
  async addTenantAdmin(actor: Actor, tenantId: string, admin: AdminRequest, settings: InvitationSettings): Promise<AdminGrant> {
    if (tenantId === PLATFORM_TENANT_ID) throw new AppError('SENTINEL_TENANT_RESERVED', 'The platform tenant holds platform admins only');
    return this.db.transaction(async (tx) => {
      const t = await tx.tenant.findUnique({ where: { id: tenantId }, select: { id: true, deletedAt: true } });
      if (!t || t.deletedAt) throw notFound('tenant');
      return this.grantAdmin(tx, actor, tenantId, admin, settings);
    });
  }

  private async insertTenant(tx: Tx, actor: Actor, input: TenantInput): Promise<TenantRecord> {
    const t = await tx.tenant.create({
      data: {
        slug: input.slug,
        displayName: input.displayName,
        plan: input.plan ?? 'free',
        status: input.status ?? 'active',
        ...(input.auditRetentionDays !== undefined ? { auditRetentionDays: input.auditRetentionDays } : {}),
      },
      select,
    });
    await recordAudit(tx, actor, {
      action: 'tenant.create',
      targetType: 'tenant',
      targetId: t.id,
      changes: { slug: t.slug, displayName: t.displayName, plan: t.plan, status: t.status },
    });
    return t;
  }

  private async grantAdmin(tx: Tx, actor: Actor, tenantId: string, req: AdminRequest, settings: InvitationSettings): Promise<AdminGrant> {
    const { user, created, issued } = await grantTenantAdmin(tx, tenantId, req, { actor, tag: { by: 'platform_admin' }, settings, invitation: 'renew' });
    await recordAudit(tx, actor, {
      action: 'tenant.add_admin',
      targetType: 'tenant',
      targetId: tenantId,
      changes: { userId: user.id, email: user.email, created, ...(issued ? { invitationId: issued.invitationId } : {}) },
    });
    return { userId: user.id, email: user.email, displayName: user.displayName, created, invitation: issued };
  }

  private async slugUnique<T>(slug: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError('SENTINEL_TENANT_SLUG_TAKEN', `The slug "${slug}" is taken`, { errors: [{ field: 'body.slug', message: 'already taken' }] });
      throw err;
    }
  }

  async getTenant(id: string): Promise<TenantRecord> {
    const t = await this.db.run((db) => this.tenants.get(db, id));
    if (!t) throw notFound('tenant');
    return t;
  }

  async listTenants(q: TenantListQuery): Promise<{ items: TenantRecord[]; nextCursor: string | null }> {
    const spec = tenantSorts[q.sort];
    const ks = keyset(q.sort, spec, q.cursor);
    const rows = await this.db.run((db) =>
      db.tenant.findMany({
        where: {
          ...ks.where,
          ...(q.status ? { status: q.status } : {}),
          ...(q.plan ? { plan: q.plan } : {}),
          ...(q.slugPrefix ? { slug: { startsWith: q.slugPrefix } } : {}),
        },
        orderBy: ks.orderBy,
        take: q.limit + 1,
        select,
      }),
    );
    return toPage(rows, q.limit, q.sort, spec);
  }

  async updateTenant(actor: Actor, id: string, patch: TenantPatch): Promise<TenantRecord> {
    if (id === PLATFORM_TENANT_ID) throw new AppError('SENTINEL_TENANT_RESERVED');
    const updated = await this.db.transaction(async (tx) => {
      // Lock the row so concurrent patches produce an accurate audit diff.
      const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM tenants WHERE id = ${id}::uuid FOR UPDATE`;
      if (rows.length === 0) throw notFound('tenant');
      const before = await tx.tenant.findUniqueOrThrow({ where: { id }, select });
      const changes = diff(before, patch);
      if (Object.keys(changes).length === 0) return before;
      const t = await tx.tenant.update({ where: { id }, data: patch, select });
      await recordAudit(tx, actor, { action: 'tenant.update', targetType: 'tenant', targetId: id, changes });
      if (changes.status) await recordStatusEvent(tx, t);
      return t;
    });
    await this.forget(updated);
    return updated;
  }

  /** Removes the tenant and, by cascade, all its users, tokens and audit rows. */
  async deleteTenant(actor: Actor, id: string): Promise<void> {
    if (id === PLATFORM_TENANT_ID) throw new AppError('SENTINEL_TENANT_RESERVED');
    const deleted = await this.db.transaction(async (tx) => {
      let t: TenantRecord;
      try {
        t = await tx.tenant.delete({ where: { id }, select });
      } catch (err) {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') throw notFound('tenant');
        throw err;
      }
      await recordAudit(tx, actor, { action: 'tenant.delete', targetType: 'tenant', targetId: id, changes: { slug: t.slug, displayName: t.displayName } });
      return t;
    });
    await this.forget(deleted);
  }

  /**
   * The Tenant controller's one write: make the row match the resource. Finds the row
   * this resource owns (by uid); else adopts a live row of the same slug that no
   * resource owns (created through the API before cluster mode); else creates one.
   * A live row owned by another resource uid is never touched: that is a name still
   * held by an older Tenant whose deletion did not finish.
   */
  /** `updated` names the fields an existing row had to change (empty when it already matched). */
  async applyResource(actor: Actor, r: ResourceTenant): Promise<{ tenant: TenantRecord; created: boolean; updated: string[] }> {
    if (r.slug === 'platform') throw new AppError('SENTINEL_TENANT_RESERVED');
    const fields = { displayName: r.displayName, plan: r.plan, status: r.status, maxUsers: r.maxUsers };
    // Most reconciles find nothing to change: answer those without a transaction or a lock.
    const current = await this.db.run((db) => db.tenant.findFirst({ where: { resourceUid: r.uid }, select }));
    if (current && !current.deletedAt && Object.keys(diff(current, fields)).length === 0) return { tenant: current, created: false, updated: [] };
    const result = await this.db.transaction(async (tx) => {
      // One writer per name at a time (replicas, retries, the API in laptop mode).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'tenant:' + r.slug}))`;
      let row = await tx.tenant.findFirst({ where: { resourceUid: r.uid }, select });
      if (row?.deletedAt) throw new AppError('SENTINEL_TENANT_OWNED_ELSEWHERE', `Tenant resource ${r.uid} was already deleted`);
      if (!row) {
        const live = await tx.tenant.findFirst({ where: { slug: r.slug, deletedAt: null }, select });
        if (live?.resourceUid)
          throw new AppError('SENTINEL_TENANT_OWNED_ELSEWHERE', `Tenant "${r.slug}" belongs to resource ${live.resourceUid}, not ${r.uid}`);
        if (live) {
          row = await tx.tenant.update({ where: { id: live.id }, data: { resourceUid: r.uid }, select });
          await recordAudit(tx, actor, { action: 'tenant.adopt', targetType: 'tenant', targetId: live.id, changes: { resourceUid: r.uid } });
        } else {
          const t = await tx.tenant.create({ data: { slug: r.slug, resourceUid: r.uid, ...fields }, select });
          await recordAudit(tx, actor, {
            action: 'tenant.create',
            targetType: 'tenant',
            targetId: t.id,
            changes: { slug: t.slug, displayName: t.displayName, plan: t.plan, status: t.status, resourceUid: r.uid },
          });
          return { tenant: t, created: true, updated: [] };
        }
      }
      const changes = diff(row, fields);
      if (Object.keys(changes).length === 0) return { tenant: row, created: false, updated: [] };
      const t = await tx.tenant.update({ where: { id: row.id }, data: fields, select });
      await recordAudit(tx, actor, { action: 'tenant.update', targetType: 'tenant', targetId: row.id, changes });
      if (changes.status) await recordStatusEvent(tx, t);
      return { tenant: t, created: false, updated: Object.keys(changes) };
    });
    if (!result.created) await this.forget(result.tenant);
    return result;
  }

  /** The row a Tenant resource owns, deleted or not. */
  async findByResource(uid: string): Promise<TenantRecord | null> {
    return this.db.run((db) => db.tenant.findFirst({ where: { resourceUid: uid }, select }));
  }

  /** deletionPolicy Retain: the data stays, the name is free again, every login and token stops. */
  async retireTenant(actor: Actor, id: string): Promise<void> {
    if (id === PLATFORM_TENANT_ID) throw new AppError('SENTINEL_TENANT_RESERVED');
    const t = await this.db.transaction(async (tx) => {
      const t = await tx.tenant.update({ where: { id }, data: { deletedAt: new Date(), status: 'suspended' }, select });
      await recordAudit(tx, actor, { action: 'tenant.retain', targetType: 'tenant', targetId: id, changes: { slug: t.slug, deletionPolicy: 'Retain' } });
      return t;
    });
    await this.forget(t);
  }

  /**
   * Keeps the controller's report beside the row owned by resource `uid` (nothing when no row has
   * it). Raw SQL, so updated_at keeps meaning "the tenant changed", not "the controller looked".
   */
  async recordResourceStatus(uid: string, status: ResourceStatus): Promise<void> {
    await this.db.query('UPDATE tenants SET resource_status = $1::jsonb WHERE resource_uid = $2', [JSON.stringify(status), uid]);
  }

  /** Straight on the pool, as recordResourceStatus: the controller calls both for every Tenant it settles. */
  async userCount(id: string): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>('SELECT count(*) AS n FROM users WHERE tenant_id = $1::uuid', [id]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Creates a platform admin (a user of the platform tenant). Used by `npm run admin:create`. */
  async createPlatformAdmin(input: { email: string; displayName: string; passwordHash: string }): Promise<{ id: string; email: string }> {
    try {
      return await this.db.transaction(async (tx) => {
        const u = await tx.user.create({
          data: { tenantId: PLATFORM_TENANT_ID, email: input.email, displayName: input.displayName, role: 'platform_admin', passwordHash: input.passwordHash },
          select: { id: true, email: true },
        });
        await recordAudit(
          tx,
          { tenantId: PLATFORM_TENANT_ID, userId: null },
          { action: 'user.create', targetType: 'user', targetId: u.id, changes: { email: u.email, role: 'platform_admin', via: 'admin:create' } },
        );
        return u;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('SENTINEL_USER_EMAIL_TAKEN', `A platform admin with email ${input.email} exists`);
      throw err;
    }
  }

  /** Cached lookups (auth, login) must see a change at once: drop them after commit. */
  private async forget(t: TenantRecord): Promise<void> {
    await this.cache?.del(cacheKeys.tenantById(t.id), cacheKeys.tenantBySlug(t.slug));
  }
}
