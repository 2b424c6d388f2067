// Webhooks (issue #16): tenant admins register endpoints; each has a Standard Webhooks
// signing secret, shown once, sealed at rest, rotated with an overlap. Real: PostgreSQL,
// Redis, the API over HTTP; signatures checked with the `standardwebhooks` library, as a
// receiver would.
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { WebhookSecrets, signWebhook, webhookKey } from '@sentinel/platform';
import { WebhooksService } from '../services/api/src/modules/webhooks/service.js';
import { call, expectProblem, useApi } from './helpers/stack.js';

const { api, fx } = useApi();

const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;
const endpointBody = (over: Record<string, unknown> = {}) => ({
  url: 'https://hooks.example.com/sentinel',
  description: 'CRM sync',
  eventTypes: ['user.created', 'user.deleted'],
  ...over,
});

/** Verifies `body` signed as a delivery would be, with `secret`, as a receiver does. */
function receiverAccepts(secret: string, signatures: string, id: string, ts: number, body: string): boolean {
  try {
    new Webhook(secret).verify(body, { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signatures });
    return true;
  } catch {
    return false;
  }
}

test('a tenant admin creates, lists, changes, rotates and deletes an endpoint; the secret is shown only on creation and rotation', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const created = await call(api.url, 'POST', '/api/v1/webhooks/endpoints', { token: t.adminToken, body: endpointBody() });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    url: 'https://hooks.example.com/sentinel',
    description: 'CRM sync',
    eventTypes: ['user.created', 'user.deleted'],
    enabled: true,
    rotatedAt: null,
    previousSecretExpiresAt: null,
  });
  expect(created.body.secret).toMatch(SECRET);
  const { id, secret } = created.body;

  const list = await call(api.url, 'GET', '/api/v1/webhooks/endpoints', { token: t.adminToken });
  expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
  expect(JSON.stringify(list.body)).not.toContain(secret.slice(6));
  const one = await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken });
  expect([one.status, one.body.secret]).toEqual([200, undefined]);

  // Sealed at rest: the row holds neither the secret nor its key bytes, and opens only for this endpoint.
  const row = await fx.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { tenantId_id: { tenantId: t.tenant.id, id } } });
  expect(row.secretSealed).not.toContain(secret.slice(6, 20));
  const box = new WebhookSecrets(webhookKey(api.config)!);
  expect(box.open(row.secretSealed, t.tenant.id, id)).toBe(secret);
  expect(box.open(row.secretSealed, t.tenant.id, randomUUID())).toBeUndefined();

  const patched = await call(api.url, 'PATCH', `/api/v1/webhooks/endpoints/${id}`, {
    token: t.adminToken,
    body: { enabled: false, eventTypes: ['user.updated'], description: '  trimmed  ' },
  });
  expect(patched.status).toBe(200);
  expect(patched.body).toMatchObject({ enabled: false, eventTypes: ['user.updated'], description: 'trimmed' });

  const rotated = await call(api.url, 'POST', `/api/v1/webhooks/endpoints/${id}/rotate-secret`, { token: t.adminToken });
  expect(rotated.status).toBe(200);
  expect(rotated.body.secret).toMatch(SECRET);
  expect(rotated.body.secret).not.toBe(secret);
  expect(rotated.body.rotatedAt).not.toBeNull();
  // The previous secret keeps signing for WEBHOOK_SECRET_OVERLAP_S (24 h by default).
  const overlapMs = Date.parse(rotated.body.previousSecretExpiresAt) - Date.parse(rotated.body.rotatedAt);
  expect(overlapMs).toBe(86_400_000);
  const after = await fx.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { tenantId_id: { tenantId: t.tenant.id, id } } });
  expect(box.open(after.secretSealed, t.tenant.id, id)).toBe(rotated.body.secret);
  expect(box.open(after.previousSecretSealed!, t.tenant.id, id)).toBe(secret);

  expect((await call(api.url, 'DELETE', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken })).status).toBe(204);
  expectProblem(await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken }), 404, 'SENTINEL_NOT_FOUND');

  const audit = await call(api.url, 'GET', `/api/v1/audit-logs?targetId=${id}`, { token: t.adminToken });
  expect(audit.body.items.map((i: { action: string }) => i.action).sort()).toEqual([
    'webhook_endpoint.create',
    'webhook_endpoint.delete',
    'webhook_endpoint.rotate_secret',
    'webhook_endpoint.update',
  ]);
  expect(JSON.stringify(audit.body)).not.toContain(secret.slice(6));
});

test('the secret is in the Standard Webhooks format: a receiver verifies our signatures with it, both secrets during a rotation', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { id, secret } = (await call(api.url, 'POST', '/api/v1/webhooks/endpoints', { token: t.adminToken, body: endpointBody() })).body;
  const next = (await call(api.url, 'POST', `/api/v1/webhooks/endpoints/${id}/rotate-secret`, { token: t.adminToken })).body.secret;
  const msgId = `msg_${randomUUID()}`;
  const ts = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({ type: 'user.created', data: { id: randomUUID() } });
  const both = `${signWebhook(next, msgId, ts, body)} ${signWebhook(secret, msgId, ts, body)}`;
  // During the overlap a receiver holding either secret accepts the delivery.
  expect(receiverAccepts(secret, both, msgId, ts, body)).toBe(true);
  expect(receiverAccepts(next, both, msgId, ts, body)).toBe(true);
  // A changed body, another id, or a stranger's secret do not verify.
  expect(receiverAccepts(next, both, msgId, ts, `${body} `)).toBe(false);
  expect(receiverAccepts(next, both, `msg_${randomUUID()}`, ts, body)).toBe(false);
  expect(receiverAccepts(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, both, msgId, ts, body)).toBe(false);
});

