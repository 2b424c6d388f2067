// The paths a platform admin and a tenant admin share (GET /jobs, /jobs/{id}, /audit-logs,
// /tenants/{id}) are declared twice: by the platform-admin router, mounted first, for
// platform admins, and by the tenant-scoped router for everyone else (route.ts
// `othersPassOn`). Real: PostgreSQL, Redis, the API over HTTP.
import { call, useApi } from './helpers/stack.js';

const { api, fx } = useApi({ RATE_LIMIT_FREE: '20', RATE_LIMIT_WINDOW_S: '60' });

test('a tenant admin passing through the platform-admin route is authenticated and counted once', async () => {
  const t = await fx.tenantWithUsers(api.url, { plan: 'free' });
  for (const [path, remaining] of [
    ['/api/v1/jobs', '19'],
    ['/api/v1/audit-logs', '18'],
    [`/api/v1/tenants/${t.tenant.id}`, '17'],
  ] as const) {
    const r = await call(api.url, 'GET', path, { token: t.adminToken });
    expect(r.status).toBe(200);
    expect(r.headers.get('ratelimit-remaining')).toBe(remaining);
  }
});

test("each role reaches its own route: platform admins any tenant's rows, tenant admins their own", async () => {
  const a = await fx.tenantWithUsers(api.url);
  const b = await fx.tenantWithUsers(api.url);
  const admin = await fx.platformAdmin(api.url);
  // Each tenant has a login in its audit log.
  const platformView = await call(api.url, 'GET', `/api/v1/audit-logs?tenantId=${b.tenant.id}`, { token: admin.token });
  expect(platformView.status).toBe(200);
  expect(platformView.body.items.length).toBeGreaterThan(0);
  expect(platformView.body.items.every((i: { tenantId: string }) => i.tenantId === b.tenant.id)).toBe(true);
  const tenantView = await call(api.url, 'GET', `/api/v1/audit-logs?tenantId=${b.tenant.id}`, { token: a.adminToken });
  expect(tenantView.body).toEqual({ items: [], nextCursor: null });
  expect((await call(api.url, 'GET', `/api/v1/tenants/${b.tenant.id}`, { token: admin.token })).body.slug).toBe(b.tenant.slug);
  expect((await call(api.url, 'GET', `/api/v1/tenants/${b.tenant.id}`, { token: a.adminToken })).status).toBe(404);
});

test('the shared paths are documented once, with both roles', async () => {
  const doc = (await call(api.url, 'GET', '/openapi.json')).body;
  expect(doc.paths['/api/v1/jobs'].get['x-sentinel-roles']).toEqual(['tenant_admin', 'platform_admin']);
  expect(doc.paths['/api/v1/audit-logs'].get['x-sentinel-roles']).toEqual(['tenant_admin', 'platform_admin']);
  expect(doc.paths['/api/v1/tenants/{id}'].get['x-sentinel-roles']).toEqual(['platform_admin', 'tenant_admin', 'member']);
});
