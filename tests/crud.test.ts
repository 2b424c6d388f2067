// Users, tenants and the audit log as their users see them. Real PostgreSQL, Redis, HTTP.
import { Fixtures, call, expectProblem, useApi, uniq, type Res } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const { api, fx } = useApi();
const T = useFixture(() => fx.tenantWithUsers(api.url));
const admin = useFixture(() => fx.platformAdmin(api.url));

const newUser = (extra: Record<string, unknown> = {}) => ({
  email: `${uniq('n')}@Example.com`,
  displayName: '  Spaced Name  ',
  password: 'a-long-password-1',
  ...extra,
});

describe('users', () => {
  test('an admin creates a user: normalised, no password in the answer, audited with request id and IP', async () => {
    const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: newUser(), headers: { 'x-request-id': 'req-create-1' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ tenantId: T.tenant.id, displayName: 'Spaced Name', role: 'member', hasPassword: true });
    expect(r.body.email).toMatch(/@example\.com$/);
    expect(JSON.stringify(r.body)).not.toMatch(/passwordHash|a-long-password/);
    expect(r.headers.get('x-request-id')).toBe('req-create-1');
    const audit = await call(api.url, 'GET', `/api/v1/audit-logs?targetId=${r.body.id}`, { token: T.adminToken });
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'user.create',
      actorId: T.admin.id,
      targetType: 'user',
      requestId: 'req-create-1',
      clientIp: '127.0.0.1',
    });
    expect(audit.body.items[0].changes).toMatchObject({ email: r.body.email, role: 'member' });
    expect(JSON.stringify(audit.body.items[0])).not.toMatch(/password/);
  });

  test('an invalid incoming X-Request-Id is replaced', async () => {
    const r = await call(api.url, 'GET', '/api/v1/health', { headers: { 'x-request-id': 'bad id with spaces <script>' } });
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('members read the directory but cannot create, delete or promote', async () => {
    expect((await call(api.url, 'GET', '/api/v1/users', { token: T.memberToken })).status).toBe(200);
    expect((await call(api.url, 'GET', `/api/v1/users/${T.admin.id}`, { token: T.memberToken })).status).toBe(200);
    expectProblem(await call(api.url, 'POST', '/api/v1/users', { token: T.memberToken, body: newUser() }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'DELETE', `/api/v1/users/${T.admin.id}`, { token: T.memberToken }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(
      await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, { token: T.memberToken, body: { role: 'tenant_admin' } }),
      403,
      'SENTINEL_FORBIDDEN',
    );
    expectProblem(await call(api.url, 'PATCH', `/api/v1/users/${T.admin.id}`, { token: T.memberToken, body: { displayName: 'x' } }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'GET', '/api/v1/audit-logs', { token: T.memberToken }), 403, 'SENTINEL_FORBIDDEN');
  });

  test('a member renames themself; /auth/me shows it at once (cache invalidated)', async () => {
    expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: T.memberToken })).status).toBe(200);
    const name = uniq('Renamed');
    const r = await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, { token: T.memberToken, body: { displayName: name } });
    expect(r.status).toBe(200);
    expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: T.memberToken })).body.user.displayName).toBe(name);
  });

  test('own password change needs the current password', async () => {
    const r = await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, {
      token: T.memberToken,
      body: { password: 'another-long-password', currentPassword: 'wrong' },
    });
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.errors[0].field).toBe('body.currentPassword');
  });

  test('PUT replaces; the audit row lists exactly the changed fields with before and after', async () => {
    const u = (await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: newUser() })).body;
    const r = await call(api.url, 'PUT', `/api/v1/users/${u.id}`, {
      token: T.adminToken,
      body: { email: u.email, displayName: 'New Name', role: 'tenant_admin' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ displayName: 'New Name', role: 'tenant_admin' });
    const audit = await call(api.url, 'GET', `/api/v1/audit-logs?targetId=${u.id}&action=user.update`, { token: T.adminToken });
    expect(audit.body.items[0].changes).toEqual({ displayName: { from: 'Spaced Name', to: 'New Name' }, role: { from: 'member', to: 'tenant_admin' } });
  });

  test('admins cannot change their own role or delete themselves; platform_admin cannot be granted in a tenant', async () => {
    expectProblem(await call(api.url, 'PATCH', `/api/v1/users/${T.admin.id}`, { token: T.adminToken, body: { role: 'member' } }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'DELETE', `/api/v1/users/${T.admin.id}`, { token: T.adminToken }), 403, 'SENTINEL_FORBIDDEN');
    const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: newUser({ role: 'platform_admin' }) });
    expectProblem(r, 403, 'SENTINEL_FORBIDDEN');
    expect(r.body.errors[0].field).toBe('body.role');
  });

  test('delete: 204, then 404, audited', async () => {
    const u = (await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: newUser() })).body;
    expect((await call(api.url, 'DELETE', `/api/v1/users/${u.id}`, { token: T.adminToken })).status).toBe(204);
    expectProblem(await call(api.url, 'GET', `/api/v1/users/${u.id}`, { token: T.adminToken }), 404, 'SENTINEL_NOT_FOUND');
    expectProblem(await call(api.url, 'DELETE', `/api/v1/users/${u.id}`, { token: T.adminToken }), 404, 'SENTINEL_NOT_FOUND');
    const audit = await call(api.url, 'GET', `/api/v1/audit-logs?targetId=${u.id}&action=user.delete`, { token: T.adminToken });
    expect(audit.body.items).toHaveLength(1);
  });
});

