// A mutation that fails midway leaves neither its data nor its audit row.
// Fault injection is real: a PostgreSQL trigger (installed by the owner role for this
// test only) makes the audit insert fail after the data row was written.
import { call, sqlAs, useApi, uniq } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const { api, fx } = useApi();
const T = useFixture(() => fx.tenantWithUsers(api.url));
const admin = useFixture(() => fx.platformAdmin(api.url));
let owner: Awaited<ReturnType<typeof sqlAs>>;

beforeAll(async () => {
  owner = await sqlAs(process.env.DATABASE_URL!);
  await owner.query(`CREATE OR REPLACE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.changes::text LIKE '%fail-midway%' THEN RAISE EXCEPTION 'injected failure after the data write'; END IF;
      RETURN NEW;
    END $$`);
  await owner.query('CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION test_fail_audit()');
});
afterAll(async () => {
  await owner.query('DROP TRIGGER IF EXISTS test_fail_audit ON audit_logs');
  await owner.query('DROP FUNCTION IF EXISTS test_fail_audit()');
  await owner.end();
});

test('user creation whose audit insert fails leaves no user and no audit row; the error shows no internals', async () => {
  const email = `${uniq('fail-midway')}@example.com`;
  const auditBefore = await fx.db.prisma.auditLog.count({ where: { tenantId: T.tenant.id } });
  const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email, displayName: 'x', password: 'a-long-password-1' } });
  expect(r.status).toBe(500);
  expect(r.body).toMatchObject({ code: 'SENTINEL_INTERNAL', status: 500 });
  expect(JSON.stringify(r.body)).not.toMatch(/injected|trigger|audit_logs|stack/);
  expect(await fx.db.prisma.user.count({ where: { tenantId: T.tenant.id, email } })).toBe(0);
  expect(await fx.db.prisma.auditLog.count({ where: { tenantId: T.tenant.id } })).toBe(auditBefore);
});

test('a user update whose audit insert fails leaves the user unchanged', async () => {
  const r = await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, { token: T.adminToken, body: { displayName: 'fail-midway' } });
  expect(r.status).toBe(500);
  const u = await fx.db.prisma.user.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T.tenant.id, id: T.member.id } } });
  expect(u.displayName).toBe('Test user');
});

test('a tenant update whose audit insert fails leaves the tenant unchanged', async () => {
  const r = await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: admin.token, body: { displayName: 'fail-midway' } });
  expect(r.status).toBe(500);
  expect((await fx.db.prisma.tenant.findUniqueOrThrow({ where: { id: T.tenant.id } })).displayName).toBe('Test tenant');
});

test('after the failures the API serves normally', async () => {
  const r = await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, { token: T.adminToken, body: { displayName: 'Fine' } });
  expect(r.status).toBe(200);
});
