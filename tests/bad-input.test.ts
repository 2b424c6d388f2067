// Bad input gets a 4xx problem+json naming the field at fault, and writes nothing.
// Real PostgreSQL, Redis and HTTP; counts are read straight from the database.
import { call, expectProblem, useApi, uniq } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const { api, fx } = useApi({ BODY_LIMIT_BYTES: '4096' });
const T = useFixture(() => fx.tenantWithUsers(api.url));
const admin = useFixture(() => fx.platformAdmin(api.url));

async function counts() {
  const p = fx.db.prisma;
  return { users: await p.user.count(), tenants: await p.tenant.count(), audit: await p.auditLog.count() };
}

const validUser = () => ({ email: `${uniq('ok')}@example.com`, displayName: 'Valid', password: 'a-long-password-1' });

describe('nothing is written for a refused request', () => {
  let before: Awaited<ReturnType<typeof counts>>;
  beforeAll(async () => {
    before = await counts();
  });
  afterAll(async () => {
    expect(await counts()).toEqual(before);
  });

  test('malformed JSON', async () => {
    for (const raw of ['{"email": ', '{email: "x"}', "{'a':1}", '[1,2', 'null', '"just a string"', '12'])
      expect([400]).toContain((await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, raw })).status);
    const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, raw: '{"email": ' });
    expectProblem(r, 400, 'SENTINEL_MALFORMED_JSON');
  });

  test('wrong types name each field', async () => {
    const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email: 42, displayName: ['x'], role: 'god', password: true } });
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    const fields = r.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['body.displayName', 'body.email', 'body.password', 'body.role']);
  });

  test('unknown fields are refused, by name', async () => {
    const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { ...validUser(), tenantId: T.tenant.id, isAdmin: true } });
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.errors[0].field).toBe('body.tenantId, body.isAdmin');
  });

  test('oversized body: 413', async () => {
    const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { ...validUser(), displayName: 'x'.repeat(10_000) } });
    expectProblem(r, 413, 'SENTINEL_PAYLOAD_TOO_LARGE');
  });

  test('not JSON: 415', async () => {
    const r = await call(api.url, 'POST', '/api/v1/users', {
      token: T.adminToken,
      raw: 'email=a@b.c',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectProblem(r, 415, 'SENTINEL_UNSUPPORTED_MEDIA_TYPE');
  });

  test('odd Unicode: NUL, control characters, lone surrogates', async () => {
    for (const displayName of ['a\u0000b', 'bell\u0007', '\ud800lone', 'tab\tinside']) {
      const raw = JSON.stringify({ ...validUser(), displayName });
      const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, raw });
      expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
      expect(r.body.errors[0].field).toBe('body.displayName');
    }
    // NUL in query filters
    // (Invalid UTF-8 in a query string decodes to U+FFFD, a valid character: nothing to refuse.)
    for (const q of ['emailPrefix=%00', 'emailPrefix=a%0Ab'])
      expectProblem(await call(api.url, 'GET', `/api/v1/users?${q}`, { token: T.adminToken }), 400, 'SENTINEL_VALIDATION_FAILED');
    for (const q of ['action=%00', 'targetId=a%00b', 'targetType=%01'])
      expectProblem(await call(api.url, 'GET', `/api/v1/audit-logs?${q}`, { token: T.adminToken }), 400, 'SENTINEL_VALIDATION_FAILED');
    expectProblem(await call(api.url, 'GET', '/api/v1/tenants?slugPrefix=%00', { token: admin.token }), 400, 'SENTINEL_VALIDATION_FAILED');
  });

  test('short, overlong and guessable passwords', async () => {
    let r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { ...validUser(), password: 'short' } });
    expect(r.body.errors[0]).toEqual({ field: 'body.password', message: 'must be at least 12 characters' });
    r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { ...validUser(), password: 'x'.repeat(1025) } });
    expect(r.body.errors[0]).toEqual({ field: 'body.password', message: 'must be at most 1024 characters' });
    r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { ...validUser(), password: 'é'.repeat(40) } });
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.errors[0].field).toBe('body.password');
  });

  test('duplicate email (any case) is a 409 with the field', async () => {
    const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { ...validUser(), email: T.member.email.toUpperCase() } });
    expectProblem(r, 409, 'SENTINEL_USER_EMAIL_TAKEN');
    expect(r.body.errors[0].field).toBe('body.email');
  });

  test('huge, negative and non-numeric limits; repeated parameters; bad cursors and sorts', async () => {
    for (const q of [
      'limit=101',
      'limit=1000000000000',
      'limit=-1',
      'limit=0',
      'limit=abc',
      'limit=1.5',
      'limit=1&limit=2',
      'cursor=%7B%7D',
      'cursor=bm90LWpzb24',
      'sort=password',
      'role=god',
      'unknown=1',
    ]) {
      const r = await call(api.url, 'GET', `/api/v1/users?${q}`, { token: T.adminToken });
      expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
      expect(r.body.errors[0].field).toMatch(/^query\./);
    }
  });

  test('malformed ids in the path', async () => {
    for (const id of ['not-a-uuid', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g']) {
      const r = await call(api.url, 'GET', `/api/v1/users/${encodeURIComponent(id)}`, { token: T.adminToken });
      expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
      expect(r.body.errors[0].field).toBe('params.id');
    }
  });

  test('invalid tenant input from a platform admin', async () => {
    for (const body of [
      { slug: 'Has Spaces', displayName: 'x' },
      { slug: 'platform', displayName: 'x' },
      { slug: '-bad', displayName: 'x' },
      { slug: 'ok', displayName: '' },
      { slug: 'ok', displayName: 'x', plan: 'gold' },
    ]) {
      const r = await call(api.url, 'POST', '/api/v1/tenants', { token: admin.token, body });
      expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    }
    expectProblem(await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: admin.token, body: {} }), 400, 'SENTINEL_VALIDATION_FAILED');
    expectProblem(
      await call(api.url, 'PATCH', '/api/v1/tenants/00000000-0000-4000-8000-000000000000', { token: admin.token, body: { status: 'suspended' } }),
      409,
      'SENTINEL_TENANT_RESERVED',
    );
    expectProblem(
      await call(api.url, 'DELETE', '/api/v1/tenants/00000000-0000-4000-8000-000000000000?confirm=platform', { token: admin.token }),
      409,
      'SENTINEL_TENANT_RESERVED',
    );
  });

  test('unknown routes and methods', async () => {
    expectProblem(await call(api.url, 'GET', '/api/v1/nope'), 404, 'SENTINEL_ROUTE_NOT_FOUND');
    const r = await call(api.url, 'DELETE', '/api/v1/users', { token: T.adminToken });
    expectProblem(r, 405, 'SENTINEL_METHOD_NOT_ALLOWED');
    expect(r.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
  });
});

describe('hostile but valid strings are stored as data, never run', () => {
  test('SQL-looking and exotic Unicode values round-trip unchanged', async () => {
    // (Bidi overrides and other invisible characters are refused: tests/input-hygiene.test.ts.)
    for (const displayName of ["Robert'); DROP TABLE users;--", '" OR 1=1 --', '$1 $$ \\x00', 'Zoë 🐘 ß 中文', 'مرحبا עברית']) {
      const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { ...validUser(), displayName } });
      expect(r.status).toBe(201);
      expect(r.body.displayName).toBe(displayName);
      const back = await call(api.url, 'GET', `/api/v1/users/${r.body.id}`, { token: T.adminToken });
      expect(back.body.displayName).toBe(displayName);
    }
    const search = await call(api.url, 'GET', `/api/v1/users?emailPrefix=${encodeURIComponent("' OR ''='")}`, { token: T.adminToken });
    expect(search.status).toBe(200);
    expect(search.body.items).toEqual([]);
    expect(await fx.db.prisma.user.count({ where: { tenantId: T.tenant.id } })).toBeGreaterThan(5);
  });
});
