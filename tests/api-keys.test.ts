// API keys (issue #15): tenant admins create, list, rotate and revoke them; a key acts
// as a service principal of its tenant, within its scopes, under RLS, against the
// tenant's quota, and is audited as itself. Real: PostgreSQL, Redis, the API over HTTP.
import { randomUUID } from 'node:crypto';
import { newApiKeySecret } from '@sentinel/platform';
import { call, countAppTransactions, expectProblem, useApi, type Res } from './helpers/stack.js';
import { waitFor } from './helpers/wait.js';

const { api, fx } = useApi();

async function createKey(token: string, body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const r = await call(api.url, 'POST', '/api/v1/api-keys', { token, body });
  expect(r.status).toBe(201);
  return r.body;
}

/** The key's format: prefix, 44 id characters, 43 secret characters, 6 checksum characters. */
const KEY = /^snl_[0-9A-Za-z]{44}_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/;

test('a tenant admin creates, lists, rotates and revokes a key; the secret is shown only on creation and rotation', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const created = await call(api.url, 'POST', '/api/v1/api-keys', { token: t.adminToken, body: { name: 'CI', scopes: ['users:read'] } });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ name: 'CI', scopes: ['users:read'], status: 'active', expiresAt: null, lastUsedAt: null, revokedAt: null });
  expect(created.body.key).toMatch(KEY);
  const { id, key } = created.body;

  const list = await call(api.url, 'GET', '/api/v1/api-keys', { token: t.adminToken });
  expect(list.status).toBe(200);
  expect(list.body.items.map((k: { id: string }) => k.id)).toEqual([id]);
  expect(JSON.stringify(list.body)).not.toContain(key.split('_')[2]);
  expect((await call(api.url, 'GET', `/api/v1/api-keys/${id}`, { token: t.adminToken })).body.key).toBeUndefined();

  // The key works, and its use is recorded.
  expect((await call(api.url, 'GET', '/api/v1/users', { token: key })).status).toBe(200);
  await waitFor('last use recorded', async () => {
    const used = (await call(api.url, 'GET', `/api/v1/api-keys/${id}`, { token: t.adminToken })).body.lastUsedAt;
    return used as string | null;
  });

  const rotated = await call(api.url, 'POST', `/api/v1/api-keys/${id}/rotate`, { token: t.adminToken });
  expect(rotated.status).toBe(200);
  expect(rotated.body.id).toBe(id);
  expect(rotated.body.key).toMatch(KEY);
  expect(rotated.body.key).not.toBe(key);
  expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: key }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  expect((await call(api.url, 'GET', '/api/v1/users', { token: rotated.body.key })).status).toBe(200);

  expect((await call(api.url, 'DELETE', `/api/v1/api-keys/${id}`, { token: t.adminToken })).status).toBe(204);
  expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: rotated.body.key }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  expect((await call(api.url, 'DELETE', `/api/v1/api-keys/${id}`, { token: t.adminToken })).status).toBe(204);
  expect((await call(api.url, 'GET', `/api/v1/api-keys/${id}`, { token: t.adminToken })).body.status).toBe('revoked');
  expectProblem(await call(api.url, 'POST', `/api/v1/api-keys/${id}/rotate`, { token: t.adminToken }), 409, 'SENTINEL_API_KEY_REVOKED');
});

test('a key cannot exceed its scopes: 403 names the missing scope; operations without a scope refuse keys', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { key } = await createKey(t.adminToken, { name: 'reader', scopes: ['users:read'] });
  const write = await call(api.url, 'POST', '/api/v1/users', {
    token: key,
    body: { email: 'x@example.com', displayName: 'X', password: 'a-very-good-password-1' },
  });
  expectProblem(write, 403, 'SENTINEL_FORBIDDEN');
  expect(write.body.detail).toContain('users:write');
  expect((await call(api.url, 'GET', '/api/v1/audit-logs', { token: key })).body.detail).toContain('audit:read');
  // A key cannot manage keys, sessions, the tenant or usage.
  for (const [method, path, body] of [
    ['POST', '/api/v1/api-keys', { name: 'escalate', scopes: ['users:write'] }],
    ['GET', '/api/v1/api-keys', undefined],
    ['GET', '/api/v1/auth/me', undefined],
    ['GET', `/api/v1/tenants/${t.tenant.id}`, undefined],
    ['GET', '/api/v1/usage', undefined],
  ] as const) {
    const r = await call(api.url, method, path, { token: key, ...(body ? { body } : {}) });
    expect({ path, status: r.status }).toEqual({ path, status: 403 });
  }
});

