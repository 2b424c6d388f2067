// A tenant's users: the one place their rows are read and written, by the API's users
// and auth modules, tenant provisioning and the worker's imports and invitations.
import { AppError } from '../errors.js';
import { Prisma, isUniqueViolation, type AppDb, type TenantReads, type TenantSql, type Tx } from '../db/index.js';
import { auditActorColumns, type AuditActor } from './audit.js';
import { createdAtSorts, cursorPosition, toPage, type SortSpec } from '../pagination.js';
import type { Role } from '../auth/tokens.js';
import { WEBHOOK_EVENT_VERSION } from '../webhooks/outbox.js';

/** A timestamptz column as JavaScript's toISOString() writes it (webhook payloads). */
const ISO = (column: string) => Prisma.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

export const userSortSpecs = {
  ...createdAtSorts,
  email: { field: 'email', direction: 'asc', unique: true, kind: 'string' },
  '-email': { field: 'email', direction: 'desc', unique: true, kind: 'string' },
} as const satisfies Record<string, SortSpec>;

export type UserSort = keyof typeof userSortSpecs;

const select = { id: true, tenantId: true, email: true, displayName: true, role: true, passwordHash: true, createdAt: true, updatedAt: true } as const;

export type UserRow = {
  id: string;
  tenantId: string;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A list row: whether a password is set, never the hash. */
export type UserListRow = Omit<UserRow, 'passwordHash'> & { hasPassword: boolean };

export interface UserListQuery {
  limit: number;
  cursor?: string | undefined;
  sort: UserSort;
  role?: Role | undefined;
  emailPrefix?: string | undefined;
}

/** What an update may change; an absent field stays as it is. */
export type UserChange = { email?: string | undefined; displayName?: string | undefined; role?: Role | undefined; passwordHash?: string | undefined };

export interface AuditedUpdate {
  /** The user after the update (as before it when nothing changed or the update was refused). */
  user: UserRow;
  /** Nothing written: `membersOnly` was asked and the user is not a member. */
  refused: boolean;
  /** The `user.updated` webhook deliveries recorded with the change (outbox), to enqueue after commit. */
  deliveryIds: string[];
}

export type NewUser = { email: string; displayName: string; role: Role; passwordHash: string | null };

/** `s` as a literal inside a LIKE pattern: LIKE treats %, _ and backslash specially (a prefix filter, an erasure's search). */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const emailTaken = () => new AppError('SENTINEL_USER_EMAIL_TAKEN', undefined, { errors: [{ field: 'body.email', message: 'already used in this tenant' }] });

/**
 * Users of one tenant. Every method runs in the caller's transaction (a tenant
 * transaction under RLS, or the platform pool for provisioning) and also filters by
 * tenant_id: RLS is the wall, the explicit filter lets the planner use the
 * (tenant_id, ...) indexes with the right statistics.
 */
export class UsersRepository {
  /**
   * One page of users. Hand-written SQL (composed with Prisma.sql) in a read-only tenant
   * transaction (AppDb.read): this is the API's hottest read, and going through the
   * Prisma client cost most of the endpoint's throughput (docs/benchmarks.md). The row
   * comparison `(created_at, id) > (...)` lets PostgreSQL start the index scan at the cursor.
   */
  async list(db: TenantReads, tenantId: string, q: UserListQuery) {
    const spec = userSortSpecs[q.sort];
    const asc = spec.direction === 'asc';
    const conds = [Prisma.sql`tenant_id = ${tenantId}::uuid`];
    if (q.role) conds.push(Prisma.sql`role = ${q.role}::"UserRole"`);
    if (q.emailPrefix) conds.push(Prisma.sql`email LIKE ${escapeLike(q.emailPrefix) + '%'}`);
    if (q.cursor) {
      const at = cursorPosition(q.sort, spec, q.cursor);
      const op = Prisma.raw(asc ? '>' : '<');
      conds.push(spec.field === 'email' ? Prisma.sql`email ${op} ${at.value}` : Prisma.sql`(created_at, id) ${op} (${at.value}::timestamptz, ${at.id}::uuid)`);
    }
    const dir = Prisma.raw(asc ? 'ASC' : 'DESC');
    const order = spec.field === 'email' ? Prisma.sql`email ${dir}` : Prisma.sql`created_at ${dir}, id ${dir}`;
    const rows = await db.read<UserListRow>(
      tenantId,
      Prisma.sql`
      SELECT tenant_id AS "tenantId", id, email, display_name AS "displayName", role::text AS role,
             password_hash IS NOT NULL AS "hasPassword", created_at AS "createdAt", updated_at AS "updatedAt"
      FROM users WHERE ${Prisma.join(conds, ' AND ')} ORDER BY ${order} LIMIT ${q.limit + 1}`,
    );
    return toPage(rows, q.limit, q.sort, spec);
  }

  get(tx: Tx, tenantId: string, id: string): Promise<UserRow | null> {
    return tx.user.findUnique({ where: { tenantId_id: { tenantId, id } }, select });
  }

  byEmail(tx: Tx, tenantId: string, email: string): Promise<UserRow | null> {
    return tx.user.findUnique({ where: { tenantId_email: { tenantId, email } }, select });
  }

  /** Locks the row for an update in the same transaction. */
  async getForUpdate(tx: Tx, tenantId: string, id: string): Promise<UserRow | null> {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE tenant_id = ${tenantId}::uuid AND id = ${id}::uuid FOR UPDATE`;
    return locked.length ? this.get(tx, tenantId, id) : null;
  }

  async create(tx: Tx, tenantId: string, data: NewUser): Promise<UserRow> {
    try {
      // A savepoint-free unique check would race; let the constraint decide.
      return await tx.user.create({ data: { tenantId, ...data }, select });
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
  }

  /**
   * Many users in one statement (the bulk import, in an AppDb.sql transaction); an email the
   * tenant already has, or one given twice, is skipped. Returns the ids of those created.
   */
  async createMany(sql: TenantSql, tenantId: string, rows: readonly NewUser[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const created = await sql.query<{ id: string }>(
      `INSERT INTO users (tenant_id, email, display_name, role, password_hash)
       SELECT $1::uuid, r.email, r.display_name, r.role::"UserRole", r.password_hash
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS r(email, display_name, role, password_hash)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [tenantId, rows.map((r) => r.email), rows.map((r) => r.displayName), rows.map((r) => r.role), rows.map((r) => r.passwordHash)],
    );
    return created.map((u) => u.id);
  }

  async update(tx: Tx, tenantId: string, id: string, data: Partial<Pick<UserRow, 'email' | 'displayName' | 'role' | 'passwordHash'>>): Promise<UserRow> {
    try {
      return await tx.user.update({ where: { tenantId_id: { tenantId, id } }, data, select });
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
  }

  /**
   * Updates a user and writes its `user.update` audit row in one statement of one tenant
   * transaction (AppDb.write), with the row locked while its old values are read: the
   * hottest write, which through Prisma's interactive transaction took seven round trips
   * (docs/benchmarks.md). Same rules as the audit's diff(): only fields whose value
   * changes are written and audited (`{from, to}`; a new password only as `{changed:
   * true}`); when nothing changes nothing is written. A new password also revokes the
   * user's sessions (refresh tokens). Null when the user is not in the tenant.
   */
  async updateAudited(db: Pick<AppDb, 'write'>, actor: AuditActor, id: string, change: UserChange, o: { membersOnly: boolean }): Promise<AuditedUpdate | null> {
    const t = actor.tenantId;
    const a = auditActorColumns(actor);
    const email = change.email ?? null;
    const name = change.displayName ?? null;
    const role = change.role ?? null;
    const hash = change.passwordHash ?? null;
    let rows: (UserRow & { refused: boolean; deliveryIds: string[] })[];
    try {
      rows = await db.write(
        t,
        Prisma.sql`
        WITH before AS (
          SELECT tenant_id, id, email, display_name, role, password_hash, created_at, updated_at FROM users WHERE tenant_id = ${t}::uuid AND id = ${id}::uuid FOR UPDATE
        ), diff AS (
          SELECT jsonb_strip_nulls(jsonb_build_object(
                   'email', CASE WHEN ${email}::text <> b.email THEN jsonb_build_object('from', b.email, 'to', ${email}::text) END,
                   'displayName', CASE WHEN ${name}::text <> b.display_name THEN jsonb_build_object('from', b.display_name, 'to', ${name}::text) END,
                   'role', CASE WHEN ${role}::"UserRole" <> b.role THEN jsonb_build_object('from', b.role, 'to', ${role}::"UserRole") END,
                   'password', CASE WHEN ${hash}::text IS NOT NULL THEN '{"changed": true}'::jsonb END)) AS changes,
                 ${o.membersOnly}::boolean AND b.role <> 'member' AS refused
          FROM before b
        ), after AS (
          UPDATE users u SET email = coalesce(${email}::text, u.email), display_name = coalesce(${name}::text, u.display_name),
                 role = coalesce(${role}::"UserRole", u.role), password_hash = coalesce(${hash}::text, u.password_hash), updated_at = now()
          FROM diff d
          WHERE u.tenant_id = ${t}::uuid AND u.id = ${id}::uuid AND NOT d.refused AND d.changes <> '{}'::jsonb
          RETURNING u.email, u.display_name, u.role, u.password_hash, u.updated_at
        ), revoked AS (
          UPDATE refresh_tokens SET revoked_at = now()
          WHERE tenant_id = ${t}::uuid AND user_id = ${id}::uuid AND revoked_at IS NULL AND ${hash}::text IS NOT NULL AND EXISTS (SELECT 1 FROM after)
        ), audit AS (
          INSERT INTO audit_logs (tenant_id, actor_id, actor_kind, action, target_type, target_id, changes, request_id, client_ip)
          SELECT ${t}::uuid, ${a.actorId}::uuid, ${a.actorKind}, 'user.update', 'user', ${id}, d.changes, ${a.requestId}::text, ${a.clientIp}::text
          FROM diff d, after
        ), hooks AS (
          -- The webhook outbox (webhooks/outbox.ts): an event only when an enabled endpoint subscribes.
          SELECT e.id FROM webhook_endpoints e, after
          WHERE e.tenant_id = ${t}::uuid AND e.enabled AND 'user.updated' = ANY (e.event_types)
        ), event AS (
          INSERT INTO webhook_events (tenant_id, type, version, payload)
          SELECT ${t}::uuid, 'user.updated', ${WEBHOOK_EVENT_VERSION}::int, jsonb_build_object(
                   'user', jsonb_build_object('id', b.id, 'tenantId', b.tenant_id, 'email', a.email, 'displayName', a.display_name, 'role', a.role,
                     'hasPassword', a.password_hash IS NOT NULL, 'createdAt', ${ISO('b.created_at')}, 'updatedAt', ${ISO('a.updated_at')}),
                   'changes', d.changes)
          FROM before b, after a, diff d
          WHERE EXISTS (SELECT 1 FROM hooks)
          RETURNING id
        ), deliveries AS (
          INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id)
          SELECT ${t}::uuid, h.id, ev.id FROM hooks h, event ev
          RETURNING id
        )
        -- The row as the update left it, or as it was when nothing was written (a password is never removed).
        SELECT b.tenant_id AS "tenantId", b.id, coalesce(a.email, b.email) AS email, coalesce(a.display_name, b.display_name) AS "displayName",
               coalesce(a.role, b.role)::text AS role, coalesce(a.password_hash, b.password_hash) AS "passwordHash", b.created_at AS "createdAt",
               coalesce(a.updated_at, b.updated_at) AS "updatedAt", d.refused,
               (SELECT coalesce(array_agg(id::text), '{}') FROM deliveries) AS "deliveryIds"
        FROM before b CROSS JOIN diff d LEFT JOIN after a ON true`,
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw emailTaken();
      throw err;
    }
    const row = rows[0];
    if (!row) return null;
    const { refused, deliveryIds, ...user } = row;
    return { user, refused, deliveryIds };
  }

  /** Sets the password of a user who has none (an accepted invitation); false if it already had one. */
  async claimPassword(tx: Tx, tenantId: string, id: string, passwordHash: string): Promise<boolean> {
    const r = await tx.user.updateMany({ where: { tenantId, id, passwordHash: null }, data: { passwordHash } });
    return r.count === 1;
  }

  async delete(tx: Tx, tenantId: string, id: string): Promise<void> {
    await tx.user.delete({ where: { tenantId_id: { tenantId, id } } });
  }
}
