// The tenant wall and per-tenant direct-access roles, on the real PostgreSQL with the
// production roles. What is real: the migrated schema, the owner role the controller
// uses, a login as the per-tenant role over a fresh connection.
import pg from 'pg';
import { DirectAccess, OwnerDb, createLogger, directRoleName, inspectWall, repairWall } from '@sentinel/platform';
import { WALL_POLICIES, WALL_TABLES } from '@sentinel/platform/testing';
import { testConfig, useFixtures, type Fixtures } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const config = testConfig();
const logger = createLogger({ level: 'silent', service: 'wall-test' });
const owner = useFixture(
  () => new OwnerDb({ ...config, DATABASE_URL: process.env.DATABASE_URL! }, logger),
  (o) => o.close(),
);
const fx = useFixtures(() => config);

async function inspect() {
  const c = await owner.pool.connect();
  try {
    return await inspectWall(c);
  } finally {
    c.release();
  }
}
async function repair() {
  const c = await owner.pool.connect();
  try {
    await repairWall(c, await inspectWall(c));
  } finally {
    c.release();
  }
}

describe('the declared wall', () => {
  test('the migrated schema matches the declaration exactly', async () => {
    expect(await inspect()).toEqual([]);
    const n = await owner.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_policies WHERE schemaname = 'public' AND tablename = ANY($1::text[])`, [
      [...WALL_TABLES],
    ]);
    expect(n.rows[0]!.n).toBe(WALL_POLICIES.length);
  });

  test('every drift is found and repaired in one go', async () => {
    await owner.pool.query('DROP POLICY tenant_isolation ON users');
    await owner.pool.query('ALTER POLICY tenant_isolation ON audit_logs USING (true)');
    await owner.pool.query('ALTER TABLE jobs NO FORCE ROW LEVEL SECURITY');
    await owner.pool.query('ALTER TABLE invitations DISABLE ROW LEVEL SECURITY');
    await owner.pool.query('CREATE POLICY backdoor ON refresh_tokens FOR SELECT TO PUBLIC USING (true)');
    const drifts = await inspect();
    expect(drifts).toEqual(
      expect.arrayContaining([
        { table: 'users', kind: 'policy_missing', policy: 'tenant_isolation' },
        { table: 'audit_logs', kind: 'policy_altered', policy: 'tenant_isolation' },
        { table: 'jobs', kind: 'rls_not_forced' },
        { table: 'invitations', kind: 'rls_disabled' },
        { table: 'refresh_tokens', kind: 'policy_unexpected', policy: 'backdoor' },
      ]),
    );
    expect(drifts).toHaveLength(5);
    await repair();
    expect(await inspect()).toEqual([]);
  });
});

describe('direct-access roles', () => {
  let A: Awaited<ReturnType<Fixtures['tenant']>>;
  let B: Awaited<ReturnType<Fixtures['tenant']>>;
  const direct = () => new DirectAccess(owner);
  const password = 'direct-access-test-password-1';
  const url = (tenantId: string, pw = password) => {
    const u = new URL(config.DATABASE_APP_URL);
    u.username = directRoleName(tenantId);
    u.password = pw;
    return u.toString();
  };
  const connect = async (tenantId: string, pw?: string) => {
    const c = new pg.Client({ connectionString: url(tenantId, pw) });
    await c.connect();
    return c;
  };

  beforeAll(async () => {
    A = await fx.tenant();
    B = await fx.tenant();
    await fx.user(A.id);
    await fx.user(B.id);
    await fx.user(B.id);
    await direct().ensure(A.id, { login: true, password });
  });
  afterAll(async () => {
    await direct().drop(A.id);
  });

  test("sees its own tenant's rows and nothing else, whatever the session sets", async () => {
    const c = await connect(A.id);
    try {
      const users = async () => (await c.query<{ tenant_id: string }>('SELECT tenant_id, email FROM users')).rows.map((r) => r.tenant_id);
      expect(await users()).toEqual([A.id]);
      await c.query(`SET app.tenant_id = '${B.id}'`);
      expect(await users()).toEqual([A.id]);
      await c.query(`SELECT set_config('app.tenant_id', $1, false)`, [B.id]);
      expect(await users()).toEqual([A.id]);
      await c.query('RESET ALL');
      expect(await users()).toEqual([A.id]);
      const tenants = (await c.query<{ id: string }>('SELECT id FROM tenants')).rows.map((r) => r.id);
      expect(tenants).toEqual([A.id]);
      for (const role of ['sentinel_app', 'sentinel_platform', 'sentinel_direct', 'sentinel_owner'])
        await expect(c.query(`SET ROLE ${role}`)).rejects.toThrow(/permission denied/);
      await expect(c.query('SELECT password_hash FROM users')).rejects.toThrow(/permission denied/);
      await expect(c.query('SELECT * FROM refresh_tokens')).rejects.toThrow(/permission denied/);
      await expect(c.query(`UPDATE users SET display_name = 'x'`)).rejects.toThrow(/read-only|permission denied/);
      await c.query('SET default_transaction_read_only = off');
      await expect(c.query(`DELETE FROM users`)).rejects.toThrow(/permission denied/);
    } finally {
      await c.end();
    }
  });

  test('disabling ends open sessions and refuses new logins; enabling with a new password rotates it', async () => {
    const open = await connect(A.id);
    open.on('error', () => {});
    await direct().disable(A.id);
    await expect(open.query('SELECT 1')).rejects.toThrow();
    await expect(connect(A.id)).rejects.toThrow(/not permitted to log in/);
    await direct().ensure(A.id, { login: true, password: 'rotated-password-abcdef' });
    await expect(connect(A.id)).rejects.toThrow(/password authentication failed/);
    const c = await connect(A.id, 'rotated-password-abcdef');
    await c.end();
    await direct().ensure(A.id, { login: true, password });
  });

  test('the password reaches the server only as a SCRAM verifier', async () => {
    // pg_authid is readable by a superuser only (the test stack's).
    const su = new pg.Client({ connectionString: process.env.TEST_SUPERUSER_URL });
    await su.connect();
    try {
      const r = await su.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [directRoleName(A.id)]);
      expect(r.rows[0]!.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
      expect(r.rows[0]!.rolpassword).not.toContain(password);
    } finally {
      await su.end();
    }
  });
});
