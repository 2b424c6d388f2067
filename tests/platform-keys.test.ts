// Platform keys (issue #15): the platform tenant's API keys, which platform admins manage
// on the same routes as tenant admins manage theirs. A platform key is a service principal
// of the platform: the platform-admin routes admit it within its platform scopes, it never
// becomes a user, cannot manage keys, and is audited as itself in the platform's audit log.
// Also: unknown keys are remembered in Redis for a short while (no PostgreSQL read each
// time). Real: PostgreSQL, Redis, the API over HTTP.
import { randomUUID } from 'node:crypto';
import { PLATFORM_TENANT_ID, base32Decode, cacheKeys, newApiKeySecret, totp } from '@sentinel/platform';
import { call, countAppTransactions, expectProblem, useApi } from './helpers/stack.js';

const { api, fx } = useApi();

async function createKey(token: string, body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const r = await call(api.url, 'POST', '/api/v1/api-keys', { token, body });
  expect(r.status).toBe(201);
  return r.body;
}

test('a platform admin creates, lists, rotates and revokes platform keys; the key reads every tenant within its scopes', async () => {
  const admin = await fx.platformAdmin(api.url);
  const t = await fx.tenantWithUsers(api.url);
  const created = await call(api.url, 'POST', '/api/v1/api-keys', { token: admin.token, body: { name: 'ops', scopes: ['tenants:read', 'audit:read'] } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ name: 'ops', scopes: ['tenants:read', 'audit:read'], status: 'active' });
  const { id, key } = created.body;
  expect((await call(api.url, 'GET', '/api/v1/api-keys', { token: admin.token })).body.items.map((k: { id: string }) => k.id)).toContain(id);
  // A tenant admin does not see the platform's keys, and cannot touch them.
  expect((await call(api.url, 'GET', '/api/v1/api-keys', { token: t.adminToken })).body.items).toEqual([]);
  expectProblem(await call(api.url, 'DELETE', `/api/v1/api-keys/${id}`, { token: t.adminToken }), 404, 'SENTINEL_NOT_FOUND');

  // Platform-wide reads: any tenant, any tenant's audit log.
  expect((await call(api.url, 'GET', `/api/v1/tenants/${t.tenant.id}`, { token: key })).body.slug).toBe(t.tenant.slug);
  expect((await call(api.url, 'GET', '/api/v1/tenants?limit=5', { token: key })).status).toBe(200);
  const audit = await call(api.url, 'GET', `/api/v1/audit-logs?tenantId=${t.tenant.id}`, { token: key });
  expect(audit.status).toBe(200);
  expect(audit.body.items.length).toBeGreaterThan(0);
  expect(audit.body.items.every((i: { tenantId: string }) => i.tenantId === t.tenant.id)).toBe(true);

  const rotated = await call(api.url, 'POST', `/api/v1/api-keys/${id}/rotate`, { token: admin.token });
  expect(rotated.status).toBe(200);
  expectProblem(await call(api.url, 'GET', '/api/v1/tenants', { token: key }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  expect((await call(api.url, 'GET', '/api/v1/tenants', { token: rotated.body.key })).status).toBe(200);
  expect((await call(api.url, 'DELETE', `/api/v1/api-keys/${id}`, { token: admin.token })).status).toBe(204);
  expectProblem(await call(api.url, 'GET', '/api/v1/tenants', { token: rotated.body.key }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
});

test('an expired platform key is refused', async () => {
  const admin = await fx.platformAdmin(api.url);
  const { id, key } = await createKey(admin.token, { name: 'soon', scopes: ['tenants:read'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
  expect((await call(api.url, 'GET', '/api/v1/tenants', { token: key })).status).toBe(200);
  await fx.db.prisma.apiKey.update({ where: { tenantId_id: { tenantId: PLATFORM_TENANT_ID, id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await api.deps.redis.del(cacheKeys.apiKey(PLATFORM_TENANT_ID, id));
  expectProblem(await call(api.url, 'GET', '/api/v1/tenants', { token: key }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
});

test('scopes do not cross: platform admins hand out platform scopes only, tenant admins tenant scopes only', async () => {
  const admin = await fx.platformAdmin(api.url);
  const t = await fx.tenantWithUsers(api.url);
  for (const [token, scopes] of [
    [admin.token, ['users:read']],
    [admin.token, ['tenants:read', 'users:write']],
    [t.adminToken, ['tenants:read']],
    [t.adminToken, ['users:read', 'tenants:write']],
  ] as const) {
    const r = await call(api.url, 'POST', '/api/v1/api-keys', { token, body: { name: 'x', scopes } });
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.errors).toEqual([{ field: 'body.scopes', message: expect.stringContaining('must be among') }]);
  }
});

test('a platform key cannot exceed its scopes, act on tenant routes, manage keys or be a user', async () => {
  const admin = await fx.platformAdmin(api.url);
  const t = await fx.tenantWithUsers(api.url);
  const { id, key } = await createKey(admin.token, { name: 'reader', scopes: ['tenants:read', 'jobs:read'] });
  const escalate = await call(api.url, 'POST', '/api/v1/tenants', { token: key, body: { slug: `pk-${Date.now()}`, displayName: 'No' } });
  expectProblem(escalate, 403, 'SENTINEL_FORBIDDEN');
  expect(escalate.body.detail).toContain('tenants:write');
  expect((await call(api.url, 'DELETE', `/api/v1/tenants/${t.tenant.id}`, { token: key })).body.detail).toContain('tenants:write');
  expect((await call(api.url, 'PATCH', `/api/v1/tenants/${t.tenant.id}`, { token: key, body: { plan: 'pro' } })).status).toBe(403);
  expect((await call(api.url, 'GET', '/api/v1/audit-logs', { token: key })).body.detail).toContain('audit:read');
  expect((await call(api.url, 'GET', '/api/v1/jobs', { token: key })).status).toBe(200);
  for (const [method, path, body] of [
    // No scope on these: people only.
    ['POST', `/api/v1/jobs/${randomUUID()}/retry`, undefined],
    ['POST', '/api/v1/api-keys', { name: 'escalate', scopes: ['tenants:write'] }],
    ['GET', '/api/v1/api-keys', undefined],
    ['DELETE', `/api/v1/api-keys/${id}`, undefined],
    ['GET', '/api/v1/auth/me', undefined],
    // Tenant-admin routes: a platform key holds none of their scopes.
    ['GET', '/api/v1/users', undefined],
    ['POST', '/api/v1/users', { email: `pk-${Date.now()}@example.com`, displayName: 'No' }],
    ['GET', '/api/v1/usage', undefined],
  ] as const) {
    const r = await call(api.url, method, path, { token: key, ...(body ? { body } : {}) });
    expect({ path, method, status: r.status }).toEqual({ path, method, status: 403 });
  }
  // Even a tenant scope written into the row by hand counts for nothing on a platform key.
  await fx.db.prisma.apiKey.update({
    where: { tenantId_id: { tenantId: PLATFORM_TENANT_ID, id } },
    data: { scopes: ['tenants:read', 'users:read', 'users:write'] },
  });
  await api.deps.redis.del(cacheKeys.apiKey(PLATFORM_TENANT_ID, id));
  expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: key }), 403, 'SENTINEL_FORBIDDEN');
});

test("a tenant's key cannot reach platform routes, even with every tenant scope or a platform scope written into its row", async () => {
  const a = await fx.tenantWithUsers(api.url);
  const b = await fx.tenantWithUsers(api.url);
  const { id, key } = await createKey(a.adminToken, { name: 'all', scopes: ['users:read', 'users:write', 'audit:read', 'jobs:read'] });
  await fx.db.prisma.apiKey.update({
    where: { tenantId_id: { tenantId: a.tenant.id, id } },
    data: { scopes: ['users:read', 'users:write', 'audit:read', 'jobs:read', 'tenants:read', 'tenants:write'] },
  });
  await api.deps.redis.del(cacheKeys.apiKey(a.tenant.id, id));
  for (const [method, path, body] of [
    ['GET', '/api/v1/tenants', undefined],
    ['POST', '/api/v1/tenants', { slug: `tk-${Date.now()}`, displayName: 'No' }],
    ['DELETE', `/api/v1/tenants/${b.tenant.id}`, undefined],
    ['GET', `/api/v1/tenants/${b.tenant.id}/usage`, undefined],
    ['POST', `/api/v1/jobs/${randomUUID()}/retry`, undefined],
  ] as const) {
    const r = await call(api.url, method, path, { token: key, ...(body ? { body } : {}) });
    expect({ path, method, status: r.status }).toEqual({ path, method, status: 403 });
  }
  // The shared paths pass on to the tenant's own routes: its own rows only.
  expect((await call(api.url, 'GET', `/api/v1/audit-logs?tenantId=${b.tenant.id}`, { token: key })).body).toEqual({ items: [], nextCursor: null });
  expect((await call(api.url, 'GET', `/api/v1/tenants/${b.tenant.id}`, { token: key })).status).toBe(403);
  const jobs = await call(api.url, 'GET', '/api/v1/jobs', { token: key });
  expect(jobs.status).toBe(200);
  expect(jobs.body.items.every((j: { tenantId: string }) => j.tenantId === a.tenant.id)).toBe(true);
});

test("a platform key's writes are audited in the platform's audit log with the key id as actor", async () => {
  const admin = await fx.platformAdmin(api.url);
  const { id, key } = await createKey(admin.token, { name: 'provisioner', scopes: ['tenants:read', 'tenants:write'] });
  const slug = `pk-${Date.now()}`;
  const created = await call(api.url, 'POST', '/api/v1/tenants', { token: key, body: { slug, displayName: 'By platform key' } });
  expect(created.status).toBe(201);
  const patched = await call(api.url, 'PATCH', `/api/v1/tenants/${created.body.id}`, { token: key, body: { plan: 'pro' } });
  expect([patched.status, patched.body.plan]).toEqual([200, 'pro']);
  const audit = await call(api.url, 'GET', `/api/v1/audit-logs?tenantId=${PLATFORM_TENANT_ID}&actorId=${id}`, { token: admin.token });
  expect(audit.status).toBe(200);
  expect(audit.body.items.map((i: { action: string }) => i.action).sort()).toEqual(['tenant.create', 'tenant.update']);
  expect(audit.body.items.every((i: { actorKind: string; tenantId: string }) => i.actorKind === 'api_key' && i.tenantId === PLATFORM_TENANT_ID)).toBe(true);
  // The key's own creation names the admin who made it.
  const own = await call(api.url, 'GET', `/api/v1/audit-logs?tenantId=${PLATFORM_TENANT_ID}&targetId=${id}`, { token: admin.token });
  expect(own.body.items).toEqual([expect.objectContaining({ action: 'api_key.create', actorId: admin.user.id, actorKind: 'user' })]);
});

test('an unknown key id is read from PostgreSQL once, then remembered in Redis for a short while', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const keyId = randomUUID();
  const { key } = newApiKeySecret('any-pepper', t.tenant.id, keyId);
  const first = await countAppTransactions(api, async () => {
    expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: key }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });
  expect(first).toBe(1);
  const again = await countAppTransactions(api, async () => {
    for (let i = 0; i < 5; i++) expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: key }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });
  expect(again).toBe(0);
  const ttl = await api.deps.redis.ttl(cacheKeys.apiKey(t.tenant.id, keyId));
  expect(ttl).toBeGreaterThan(0);
  expect(ttl).toBeLessThanOrEqual(30);
  // So is an unknown tenant's.
  const { key: nowhere } = newApiKeySecret('any-pepper', randomUUID(), randomUUID());
  const unknownTenant = await countAppTransactions(api, async () => {
    for (let i = 0; i < 3; i++) expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: nowhere }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });
  expect(unknownTenant).toBe(1);
});

test("a valid key's verification is cached: after the first request, authenticating it reads nothing from PostgreSQL", async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { key } = await createKey(t.adminToken, { name: 'cached', scopes: ['audit:read'] });
  // /api/v1/auth/me is refused to keys after authentication, so it measures authentication alone.
  const first = await countAppTransactions(api, async () => {
    expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: key })).status).toBe(403);
  });
  expect(first).toBeGreaterThanOrEqual(1);
  const later = await countAppTransactions(api, async () => {
    for (let i = 0; i < 5; i++) expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: key })).status).toBe(403);
  });
  expect(later).toBe(0);
});

