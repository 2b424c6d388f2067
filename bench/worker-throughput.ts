// Benchmark: no-op jobs per second through Sentinel's worker pipeline (payload
// validation, trace context, span, metrics, one log line per job) against a bare BullMQ
// Worker with a no-op processor, in the same run, on the same Redis.
// 20,000 jobs added with addBulk in batches of 1,000, removeOnComplete, concurrency 1
// and 50, prefix {bench}. Target (issue #13): Sentinel at 90% or more of bare BullMQ.
// Single runs moved by 20 points on a shared machine, so each concurrency is measured in
// BENCH_WORKER_ROUNDS interleaved rounds, after one uncounted warm-up run per side (the
// first run in a process pays for compiling the code both share), the order alternating
// between rounds, each on a fresh queue, and the median and spread (min-max, IQR) of each side are reported, with the
// ratio of the medians and the median of the per-round ratios. Each run's rate counts from
// its first job completed to its last on both sides, so neither side's start-up (connecting,
// Sentinel's one Worker per queue) is counted as throughput: at 30,000 jobs/s a 5,000-job
// run lasts 0.17 s and a few tens of milliseconds of start-up had weighed as much as the pipeline.
// Usage: npm run bench:worker   (BENCH_QUICK=1: 5,000 jobs, 3 rounds; BENCH_JSON=<file>)
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { AppDb, PlatformDb, createLogger, logDestination, createMetrics, createRedis, loadConfig } from '@sentinel/platform';
import { readFileSync } from 'node:fs';
import { REPO_ROOT, stackEnv, startLocalStack } from '#local-stack';
import { createMailer, startWorkers } from '#worker-pipeline';
import { knob, median, quantile, writeResult } from './result.js';

const JOBS = knob('BENCH_JOBS', 20_000, 5_000);
const ROUNDS = knob('BENCH_WORKER_ROUNDS', 7, 3);
const WARMUP_JOBS = 2_000;

const dir = await mkdtemp(join(tmpdir(), 'sentinel-bench-worker-'));
const stack = await startLocalStack({ dir, database: 'sentinel_bench', persistent: false });
const connection = { url: stack.redisUrl, maxRetriesPerRequest: null };

async function fill(prefix: string, jobs: number): Promise<Queue> {
  const queue = new Queue('system', { connection, prefix });
  for (let i = 0; i < jobs; i += 1_000)
    await queue.addBulk(
      Array.from({ length: Math.min(1_000, jobs - i) }, (_, k) => ({ name: 'system.noop', data: { payload: { n: i + k } }, opts: { removeOnComplete: true } })),
    );
  return queue;
}

/**
 * Jobs per second from the first job completed to the last, the same window on both sides:
 * a worker's start (connections, and Sentinel's one Worker per queue) is not throughput.
 */
function rateOf(worker: Worker, jobs: number): Promise<number> {
  let done = 0;
  let first = 0;
  return new Promise<number>((res, rej) => {
    worker.on('completed', () => {
      if (++done === 1) first = performance.now();
      if (done === jobs) res((jobs - 1) / ((performance.now() - first) / 1000));
    });
    worker.on('failed', (_job, err) => rej(err));
  });
}

async function drain(worker: Worker, jobs: number): Promise<number> {
  const rate = rateOf(worker, jobs);
  void worker.run();
  return rate;
}