test('users:write cannot become more: no admins, no passwords, no touching an admin, no imports', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { key } = await createKey(t.adminToken, { name: 'writer', scopes: ['users:write', 'users:read'] });
  const email = () => `w-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  for (const body of [
    { email: email(), displayName: 'Admin by key', role: 'tenant_admin' },
    { email: email(), displayName: 'Password by key', password: 'a-very-good-password-1' },
  ]) {
    const r = await call(api.url, 'POST', '/api/v1/users', { token: key, body });
    expect([r.status, r.body.detail]).toEqual([403, expect.stringContaining('members only')]);
  }
  expect((await call(api.url, 'PATCH', `/api/v1/users/${t.admin.id}`, { token: key, body: { email: email() } })).status).toBe(403);
  expect((await call(api.url, 'DELETE', `/api/v1/users/${t.admin.id}`, { token: key })).status).toBe(403);
  expect((await call(api.url, 'PATCH', `/api/v1/users/${t.member.id}`, { token: key, body: { role: 'tenant_admin' } })).status).toBe(403);
  expect((await call(api.url, 'PATCH', `/api/v1/users/${t.member.id}`, { token: key, body: { password: 'another-very-good-password-2' } })).status).toBe(403);
  const imported = await call(api.url, 'POST', '/api/v1/users/imports', { token: key, raw: 'email,displayName\n', headers: { 'content-type': 'text/csv' } });
  expect(imported.status).toBe(403);
  // What it may do: members.
  expect((await call(api.url, 'PATCH', `/api/v1/users/${t.member.id}`, { token: key, body: { displayName: 'Renamed by key' } })).status).toBe(200);
  expect((await call(api.url, 'POST', '/api/v1/users', { token: key, body: { email: email(), displayName: 'Invited by key' } })).status).toBe(201);
});

test('a member cannot create keys; unknown scopes are refused', async () => {
  const t = await fx.tenantWithUsers(api.url);
  expectProblem(
    await call(api.url, 'POST', '/api/v1/api-keys', { token: t.memberToken, body: { name: 'm', scopes: ['users:read'] } }),
    403,
    'SENTINEL_FORBIDDEN',
  );
  expectProblem(await call(api.url, 'GET', '/api/v1/api-keys', { token: t.memberToken }), 403, 'SENTINEL_FORBIDDEN');
  const bad = await call(api.url, 'POST', '/api/v1/api-keys', { token: t.adminToken, body: { name: 'x', scopes: ['tenants:write'] } });
  expectProblem(bad, 400, 'SENTINEL_VALIDATION_FAILED');
  expectProblem(
    await call(api.url, 'POST', '/api/v1/api-keys', { token: t.adminToken, body: { name: 'x', scopes: ['users:read'], expiresAt: '2001-01-01T00:00:00Z' } }),
    400,
    'SENTINEL_VALIDATION_FAILED',
  );
});

test("another tenant's key ids answer 404, and a key sees only its own tenant", async () => {
  const a = await fx.tenantWithUsers(api.url);
  const b = await fx.tenantWithUsers(api.url);
  const bKey = await createKey(b.adminToken, { name: 'b', scopes: ['users:read', 'users:write'] });
  for (const [method, path] of [
    ['GET', `/api/v1/api-keys/${bKey.id}`],
    ['POST', `/api/v1/api-keys/${bKey.id}/rotate`],
    ['DELETE', `/api/v1/api-keys/${bKey.id}`],
  ] as const)
    expectProblem(await call(api.url, method, path, { token: a.adminToken }), 404, 'SENTINEL_NOT_FOUND');
  // B's key reads B's users only, and cannot reach A's.
  const users = await call(api.url, 'GET', '/api/v1/users', { token: bKey.key });
  expect(users.body.items.every((u: { tenantId: string }) => u.tenantId === b.tenant.id)).toBe(true);
  expectProblem(await call(api.url, 'GET', `/api/v1/users/${a.admin.id}`, { token: bKey.key }), 404, 'SENTINEL_NOT_FOUND');
  expectProblem(await call(api.url, 'DELETE', `/api/v1/users/${a.member.id}`, { token: bKey.key }), 404, 'SENTINEL_NOT_FOUND');
});

test('an expired key is refused', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { id, key } = await createKey(t.adminToken, { name: 'soon', scopes: ['users:read'], expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
  await fx.db.prisma.apiKey.update({ where: { tenantId_id: { tenantId: t.tenant.id, id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: key }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  expect((await call(api.url, 'GET', `/api/v1/api-keys/${id}`, { token: t.adminToken })).body.status).toBe('expired');
});

test('a forged checksum or a malformed key is refused before any lookup', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { key } = await createKey(t.adminToken, { name: 'k', scopes: ['users:read'] });
  const reads = await countAppTransactions(api, async () => {
    const last = key.at(-1) === 'a' ? 'b' : 'a';
    const forgedChecksum = key.slice(0, -1) + last;
    // A different secret with the old checksum: the checksum no longer matches.
    const forgedSecret = key.replace(/_([0-9A-Za-z]{43})_/, (_m: string, s: string) => `_${s.slice(0, -1)}${s.at(-1) === 'x' ? 'y' : 'x'}_`);
    for (const token of [forgedChecksum, forgedSecret, 'snl_short', `${key}x`])
      expectProblem(await call(api.url, 'GET', '/api/v1/users', { token }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });
  expect(reads).toBe(0);
});

test('a key in the query string is refused, whatever the header says', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { key } = await createKey(t.adminToken, { name: 'q', scopes: ['users:read'] });
  for (const r of [
    await call(api.url, 'GET', `/api/v1/users?api_key=${key}`),
    await call(api.url, 'GET', `/api/v1/users?access_token=${key}`, { token: key }),
    await call(api.url, 'GET', `/api/v1/users?q=${key}`, { token: t.adminToken }),
  ] as Res[]) {
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.detail).toContain('Authorization: Bearer');
    expect(JSON.stringify(r.body)).not.toContain(key);
  }
});

test('writes made with a key are audited with the key id as actor', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { id, key } = await createKey(t.adminToken, { name: 'writer', scopes: ['users:write', 'users:read'] });
  const created = await call(api.url, 'POST', '/api/v1/users', {
    token: key,
    body: { email: `k-${Date.now()}@example.com`, displayName: 'By key' },
  });
  expect(created.status).toBe(201);
  const audit = await call(api.url, 'GET', `/api/v1/audit-logs?actorId=${id}`, { token: t.adminToken });
  expect(audit.status).toBe(200);
  expect(audit.body.items).toEqual([expect.objectContaining({ actorId: id, actorKind: 'api_key', targetId: created.body.id })]);
  // The key's own lifecycle is audited with the admin as actor.
  const own = await call(api.url, 'GET', `/api/v1/audit-logs?actorId=${t.admin.id}`, { token: t.adminToken });
  expect(
    own.body.items.some(
      (i: { action: string; targetId: string; actorKind: string }) => i.action === 'api_key.create' && i.targetId === id && i.actorKind === 'user',
    ),
  ).toBe(true);
});

test("requests made with a key count against the tenant's quota, as a user's do", async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { key } = await createKey(t.adminToken, { name: 'quota', scopes: ['users:read'] });
  const remaining = async (token: string) => Number((await call(api.url, 'GET', '/api/v1/users', { token })).headers.get('ratelimit-remaining'));
  const first = await remaining(key);
  expect(await remaining(t.adminToken)).toBe(first - 1);
  expect(await remaining(key)).toBe(first - 2);
});

test("a made-up key naming a tenant (valid checksum, unknown key) is refused and spends none of that tenant's quota", async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { key } = newApiKeySecret('not-the-server-pepper', t.tenant.id, randomUUID());
  const remaining = async () => Number((await call(api.url, 'GET', '/api/v1/users', { token: t.adminToken })).headers.get('ratelimit-remaining'));
  const before = await remaining();
  for (let i = 0; i < 3; i++) expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: key }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  expect(await remaining()).toBe(before - 1);
});
