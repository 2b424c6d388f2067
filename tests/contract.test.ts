// The HTTP contract around the endpoints: the generated OpenAPI document, its
// rendering at /docs, security headers and CORS. Real app over HTTP.
import { Fixtures, call, expectProblem, useApi } from './helpers/stack.js';

const { api } = useApi({ CORS_ORIGINS: 'https://console.example.com' });

test('GET / describes the service', async () => {
  const r = await call(api.url, 'GET', '/');
  expect(r.body).toEqual({ name: 'sentinel-api', version: '0.1.0', docs: '/docs', openapi: '/openapi.json', health: '/api/v1/health' });
});

test('/openapi.json is OpenAPI 3.1 generated from the routes, with their schemas and security', async () => {
  const doc = (await call(api.url, 'GET', '/openapi.json')).body;
  expect(doc.openapi).toBe('3.1.0');
  const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, m]) => Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`));
  expect(ops).toEqual(
    expect.arrayContaining([
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/refresh',
      'POST /api/v1/auth/logout',
      'POST /api/v1/auth/accept-invite',
      'POST /api/v1/users/{id}/invite',
      'GET /api/v1/jobs',
      'POST /api/v1/users/imports',
      'POST /api/v1/audit-logs/exports',
      'GET /api/v1/audit-logs/exports/{id}',
      'GET /api/v1/audit-logs/exports/{id}/download',
      'GET /api/v1/jobs/{id}',
      'POST /api/v1/jobs/{id}/retry',
      'GET /api/v1/auth/me',
      'POST /api/v1/tenants',
      'GET /api/v1/tenants',
      'GET /api/v1/tenants/{id}',
      'PUT /api/v1/tenants/{id}',
      'PATCH /api/v1/tenants/{id}',
      'DELETE /api/v1/tenants/{id}',
      'POST /api/v1/users',
      'GET /api/v1/users',
      'GET /api/v1/users/{id}',
      'PUT /api/v1/users/{id}',
      'PATCH /api/v1/users/{id}',
      'DELETE /api/v1/users/{id}',
      'GET /api/v1/audit-logs',
      'GET /api/v1/health',
      'GET /api/v1/ready',
    ]),
  );
  const create = doc.paths['/api/v1/users'].post;
  const schema = create.requestBody.content['application/json'].schema;
  expect(schema.additionalProperties).toBe(false);
  expect(schema.required).toEqual(['email', 'displayName']); // no password: the user is invited
  expect(schema.properties.password.minLength).toBe(12);
  expect(schema.properties.role.enum).toEqual(['platform_admin', 'tenant_admin', 'member']);
  expect(create.security).toEqual([{ bearer: [] }]);
  expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
  const list = doc.paths['/api/v1/users'].get;
  expect(list.parameters.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({ maximum: 100, minimum: 1, default: 25 });
  expect(list.responses['200'].content['application/json'].schema.properties.items.items.properties).not.toHaveProperty('passwordHash');
  expect(create.responses['500'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
  expect(create.responses).not.toHaveProperty('default'); // an undocumented status is a contract failure
  const ids = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((m) => Object.values(m).map((o) => o.operationId));
  expect(new Set(ids).size).toBe(ids.length);
});

type Op = {
  operationId: string;
  description: string;
  security: unknown[];
  'x-sentinel-roles': string[];
  parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, any> }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};

describe('the document states what the API enforces', () => {
  let doc: { paths: Record<string, Record<string, Op>> };
  let ops: [string, Op][];
  const op = (method: string, path: string) => doc.paths[`/api/v1${path}`]![method]!;
  beforeAll(async () => {
    doc = (await call(api.url, 'GET', '/openapi.json')).body;
    ops = Object.entries(doc.paths).flatMap(([p, m]) => Object.entries(m).map(([k, o]) => [`${k.toUpperCase()} ${p}`, o] as [string, Op]));
  });

  test('who may call each operation comes from its access: x-sentinel-roles and the description agree', () => {
    for (const [name, o] of ops) {
      const roles = o['x-sentinel-roles'];
      expect({ name, isArray: Array.isArray(roles) }).toEqual({ name, isArray: true });
      if (o.security.length === 0) expect({ name, roles }).toEqual({ name, roles: [] });
      else expect({ name, some: roles.length > 0 }).toEqual({ name, some: true });
      if (roles.length > 0 && roles.length < 3) expect({ name, description: o.description }).toEqual({ name, description: expect.stringMatching(/^Only /) });
      if (roles.length < 3) expect({ name, description: o.description }).not.toEqual({ name, description: expect.stringContaining('Any authenticated') });
    }
    const platformOnly = ['post /tenants', 'get /tenants', 'put /tenants/{id}', 'delete /tenants/{id}', 'get /tenants/{id}/usage', 'post /jobs/{id}/retry'];
    for (const m of platformOnly) expect([m, op(m.split(' ')[0]!, m.split(' ')[1]!)['x-sentinel-roles']]).toEqual([m, ['platform_admin']]);
    const admins = [
      'post /users',
      'post /users/imports',
      'put /users/{id}',
      'delete /users/{id}',
      'post /users/{id}/invite',
      'get /jobs',
      'get /jobs/{id}',
      'get /jobs/{id}/events',
      'get /audit-logs',
      'patch /tenants/{id}',
    ];
    for (const m of admins) expect([m, op(m.split(' ')[0]!, m.split(' ')[1]!)['x-sentinel-roles']]).toEqual([m, ['tenant_admin', 'platform_admin']]);
    expect(op('get', '/usage')['x-sentinel-roles']).toEqual(['tenant_admin']);
    for (const m of ['get /users', 'patch /users/{id}', 'get /tenants/{id}', 'get /auth/me', 'get /auth/sessions', 'delete /auth/sessions/{id}'])
      expect([m, op(m.split(' ')[0]!, m.split(' ')[1]!)['x-sentinel-roles']]).toEqual([m, ['platform_admin', 'tenant_admin', 'member']]);
  });

  test('every error status is documented as problem+json: 400, 401, 403, 404, 413, 415, 429 where they apply', () => {
    for (const [name, o] of ops) {
      const statuses = Object.keys(o.responses);
      for (const [status, r] of Object.entries(o.responses))
        if (Number(status) >= 400 && !(name === 'GET /api/v1/ready' && status === '503'))
          expect([name, status, Object.keys(r.content ?? {})]).toEqual([name, status, ['application/problem+json']]);
      const isPublic = o.security.length === 0;
      if (!isPublic) expect([name, statuses]).toEqual([name, expect.arrayContaining(['401', '429'])]);
      if (o.parameters?.length || o.requestBody) expect([name, statuses]).toEqual([name, expect.arrayContaining(['400'])]);
      if (o.parameters?.some((p) => p.in === 'path')) expect([name, statuses]).toEqual([name, expect.arrayContaining(['404'])]);
      if (o.requestBody) expect([name, statuses]).toEqual([name, expect.arrayContaining(['413', '415'])]);
      if (!isPublic && o['x-sentinel-roles'].length < 3) expect([name, statuses]).toEqual([name, expect.arrayContaining(['403'])]);
    }
    expect(Object.keys(op('post', '/users').responses)).toEqual(expect.arrayContaining(['201', '403', '409']));
    expect(Object.keys(op('post', '/auth/login').responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
  });

  test('emails are format email; reserved slugs and cross-field rules are stated', () => {
    for (const [m, p] of [
      ['post', '/users'],
      ['put', '/users/{id}'],
      ['patch', '/users/{id}'],
      ['post', '/auth/login'],
    ] as const) {
      const email = op(m, p).requestBody!.content['application/json']!.schema.properties.email;
      expect(email).toMatchObject({ type: 'string', format: 'email', maxLength: 254, pattern: expect.any(String) });
      const re = new RegExp(email.pattern);
      expect(['a@example.com', "o'hara+tag@mail.example.co.uk"].every((e) => re.test(e))).toBe(true);
      expect(['', 'a@b', ' a@example.com', 'a@@example.com', `${'x'.repeat(65)}@example.com`].some((e) => re.test(e))).toBe(false);
    }
    expect(op('post', '/tenants').requestBody!.content['application/json']!.schema.properties.slug).toMatchObject({ not: { enum: ['platform'] } });
    expect(op('patch', '/tenants/{id}').requestBody!.content['application/json']!.schema).toMatchObject({ minProperties: 1 });
    const patchUser = op('patch', '/users/{id}').requestBody!.content['application/json']!.schema;
    expect(patchUser.anyOf).toEqual(['email', 'displayName', 'role', 'password'].map((k) => ({ required: [k] })));
    expect(patchUser.description).toMatch(/at least one field/);
    const to = op('get', '/audit-logs').parameters!.find((p) => p.name === 'to')!;
    expect(to.schema).toMatchObject({ 'x-sentinel-after': 'from', description: expect.stringContaining('after `from`') });
    expect(op('post', '/audit-logs/exports').requestBody!.content['application/json']!.schema.properties.to['x-sentinel-after']).toBe('from');
  });

  test('dates are bounded in the pattern the document gives', () => {
    for (const [m, p, name] of [
      ['get', '/audit-logs', 'from'],
      ['get', '/audit-logs', 'to'],
    ] as const) {
      const s = op(m, p).parameters!.find((x) => x.name === name)!.schema as { pattern: string; format: string; description: string };
      expect(s.format).toBe('date-time');
      expect(s.description).toMatch(/1970-01-01.*9999-12-31/);
      const re = new RegExp(s.pattern);
      for (const ok of ['1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999999Z', '2024-02-29T10:00:00.5Z']) expect([ok, re.test(ok)]).toEqual([ok, true]);
      for (const bad of ['0000-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '10000-01-01T00:00:00Z', '2023-02-29T00:00:00Z', '2024-01-01T00:00:00+01:00'])
        expect([bad, re.test(bad)]).toEqual([bad, false]);
    }
  });

  test('the Unicode policy is a pattern on every human-readable field', () => {
    const human = [
      op('post', '/users').requestBody!.content['application/json']!.schema.properties.displayName,
      op('post', '/tenants').requestBody!.content['application/json']!.schema.properties.displayName,
      op('patch', '/tenants/{id}').requestBody!.content['application/json']!.schema.properties.displayName,
      ...['action', 'targetType', 'targetId'].map((n) => op('get', '/audit-logs').parameters!.find((p) => p.name === n)!.schema),
      op('get', '/users').parameters!.find((p) => p.name === 'emailPrefix')!.schema,
      op('get', '/tenants').parameters!.find((p) => p.name === 'slugPrefix')!.schema,
      op('get', '/jobs').parameters!.find((p) => p.name === 'name')!.schema,
    ];
    for (const s of human) {
      expect(s.description).toMatch(/NFC/);
      const re = new RegExp(s.pattern as string, 'u');
      expect(re.test('Zoë 🐘 中文 مرحبا')).toBe(true);
      for (const bad of ['a\u202Eb', 'a\u200Bb', 'a\u0085b', 'a\uFDD0b', 'a\u0000b', `a${String.fromCodePoint(0x10ffff)}b`])
        expect([bad, re.test(bad)]).toEqual([bad, false]);
    }
  });

  test('cursors are documented as opaque signed tokens; bodies that are not JSON say so; logout needs no body', () => {
    for (const p of ['/users', '/tenants', '/jobs', '/audit-logs']) {
      const cursor = op('get', p).parameters!.find((x) => x.name === 'cursor')!;
      expect(cursor.schema).toMatchObject({ type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: 512 });
      expect(cursor.schema.description).toMatch(/nextCursor.*400.*query\.cursor/s);
    }
    const imports = op('post', '/users/imports');
    expect(Object.keys(imports.requestBody!.content)).toEqual(['text/csv']);
    expect(imports.requestBody!.required).toBe(true);
    expect(Object.keys(imports.responses)).toEqual(expect.arrayContaining(['202', '400', '413', '415']));
    expect(Object.keys(op('get', '/audit-logs/exports/{id}/download').responses['200']!.content!)).toEqual(['application/x-ndjson', 'text/csv']);
    expect(op('post', '/auth/logout').requestBody!.required).toBe(false);
    expect(op('post', '/auth/login').requestBody!.required).toBe(true);
  });

  test('each create links to the operations on what it created', () => {
    const links = (doc.paths['/api/v1/users']!.post!.responses['201'] as { links?: Record<string, { operationId: string; parameters: object }> }).links!;
    expect(Object.keys(links).sort()).toEqual(['deleteUsersById', 'getUsersById', 'patchUsersById', 'putUsersById']);
    expect(links.getUsersById!.parameters).toEqual({ id: '$response.body#/id' });
  });
});

test('a route refuses a role before validating its input: 403, not 400', async () => {
  const fx = new Fixtures(api.config);
  try {
    const T = await fx.tenantWithUsers(api.url);
    expectProblem(await call(api.url, 'PUT', `/api/v1/tenants/${T.tenant.id}`, { token: T.adminToken, body: { nope: 1 } }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: T.memberToken, body: { nope: 1 } }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'DELETE', `/api/v1/users/${T.admin.id}`, { token: T.memberToken }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'GET', `/api/v1/jobs/${T.admin.id}`, { token: T.memberToken }), 403, 'SENTINEL_FORBIDDEN');
    // The platform tenant holds platform admins only: granting another role there is refused, naming the field.
    const admin = await fx.platformAdmin(api.url);
    const r = await call(api.url, 'POST', '/api/v1/users', { token: admin.token, body: { email: 'x@example.com', displayName: 'X', role: 'member' } });
    expectProblem(r, 403, 'SENTINEL_FORBIDDEN');
    expect(r.body.errors).toEqual([{ field: 'body.role', message: 'must be platform_admin' }]);
  } finally {
    await fx.close();
  }
});

test("the seed's trailing-slash URLs still work", async () => {
  expect((await call(api.url, 'GET', '/api/v1/health/')).status).toBe(200);
  expect((await call(api.url, 'GET', '/api/v1/tenants/')).status).toBe(401);
});

test('/docs renders the document with Swagger UI', async () => {
  const r = await fetch(`${api.url}/docs/`);
  expect(r.status).toBe(200);
  expect(await r.text()).toContain('swagger-ui');
  const init = await fetch(`${api.url}/docs/swagger-ui-init.js`);
  expect(await init.text()).toContain('/openapi.json');
});

test('security headers on every answer, errors included', async () => {
  for (const path of ['/api/v1/health', '/api/v1/nope']) {
    const r = await fetch(api.url + path);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(r.headers.get('x-powered-by')).toBeNull();
  }
});

test('CORS answers only the configured origins', async () => {
  const ok = await fetch(`${api.url}/api/v1/users`, {
    method: 'OPTIONS',
    headers: { origin: 'https://console.example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  });
  expect(ok.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
  const bad = await fetch(`${api.url}/api/v1/users`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
  });
  expect(bad.headers.get('access-control-allow-origin')).toBeNull();
});
