// One trace, end to end, through a real trace backend. The compiled API and worker run as
// their own processes (dist/main.js, as deployed) and export their spans over OTLP with the
// SDK's own exporter, configured only by OTEL_EXPORTER_OTLP_ENDPOINT, to Jaeger: the Jaeger
// v2 binary built from the Go module by scripts/k8s/build-jaeger.sh, run all-in-one (OTLP
// receiver, in-memory storage, query API) on free loopback ports. An invitation is created
// through the API, the worker mails it, and the trace is read back through Jaeger's query
// API (api/v3), as an operator would find it: the API's HTTP server span, its PostgreSQL
// spans, the enqueue to Redis, and the worker's job span, one trace id, linked parent to child.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#local-stack';
import { Fixtures, call, login, testConfig, testEnv, uniq } from './helpers/stack.js';

const root = process.cwd();
const script = join(root, 'scripts/k8s/build-jaeger.sh');
const version = /^JAEGER_VERSION=(\S+)$/m.exec(readFileSync(script, 'utf8'))?.[1];
const jaegerBin = join(process.env.SENTINEL_K8S_CACHE ?? join(homedir(), '.cache', 'sentinel-k8s'), 'bin', `jaeger-v${version}`);

interface Proc {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(cmd: string, args: string[], env: Record<string, string>): Proc {
  const proc = spawn(cmd, args, { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  proc.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  return { proc, output: () => out, exited };
}

async function until<T>(what: string, p: Proc | undefined, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (v !== undefined) return v;
    if (p && p.proc.exitCode !== null) throw new Error(`${what}: the process exited (${p.proc.exitCode}):\n${p.output().slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${p ? `:\n${p.output().slice(-4000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(p: Proc | undefined) {
  if (!p || p.proc.exitCode !== null) return;
  p.proc.kill('SIGTERM');
  const timer = setTimeout(() => p.proc.kill('SIGKILL'), 10_000);
  await p.exited;
  clearTimeout(timer);
}

// OTLP JSON as Jaeger's api/v3 returns it: ids in hex, kinds as numbers.
interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes?: { key: string; value: OtlpValue }[];
}
interface OtlpTraces {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[];
  }[];
}
interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  service: string;
  scope: string;
  attributes: Record<string, string>;
}
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;

function flatten(t: OtlpTraces): Span[] {
  const out: Span[] = [];
  for (const rs of t.resourceSpans ?? []) {
    const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    for (const ss of rs.scopeSpans ?? [])
      for (const s of ss.spans ?? [])
        out.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId ?? '',
          name: s.name,
          kind: s.kind ?? 0,
          service,
          scope: ss.scope?.name ?? '',
          attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, String(a.value.stringValue ?? a.value.intValue ?? '')])),
        });
  }
  return out;
}

let fx: Fixtures;
let dir: string;
let jaeger: Proc | undefined;
let worker: Proc | undefined;
let api: Proc | undefined;
let query: string;
let otlp: string;
let apiUrl: string;

