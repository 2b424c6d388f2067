// Metrics on /metrics, traces through the OpenTelemetry instrumentations, trace ids
// in logs. Traces are checked in a separate Node process running the compiled API
// (tests/fixtures/otel-harness.mjs): instrumentation hooks module loading, which
// jest's own module system bypasses, so that is the only faithful way to test it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { call, useApi, testEnv } from './helpers/stack.js';

const { api, fx } = useApi();

/** The value of the first sample of `name` whose labels include `labels` (label order ignored). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('/metrics', () => {
  test('request durations by route template (never raw ids), pool and cache metrics, process metrics', async () => {
    const T = await fx.tenantWithUsers(api.url);
    await call(api.url, 'GET', `/api/v1/users/${T.member.id}`, { token: T.adminToken });
    await call(api.url, 'GET', `/api/v1/users/${T.admin.id}`, { token: T.adminToken });
    await call(api.url, 'GET', '/api/v1/no-such-thing');
    const r = await fetch(`${api.url}/metrics`);
    expect(r.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await r.text();
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/v1/users/:id', status: '200' })).toBe(2);
    expect(sample(text, 'http_request_duration_seconds_bucket', { le: '+Inf', route: '/api/v1/users/:id', status: '200' })).toBe(2);
    expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(T.member.id);
    expect(sample(text, 'sentinel_db_pool_connections', { pool: 'app', state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'sentinel_db_pool_connections', { pool: 'platform', state: 'waiting' })).toBe(0);
    expect(sample(text, 'sentinel_cache_requests_total', { cache: 'principal', result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'sentinel_cache_requests_total', { cache: 'principal', result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds/);
  });
});

describe('traces and logs', () => {
  test('http, express, pg and ioredis spans share the request trace; log lines carry it', async () => {
    const tenant = await fx.tenant();
    const user = await fx.user(tenant.id, { role: 'tenant_admin' });
    const env = { ...testEnv(), HARNESS_TENANT: tenant.slug, HARNESS_EMAIL: user.email, HARNESS_PASSWORD: user.password };
    const { HARNESS_TENANT, HARNESS_EMAIL, HARNESS_PASSWORD, ...configEnv } = env;
    const harness = fileURLToPath(new URL('./fixtures/otel-harness.mjs', import.meta.url));
    const out = spawnSync(process.execPath, [harness, JSON.stringify({ ...configEnv, HARNESS_TENANT, HARNESS_EMAIL, HARNESS_PASSWORD })], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(out.stderr).not.toMatch(/Error/);
    const { status, spans, logs } = JSON.parse(out.stdout) as {
      status: { login: number; list: number };
      spans: { name: string; scope: string; traceId: string; spanId: string; parentSpanId?: string; attributes: Record<string, unknown> }[];
      logs: { msg: string; route?: string; traceId?: string; requestId?: string; tenantId?: string }[];
    };
    expect(status).toEqual({ login: 200, list: 200 });
    const scopes = new Set(spans.map((s) => s.scope));
    for (const s of [
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-express',
      '@opentelemetry/instrumentation-pg',
      '@opentelemetry/instrumentation-ioredis',
    ])
      expect(scopes).toContain(s);

    const server = spans.find((s) => s.scope === '@opentelemetry/instrumentation-http' && s.attributes['http.route'] === '/api/v1/users');
    expect(server).toBeDefined();
    const inTrace = spans.filter((s) => s.traceId === server!.traceId);
    expect(inTrace.some((s) => s.scope === '@opentelemetry/instrumentation-pg')).toBe(true);
    expect(inTrace.some((s) => s.scope === '@opentelemetry/instrumentation-ioredis')).toBe(true);
    expect(inTrace.some((s) => s.scope === '@opentelemetry/instrumentation-express')).toBe(true);

    const line = logs.find((l) => l.msg === 'request' && l.route === '/api/v1/users');
    expect(line).toMatchObject({ traceId: server!.traceId, tenantId: tenant.id });
    expect(line!.requestId).toBeTruthy();
    // No secrets in logs.
    expect(JSON.stringify(logs)).not.toContain(user.password);
    expect(JSON.stringify(logs)).not.toMatch(/\$2[aby]\$/);
  });
});

test("a job's span is a child in the trace of the request that enqueued it; its log lines carry job and tenant ids", async () => {
  const tenant = await fx.tenant();
  const user = await fx.user(tenant.id, { role: 'tenant_admin' });
  const invitee = `traced-${Date.now()}@example.com`;
  const extra = { HARNESS_TENANT: tenant.slug, HARNESS_EMAIL: user.email, HARNESS_PASSWORD: user.password, HARNESS_INVITE: invitee };
  const prefix = `{otel-${Date.now().toString(36)}}`;
  const harness = fileURLToPath(new URL('./fixtures/otel-harness.mjs', import.meta.url));
  const out = spawnSync(process.execPath, [harness, JSON.stringify({ ...testEnv({ QUEUE_PREFIX: prefix }), ...extra })], { encoding: 'utf8', timeout: 60_000 });
  const { status, spans, logs } = JSON.parse(out.stdout) as {
    status: Record<string, number>;
    spans: { name: string; scope: string; traceId: string; spanId: string; parentSpanId?: string; attributes: Record<string, unknown> }[];
    logs: { msg: string; jobId?: string; jobName?: string; tenantId?: string; traceId?: string }[];
  };
  expect(status.invite).toBe(201);
  const request = spans.find((s) => s.scope === '@opentelemetry/instrumentation-http' && s.name === 'POST /api/v1/users');
  const job = spans.find((s) => s.name === 'job user.invite');
  expect(request).toBeDefined();
  expect(job).toBeDefined();
  expect(job!.traceId).toBe(request!.traceId);
  expect(spans.some((s) => s.spanId === job!.parentSpanId && s.traceId === request!.traceId)).toBe(true);
  const done = logs.find((l) => l.msg === 'job done');
  expect(done).toMatchObject({ jobName: 'user.invite', tenantId: tenant.id, traceId: request!.traceId });
  expect(done!.jobId).toBeTruthy();
});
