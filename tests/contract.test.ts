// The HTTP contract around the endpoints: the generated OpenAPI document, its
// rendering at /docs, security headers and CORS. Real app over HTTP.
import { call, startApi, type TestApi } from './helpers/stack.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi({ CORS_ORIGINS: 'https://console.example.com' });
});
afterAll(() => api.close());

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
  expect(create.responses.default.content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
  const ids = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((m) => Object.values(m).map((o) => o.operationId));
  expect(new Set(ids).size).toBe(ids.length);
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
