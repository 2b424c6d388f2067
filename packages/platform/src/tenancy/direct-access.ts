// Per-tenant PostgreSQL login roles for direct (read-only) database access.
//
// A role is named after its tenant's id (sentinel_t_<32 hex>) and is a member of
// sentinel_direct, whose policies compare tenant_id with direct_tenant(): a function of
// session_user, which no statement of that session can change. The membership is
// granted WITH SET FALSE, so the role cannot SET ROLE to anything. Passwords reach the
// server only as SCRAM-SHA-256 verifiers, never in clear text (statement logs included).
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { OwnerDb } from '../db/index.js';

export const DIRECT_GROUP_ROLE = 'sentinel_direct';

export function directRoleName(tenantId: string): string {
  const hex = tenantId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not a tenant id: ${tenantId}`);
  return `sentinel_t_${hex}`;
}

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

export interface DirectRoleState {
  exists: boolean;
  canLogin: boolean;
}

export class DirectAccess {
  constructor(private readonly owner: OwnerDb) {}

  async state(tenantId: string): Promise<DirectRoleState> {
    const r = await this.owner.pool.query<{ rolcanlogin: boolean }>('SELECT rolcanlogin FROM pg_roles WHERE rolname = $1', [directRoleName(tenantId)]);
    return { exists: r.rows.length > 0, canLogin: r.rows[0]?.rolcanlogin ?? false };
  }

  /**
   * Makes the role exist with the given login state. A password (when given) replaces
   * the current one. Idempotent; safe to run concurrently for the same tenant.
   */
  async ensure(tenantId: string, opts: { login: boolean; password?: string | undefined }): Promise<{ created: boolean }> {
    const role = directRoleName(tenantId);
    const created = await this.owner.transaction(async (c) => {
      // Serialise work on one role across replicas and workers.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [role]);
      const exists = (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rows.length > 0;
      const login = opts.login ? 'LOGIN' : 'NOLOGIN';
      const password = opts.password ? ` PASSWORD ${literal(scramVerifier(opts.password))}` : '';
      if (!exists) {
        await c.query(
          `CREATE ROLE ${role} ${login} INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 5${password || ' PASSWORD NULL'}`,
        );
        await c.query(`GRANT ${DIRECT_GROUP_ROLE} TO ${role} WITH INHERIT TRUE, SET FALSE`);
        // The creator (this owner role) may end the role's sessions on suspension.
        await c.query(`GRANT ${role} TO CURRENT_USER WITH INHERIT TRUE, SET FALSE`);
        await c.query(`ALTER ROLE ${role} SET default_transaction_read_only = on`);
        await c.query(`ALTER ROLE ${role} SET statement_timeout = '30s'`);
      } else {
        await c.query(`ALTER ROLE ${role} ${login}${password}`);
      }
      return !exists;
    });
    if (!opts.login) await this.terminateSessions(tenantId);
    return { created };
  }

  /** No new logins; open sessions are ended. A missing role is fine. */
  async disable(tenantId: string): Promise<void> {
    const role = directRoleName(tenantId);
    await this.owner.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [role]);
      if ((await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rows.length > 0) await c.query(`ALTER ROLE ${role} NOLOGIN`);
    });
    await this.terminateSessions(tenantId);
  }

  async drop(tenantId: string): Promise<void> {
    const role = directRoleName(tenantId);
    await this.disable(tenantId);
    await this.owner.transaction(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [role]);
      await c.query(`DROP ROLE IF EXISTS ${role}`);
    });
  }

  /**
   * Drops direct-access roles whose tenant row is gone (a retained tenant purged through the
   * API, which holds no owner rights). Returns the roles dropped.
   */
  async dropOrphans(): Promise<string[]> {
    const r = await this.owner.pool.query<{ rolname: string; tenant_id: string }>(
      `SELECT r.rolname, substr(r.rolname, 12)::uuid::text AS tenant_id FROM pg_roles r
       WHERE r.rolname ~ '^sentinel_t_[0-9a-f]{32}$' AND NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = substr(r.rolname, 12)::uuid)`,
    );
    for (const row of r.rows) await this.drop(row.tenant_id);
    return r.rows.map((row) => row.rolname);
  }

  private async terminateSessions(tenantId: string): Promise<void> {
    await this.owner.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [directRoleName(tenantId)]);
  }
}
