// Cross-tenant isolation. Real: PostgreSQL with the production roles and policies,
// Redis, the API over HTTP. Tenant A's tokens are pointed at tenant B's ids on every
// endpoint; the app role is then attacked directly in SQL.
import { randomUUID } from 'node:crypto';
import { call, expectProblem, sqlAs, startApi, useApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const { api, fx } = useApi();
const A = useFixture(() => fx.tenantWithUsers(api.url));
const B = useFixture(() => fx.tenantWithUsers(api.url));

describe("tenant A's tokens against tenant B's ids", () => {
  const bUser = () => B.member.id;
  // Routes a role may call answer 404 for another tenant's ids; routes it may not call
  // answer 403 before looking anything up. Either way the answer for an existing id of
  // B equals the answer for an id that exists nowhere: no existence oracle.
  // Every row has six cells: jest treats a test function with more parameters than
  // cells as callback-style and waits for done().
  const cases: [string, string, (id: string) => string, unknown, number, number][] = [
    ['GET', 'user', (id) => `/api/v1/users/${id}`, undefined, 404, 404],
    ['PUT', 'user', (id) => `/api/v1/users/${id}`, { email: 'x@example.com', displayName: 'X', role: 'member' }, 404, 403],
    ['PATCH', 'user', (id) => `/api/v1/users/${id}`, { displayName: 'pwned' }, 404, 404],
    ['DELETE', 'user', (id) => `/api/v1/users/${id}`, undefined, 404, 403],
    ['POST', 'user', (id) => `/api/v1/users/${id}/erase`, undefined, 404, 403],
    ['GET', 'tenant', (id) => `/api/v1/tenants/${id}`, undefined, 404, 404],
    ['PUT', 'tenant', (id) => `/api/v1/tenants/${id}`, { displayName: 'X', plan: 'free', status: 'suspended' }, 403, 403],
    // Tenant admins rename their own tenant on this path; another tenant's id is not theirs to know.
    ['PATCH', 'tenant', (id) => `/api/v1/tenants/${id}`, { status: 'suspended' }, 404, 403],
    ['DELETE', 'tenant', (id) => `/api/v1/tenants/${id}`, undefined, 403, 403],
  ];
  for (const who of ['adminToken', 'memberToken'] as const) {
    test.each(cases)(`%s %s of another tenant answers as for an id that does not exist (${who})`, async (method, what, path, body, asAdmin, asMember) => {
      const status = who === 'adminToken' ? asAdmin : asMember;
      const id = what === 'user' ? bUser() : B.tenant.id;
      for (const target of [id, randomUUID()]) {
        const r = await call(api.url, method, path(target), { token: A[who], ...(body ? { body } : {}) });
        expectProblem(r, status, status === 404 ? 'SENTINEL_NOT_FOUND' : 'SENTINEL_FORBIDDEN');
      }
    });
  }

  test('nothing of B changed after the attempts', async () => {
    const r = await call(api.url, 'GET', `/api/v1/users/${B.member.id}`, { token: B.adminToken });
    expect(r.status).toBe(200);
    expect(r.body.displayName).toBe('Test user');
    const t = await call(api.url, 'GET', `/api/v1/tenants/${B.tenant.id}`, { token: B.memberToken });
    expect(t.body.status).toBe('active');
  });

  test("lists show only the caller's tenant", async () => {
    const users = await call(api.url, 'GET', '/api/v1/users?limit=100', { token: A.adminToken });
    expect(users.status).toBe(200);
    expect(users.body.items.map((u: { tenantId: string }) => u.tenantId)).toEqual(users.body.items.map(() => A.tenant.id));
    expect(users.body.items.map((u: { id: string }) => u.id).sort()).toEqual([A.admin.id, A.member.id].sort());
    const audit = await call(api.url, 'GET', '/api/v1/audit-logs?limit=100', { token: A.adminToken });
    expect(audit.status).toBe(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
    expect(new Set(audit.body.items.map((x: { tenantId: string }) => x.tenantId))).toEqual(new Set([A.tenant.id]));
    const filtered = await call(api.url, 'GET', `/api/v1/audit-logs?tenantId=${B.tenant.id}`, { token: A.adminToken });
    expect(filtered.body.items).toEqual([]);
    const byActor = await call(api.url, 'GET', `/api/v1/audit-logs?actorId=${B.admin.id}`, { token: A.adminToken });
    expect(byActor.body.items).toEqual([]);
  });

  test('a tenant admin cannot list or create tenants', async () => {
    expectProblem(await call(api.url, 'GET', '/api/v1/tenants', { token: A.adminToken }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(
      await call(api.url, 'POST', '/api/v1/tenants', { token: A.adminToken, body: { slug: 'evil', displayName: 'Evil' } }),
      403,
      'SENTINEL_FORBIDDEN',
    );
  });
});

describe('a pooled connection never carries one tenant into another request', () => {
  test('pool of size 1, 60 interleaved requests from two tenants', async () => {
    const small = await startApi({ DB_POOL_MAX: '1' });
    try {
      const reqs = Array.from({ length: 60 }, (_, i) => {
        const t = i % 2 === 0 ? A : B;
        return call(small.url, 'GET', '/api/v1/users?limit=100', { token: t.adminToken }).then((r) => ({ t, r }));
      });
      for (const { t, r } of await Promise.all(reqs)) {
        expect(r.status).toBe(200);
        expect(r.body.items.length).toBe(2);
        for (const u of r.body.items) expect(u.tenantId).toBe(t.tenant.id);
      }
    } finally {
      await small.close();
    }
  });
});

describe('the app role, attacked directly in SQL', () => {
  const tables = ['tenants', 'users', 'refresh_tokens', 'audit_logs', 'invitations', 'jobs', 'tenant_usage_daily', 'job_chunks'];
  let c: Awaited<ReturnType<typeof sqlAs>>;
  beforeAll(async () => {
    c = await sqlAs(api.config.DATABASE_APP_URL);
  });
  afterAll(async () => {
    await c.end();
  });

  test.each(tables)('%s: no rows without a tenant context', async (table) => {
    const r = await c.query(`SELECT count(*)::int AS n FROM ${table}`);
    expect(r.rows[0].n).toBe(0);
  });

  test("with A's context it sees A's rows only, even when asking for B's", async () => {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [A.tenant.id]);
    const mine = await c.query('SELECT DISTINCT tenant_id FROM users');
    expect(mine.rows.map((r) => r.tenant_id)).toEqual([A.tenant.id]);
    const theirs = await c.query('SELECT * FROM users WHERE tenant_id = $1', [B.tenant.id]);
    expect(theirs.rowCount).toBe(0);
    await expect(c.query(`INSERT INTO users (tenant_id, email, display_name) VALUES ($1, 'intruder@example.com', 'x')`, [B.tenant.id])).rejects.toThrow(
      /row-level security/,
    );
    await c.query('ROLLBACK');
  });

  test('updates and deletes aimed at another tenant touch nothing', async () => {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [A.tenant.id]);
    expect((await c.query(`UPDATE users SET display_name = 'pwned' WHERE tenant_id = $1`, [B.tenant.id])).rowCount).toBe(0);
    expect((await c.query(`DELETE FROM users WHERE tenant_id = $1`, [B.tenant.id])).rowCount).toBe(0);
    await expect(c.query(`UPDATE users SET tenant_id = $1 WHERE id = $2`, [B.tenant.id, A.member.id])).rejects.toThrow(/row-level security/);
    await c.query('ROLLBACK');
  });

  test.each(tables)('%s: cannot disable or bypass RLS', async (table) => {
    await expect(c.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`)).rejects.toThrow(/must be owner/);
    await expect(c.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`)).rejects.toThrow(/must be owner/);
    const policy = table === 'tenants' ? 'tenant_self' : 'tenant_isolation';
    // (tenant_usage_daily is read-only for the app role; the DDL checks below still apply.)
    await expect(c.query(`DROP POLICY ${policy} ON ${table}`)).rejects.toThrow(/must be owner/);
  });

  test.each(['sentinel_owner', 'sentinel_platform', 'postgres'])('cannot SET ROLE %s', async (role) => {
    await expect(c.query(`SET ROLE ${role}`)).rejects.toThrow(/permission denied/);
    await expect(c.query(`SET SESSION AUTHORIZATION ${role}`)).rejects.toThrow(/permission denied/);
  });

  test('cannot turn row security off for its session', async () => {
    // row_security=off makes a query fail rather than bypass RLS for a non-bypass role.
    await c.query('SET row_security = off');
    await expect(c.query('SELECT * FROM users')).rejects.toThrow(/row-level security/);
    await c.query('RESET row_security');
  });

  test('cannot create a view or function that would read past RLS', async () => {
    await expect(c.query('CREATE VIEW all_users AS SELECT * FROM users')).rejects.toThrow(/permission denied/);
    await expect(c.query(`CREATE FUNCTION steal() RETURNS SETOF users LANGUAGE sql SECURITY DEFINER AS 'SELECT * FROM users'`)).rejects.toThrow(
      /permission denied/,
    );
  });

  test('no view, and no SECURITY DEFINER function, exists in the schema for it to use', async () => {
    const views = await c.query(`SELECT table_name FROM information_schema.views WHERE table_schema = 'public'`);
    expect(views.rows).toEqual([]);
    const definers = await c.query(`SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' AND p.prosecdef`);
    expect(definers.rows).toEqual([]);
  });

  test('cannot write the audit log except by appending', async () => {
    await c.query('BEGIN');
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [A.tenant.id]);
    await expect(c.query(`UPDATE audit_logs SET action = 'forged'`)).rejects.toThrow(/permission denied/);
    await c.query('ROLLBACK');
    await c.query('BEGIN');
    await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [A.tenant.id]);
    await expect(c.query(`DELETE FROM audit_logs`)).rejects.toThrow(/permission denied/);
    await c.query('ROLLBACK');
  });

  test('has no role attributes that would let it escape', async () => {
    const r = await c.query(`SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`);
    expect(r.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false });
    const owned = await c.query(`SELECT count(*)::int AS n FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`);
    expect(owned.rows[0].n).toBe(0);
  });
});
