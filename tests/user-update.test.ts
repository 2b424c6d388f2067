// PATCH /users/:id runs as one hand-written statement (UsersRepository.updateAudited: the
// row locked, the changed fields written, the audit row, the sessions on a new password).
// What that statement must not do: write anything for another tenant's user, for a refused
// or a failed change, or audit a change that changes nothing. Real: PostgreSQL with the
// production roles and policies, Redis, the API over HTTP.
import { randomUUID } from 'node:crypto';
import { call, expectProblem, useApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const { api, fx } = useApi();
const A = useFixture(() => fx.tenantWithUsers(api.url));
const B = useFixture(() => fx.tenantWithUsers(api.url));

const userRow = (tenantId: string, id: string) => fx.db.prisma.user.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id } } });
const auditRows = (targetId: string) => fx.db.prisma.auditLog.findMany({ where: { targetId, action: 'user.update' }, orderBy: { createdAt: 'asc' } });

test("another tenant's user: 404, nothing written in either tenant", async () => {
  const before = await userRow(B.tenant.id, B.member.id);
  for (const body of [{ displayName: 'pwned' }, { email: `${randomUUID()}@example.com` }, { role: 'tenant_admin' }, { password: 'a-long-enough-password-9' }]) {
    expectProblem(await call(api.url, 'PATCH', `/api/v1/users/${B.member.id}`, { token: A.adminToken, body }), 404, 'SENTINEL_NOT_FOUND');
  }
  expect(await userRow(B.tenant.id, B.member.id)).toEqual(before);
  // No tenant holds an audit row about B's member: the statement's audit insert is tied to its update.
  expect(await auditRows(B.member.id)).toEqual([]);
});

test('changing nothing answers the user as it is, without an audit row or a new updatedAt', async () => {
  const u = await fx.user(A.tenant.id);
  const before = await userRow(A.tenant.id, u.id);
  const r = await call(api.url, 'PATCH', `/api/v1/users/${u.id}`, { token: A.adminToken, body: { displayName: before.displayName, role: before.role } });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ id: u.id, displayName: before.displayName, role: before.role, updatedAt: before.updatedAt.toISOString() });
  expect((await userRow(A.tenant.id, u.id)).updatedAt).toEqual(before.updatedAt);
  expect(await auditRows(u.id)).toEqual([]);
});

test('a change is written and audited once, with exactly the changed fields and who made it', async () => {
  const u = await fx.user(A.tenant.id);
  const before = await userRow(A.tenant.id, u.id);
  const r = await call(api.url, 'PATCH', `/api/v1/users/${u.id}`, {
    token: A.adminToken,
    body: { displayName: 'Renamed', role: before.role, password: 'a-long-enough-password-9' },
  });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ displayName: 'Renamed', email: before.email, role: before.role, hasPassword: true });
  const after = await userRow(A.tenant.id, u.id);
  expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
  expect(r.body.updatedAt).toBe(after.updatedAt.toISOString());
  expect(after.passwordHash).not.toBe(before.passwordHash);
  const rows = await auditRows(u.id);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    tenantId: A.tenant.id,
    actorId: A.admin.id,
    actorKind: 'user',
    targetType: 'user',
    changes: { displayName: { from: before.displayName, to: 'Renamed' }, password: { changed: true } },
  });
  expect(rows[0]!.requestId).toBeTruthy();
});

test('a taken email is 409 on body.email and leaves the user and the audit log unchanged', async () => {
  const u = await fx.user(A.tenant.id);
  const before = await userRow(A.tenant.id, u.id);
  const r = await call(api.url, 'PATCH', `/api/v1/users/${u.id}`, { token: A.adminToken, body: { email: A.member.email, displayName: 'Other' } });
  expectProblem(r, 409, 'SENTINEL_USER_EMAIL_TAKEN');
  expect(r.body.errors[0].field).toBe('body.email');
  expect(await userRow(A.tenant.id, u.id)).toEqual(before);
  expect(await auditRows(u.id)).toEqual([]);
  // The connection that failed is not handed to the next request in a broken state.
  expect((await call(api.url, 'PATCH', `/api/v1/users/${u.id}`, { token: A.adminToken, body: { displayName: 'Other' } })).status).toBe(200);
});

test("an API key's refused change of an admin writes nothing", async () => {
  const created = await call(api.url, 'POST', '/api/v1/api-keys', { token: A.adminToken, body: { name: 'sync', scopes: ['users:write'] } });
  expect(created.status).toBe(201);
  const admin = await fx.user(A.tenant.id, { role: 'tenant_admin' });
  const before = await userRow(A.tenant.id, admin.id);
  expectProblem(
    await call(api.url, 'PATCH', `/api/v1/users/${admin.id}`, { token: created.body.key, body: { displayName: 'Taken over' } }),
    403,
    'SENTINEL_FORBIDDEN',
  );
  expect(await userRow(A.tenant.id, admin.id)).toEqual(before);
  expect(await auditRows(admin.id)).toEqual([]);
  // A member it may change, audited as the key.
  const member = await fx.user(A.tenant.id);
  expect((await call(api.url, 'PATCH', `/api/v1/users/${member.id}`, { token: created.body.key, body: { displayName: 'By key' } })).status).toBe(200);
  expect(await auditRows(member.id)).toEqual([expect.objectContaining({ actorId: created.body.id, actorKind: 'api_key' })]);
});

test("concurrent changes of one user are serialised: every audit row's `from` is the value the one before it wrote", async () => {
  const u = await fx.user(A.tenant.id);
  const names = Array.from({ length: 12 }, (_, i) => `Concurrent ${i}`);
  const answers = await Promise.all(
    names.map((displayName) => call(api.url, 'PATCH', `/api/v1/users/${u.id}`, { token: A.adminToken, body: { displayName } })),
  );
  expect(answers.map((r) => r.status)).toEqual(names.map(() => 200));
  const rows = await fx.db.prisma.auditLog.findMany({ where: { targetId: u.id, action: 'user.update' } });
  expect(rows).toHaveLength(names.length);
  // Follow the chain from the original name: each change starts where another ended.
  const byFrom = new Map(rows.map((r) => [(r.changes as { displayName: { from: string; to: string } }).displayName.from, r]));
  let at = 'Test user';
  for (let i = 0; i < names.length; i++) {
    const next = byFrom.get(at);
    expect(next).toBeDefined();
    at = (next!.changes as { displayName: { to: string } }).displayName.to;
  }
  expect((await userRow(A.tenant.id, u.id)).displayName).toBe(at);
});
