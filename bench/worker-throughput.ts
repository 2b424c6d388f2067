// Benchmark: no-op jobs per second through Sentinel's worker pipeline (payload
// validation, trace context, span, metrics, one log line per job) against a bare BullMQ
// Worker with a no-op processor, in the same run, on the same Redis.
// 20,000 jobs added with addBulk in batches of 1,000, removeOnComplete, concurrency 1
// and 50, prefix {bench}. Target: Sentinel at 80% or more of bare BullMQ.
// Usage: npm run bench:worker
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { pino } from 'pino';
import { AppDb, PlatformDb, createLogger, createMetrics, createRedis, loadConfig } from '@sentinel/platform';
import { startLocalStack } from '#local-stack';
import { createMailer, startWorkers } from '#worker-pipeline';

const JOBS = Number(process.env.BENCH_JOBS ?? 20_000);

const dir = await mkdtemp(join(tmpdir(), 'sentinel-bench-worker-'));
const stack = await startLocalStack({ dir, database: 'sentinel_bench', persistent: false });
const connection = { url: stack.redisUrl, maxRetriesPerRequest: null };

async function fill(prefix: string): Promise<Queue> {
  const queue = new Queue('system', { connection, prefix });
  for (let i = 0; i < JOBS; i += 1_000)
    await queue.addBulk(
      Array.from({ length: Math.min(1_000, JOBS - i) }, (_, k) => ({ name: 'system.noop', data: { payload: { n: i + k } }, opts: { removeOnComplete: true } })),
    );
  return queue;
}

async function drain(worker: Worker): Promise<number> {
  let done = 0;
  const t0 = performance.now();
  await new Promise<void>((res) => {
    worker.on('completed', () => {
      if (++done === JOBS) res();
    });
    worker.on('failed', (_job, err) => {
      throw err;
    });
    worker.run();
  });
  return JOBS / ((performance.now() - t0) / 1000);
}

async function bare(concurrency: number): Promise<number> {
  const prefix = `{bench-bare-${concurrency}}`;
  const queue = await fill(prefix);
  const worker = new Worker('system', async () => undefined, { connection, prefix, concurrency, autorun: false });
  const rate = await drain(worker);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

async function sentinel(concurrency: number): Promise<number> {
  const prefix = `{bench-sentinel-${concurrency}}`;
  const queue = await fill(prefix);
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_APP_URL: stack.urls.appUrl,
    DATABASE_PLATFORM_URL: stack.urls.platformUrl,
    REDIS_URL: stack.redisUrl,
    JWT_SECRET: stack.secrets.jwtSecret,
    INVITATION_SECRET: stack.secrets.invitationSecret,
    CORS_ORIGINS: 'https://console.example.com',
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: String(concurrency),
  });
  // Production logging (info, one line per job), written where it costs what stdout would.
  const logger = createLogger({ level: 'info', service: 'worker', destination: pino.destination({ dest: '/dev/null', sync: false }) });
  const appDb = new AppDb(config, logger);
  const platformDb = new PlatformDb(config, logger);
  const redis = createRedis(config, logger);
  const t0 = performance.now();
  const running = startWorkers({ config, logger, metrics: createMetrics('worker'), appDb, platformDb, redis, mailer: createMailer(config, logger) });
  const system = running.workers.find((w) => w.name === 'system')!;
  let done = 0;
  await new Promise<void>((res) => {
    system.on('completed', () => {
      if (++done === JOBS) res();
    });
  });
  const rate = JOBS / ((performance.now() - t0) / 1000);
  await running.close();
  await Promise.all([appDb.close(), platformDb.close(), redis.quit()]);
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

try {
  const rows: string[] = [];
  for (const c of [1, 50]) {
    const b = await bare(c);
    const s = await sentinel(c);
    console.log(`concurrency ${c}: bare BullMQ ${b.toFixed(0)} jobs/s, Sentinel worker ${s.toFixed(0)} jobs/s (${((s / b) * 100).toFixed(0)}%)`);
    rows.push(`| ${c} | ${b.toFixed(0)} | ${s.toFixed(0)} | ${((s / b) * 100).toFixed(0)}% |`);
  }
  const cpu = cpus();
  console.log(`
Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${JOBS} no-op jobs, addBulk x 1,000, removeOnComplete.

| Concurrency | bare BullMQ Worker (jobs/s) | Sentinel worker (jobs/s) | Sentinel / bare (target 80%) |
|---|---|---|---|
${rows.join('\n')}
`);
} finally {
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}