test('creating or rotating a platform key asks an enrolled platform admin for a fresh second factor (step-up)', async () => {
  const admin = await fx.platformAdmin(api.url);
  // The API's TOTP clock, moved a step between codes so that none is a replay.
  let now = Date.now();
  const clock = api.deps.clock;
  api.deps.clock = () => now;
  try {
    const started = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment', { token: admin.token });
    const secret = base32Decode(started.body.secret);
    expect((await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { token: admin.token, body: { code: totp(secret, now) } })).status).toBe(200);
    const body = { name: 'ops', scopes: ['tenants:read'] };
    // The token predates the enrolment: it proved no second factor.
    expectProblem(await call(api.url, 'POST', '/api/v1/api-keys', { token: admin.token, body }), 403, 'SENTINEL_MFA_STEP_UP_REQUIRED');
    now += 30_000;
    const created = await call(api.url, 'POST', '/api/v1/api-keys', { token: admin.token, body, headers: { 'x-mfa-code': totp(secret, now) } });
    expect(created.status).toBe(201);
    expectProblem(await call(api.url, 'POST', `/api/v1/api-keys/${created.body.id}/rotate`, { token: admin.token }), 403, 'SENTINEL_MFA_STEP_UP_REQUIRED');
    now += 30_000;
    const rotated = await call(api.url, 'POST', `/api/v1/api-keys/${created.body.id}/rotate`, {
      token: admin.token,
      headers: { 'x-mfa-code': totp(secret, now) },
    });
    expect(rotated.status).toBe(200);
  } finally {
    api.deps.clock = clock;
  }
});
