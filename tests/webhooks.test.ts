// Webhooks (issue #16): tenant admins register endpoints; each has a Standard Webhooks
// signing secret, shown once, sealed at rest, rotated with an overlap. Events are recorded
// with the change (outbox) and delivered by the worker, signed, retried, never to a
// forbidden address. Real: PostgreSQL, Redis, the API over HTTP, the worker's BullMQ
// pipeline and a local HTTP receiver; signatures checked with the `standardwebhooks`
// library, as a receiver would.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import {
  PlatformDb,
  createLogger,
  createMetrics,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_RETRY_SCHEDULE_MS,
  WebhookSecrets,
  forbiddenAddress,
  postWebhook,
  signWebhook,
  webhookKey,
} from '@sentinel/platform';
import { WebhooksService } from '../services/api/src/modules/webhooks/service.js';
import { webhookEventBody } from '../services/api/src/modules/webhooks/schemas.js';
import { RelayRepository } from '../services/scheduler/src/relay-repository.js';
import { startJobRelay } from '../services/scheduler/src/relay.js';
import { call, expectProblem } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { waitFor } from './helpers/wait.js';
import { useWorkerStack } from './helpers/worker.js';

// The receiver listens on 127.0.0.1: the API (which refuses private IP literals in URLs) and the worker let it through.
const { api, fx } = useWorkerStack('webhooks', { api: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' }, worker: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver: records every request; answers with the next queued status for its path, else 200. */
async function startReceiver() {
  const received: Received[] = [];
  const statuses = new Map<string, number[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      const status = statuses.get(req.url ?? '')?.shift() ?? 200;
      res.writeHead(status, status >= 300 && status < 400 ? { location: 'http://127.0.0.1:1/elsewhere' } : {}).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** A fresh path on the receiver (one per endpoint). */
    url: (name: string) => `${base}/${name}-${randomUUID()}`,
    at: (url: string) => received.filter((r) => r.path === new URL(url).pathname),
    answer: (url: string, ...codes: number[]) => statuses.set(new URL(url).pathname, codes),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
const receiver = useFixture(startReceiver, (r) => r.close());

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
  const production = new WebhooksService(api.deps.appDb, api.deps.producer, api.deps.logger, {
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
  expect(webhookKey({ NODE_ENV: 'production' })).toBeUndefined();
  const unconfigured = new WebhooksService(api.deps.appDb, api.deps.producer, api.deps.logger, { key: undefined, httpsOnly: true, overlapS: 60 });
  await expect(unconfigured.create(ctx, { url: 'https://hooks.example.com/', eventTypes: ['user.created'] })).rejects.toMatchObject({
    code: 'SENTINEL_UNAVAILABLE',
  });
  await expect(unconfigured.rotate(ctx, made.id)).rejects.toMatchObject({ code: 'SENTINEL_UNAVAILABLE' });
});

// ---------------------------------------------------------------------------------------------
// Deliveries: the outbox, the worker, the receiver.
// ---------------------------------------------------------------------------------------------

async function endpoint(token: string, url: string, eventTypes: string[], over: Record<string, unknown> = {}) {
  const r = await call(api.url, 'POST', '/api/v1/webhooks/endpoints', { token, body: { url, eventTypes, ...over } });
  expect(r.status).toBe(201);
  return r.body as { id: string; secret: string };
}

const newUser = async (token: string) => {
  const r = await call(api.url, 'POST', '/api/v1/users', { token, body: { email: `w-${randomUUID()}@example.com`, displayName: 'Hooked', role: 'member' } });
  expect(r.status).toBe(201);
  return r.body as { id: string; email: string };
};

const deliveriesOf = (tenantId: string, endpointId: string) =>
  fx.db.prisma.webhookDelivery.findMany({ where: { tenantId, endpointId }, include: { event: true }, orderBy: { createdAt: 'asc' } });

/** Verifies a received request with `secret` as a receiver does; the parsed payload. */
const verify = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, {
    'webhook-id': String(r.headers['webhook-id']),
    'webhook-timestamp': String(r.headers['webhook-timestamp']),
    'webhook-signature': String(r.headers['webhook-signature']),
  }) as { type: string; version: number; timestamp: string; data: any };

test('a user created, changed and deleted reaches the subscribed endpoint, signed; the receiver verifies each with standardwebhooks', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const url = receiver.url('signed');
  const { id, secret } = await endpoint(t.adminToken, url, ['user.created', 'user.updated', 'user.deleted', 'user.invited']);
  const user = await newUser(t.adminToken);
  expect((await call(api.url, 'PATCH', `/api/v1/users/${user.id}`, { token: t.adminToken, body: { displayName: 'Renamed' } })).status).toBe(200);
  expect((await call(api.url, 'DELETE', `/api/v1/users/${user.id}`, { token: t.adminToken })).status).toBe(204);
  await waitFor('four deliveries', async () => receiver.at(url).length >= 4 || undefined);

  const payloads = receiver.at(url).map((r) => verify(secret, r));
  // Each payload is what the OpenAPI document's `webhooks` say it is.
  for (const p of payloads) expect(webhookEventBody(p.type as 'user.created').safeParse(p).error).toBeUndefined();
  const doc = (await call(api.url, 'GET', '/openapi.json')).body;
  expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  expect(doc.webhooks['user.created'].post.parameters.map((h: { name: string }) => h.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
  const byType = Object.fromEntries(payloads.map((p) => [p.type, p]));
  expect(Object.keys(byType).sort()).toEqual(['user.created', 'user.deleted', 'user.invited', 'user.updated']);
  expect(byType['user.created']!.data.user).toMatchObject({ id: user.id, email: user.email, tenantId: t.tenant.id, role: 'member', hasPassword: false });
  expect(byType['user.created']!.version).toBe(1);
  expect(byType['user.updated']!.data).toMatchObject({
    user: { id: user.id, displayName: 'Renamed' },
    changes: { displayName: { from: 'Hooked', to: 'Renamed' } },
  });
  expect(byType['user.invited']!.data.user).toEqual({ id: user.id, email: user.email });
  expect(byType['user.deleted']!.data.user).toMatchObject({ id: user.id, email: user.email });
  // The same payload as the API's user, timestamps in the same format.
  expect(byType['user.updated']!.data.user.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  // webhook-id is the recorded event's id; every delivery row says it succeeded at the first attempt.
  const rows = await deliveriesOf(t.tenant.id, id);
  expect(rows.map((d) => d.event.id).sort()).toEqual(
    receiver
      .at(url)
      .map((r) => String(r.headers['webhook-id']))
      .sort(),
  );
  await waitFor('rows recorded', async () => (await deliveriesOf(t.tenant.id, id)).every((d) => d.state === 'succeeded') || undefined);
  for (const d of await deliveriesOf(t.tenant.id, id)) expect(d).toMatchObject({ attempts: 1, lastStatus: 200, nextAttemptAt: null, lastError: null });
  // A stranger's secret does not verify.
  expect(() => verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, receiver.at(url)[0]!)).toThrow();
});

test('an event nobody subscribes to writes nothing; a disabled endpoint and another tenant get nothing', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const other = await fx.tenantWithUsers(api.url);
  const on = receiver.url('on');
  const off = receiver.url('off');
  const deletesOnly = receiver.url('deletes');
  const foreign = receiver.url('foreign');
  await endpoint(t.adminToken, on, ['user.created']);
  const disabled = await endpoint(t.adminToken, off, ['user.created'], { enabled: false });
  const deletes = await endpoint(t.adminToken, deletesOnly, ['user.deleted']);
  await endpoint(other.adminToken, foreign, ['user.created']);
  await newUser(t.adminToken);
  await waitFor('the enabled endpoint got it', async () => receiver.at(on).length === 1 || undefined);
  // The worker has nothing else pending for this tenant: the delivery above was queued with the others.
  await new Promise((r) => setTimeout(r, 500));
  expect(receiver.at(off)).toEqual([]);
  expect(receiver.at(deletesOnly)).toEqual([]);
  expect(receiver.at(foreign)).toEqual([]);
  expect(await deliveriesOf(t.tenant.id, disabled.id)).toEqual([]);
  expect(await deliveriesOf(t.tenant.id, deletes.id)).toEqual([]);
  // A tenant without endpoints records no events at all.
  const quiet = await fx.tenantWithUsers(api.url);
  await newUser(quiet.adminToken);
  expect(await fx.db.prisma.webhookEvent.count({ where: { tenantId: quiet.tenant.id } })).toBe(0);
});

test('a 500 is retried with the same webhook-id until the receiver takes it; the row shows the attempt and the next retry', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const url = receiver.url('retry');
  receiver.answer(url, 500, 302);
  const { id, secret } = await endpoint(t.adminToken, url, ['user.created']);
  await newUser(t.adminToken);
  await waitFor('the first attempt recorded', async () => (await deliveriesOf(t.tenant.id, id))[0]?.attempts === 1 || undefined);
  const [first] = await deliveriesOf(t.tenant.id, id);
  expect(first).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500, lastError: 'answered 500' });
  const wait = first!.nextAttemptAt!.getTime() - first!.updatedAt.getTime();
  expect(wait).toBe(WEBHOOK_RETRY_SCHEDULE_MS[0]);
  const endpointRow = await fx.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { tenantId_id: { tenantId: t.tenant.id, id } } });
  expect(endpointRow.failingSince).not.toBeNull();

  // Time passes: the backoff's delayed job is promoted instead of waited for. A redirect is not followed: it fails too.
  const job = () => api.deps.producer.find('webhook.deliver', `webhook.deliver-${first!.id}`);
  await waitFor('the retry is scheduled', async () => ((await (await job())?.isDelayed()) ? true : undefined));
  await (await job())!.promote();
  await waitFor('the second attempt recorded', async () => (await deliveriesOf(t.tenant.id, id))[0]?.attempts === 2 || undefined);
  expect((await deliveriesOf(t.tenant.id, id))[0]).toMatchObject({ state: 'pending', lastStatus: 302, lastError: 'redirect (302) not followed' });
  await waitFor('the retry is scheduled again', async () => ((await (await job())?.isDelayed()) ? true : undefined));
  await (await job())!.promote();
  await waitFor('delivered', async () => (await deliveriesOf(t.tenant.id, id))[0]?.state === 'succeeded' || undefined);

  const got = receiver.at(url);
  expect(got).toHaveLength(3);
  expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
  for (const r of got) expect(verify(secret, r).type).toBe('user.created');
  expect((await deliveriesOf(t.tenant.id, id))[0]).toMatchObject({ attempts: 3, lastStatus: 200, nextAttemptAt: null });
  expect((await fx.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { tenantId_id: { tenantId: t.tenant.id, id } } })).failingSince).toBeNull();
});