test('bad input answers 400 naming the field; members and API keys cannot manage endpoints', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const post = (body: unknown, token = t.adminToken) => call(api.url, 'POST', '/api/v1/webhooks/endpoints', { token, body });
  for (const [body, field] of [
    [endpointBody({ url: 'ftp://hooks.example.com/' }), 'body.url'],
    [endpointBody({ url: 'https://user:pw@hooks.example.com/' }), 'body.url'],
    [endpointBody({ url: 'not a url' }), 'body.url'],
    [endpointBody({ eventTypes: [] }), 'body.eventTypes'],
    [endpointBody({ eventTypes: ['user.created', 'user.created'] }), 'body.eventTypes'],
    [endpointBody({ eventTypes: ['user.exploded'] }), 'body.eventTypes.0'],
    [{ ...endpointBody(), secret: 'whsec_mine' }, 'body.secret'],
  ] as const) {
    const r = await post(body);
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  }
  const { id } = (await post(endpointBody())).body;
  const empty = await call(api.url, 'PATCH', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken, body: {} });
  expectProblem(empty, 400, 'SENTINEL_VALIDATION_FAILED');

  expectProblem(await post(endpointBody(), t.memberToken), 403, 'SENTINEL_FORBIDDEN');
  expectProblem(await call(api.url, 'GET', '/api/v1/webhooks/endpoints', { token: t.memberToken }), 403, 'SENTINEL_FORBIDDEN');
  const key = (await call(api.url, 'POST', '/api/v1/api-keys', { token: t.adminToken, body: { name: 'k', scopes: ['users:read', 'users:write'] } })).body.key;
  expectProblem(await post(endpointBody(), key), 403, 'SENTINEL_FORBIDDEN');
  expectProblem(await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}`, { token: key }), 403, 'SENTINEL_FORBIDDEN');
});

test("another tenant's endpoint ids answer 404 on every operation", async () => {
  const a = await fx.tenantWithUsers(api.url);
  const b = await fx.tenantWithUsers(api.url);
  const { id } = (await call(api.url, 'POST', '/api/v1/webhooks/endpoints', { token: b.adminToken, body: endpointBody() })).body;
  for (const [method, path, body] of [
    ['GET', `/api/v1/webhooks/endpoints/${id}`, undefined],
    ['PATCH', `/api/v1/webhooks/endpoints/${id}`, { enabled: false }],
    ['POST', `/api/v1/webhooks/endpoints/${id}/rotate-secret`, undefined],
    ['DELETE', `/api/v1/webhooks/endpoints/${id}`, undefined],
  ] as const)
    expectProblem(await call(api.url, method, path, { token: a.adminToken, ...(body ? { body } : {}) }), 404, 'SENTINEL_NOT_FOUND');
  expect((await call(api.url, 'GET', '/api/v1/webhooks/endpoints', { token: a.adminToken })).body.items).toEqual([]);
  const still = await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}`, { token: b.adminToken });
  expect([still.status, still.body.enabled]).toEqual([200, true]);
});

test('in production only https:// URLs are taken, and without WEBHOOK_ENCRYPTION_KEY endpoints are refused with 503', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const ctx = { tenantId: t.tenant.id, userId: t.admin.id, role: 'tenant_admin' as const, plan: 'pro' as const };
  const production = new WebhooksService(api.deps.appDb, {
    key: webhookKey({ NODE_ENV: 'production', WEBHOOK_ENCRYPTION_KEY: 'k'.repeat(40) }),
    httpsOnly: true,
    overlapS: 60,
  });
  await expect(production.create(ctx, { url: 'http://hooks.example.com/', eventTypes: ['user.created'] })).rejects.toMatchObject({
    code: 'SENTINEL_VALIDATION_FAILED',
    extras: { errors: [{ field: 'body.url', message: 'must be an https:// URL' }] },
  });
  const made = await production.create(ctx, { url: 'https://hooks.example.com/', eventTypes: ['user.created'] });
  await expect(production.update(ctx, made.id, { url: 'http://hooks.example.com/' })).rejects.toMatchObject({ code: 'SENTINEL_VALIDATION_FAILED' });

  // No key in production: nothing derived from JWT_SECRET there.
  expect(webhookKey({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(64) })).toBeUndefined();
  const unconfigured = new WebhooksService(api.deps.appDb, { key: undefined, httpsOnly: true, overlapS: 60 });
  await expect(unconfigured.create(ctx, { url: 'https://hooks.example.com/', eventTypes: ['user.created'] })).rejects.toMatchObject({
    code: 'SENTINEL_UNAVAILABLE',
  });
  await expect(unconfigured.rotate(ctx, made.id)).rejects.toMatchObject({ code: 'SENTINEL_UNAVAILABLE' });
});