async function bare(concurrency: number, round: number, jobs = JOBS): Promise<number> {
  const prefix = `{bench-bare-${concurrency}-${round}}`;
  const queue = await fill(prefix, jobs);
  const worker = new Worker('system', async () => undefined, { connection, prefix, concurrency, autorun: false });
  const rate = await drain(worker, jobs);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

async function sentinel(concurrency: number, round: number, jobs = JOBS): Promise<number> {
  const prefix = `{bench-sentinel-${concurrency}-${round}}`;
  const queue = await fill(prefix, jobs);
  const config = loadConfig({
    NODE_ENV: 'production',
    ...stackEnv(stack),
    CORS_ORIGINS: 'https://console.example.com',
    QUEUE_PREFIX: prefix,
    WORKER_CONCURRENCY: String(concurrency),
  });
  // Production logging (info, one line per job), written where it costs what stdout would.
  const logger = createLogger({ level: 'info', service: 'worker', destination: logDestination('/dev/null') });
  const appDb = new AppDb(config, logger);
  const platformDb = new PlatformDb(config, logger);
  const redis = createRedis(config, logger);
  const running = startWorkers({ config, logger, metrics: createMetrics('worker'), appDb, platformDb, redis, mailer: createMailer(config, logger) });
  const system = running.workers.find((w) => w.name === 'system')!;
  const rate = await rateOf(system, jobs);
  await running.close();
  await Promise.all([appDb.close(), platformDb.close(), redis.quit()]);
  await queue.obliterate({ force: true });
  await queue.close();
  return rate;
}

try {
  const rows: string[] = [];
  const results: Record<string, unknown>[] = [];
  const spread = (xs: number[]) => ({
    median: median(xs),
    min: Math.min(...xs),
    max: Math.max(...xs),
    q1: quantile(xs, 0.25),
    q3: quantile(xs, 0.75),
    runs: xs,
  });
  const f0 = (x: number) => x.toFixed(0);
  for (const c of [1, 50]) {
    const s: number[] = [];
    const b: number[] = [];
    // One run of each side first, not counted: the first run of a process compiles what the
    // second reuses (BullMQ's and ioredis's code is shared), which had made round 1 Sentinel's
    // worst in every run. Then the order alternates, so neither side always runs first.
    await sentinel(c, -1, WARMUP_JOBS);
    await bare(c, -1, WARMUP_JOBS);
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        s.push(await sentinel(c, round));
        b.push(await bare(c, round));
      } else {
        b.push(await bare(c, round));
        s.push(await sentinel(c, round));
      }
      console.log(
        `concurrency ${c}, round ${round + 1}/${ROUNDS}: Sentinel ${f0(s.at(-1)!)} jobs/s, bare ${f0(b.at(-1)!)} jobs/s (${f0((s.at(-1)! / b.at(-1)!) * 100)}%)`,
      );
    }
    const S = spread(s);
    const B = spread(b);
    const pairRatios = s.map((x, i) => x / b[i]!);
    const ratio = S.median / B.median;
    results.push({ concurrency: c, sentinel: S, bare: B, ratio, pairRatio: spread(pairRatios) });
    rows.push(
      `| ${c} | ${f0(B.median)} (${f0(B.min)}–${f0(B.max)}; IQR ${f0(B.q1)}–${f0(B.q3)}) | ${f0(S.median)} (${f0(S.min)}–${f0(S.max)}; IQR ${f0(S.q1)}–${f0(S.q3)}) | ${f0(ratio * 100)}% (per round ${f0(Math.min(...pairRatios) * 100)}–${f0(Math.max(...pairRatios) * 100)}%, median ${f0(median(pairRatios) * 100)}%) |`,
    );
  }
  const bullmq = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/bullmq/package.json'), 'utf8')) as { version: string }).version;
  writeResult('worker', { jobs: JOBS, rounds: ROUNDS, bullmq, results });
  const cpu = cpus();
  console.log(`
Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; BullMQ ${bullmq}; ${JOBS} no-op jobs per run, addBulk x 1,000, removeOnComplete; one uncounted warm-up run per side, then ${ROUNDS} interleaved rounds per concurrency (Sentinel first in odd rounds, bare first in even ones).

| Concurrency | bare BullMQ Worker, jobs/s: median (min–max; IQR) | Sentinel worker, jobs/s: median (min–max; IQR) | Sentinel / bare, medians (target 90%) |
|---|---|---|---|
${rows.join('\n')}
`);
} finally {
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}