test('during a rotation overlap each delivery carries both signatures: receivers with the old or the new secret accept it', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const url = receiver.url('rotation');
  const { id, secret: old } = await endpoint(t.adminToken, url, ['user.created']);
  const fresh = (await call(api.url, 'POST', `/api/v1/webhooks/endpoints/${id}/rotate-secret`, { token: t.adminToken })).body.secret as string;
  await newUser(t.adminToken);
  await waitFor('delivered', async () => receiver.at(url).length === 1 || undefined);
  const [r] = receiver.at(url);
  expect(String(r!.headers['webhook-signature']).split(' ')).toHaveLength(2);
  expect(verify(old, r!).type).toBe('user.created');
  expect(verify(fresh, r!).type).toBe('user.created');

  // After the overlap, only the new secret signs.
  await fx.db.prisma.webhookEndpoint.update({
    where: { tenantId_id: { tenantId: t.tenant.id, id } },
    data: { previousSecretExpiresAt: new Date(Date.now() - 1000) },
  });
  await newUser(t.adminToken);
  await waitFor('delivered again', async () => receiver.at(url).length === 2 || undefined);
  const later = receiver.at(url)[1]!;
  expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
  expect(verify(fresh, later).type).toBe('user.created');
  expect(() => verify(old, later)).toThrow();
});

