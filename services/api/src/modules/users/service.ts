import {
  AppError,
  PLATFORM_TENANT_ID,
  assertStrongPassword,
  cacheKeys,
  forbidden,
  hashPassword,
  notFound,
  recordAudit,
  verifyPassword,
  InvitationsRepository,
  JobChunksRepository,
  UsersRepository,
  queueInvitation,
  recordTenantJob,
  recordWebhookEvent,
  enqueueDeliveries,
  type AppDb,
  type Cache,
  type Config,
  type JobProducer,
  type Logger,
  type Role,
  type Tx,
  type UserListQuery,
  type UserListRow,
  type UserRow,
  remainingUserCapacity,
  userLimitReached,
} from '@sentinel/platform';
import { isAdmin, type Principal } from '../../core/context.js';

/** Stored size of one piece of an upload (job_chunks rows). */
const IMPORT_CHUNK_BYTES = 256 * 1024;

/** An uploaded file as the import needs it (the HTTP edge's http/upload.ts gives one). */
export interface ImportUpload {
  bytes: number;
  chunks(chunkBytes: number): AsyncIterable<Buffer<ArrayBuffer>>;
}

export interface UserDto {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Role;
  hasPassword: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toUserDto(u: UserRow | UserListRow): UserDto {
  return {
    id: u.id,
    tenantId: u.tenantId,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    hasPassword: 'hasPassword' in u ? u.hasPassword : u.passwordHash !== null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

/**
 * Roles that may exist in a tenant: the platform tenant holds platform admins only.
 * Every role is a well-formed value; which ones the caller may grant depends on its
 * tenant, so a refusal is an authorization answer (403), not a malformed request.
 */
function assertRoleFits(ctx: Principal, role: Role): void {
  const ok = ctx.tenantId === PLATFORM_TENANT_ID ? role === 'platform_admin' : role !== 'platform_admin';
  if (!ok)
    throw new AppError('SENTINEL_FORBIDDEN', 'That role does not exist in this tenant', {
      errors: [{ field: 'body.role', message: ctx.tenantId === PLATFORM_TENANT_ID ? 'must be platform_admin' : 'must be tenant_admin or member' }],
    });
}

/** The `user.invited` event's data (docs/webhooks.md). */
const invitedData = (u: { id: string; email: string }, inv: { invitationId: string; expiresAt: Date }) => ({
  user: { id: u.id, email: u.email },
  invitation: { id: inv.invitationId, expiresAt: inv.expiresAt.toISOString() },
});

export interface InvitationDto {
  invitationId: string;
  jobId: string;
  userId: string;
  expiresAt: string;
  queued: boolean;
}

/**
 * What an API key with users:write may not do, so that it cannot turn itself into a person
 * with more rights than its scopes: create or promote admins, set passwords, or touch an
 * admin's account (an email change and an invitation would take it over).
 */
const KEY_LIMIT = 'An API key manages members only: it cannot create or change tenant admins or set passwords (new members are invited by email)';

export class UsersService {
  private readonly users = new UsersRepository();
  private readonly invitations = new InvitationsRepository();
  private readonly chunks = new JobChunksRepository();

  constructor(
    private readonly config: Config,
    private readonly db: AppDb,
    private readonly cache: Cache,
    private readonly producer: JobProducer,
    private readonly log: Logger,
  ) {}

  async list(ctx: Principal, q: UserListQuery) {
    // The replica when there is one (docs/scaling.md): a list may be a moment stale.
    const page = await this.users.list(this.db.reads, ctx.tenantId, q);
    return { items: page.items.map(toUserDto), nextCursor: page.nextCursor };
  }

  async get(ctx: Principal, id: string): Promise<UserDto> {
    const u = await this.db.withTenant(ctx.tenantId, (tx) => this.users.get(tx, ctx.tenantId, id));
    if (!u) throw notFound('user');
    return toUserDto(u);
  }

  /** Creates a user; without a password, the user is invited by email instead. */
  async create(ctx: Principal, body: { email: string; displayName: string; role: Role; password?: string | undefined }): Promise<UserDto> {
    if (!isAdmin(ctx)) throw forbidden('Only tenant admins create users');
    if (ctx.scopes && (body.role !== 'member' || body.password !== undefined)) throw forbidden(KEY_LIMIT);
    assertRoleFits(ctx, body.role);
    if (body.password !== undefined) assertStrongPassword(body.password, [body.email]);
    const passwordHash = body.password === undefined ? null : await hashPassword(body.password, this.config.BCRYPT_COST);
    const { user, invitation, deliveries } = await this.db.withTenant(ctx.tenantId, async (tx) => {
      if ((await remainingUserCapacity(tx, ctx.tenantId)) === 0) throw userLimitReached();
      const created = await this.users.create(tx, ctx.tenantId, { email: body.email, displayName: body.displayName, role: body.role, passwordHash });
      await recordAudit(tx, ctx, {
        action: 'user.create',
        targetType: 'user',
        targetId: created.id,
        changes: { email: created.email, displayName: created.displayName, role: created.role, invited: passwordHash === null },
      });
      const invitation = passwordHash === null ? await this.newInvitation(tx, ctx, created.id) : undefined;
      const deliveries = await recordWebhookEvent(tx, ctx.tenantId, 'user.created', { user: toUserDto(created) });
      if (invitation) deliveries.push(...(await recordWebhookEvent(tx, ctx.tenantId, 'user.invited', invitedData(created, invitation))));
      return { user: created, invitation, deliveries };
    });
    if (invitation) await this.queueInvitation(ctx.tenantId, invitation);
    await enqueueDeliveries(this.producer, this.log, ctx.tenantId, deliveries);
    return toUserDto(user);
  }

  /** Sends a fresh invitation to a user who has not set a password; older links stop working. */
  async invite(ctx: Principal, id: string): Promise<InvitationDto> {
    if (!isAdmin(ctx)) throw await this.hiddenOrForbidden(ctx, id);
    const invitation = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const u = await this.users.getForUpdate(tx, ctx.tenantId, id);
      if (!u) throw notFound('user');
      if (u.passwordHash !== null) throw new AppError('SENTINEL_USER_HAS_PASSWORD');
      await this.invitations.revokePending(tx, ctx.tenantId, id);
      const created = await this.newInvitation(tx, ctx, id);
      await recordAudit(tx, ctx, {
        action: 'user.invite',
        targetType: 'user',
        targetId: id,
        changes: { invitationId: created.invitationId, jobId: created.jobId },
      });
      const deliveries = await recordWebhookEvent(tx, ctx.tenantId, 'user.invited', invitedData(u, created));
      return { ...created, deliveries };
    });
    const queued = await this.queueInvitation(ctx.tenantId, invitation);
    await enqueueDeliveries(this.producer, this.log, ctx.tenantId, invitation.deliveries);
    return { invitationId: invitation.invitationId, jobId: invitation.jobId, userId: id, expiresAt: invitation.expiresAt.toISOString(), queued };
  }

  /**
   * Starts a bulk import: the CSV is stored in chunks beside its job record, in one
   * transaction, and the worker does the rest (GET /api/v1/jobs/{id} for progress).
   */
  async startImport(ctx: Principal, upload: ImportUpload): Promise<{ id: string; state: 'queued'; bytes: number }> {
    if (!isAdmin(ctx)) throw forbidden('Only tenant admins import users');
    const id = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const jobId = await recordTenantJob(tx, ctx.tenantId, ctx.userId, 'users.import', { tenantId: ctx.tenantId });
      // One chunk in memory at a time, read from the upload's temporary file.
      let seq = 0;
      for await (const data of upload.chunks(IMPORT_CHUNK_BYTES)) await this.chunks.append(tx, ctx.tenantId, jobId, 'input', seq++, data);
      await recordAudit(tx, ctx, { action: 'users.import.requested', targetType: 'job', targetId: jobId, changes: { bytes: upload.bytes } });
      return jobId;
    });
    try {
      await this.producer.enqueue('users.import', { tenantId: ctx.tenantId }, id, { record: id });
    } catch (err) {
      this.log.warn({ err: { message: (err as Error).message }, jobId: id }, 'could not queue the import');
    }
    return { id, state: 'queued', bytes: upload.bytes };
  }

  private newInvitation(tx: Tx, ctx: Principal, userId: string) {
    return this.invitations.create(tx, this.config, ctx.tenantId, userId, { createdBy: ctx.userId });
  }

  private queueInvitation(tenantId: string, inv: { invitationId: string; jobId: string }): Promise<boolean> {
    return queueInvitation(this.producer, this.log, tenantId, inv);
  }

  /**
   * PUT and PATCH. Admins change anyone's email, name, role and password (not their
   * own role); members change their own name and password, proving the current one.
   * A password change ends all of that user's sessions.
   */
  async update(
    ctx: Principal,
    id: string,
    patch: {
      email?: string | undefined;
      displayName?: string | undefined;
      role?: Role | undefined;
      password?: string | undefined;
      currentPassword?: string | undefined;
    },
  ): Promise<UserDto> {
    const self = id === ctx.userId;
    if (!isAdmin(ctx)) {
      if (!self) throw await this.hiddenOrForbidden(ctx, id);
      if (patch.email !== undefined || patch.role !== undefined) throw forbidden('Members may change only their display name and password');
    }
    if (ctx.scopes && ((patch.role !== undefined && patch.role !== 'member') || patch.password !== undefined)) throw forbidden(KEY_LIMIT);
    if (patch.role !== undefined) {
      if (self && patch.role !== ctx.role) throw forbidden('You cannot change your own role');
      assertRoleFits(ctx, patch.role);
    }
    if (patch.password !== undefined) {
      const current = await this.db.withTenant(ctx.tenantId, (tx) => this.users.get(tx, ctx.tenantId, id));
      if (!current) throw notFound('user');
      if (self && (!patch.currentPassword || !(await verifyPassword(patch.currentPassword, current.passwordHash, this.config.BCRYPT_COST))))
        throw new AppError('SENTINEL_VALIDATION_FAILED', 'The current password is wrong', {
          errors: [{ field: 'body.currentPassword', message: 'does not match' }],
        });
      assertStrongPassword(patch.password, [current.email, ...(patch.email !== undefined ? [patch.email] : [])]);
    }
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password, this.config.BCRYPT_COST) : undefined;
    // One statement: the row locked, the changed fields written, the sessions revoked on a new
    // password, the audit row; an API key may only change members (refused: nothing written).
    const r = await this.users.updateAudited(
      this.db,
      ctx,
      id,
      { email: patch.email, displayName: patch.displayName, role: patch.role, passwordHash },
      { membersOnly: ctx.scopes !== undefined },
    );
    if (!r) throw notFound('user');
    if (r.refused) throw forbidden(KEY_LIMIT);
    await this.cache.del(cacheKeys.user(ctx.tenantId, id));
    await enqueueDeliveries(this.producer, this.log, ctx.tenantId, r.deliveryIds);
    return toUserDto(r.user);
  }

  async delete(ctx: Principal, id: string): Promise<void> {
    if (!isAdmin(ctx)) throw await this.hiddenOrForbidden(ctx, id);
    if (id === ctx.userId) throw forbidden('You cannot delete yourself');
    const deliveries = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const before = await this.users.getForUpdate(tx, ctx.tenantId, id);
      if (!before) throw notFound('user');
      if (ctx.scopes && before.role !== 'member') throw forbidden(KEY_LIMIT);
      await this.users.delete(tx, ctx.tenantId, id);
      await recordAudit(tx, ctx, { action: 'user.delete', targetType: 'user', targetId: id, changes: { email: before.email, role: before.role } });
      return recordWebhookEvent(tx, ctx.tenantId, 'user.deleted', { user: { id, tenantId: ctx.tenantId, email: before.email, role: before.role } });
    });
    await this.cache.del(cacheKeys.user(ctx.tenantId, id));
    await enqueueDeliveries(this.producer, this.log, ctx.tenantId, deliveries);
  }

  /** A member touching another user: 404 if it is not in their tenant, else 403. */
  private async hiddenOrForbidden(ctx: Principal, id: string): Promise<AppError> {
    const exists = await this.db.withTenant(ctx.tenantId, (tx) => this.users.get(tx, ctx.tenantId, id));
    return exists ? forbidden('Only tenant admins change other users') : notFound('user');
  }
}
