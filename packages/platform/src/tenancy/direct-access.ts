// Per-tenant PostgreSQL login roles for direct (read-only) database access.
//
// A role has an opaque name (sentinel_d_<20 random hex>): PostgreSQL shows every role name to
// every login (pg_roles, pg_stat_activity), so a name must say nothing about its tenant.
// direct_roles maps the role to its tenant; each role is a member of sentinel_direct, whose
// policies compare tenant_id with direct_tenant(), a lookup of session_user in that table,
// which no statement of the session can change. The membership is granted WITH SET FALSE, so
// the role cannot SET ROLE to anything. Passwords reach the server only as SCRAM-SHA-256
// verifiers, never in clear text (statement logs included); a rename keeps them (SCRAM
// verifiers are not salted with the role name, unlike MD5).
//
// Read-only by structure: the roles hold SELECT on the direct views of the wall and nothing
// else (no TEMPORARY, no CREATE on any schema, CONNECT to the Sentinel database through
// sentinel_direct). Their role-level settings (read-only default, timeouts) are a courtesy a
// session can SET away; the statement bound is enforced by `watchdog()`, run by the controller.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { OwnerDb } from '../db/index.js';

export const DIRECT_GROUP_ROLE = 'sentinel_direct';
/** Names given by releases before 20261202053000: the tenant id in clear. Renamed by `ensure`. */
const LEGACY_ROLE = /^sentinel_t_[0-9a-f]{32}$/;
const OPAQUE_ROLE = /^sentinel_d_[0-9a-f]{20}$/;