test('an endpoint failing for longer than WEBHOOK_DISABLE_AFTER_S is disabled, audited, and its admins see why', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const url = receiver.url('failing');
  receiver.answer(url, 503);
  const { id } = await endpoint(t.adminToken, url, ['user.created']);
  // It has failed for six days already (the default limit is five).
  await fx.db.prisma.webhookEndpoint.update({
    where: { tenantId_id: { tenantId: t.tenant.id, id } },
    data: { failingSince: new Date(Date.now() - 6 * 86_400_000) },
  });
  await newUser(t.adminToken);
  await waitFor(
    'disabled',
    async () => (await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken })).body.enabled === false || undefined,
  );
  const ep = (await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken })).body;
  expect(ep.disabledReason).toMatch(/every delivery failed since .* \(last: answered 503\)/);
  await waitFor('the delivery failed for good', async () => (await deliveriesOf(t.tenant.id, id))[0]?.state === 'failed' || undefined);
  const audit = await call(api.url, 'GET', `/api/v1/audit-logs?targetId=${id}&action=webhook_endpoint.disabled`, { token: t.adminToken });
  expect(audit.body.items).toEqual([expect.objectContaining({ action: 'webhook_endpoint.disabled', actorId: null })]);
  // Enabled again by an admin: the streak and the reason are cleared.
  const again = await call(api.url, 'PATCH', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken, body: { enabled: true } });
  expect(again.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
});