beforeAll(async () => {
  if (!version) throw new Error(`no JAEGER_VERSION= line in ${script}`);
  if (!existsSync(jaegerBin))
    throw new Error(`the jaeger binary is missing: ${jaegerBin}. Build it once with \`bash scripts/k8s/build-jaeger.sh\` (npm test runs it).`);
  fx = new Fixtures(testConfig());
  dir = await mkdtemp(join(tmpdir(), 'sentinel-jaeger-'));
  const [otlpPort, queryPort, queryGrpcPort] = [await freePort(), await freePort(), await freePort()];
  query = `http://127.0.0.1:${queryPort}`;
  otlp = `http://127.0.0.1:${otlpPort}`;
  // Jaeger v2 all-in-one, trimmed to what the test reads: OTLP over HTTP in, memory storage,
  // the query API out; everything on loopback, no fixed port (nor the collector's own metrics port).
  const config = `
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: info
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
  jaeger_query:
    enable_tracing: false
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${queryPort}
    grpc:
      endpoint: 127.0.0.1:${queryGrpcPort}
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${otlpPort}
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
  await writeFile(join(dir, 'jaeger.yaml'), config);
  jaeger = start(jaegerBin, ['--config', join(dir, 'jaeger.yaml')], {});
  await until('jaeger: query API', jaeger, 30_000, async () => ((await fetch(`${query}/api/v3/services`)).ok ? true : undefined));
  await until('jaeger: OTLP receiver', jaeger, 30_000, async () =>
    (await fetch(`${otlp}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).ok ? true : undefined,
  );

  // The services as deployed, with an OTLP endpoint and nothing else telemetry-specific.
  const prefix = `{jaeger-${Date.now().toString(36)}}`;
  const common = { LOG_LEVEL: 'info', HOST: '127.0.0.1', QUEUE_PREFIX: prefix, OTEL_EXPORTER_OTLP_ENDPOINT: otlp };
  const workerPort = await freePort();
  worker = start(process.execPath, [join(root, 'services/worker/dist/main.js')], testEnv({ ...common, WORKER_PORT: String(workerPort) }, 'worker'));
  const apiPort = await freePort();
  apiUrl = `http://127.0.0.1:${apiPort}`;
  api = start(process.execPath, [join(root, 'services/api/dist/main.js')], testEnv({ ...common, PORT: String(apiPort) }));
  await until('worker start', worker, 30_000, () => (worker!.output().includes('sentinel-worker running') ? true : undefined));
  await until('api start', api, 30_000, () => (api!.output().includes('sentinel-api listening') ? true : undefined));
}, 120_000);

