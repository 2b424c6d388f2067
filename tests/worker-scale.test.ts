// Several workers at once, and Redis restarted under them. Real Redis servers started
// here (one with the persistence settings the chart and compose file use), BullMQ,
// the worker pipeline in this process.
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { JobProducer, bullConnection, createLogger } from '@sentinel/platform';
import { freePort, redisServerBinary } from '#local-stack';
import { testConfig } from './helpers/stack.js';
import { waitFor } from './helpers/wait.js';
import { startTestWorker } from './helpers/worker.js';

const log = createLogger({ level: 'silent', service: 'scale-test' });

const workerSet = (overrides: Record<string, string>) => startTestWorker(testConfig(overrides), log);

test('three workers share 600 jobs and each job is processed exactly once', async () => {
  const prefix = `{scale-${randomBytes(3).toString('hex')}}`;
  const sets = [1, 2, 3].map(() => workerSet({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'system', WORKER_CONCURRENCY: '8' }));
  const seen = new Map<string, number>();
  for (const s of sets) for (const w of s.running.workers) w.on('completed', (job) => seen.set(job.id!, (seen.get(job.id!) ?? 0) + 1));
  const conn = bullConnection(process.env.REDIS_URL!, { forWorker: false });
  const producer = new JobProducer(conn, prefix);
  try {
    await producer.enqueueMany(
      'system.noop',
      Array.from({ length: 600 }, (_, n) => ({ payload: { n }, key: `n${n}` })),
    );
    await waitFor('all 600 done', () => seen.size === 600);
    await new Promise((r) => setTimeout(r, 300));
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
    const perWorker = sets.map((s) => s.running.workers.length);
    expect(perWorker).toEqual([1, 1, 1]); // WORKER_QUEUES=system: one queue each
  } finally {
    for (const s of sets) await s.close();
    await producer.close();
    await conn.quit();
  }
});

describe('Redis restarted under load', () => {
  let proc: ChildProcess | undefined;
  let dir: string;
  let port: number;

  // The persistence the chart and compose file configure: an append-only file, fsync every write.
  async function startPersistentRedis() {
    const p = spawn(
      redisServerBinary(),
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    p.stdout!.on('data', (b) => (out += b));
    await waitFor('redis ready', () => out.includes('Ready to accept connections'), 10_000);
    return p;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinel-redis-aof-'));
    port = await freePort();
    proc = await startPersistentRedis();
  });
  afterAll(() => {
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
  });

  test('jobs enqueued before the restart are all processed after it', async () => {
    const prefix = `{restart-${randomBytes(3).toString('hex')}}`;
    const url = `redis://127.0.0.1:${port}`;
    // Jobs active at the crash lose their locks with the data they were in; short locks
    // and stalled checks get them back quickly.
    const set = workerSet({
      REDIS_URL: url,
      QUEUE_PREFIX: prefix,
      WORKER_QUEUES: 'system',
      WORKER_CONCURRENCY: '4',
      WORKER_LOCK_DURATION_MS: '2000',
      WORKER_STALLED_INTERVAL_MS: '1000',
    });
    const seen = new Map<string, number>();
    for (const w of set.running.workers) w.on('completed', (job) => seen.set(job.id!, (seen.get(job.id!) ?? 0) + 1));
    const conn = bullConnection(url, { forWorker: false });
    const producer = new JobProducer(conn, prefix);
    try {
      // Workers are busy with the first jobs when Redis goes away.
      await producer.enqueueMany(
        'system.noop',
        Array.from({ length: 20_000 }, (_, n) => ({ payload: { n }, key: `a${n}` })),
      );
      await waitFor('some done', () => seen.size > 100);
      const before = seen.size;
      proc!.kill('SIGKILL'); // a crash, not a clean shutdown
      await new Promise((r) => proc!.once('exit', r));
      await new Promise((r) => setTimeout(r, 500));
      proc = await startPersistentRedis();
      await waitFor('producer reconnected', () => conn.status === 'ready');
      await producer.enqueueMany(
        'system.noop',
        Array.from({ length: 200 }, (_, n) => ({ payload: { n }, key: `b${n}` })),
      );
      // About 5 s on a quiet machine; a loaded CI machine (load average 12 on 2 cores) took over 45.
      await waitFor('all 20,200 done', () => seen.size === 20_200, 90_000);
      expect(before).toBeLessThan(20_000); // the restart really happened mid-load
      // At-least-once: a job whose completion had not reached Redis when it died runs again.
      // At most the jobs in flight (WORKER_CONCURRENCY = 4); the processors are idempotent.
      const twice = [...seen.values()].filter((c) => c > 1).length;
      expect(twice).toBeLessThanOrEqual(4);
    } finally {
      await set.close();
      await producer.close();
      await conn.quit().catch(() => undefined);
    }
  }, 150_000);
});