test("admins see an endpoint's deliveries and redeliver one with the same webhook-id; other tenants get 404", async () => {
  const t = await fx.tenantWithUsers(api.url);
  const other = await fx.tenantWithUsers(api.url);
  const url = receiver.url('redeliver');
  const { id, secret } = await endpoint(t.adminToken, url, ['user.created']);
  await newUser(t.adminToken);
  await newUser(t.adminToken);
  const list = async () => (await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}/deliveries`, { token: t.adminToken })).body.items;
  await waitFor('both delivered', async () => ((await list()).filter((d: { state: string }) => d.state === 'succeeded').length === 2 ? true : undefined));
  const items = await list();
  expect(items[0]).toMatchObject({ eventType: 'user.created', state: 'succeeded', attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null });
  expect(items[0].latencyMs).toBeGreaterThanOrEqual(0);
  expect(Date.parse(items[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(items[1].createdAt));
  expect((await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}/deliveries?limit=1`, { token: t.adminToken })).body.items).toHaveLength(1);

  const again = await call(api.url, 'POST', `/api/v1/webhooks/endpoints/${id}/deliveries/${items[1].id}/redeliver`, { token: t.adminToken });
  expect([again.status, again.body.state]).toEqual([202, 'pending']);
  await waitFor('redelivered', async () => receiver.at(url).length === 3 || undefined);
  const resent = receiver.at(url)[2]!;
  expect(resent.headers['webhook-id']).toBe(items[1].eventId);
  expect(verify(secret, resent).type).toBe('user.created');
  await waitFor('recorded', async () => ((await list()).find((d: { id: string }) => d.id === items[1].id)?.state === 'succeeded' ? true : undefined));

  for (const [method, path] of [
    ['GET', `/api/v1/webhooks/endpoints/${id}/deliveries`],
    ['POST', `/api/v1/webhooks/endpoints/${id}/deliveries/${items[1].id}/redeliver`],
  ] as const)
    expectProblem(await call(api.url, method, path, { token: other.adminToken }), 404, 'SENTINEL_NOT_FOUND');
  // A delivery id of another endpoint is not this one's.
  const mine = await endpoint(t.adminToken, receiver.url('mine'), ['user.deleted']);
  expectProblem(
    await call(api.url, 'POST', `/api/v1/webhooks/endpoints/${mine.id}/deliveries/${items[1].id}/redeliver`, { token: t.adminToken }),
    404,
    'SENTINEL_NOT_FOUND',
  );
  await call(api.url, 'PATCH', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken, body: { enabled: false } });
  expectProblem(
    await call(api.url, 'POST', `/api/v1/webhooks/endpoints/${id}/deliveries/${items[1].id}/redeliver`, { token: t.adminToken }),
    409,
    'SENTINEL_WEBHOOK_ENDPOINT_DISABLED',
  );
  expectProblem(
    await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}/deliveries?limit=1000`, { token: t.adminToken }),
    400,
    'SENTINEL_VALIDATION_FAILED',
  );
});

/** The scheduler's job relay in this process, on the suite's queues; swept by hand. */
async function startRelay(minAgeS = 0) {
  const logger = createLogger({ level: 'silent', service: 'relay-test' });
  const platformDb = new PlatformDb(api.config, logger);
  const relay = startJobRelay({
    config: { JOB_RELAY_INTERVAL_S: 0, JOB_RELAY_MIN_AGE_S: minAgeS, JOB_RELAY_BATCH: 500 },
    repo: new RelayRepository(platformDb),
    producer: api.deps.producer,
    logger,
    metrics: createMetrics('scheduler'),
  });
  return {
    sweep: () => relay.sweep(),
    close: async () => {
      await relay.close();
      await platformDb.close();
    },
  };
}

test("a delivery recorded while Redis was away is sent by the scheduler's relay, once", async () => {
  const t = await fx.tenantWithUsers(api.url);
  const url = receiver.url('relayed');
  const { id } = await endpoint(t.adminToken, url, ['user.created']);
  // The outbox rows of a change whose enqueue failed: recorded, never handed to BullMQ.
  const eventId = randomUUID();
  const deliveryId = randomUUID();
  const past = new Date(Date.now() - 60_000);
  await fx.db.prisma.webhookEvent.create({ data: { tenantId: t.tenant.id, id: eventId, type: 'user.created', payload: { user: { id: randomUUID() } } } });
  await fx.db.prisma.webhookDelivery.create({ data: { tenantId: t.tenant.id, id: deliveryId, endpointId: id, eventId, updatedAt: past } });

  const relay = await startRelay(15);
  try {
    const first = await relay.sweep();
    expect(first.enqueued).toBeGreaterThanOrEqual(1);
    await waitFor('relayed and delivered', async () => receiver.at(url).length === 1 || undefined);
    expect(receiver.at(url)[0]!.headers['webhook-id']).toBe(eventId);
    await waitFor('recorded', async () => (await deliveriesOf(t.tenant.id, id))[0]?.state === 'succeeded' || undefined);
    // Attempted now: a second sweep leaves it alone.
    await relay.sweep();
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.at(url)).toHaveLength(1);
  } finally {
    await relay.close();
  }
});

test('a finished import and audit export, and a tenant suspended then resumed, reach their subscribers', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const url = receiver.url('lifecycle');
  const { secret } = await endpoint(t.adminToken, url, ['import.completed', 'export.completed', 'tenant.suspended', 'tenant.resumed']);
  const imported = await call(api.url, 'POST', '/api/v1/users/imports', {
    token: t.adminToken,
    raw: `email,displayName\nimp-${randomUUID()}@example.com,Imported\n`,
    headers: { 'content-type': 'text/csv' },
  });
  expect(imported.status).toBe(202);
  const exported = await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: t.adminToken, body: { format: 'ndjson' } });
  expect(exported.status).toBe(202);
  await waitFor('both jobs announced', async () => receiver.at(url).length >= 2 || undefined);
  for (const p of receiver.at(url).map((r) => verify(secret, r))) expect(webhookEventBody(p.type as 'user.created').safeParse(p).error).toBeUndefined();
  const jobsDone = Object.fromEntries(
    receiver
      .at(url)
      .map((r) => verify(secret, r))
      .map((p) => [p.type, p.data]),
  );
  expect(jobsDone['import.completed']).toMatchObject({ job: { id: imported.body.id, name: 'users.import', result: expect.any(Object) } });
  expect(jobsDone['export.completed']).toMatchObject({
    job: { id: exported.body.id, name: 'audit.export', result: expect.objectContaining({ rows: expect.any(Number) }) },
  });

  // Tenant status changes are recorded by the platform admin's change and sent by the scheduler's relay.
  const admin = await fx.platformAdmin(api.url);
  const relay = await startRelay();
  try {
    for (const status of ['suspended', 'active'])
      expect((await call(api.url, 'PATCH', `/api/v1/tenants/${t.tenant.id}`, { token: admin.token, body: { status } })).status).toBe(200);
    await relay.sweep();
    await waitFor('status events', async () => receiver.at(url).length >= 4 || undefined);
  } finally {
    await relay.close();
  }
  const statuses = receiver
    .at(url)
    .map((r) => verify(secret, r))
    .filter((p) => p.type.startsWith('tenant.'));
  expect(statuses.map((p) => p.type).sort()).toEqual(['tenant.resumed', 'tenant.suspended']);
  expect(statuses.find((p) => p.type === 'tenant.suspended')!.data.tenant).toMatchObject({ id: t.tenant.id, status: 'suspended' });
});

// ---------------------------------------------------------------------------------------------
// Server-side request forgery: refused before any connection.
// ---------------------------------------------------------------------------------------------

const FORBIDDEN: [string, RegExp][] = [
  ['http://127.0.0.1:9/', /loopback/],
  ['http://127.8.9.10/', /loopback/],
  ['http://10.1.2.3/', /private/],
  ['http://172.16.0.1/', /private/],
  ['http://172.31.255.254/', /private/],
  ['http://192.168.1.1/', /private/],
  ['http://169.254.169.254/latest/meta-data/', /link-local/],
  ['http://100.64.0.1/', /carrier-grade NAT/],
  ['http://0.0.0.0/', /this network/],
  ['http://224.0.0.1/', /multicast/],
  ['http://255.255.255.255/', /broadcast/],
  ['http://0x7f.1/', /loopback/],
  ['http://2130706433/', /loopback/],
  ['http://[::1]/', /loopback/],
  ['http://[::]/', /unspecified/],
  ['http://[fc00::1]/', /unique local/],
  ['http://[fd12:3456::1]/', /unique local/],
  ['http://[fe80::1]/', /link-local/],
  ['http://[ff02::1]/', /multicast/],
  ['http://[::ffff:127.0.0.1]/', /IPv4-mapped loopback/],
  ['http://[::ffff:169.254.169.254]/', /IPv4-mapped link-local/],
  ['http://[::ffff:10.0.0.1]/', /IPv4-mapped private/],
  ['http://[64:ff9b::a9fe:a9fe]/', /NAT64 link-local/],
];

test('every forbidden address class is refused before connecting, IPv4-mapped IPv6 included; public addresses pass', async () => {
  for (const [url, why] of FORBIDDEN) {
    const r = await postWebhook(url, {}, '{}', { timeoutMs: 1000, allow: new Set() });
    expect({ url, refused: r.refused, error: r.error }).toEqual({ url, refused: true, error: expect.stringMatching(why) });
  }
  // Through DNS: the socket's own lookup checks what the name resolves to (no second lookup).
  const viaDns = await postWebhook('http://localhost:9/', {}, '{}', { timeoutMs: 1000, allow: new Set() });
  expect(viaDns).toMatchObject({ refused: true, error: expect.stringMatching(/localhost resolves to .* \(.*loopback\)/) });
  for (const ok of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1', '100.128.0.1']) expect(forbiddenAddress(ok)).toBeUndefined();
  // The allow-list lets a named host or address through (tests, laptops).
  expect(forbiddenAddress('127.0.0.1')).toBe('loopback');
  const allowed = await postWebhook(`${receiver.url('allowed')}`, {}, '{}', { timeoutMs: 2000, allow: new Set(['127.0.0.1']) });
  expect(allowed).toMatchObject({ ok: true, status: 200 });
});

test('the API refuses a URL whose IP address is forbidden, naming body.url; the allow-list and public addresses pass', async () => {
  const t = await fx.tenantWithUsers(api.url);
  for (const [url, why] of [
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is not a public address: link-local/],
    ['http://10.1.2.3/hook', /private/],
    // Normalised first: a decimal host is the address it spells (127.0.0.1 is allowed in this suite).
    ['http://2852039166/', /^169\.254\.169\.254 is not a public address: link-local/],
    ['http://[::1]:8080/', /^::1 is not a public address: loopback/],
    ['http://[::ffff:10.0.0.1]/', /IPv4-mapped private/],
  ] as const) {
    const r = await call(api.url, 'POST', '/api/v1/webhooks/endpoints', { token: t.adminToken, body: endpointBody({ url }) });
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.errors).toEqual([{ field: 'body.url', message: expect.stringMatching(why) }]);
  }
  const { id } = await endpoint(t.adminToken, 'http://127.0.0.1:9/allowed', ['user.created']);
  const moved = await call(api.url, 'PATCH', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken, body: { url: 'http://192.168.1.1/' } });
  expectProblem(moved, 400, 'SENTINEL_VALIDATION_FAILED');
  expect(moved.body.errors).toEqual([{ field: 'body.url', message: expect.stringMatching(/192\.168\.1\.1 is not a public address: private/) }]);
  expect((await call(api.url, 'PATCH', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken, body: { url: 'http://93.184.215.14/' } })).status).toBe(200);
  expect(await fx.db.prisma.webhookEndpoint.count({ where: { tenantId: t.tenant.id } })).toBe(1);
});

test('the worker refuses an endpoint at a forbidden address for good, with the reason on the delivery', async () => {
  const t = await fx.tenantWithUsers(api.url);
  // The API refuses IP literals; a host name is only checked at delivery (what it resolves to
  // then), so the worker's check is what counts. Written here as a row the API never saw.
  const { id } = await endpoint(t.adminToken, 'https://hooks.example.com/', ['user.created']);
  await fx.db.prisma.webhookEndpoint.update({
    where: { tenantId_id: { tenantId: t.tenant.id, id } },
    data: { url: 'http://169.254.169.254/latest/meta-data/' },
  });
  await newUser(t.adminToken);
  await waitFor('refused', async () => (await deliveriesOf(t.tenant.id, id))[0]?.state === 'failed' || undefined);
  const [d] = await deliveriesOf(t.tenant.id, id);
  expect(d).toMatchObject({ attempts: 1, lastStatus: null, nextAttemptAt: null, lastError: expect.stringMatching(/link-local/) });
});