function legacyRoleName(tenantId: string): string {
  const hex = tenantId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not a tenant id: ${tenantId}`);
  return `sentinel_t_${hex}`;
}

/** A fresh opaque role name: 80 random bits, nothing derived from the tenant. */
export const newDirectRoleName = () => `sentinel_d_${randomBytes(10).toString('hex')}`;

export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/** The verifier PostgreSQL stores for SCRAM-SHA-256 (RFC 5802/7677), computed client-side. */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The bounds every direct role gets. The defaults are the controller's (DIRECT_ACCESS_*). */
export interface DirectAccessLimits {
  connectionLimit: number;
  statementTimeoutMs: number;
  idleSessionTimeoutMs: number;
}

const DEFAULT_LIMITS: DirectAccessLimits = { connectionLimit: 5, statementTimeoutMs: 30_000, idleSessionTimeoutMs: 600_000 };

/** The role-level settings, as pg_roles.rolconfig lists them. */
function roleSettings(l: DirectAccessLimits): string[] {
  return [
    'default_transaction_read_only=on',
    `statement_timeout=${l.statementTimeoutMs}`,
    `idle_session_timeout=${l.idleSessionTimeoutMs}`,
    `idle_in_transaction_session_timeout=${l.statementTimeoutMs}`,
  ];
}

export interface DirectRoleState {
  exists: boolean;
  canLogin: boolean;
  /** The role's current name, when it exists. */
  role?: string | undefined;
}

/** A session the watchdog ended. */
export interface EndedSession {
  pid: number;
  role: string;
  tenantId: string;
  slug: string;
  action: 'cancel' | 'terminate';
  reason: 'statement' | 'idle_in_transaction' | 'idle';
  /** How long the statement ran, or the session idled, when it was ended. */
  ms: number;
}

interface Mapped {
  role_name: string;
  exists: boolean;
  canlogin: boolean;
}

export class DirectAccess {
  private readonly limits: DirectAccessLimits;

  constructor(
    private readonly owner: OwnerDb,
    limits: Partial<DirectAccessLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** The tenant's role as it is now: mapped in direct_roles, or (not yet migrated) under its legacy name. */
  private async current(c: pg.PoolClient | pg.Pool, tenantId: string): Promise<Mapped | undefined> {
    const r = await c.query<Mapped>(
      `SELECT d.role_name, r.oid IS NOT NULL AS exists, coalesce(r.rolcanlogin, false) AS canlogin
       FROM direct_roles d LEFT JOIN pg_roles r ON r.rolname = d.role_name WHERE d.tenant_id = $1
       UNION ALL
       SELECT r.rolname, true, r.rolcanlogin FROM pg_roles r
       WHERE r.rolname = $2 AND NOT EXISTS (SELECT 1 FROM direct_roles WHERE tenant_id = $1)`,
      [tenantId, legacyRoleName(tenantId)],
    );
    return r.rows[0];
  }

  async state(tenantId: string): Promise<DirectRoleState> {
    const m = await this.current(this.owner.pool, tenantId);
    return { exists: m?.exists ?? false, canLogin: m?.canlogin ?? false, role: m?.exists ? m.role_name : undefined };
  }

  /** The tenant's role name, if it has one. */
  async roleName(tenantId: string): Promise<string | undefined> {
    return (await this.state(tenantId)).role;
  }

  /**
   * Makes the role exist with the given login state, an opaque name (a legacy one is renamed:
   * its password, grants and open sessions stay), the group membership and the bounds. A
   * password (when given) replaces the current one. Idempotent; safe to run concurrently for
   * the same tenant. Changes only what differs.
   */
  async ensure(
    tenantId: string,
    opts: { login: boolean; password?: string | undefined },
  ): Promise<{ created: boolean; role: string; renamedFrom?: string | undefined }> {
    const result = await this.owner.transaction(async (c) => {
      // Serialise work on one tenant's role across replicas and workers.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sentinel_direct:${tenantId}`]);
      const m = await this.current(c, tenantId);
      const login = opts.login ? 'LOGIN' : 'NOLOGIN';
      const password = opts.password ? ` PASSWORD ${literal(scramVerifier(opts.password))}` : '';
      const limit = `CONNECTION LIMIT ${this.limits.connectionLimit}`;
      let role: string;
      let renamedFrom: string | undefined;
      let created = false;
      if (!m?.exists) {
        // New, or lost (roles are not in a database's backup): a lost one comes back under its
        // mapped name, so the published credentials work again.
        role = m && OPAQUE_ROLE.test(m.role_name) ? m.role_name : newDirectRoleName();
        await c.query(
          `CREATE ROLE ${ident(role)} ${login} INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ${limit}${password || ' PASSWORD NULL'}`,
        );
        await c.query(`GRANT ${DIRECT_GROUP_ROLE} TO ${ident(role)} WITH INHERIT TRUE, SET FALSE`);
        // The creator (this owner role) may end the role's sessions (suspension, the watchdog).
        await c.query(`GRANT ${ident(role)} TO CURRENT_USER WITH INHERIT TRUE, SET FALSE`);
        created = true;
      } else {
        role = m.role_name;
        if (!OPAQUE_ROLE.test(role)) {
          renamedFrom = role;
          role = newDirectRoleName();
          await c.query(`ALTER ROLE ${ident(renamedFrom)} RENAME TO ${ident(role)}`);
        }
        const attrs = await c.query<{ ok: boolean }>(`SELECT rolcanlogin = $2 AND rolconnlimit = $3 AS ok FROM pg_roles WHERE rolname = $1`, [
          role,
          opts.login,
          this.limits.connectionLimit,
        ]);
        if (password || !attrs.rows[0]?.ok) await c.query(`ALTER ROLE ${ident(role)} ${login} ${limit}${password}`);
      }
      await c.query(
        `INSERT INTO direct_roles (tenant_id, role_name) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET role_name = EXCLUDED.role_name
         WHERE direct_roles.role_name IS DISTINCT FROM EXCLUDED.role_name`,
        [tenantId, role],
      );
      const want = roleSettings(this.limits);
      const have = (await c.query<{ config: string[] | null }>('SELECT rolconfig AS config FROM pg_roles WHERE rolname = $1', [role])).rows[0]?.config ?? [];
      if (want.length !== have.length || want.some((s) => !have.includes(s))) {
        await c.query(`ALTER ROLE ${ident(role)} RESET ALL`);
        for (const s of want) {
          const [k, v] = s.split('=') as [string, string];
          await c.query(`ALTER ROLE ${ident(role)} SET ${k} = ${literal(v)}`);
        }
      }
      return { created, role, renamedFrom };
    });
    if (!opts.login) await this.terminateSessions(result.role);
    return result;
  }

  /** No new logins; open sessions are ended. A missing role is fine. */
  async disable(tenantId: string): Promise<void> {
    const role = await this.owner.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sentinel_direct:${tenantId}`]);
      const m = await this.current(c, tenantId);
      if (m?.exists) await c.query(`ALTER ROLE ${ident(m.role_name)} NOLOGIN`);
      return m?.exists ? m.role_name : undefined;
    });
    if (role) await this.terminateSessions(role);
  }

  async drop(tenantId: string): Promise<void> {
    await this.disable(tenantId);
    await this.owner.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sentinel_direct:${tenantId}`]);
      const m = await this.current(c, tenantId);
      if (m?.exists) await c.query(`DROP ROLE IF EXISTS ${ident(m.role_name)}`);
      await c.query('DELETE FROM direct_roles WHERE tenant_id = $1', [tenantId]);
    });
  }

  /**
   * Drops direct-access roles whose tenant is gone (a retained tenant purged through the API,
   * which holds no owner rights: the purge removed its direct_roles row). An opaque role is
   * created with its row in one transaction, so one without a row is an orphan. Roles are
   * cluster-wide, databases are not: only roles this owner role created (and so holds) are
   * candidates, so another Sentinel database on the same server keeps its own. Returns the
   * roles dropped.
   */
  async dropOrphans(): Promise<string[]> {
    const r = await this.owner.pool.query<{ rolname: string }>(
      `SELECT r.rolname FROM pg_roles r
       WHERE pg_has_role(current_user, r.oid, 'USAGE') AND (
             (r.rolname ~ $1 AND NOT EXISTS (SELECT 1 FROM direct_roles d WHERE d.role_name = r.rolname))
          OR (r.rolname ~ $2 AND NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = substr(r.rolname, 12)::uuid)))`,
      [OPAQUE_ROLE.source, LEGACY_ROLE.source],
    );
    const dropped: string[] = [];
    for (const { rolname } of r.rows) {
      const gone = await this.owner.transaction(async (c) => {
        // Re-checked under the lock ensure() takes for a legacy role's tenant.
        const still = await c.query(
          `SELECT 1 FROM pg_roles r WHERE r.rolname = $1 AND NOT EXISTS (SELECT 1 FROM direct_roles d WHERE d.role_name = r.rolname)`,
          [rolname],
        );
        if (!still.rowCount) return false;
        await c.query(`ALTER ROLE ${ident(rolname)} NOLOGIN`);
        return true;
      });
      if (!gone) continue;
      await this.terminateSessions(rolname);
      await this.owner.pool.query(`DROP ROLE IF EXISTS ${ident(rolname)}`);
      dropped.push(rolname);
    }
    return dropped;
  }

  /**
   * Ends direct-access sessions past their bounds, whatever they SET: a statement running
   * longer than the statement timeout is cancelled (terminated once it has run twice as long:
   * a cancel it outlived), a transaction idle that long and a session idle longer than the
   * idle timeout are terminated. `graceMs` leaves PostgreSQL's own timeouts the first word.
   */
  async watchdog(graceMs = 1_000): Promise<EndedSession[]> {
    const { statementTimeoutMs: stmt, idleSessionTimeoutMs: idle } = this.limits;
    const r = await this.owner.pool.query<{ pid: number; role: string; tenant_id: string; slug: string; state: string; query_ms: number; state_ms: number }>(
      `SELECT a.pid, a.usename AS role, d.tenant_id, t.slug, a.state,
              (extract(epoch FROM now() - a.query_start) * 1000)::float8 AS query_ms,
              (extract(epoch FROM now() - a.state_change) * 1000)::float8 AS state_ms
       FROM pg_stat_activity a JOIN direct_roles d ON d.role_name = a.usename JOIN tenants t ON t.id = d.tenant_id
       WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid() AND (
         (a.state = 'active' AND a.query_start < now() - make_interval(secs => $1 / 1000.0)) OR
         (a.state LIKE 'idle in transaction%' AND a.state_change < now() - make_interval(secs => $1 / 1000.0)) OR
         (a.state = 'idle' AND a.state_change < now() - make_interval(secs => $2 / 1000.0)))`,
      [stmt + graceMs, idle + graceMs],
    );
    const ended: EndedSession[] = [];
    for (const s of r.rows) {
      const reason = s.state === 'active' ? 'statement' : s.state === 'idle' ? 'idle' : 'idle_in_transaction';
      const action = reason === 'statement' && s.query_ms < 2 * stmt + graceMs ? 'cancel' : 'terminate';
      const fn = action === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend';
      const done = (await this.owner.pool.query<{ ok: boolean }>(`SELECT ${fn}($1) AS ok`, [s.pid])).rows[0]?.ok;
      if (done)
        ended.push({
          pid: s.pid,
          role: s.role,
          tenantId: s.tenant_id,
          slug: s.slug,
          action,
          reason,
          ms: Math.round(reason === 'statement' ? s.query_ms : s.state_ms),
        });
    }
    return ended;
  }

  private async terminateSessions(role: string): Promise<void> {
    await this.owner.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
  }
}