afterAll(async () => {
  await Promise.all([stop(api), stop(worker)]);
  await stop(jaeger);
  await fx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

test('one trace in Jaeger runs from the API request through PostgreSQL and the queue into the worker', async () => {
  const t = await fx.tenant();
  const admin = await fx.user(t.id, { role: 'tenant_admin' });
  const token = await login(apiUrl, t.slug, admin.email, admin.password);
  const email = `${uniq('jaeger')}@example.com`;
  const from = new Date(Date.now() - 60_000);
  const created = await call(apiUrl, 'POST', '/api/v1/users', { token, body: { email, displayName: 'Traced through Jaeger' } });
  expect(created.status).toBe(201);

  // The worker mails the invitation; its 'job done' line names the trace it ran in.
  const done = await until('the worker runs the invitation job', worker, 30_000, () =>
    worker!
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; jobName?: string; tenantId?: string; traceId?: string })
      .find((l) => l.msg === 'job done' && l.jobName === 'user.invite' && l.tenantId === t.id),
  );
  expect(done.traceId).toMatch(/^[0-9a-f]{32}$/);

  // Found through the query API the way an operator searches: the worker's job operation.
  const search = new URLSearchParams({
    'query.service_name': 'sentinel-worker',
    'query.operation_name': 'job user.invite',
    'query.start_time_min': from.toISOString(),
    'query.start_time_max': new Date(Date.now() + 60_000).toISOString(),
    'query.num_traces': '20',
  });
  const found = await until('Jaeger finds the job span', jaeger, 45_000, async () => {
    const r = await fetch(`${query}/api/v3/traces?${search}`);
    if (!r.ok) return undefined;
    const jobs = flatten(((await r.json()) as { result: OtlpTraces }).result).filter((s) => s.name === 'job user.invite');
    return jobs.find((s) => s.traceId === done.traceId);
  });

  // The whole trace by id: both processes' spans have arrived once the API's server span and
  // the job's own PostgreSQL spans are in (each process exports in its own batches).
  const spans = await until('the whole trace in Jaeger', jaeger, 45_000, async () => {
    const r = await fetch(`${query}/api/v3/traces/${found.traceId}`);
    if (!r.ok) return undefined;
    const all = flatten(((await r.json()) as { result: OtlpTraces }).result);
    const hasServer = all.some((s) => s.service === 'sentinel-api' && s.kind === SERVER && s.attributes['http.route'] === '/api/v1/users');
    const byId = new Map(all.map((s) => [s.spanId, s]));
    const workerPg = all.some((s) => s.service === 'sentinel-worker' && s.scope === '@opentelemetry/instrumentation-pg' && byId.has(s.parentSpanId));
    return hasServer && workerPg ? all : undefined;
  });
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain = (s: Span): Span[] => {
    const out: Span[] = [];
    for (let p = byId.get(s.parentSpanId); p; p = byId.get(p.parentSpanId)) out.push(p);
    return out;
  };
  const label = (s: Span) => `${s.service}: ${s.name} (${s.scope})`;
  const tree = spans.map((s) => `${label(s)} <- ${chain(s).map(label).join(' <- ') || 'root'}`).join('\n');

  // On failure, the message shows the trace as Jaeger returned it.
  try {
    // One trace id throughout.
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([done.traceId]));

    // The root: the API's HTTP server span for the request.
    const server = spans.find((s) => s.service === 'sentinel-api' && s.kind === SERVER && s.attributes['http.route'] === '/api/v1/users');
    expect(server).toMatchObject({ name: 'POST /api/v1/users', scope: '@opentelemetry/instrumentation-http', parentSpanId: '' });
    const underServer = (s: Span) => chain(s).includes(server!);

    // PostgreSQL in the request: pg client spans below the server span, the INSERTs of the user and its invitation among them.
    const apiPg = spans.filter((s) => s.service === 'sentinel-api' && s.scope === '@opentelemetry/instrumentation-pg');
    expect(apiPg.length).toBeGreaterThan(0);
    for (const s of apiPg) expect({ span: label(s), underServer: underServer(s) }).toEqual({ span: label(s), underServer: true });
    const inserts = apiPg
      .filter((s) => s.kind === CLIENT)
      .map((s) => /^INSERT INTO (?:"public"\.)?"(\w+)"/i.exec(s.attributes['db.query.text'] ?? s.attributes['db.statement'] ?? '')?.[1]);
    expect(inserts).toEqual(expect.arrayContaining(['users', 'invitations']));

    // The queue, producer side: the enqueue's PRODUCER span below the server span, with
    // BullMQ's commands to Redis (the job added by a Lua script) as its children.
    const enqueue = spans.find((s) => s.service === 'sentinel-api' && s.name === 'enqueue user.invite');
    expect(enqueue).toMatchObject({ kind: PRODUCER, attributes: { 'messaging.system': 'bullmq', 'messaging.destination.name': 'mail' } });
    expect(underServer(enqueue!)).toBe(true);
    const redis = spans.filter((s) => s.parentSpanId === enqueue!.spanId && s.scope === '@opentelemetry/instrumentation-ioredis');
    expect(redis.map((s) => s.name)).toContain('evalsha');

    // The consumer side: the worker's job span, a child of the producer span (the context
    // the job carried from the API process to the worker process).
    const job = spans.find((s) => s.service === 'sentinel-worker' && s.name === 'job user.invite');
    expect(job).toBeDefined();
    expect(job!.attributes['messaging.system']).toBe('bullmq');
    expect(job!.parentSpanId).toBe(enqueue!.spanId);
    expect(underServer(job!)).toBe(true);
    // And the job's own work in PostgreSQL is in the same trace, below the job span.
    const workerPg = spans.filter((s) => s.service === 'sentinel-worker' && s.scope === '@opentelemetry/instrumentation-pg');
    expect(workerPg.length).toBeGreaterThan(0);
    expect(workerPg.every((s) => chain(s).includes(job!))).toBe(true);
  } catch (err) {
    (err as Error).message += `\n\nThe trace in Jaeger (span <- parent <- ...):\n${tree}`;
    throw err;
  }
}, 120_000);