describe('keyset pagination', () => {
  let P: Awaited<ReturnType<Fixtures['tenantWithUsers']>>;
  beforeAll(async () => {
    P = await fx.tenantWithUsers(api.url);
    // 23 more users, several sharing a created_at millisecond to exercise the id tiebreak.
    const now = new Date();
    await fx.db.prisma.user.createMany({
      data: Array.from({ length: 23 }, (_, i) => ({
        tenantId: P.tenant.id,
        email: `p${String(i).padStart(2, '0')}-${uniq('x')}@example.com`,
        displayName: `P${i}`,
        role: i % 3 === 0 ? ('tenant_admin' as const) : ('member' as const),
        createdAt: new Date(now.getTime() + Math.floor(i / 4)),
      })),
    });
  });

  async function walk(query: string) {
    const seen: { id: string; email: string; createdAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: Res = await call(api.url, 'GET', `/api/v1/users?limit=4&${query}${cursor ? `&cursor=${cursor}` : ''}`, { token: P.adminToken });
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(4);
      seen.push(...r.body.items);
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    return seen;
  }

  test.each(['sort=createdAt', 'sort=-createdAt', 'sort=email', 'sort=-email'])('%s visits every user exactly once, in order', async (q) => {
    const seen = await walk(q);
    expect(seen).toHaveLength(25);
    expect(new Set(seen.map((u) => u.id)).size).toBe(25);
    const key = q.includes('email') ? (u: { email: string }) => u.email : (u: { createdAt: string; id: string }) => `${u.createdAt}|${u.id}`;
    const keys = seen.map((u) => key(u as never));
    const sorted = [...keys].sort();
    expect(keys).toEqual(q.startsWith('sort=-') ? sorted.reverse() : sorted);
  });

  test('filters combine with pagination', async () => {
    const admins = await walk('role=tenant_admin');
    expect(admins.length).toBe(9); // 8 created + the fixture admin
    const prefixed = await walk('emailPrefix=p0');
    expect(prefixed.length).toBe(10);
  });

  test('a cursor made for one sort is refused for another', async () => {
    const r = await call(api.url, 'GET', '/api/v1/users?limit=2&sort=email', { token: P.adminToken });
    const bad = await call(api.url, 'GET', `/api/v1/users?limit=2&sort=createdAt&cursor=${r.body.nextCursor}`, { token: P.adminToken });
    expectProblem(bad, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(bad.body.errors[0].field).toBe('query.cursor');
  });
});

describe('tenants (platform admins)', () => {
  test('create, read, list with filters, replace, patch, delete, each audited at platform level', async () => {
    const slug = uniq('acme').toLowerCase();
    const created = await call(api.url, 'POST', '/api/v1/tenants', { token: admin.token, body: { slug, displayName: 'Acme', plan: 'pro' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug, displayName: 'Acme', plan: 'pro', status: 'active' });
    const id = created.body.id;
    expectProblem(
      await call(api.url, 'POST', '/api/v1/tenants', { token: admin.token, body: { slug, displayName: 'Again' } }),
      409,
      'SENTINEL_TENANT_SLUG_TAKEN',
    );
    expect((await call(api.url, 'GET', `/api/v1/tenants/${id}`, { token: admin.token })).body.slug).toBe(slug);
    const listed = await call(api.url, 'GET', `/api/v1/tenants?slugPrefix=${slug}&plan=pro&limit=5`, { token: admin.token });
    expect(listed.body.items.map((t: { id: string }) => t.id)).toEqual([id]);
    const put = await call(api.url, 'PUT', `/api/v1/tenants/${id}`, {
      token: admin.token,
      body: { displayName: 'Acme Inc', plan: 'enterprise', status: 'active' },
    });
    expect(put.body).toMatchObject({ displayName: 'Acme Inc', plan: 'enterprise' });
    const patch = await call(api.url, 'PATCH', `/api/v1/tenants/${id}`, { token: admin.token, body: { plan: 'free' } });
    expect(patch.body.plan).toBe('free');
    expect(patch.body.auditRetentionDays).toBe(365);
    const retention = await call(api.url, 'PATCH', `/api/v1/tenants/${id}`, { token: admin.token, body: { auditRetentionDays: 30 } });
    expect(retention.body.auditRetentionDays).toBe(30);
    const bad = await call(api.url, 'PATCH', `/api/v1/tenants/${id}`, { token: admin.token, body: { auditRetentionDays: 0 } });
    expectProblem(bad, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(bad.body.errors[0].field).toBe('body.auditRetentionDays');
    expect((await call(api.url, 'DELETE', `/api/v1/tenants/${id}?confirm=${slug}`, { token: admin.token })).status).toBe(204);
    expectProblem(await call(api.url, 'GET', `/api/v1/tenants/${id}`, { token: admin.token }), 404, 'SENTINEL_NOT_FOUND');
    const audit = await call(api.url, 'GET', `/api/v1/audit-logs?targetId=${id}&sort=createdAt`, { token: admin.token });
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual([
      'tenant.create',
      'tenant.update',
      'tenant.update',
      'tenant.update',
      'tenant.delete',
    ]);
    expect(audit.body.items[2].changes).toEqual({ plan: { from: 'enterprise', to: 'free' } });
  });

  test('deleting a tenant removes its users and tokens with it', async () => {
    const D = await fx.tenantWithUsers(api.url);
    expect((await call(api.url, 'DELETE', `/api/v1/tenants/${D.tenant.id}?confirm=${D.tenant.slug}`, { token: admin.token })).status).toBe(204);
    expect(await fx.db.prisma.user.count({ where: { tenantId: D.tenant.id } })).toBe(0);
    expect(await fx.db.prisma.refreshToken.count({ where: { tenantId: D.tenant.id } })).toBe(0);
    expectProblem(await call(api.url, 'GET', '/api/v1/auth/me', { token: D.adminToken }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });

  test('a tenant member reads their own tenant', async () => {
    const r = await call(api.url, 'GET', `/api/v1/tenants/${T.tenant.id}`, { token: T.memberToken });
    expect(r.status).toBe(200);
    expect(r.body.slug).toBe(T.tenant.slug);
  });

  test('platform admins filter the audit log by tenant', async () => {
    const r = await call(api.url, 'GET', `/api/v1/audit-logs?tenantId=${T.tenant.id}&limit=100`, { token: admin.token });
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(new Set(r.body.items.map((a: { tenantId: string }) => a.tenantId))).toEqual(new Set([T.tenant.id]));
    const ranged = await call(api.url, 'GET', `/api/v1/audit-logs?tenantId=${T.tenant.id}&from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z`, {
      token: admin.token,
    });
    expect(ranged.body.items).toEqual([]);
  });
});
