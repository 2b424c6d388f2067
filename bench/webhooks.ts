// Benchmark: webhook deliveries per second through Sentinel's worker (the delivery row read
// under RLS, the secret opened, the body signed, the SSRF-checked POST, the row written back)
// to a local receiver, against bare HTTP POSTs of the same body from Node (http.request, no
// keep-alive, as the worker sends them) at the same concurrency, in the same run.
// Usage: npm run bench:webhooks   (BENCH_QUICK=1: 500 deliveries; BENCH_WEBHOOKS=<n>; BENCH_JSON=<file>)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  AppDb,
  JobProducer,
  PlatformDb,
  Provisioning,
  WebhookSecrets,
  createLogger,
  logDestination,
  createMetrics,
  createRedis,
  loadConfig,
  newWebhookSecret,
  webhookKey,
} from '@sentinel/platform';
import { stackEnv, startLocalStack } from '#local-stack';
import { createMailer, startWorkers } from '#worker-pipeline';
import { knob, writeResult } from './result.js';

const N = knob('BENCH_WEBHOOKS', 3_000, 500);
const CONCURRENCY = [1, 20];

const dir = await mkdtemp(join(tmpdir(), 'sentinel-bench-webhooks-'));
const stack = await startLocalStack({ dir, database: 'sentinel_bench', persistent: false });

let received = 0;
let onReceived: (() => void) | undefined;
const receiver = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(204).end();
    received++;
    onReceived?.();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
const untilReceived = (n: number) =>
  new Promise<void>((resolve) => {
    onReceived = () => {
      if (received >= n) resolve();
    };
    onReceived();
  });

const body = JSON.stringify({ type: 'user.created', version: 1, timestamp: new Date().toISOString(), data: { user: { id: randomUUID() } } });

async function bare(concurrency: number): Promise<number> {
  received = 0;
  let next = 0;
  const t0 = performance.now();
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        url,
        { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < N) await post();
    }),
  );
  return N / ((performance.now() - t0) / 1000);
}

async function sentinel(concurrency: number, round: string): Promise<number> {
  const prefix = `{bench-webhooks-${round}}`;
  const config = loadConfig({
    NODE_ENV: 'production',
    ...stackEnv(stack),
    CORS_ORIGINS: 'https://console.example.com',
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: String(concurrency),
    WORKER_QUEUES: 'webhooks',
    WEBHOOK_ENCRYPTION_KEY: '4e8f1a9c2b7d3e6f0a5c8b1d4e7f2a9c6b3d0e5f',
    WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
  });
  const logger = createLogger({ level: 'info', service: 'worker', destination: logDestination('/dev/null') });
  const platformDb = new PlatformDb(config, logger);
  const appDb = new AppDb(config, logger);
  const redis = createRedis(config, logger);
  // One tenant, one endpoint, N events each with its delivery: what N user changes would record.
  const tenant = await new Provisioning(platformDb).createTenant(
    { tenantId: '00000000-0000-4000-8000-000000000000', userId: null as unknown as string },
    {
      slug: `bench-${round}`,
      displayName: 'Bench',
      plan: 'enterprise',
    },
  );
  const endpointId = randomUUID();
  const secrets = new WebhookSecrets(webhookKey(config)!);
  const deliveries: string[] = [];
  await platformDb.transaction(async (tx) => {
    await tx.webhookEndpoint.create({
      data: { tenantId: tenant.id, id: endpointId, url, eventTypes: ['user.created'], secretSealed: secrets.seal(newWebhookSecret(), tenant.id, endpointId) },
    });
    for (let i = 0; i < N; i += 1_000) {
      const events = Array.from({ length: Math.min(1_000, N - i) }, () => ({
        tenantId: tenant.id,
        id: randomUUID(),
        type: 'user.created',
        payload: { user: { id: randomUUID() } },
      }));
      await tx.webhookEvent.createMany({ data: events });
      const rows = events.map((e) => ({ tenantId: tenant.id, id: randomUUID(), endpointId, eventId: e.id }));
      await tx.webhookDelivery.createMany({ data: rows });
      deliveries.push(...rows.map((r) => r.id));
    }
  });
  const producerRedis = createRedis(config, logger);
  const producer = new JobProducer(producerRedis, prefix);
  for (let i = 0; i < deliveries.length; i += 1_000)
    await producer.enqueueMany(
      'webhook.deliver',
      deliveries.slice(i, i + 1_000).map((deliveryId) => ({ payload: { tenantId: tenant.id, deliveryId }, key: deliveryId })),
    );
  received = 0;
  const t0 = performance.now();
  const running = startWorkers({ config, logger, metrics: createMetrics('worker'), appDb, platformDb, redis, mailer: createMailer(config, logger) });
  await untilReceived(N);
  const rate = N / ((performance.now() - t0) / 1000);
  await running.close();
  await producer.queue('webhooks').obliterate({ force: true });
  await producer.close();
  await Promise.all([appDb.close(), platformDb.close(), redis.quit(), producerRedis.quit()]);
  return rate;
}

try {
  const results: { concurrency: number; sentinel: number; bare: number; ratio: number }[] = [];
  for (const c of CONCURRENCY) {
    const s = await sentinel(c, `c${c}`);
    const b = await bare(c);
    results.push({ concurrency: c, sentinel: s, bare: b, ratio: s / b });
    console.log(`concurrency ${c}: Sentinel ${s.toFixed(0)} deliveries/s, bare POSTs ${b.toFixed(0)}/s (${((s / b) * 100).toFixed(0)}%)`);
  }
  writeResult('webhooks', { deliveries: N, results });
  const cpu = cpus();
  console.log(`
Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${N} deliveries per run to a local receiver answering 204.

| Concurrency | bare Node POSTs/s | Sentinel deliveries/s | Sentinel / bare |
|---|---|---|---|
${results.map((r) => `| ${r.concurrency} | ${r.bare.toFixed(0)} | ${r.sentinel.toFixed(0)} | ${(r.ratio * 100).toFixed(0)}% |`).join('\n')}
`);
} finally {
  receiver.closeAllConnections();
  receiver.close();
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}
