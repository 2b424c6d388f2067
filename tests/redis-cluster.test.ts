// Sentinel on a real Redis Cluster (REDIS_CLUSTER_NODES): three masters from Debian's
// redis-server, made with `redis-cli --cluster create` (tests/helpers/redis-cluster.ts). Real:
// the API over HTTP (quotas, login throttling, the cache), the worker's pipeline in this process
// (invitations mailed over SMTP, a CSV import, the usage rollup), the compiled scheduler's
// repeatable jobs, and one master stopped and started again while jobs run. Keys the API writes
// are checked on the master that serves their slot; Redis never degrades (no CROSSSLOT).
import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { Cluster, utcDay, type Config } from '@sentinel/platform';
import { startRedisCluster, type StartedRedisCluster } from './helpers/redis-cluster.js';
import { Fixtures, call, expectProblem, finalState, getUntil, startApi, testEnv, uniq, type TestApi } from './helpers/stack.js';
import { startProcess, type TestProcess } from './helpers/process.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { useWorkerStack, startTestWorker, type TestWorker } from './helpers/worker.js';
import { waitFor } from './helpers/wait.js';

let cluster: StartedRedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

/** The cluster instead of the test run's single Redis; read when a suite starts (the cluster exists by then). */
const onCluster = {
  get REDIS_URL() {
    return '';
  },
  get REDIS_CLUSTER_NODES() {
    return cluster.nodes;
  },
};
const clusterEnv = (): Record<string, string> => ({ ...onCluster });
const prefixFor = (name: string) => `{${name}-${randomBytes(3).toString('hex')}}`;
const quotaKey = (tenantId: string) => `sentinel:quota:${tenantId}`;

async function metric(api: TestApi, name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = await api.deps.metrics.registry.getSingleMetric(name)?.get();
  return (m?.values ?? []).filter((x) => Object.entries(labels).every(([k, v]) => x.labels[k] === v)).reduce((sum, x) => sum + x.value, 0);
}

test('the cluster has three masters, each serving a third of the slots', () => {
  const info = cluster.cli(cluster.masters[0]!.port, 'cluster', 'info');
  expect(info).toMatch(/cluster_state:ok/);
  expect(info).toMatch(/cluster_slots_assigned:16384/);
  expect(info).toMatch(/cluster_size:3/);
});

describe('the API on a Redis Cluster', () => {
  let api: TestApi;
  let fx: Fixtures;
  beforeAll(async () => {
    api = await startApi({
      ...clusterEnv(),
      QUEUE_PREFIX: prefixFor('rc-api'),
      RATE_LIMIT_FREE: '20',
      RATE_LIMIT_WINDOW_S: '60',
      LOGIN_MAX_FAILURES_PER_CLIENT: '3',
    });
    fx = new Fixtures(api.config);
  });
  afterAll(async () => {
    await api?.close();
    await fx?.close();
  });

  test('it connects through an ioredis Cluster, and readiness says Redis is ok', async () => {
    expect(api.deps.redis).toBeInstanceOf(Cluster);
    const r = await call(api.url, 'GET', '/api/v1/ready');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', checks: { redis: { status: 'ok' } } });
  });

  test('per-tenant quotas hold for tenants whose counters live on different masters', async () => {
    // Free tenants until two of them have their quota counter on different masters.
    const picked: { t: Awaited<ReturnType<Fixtures['tenantWithUsers']>>; port: number }[] = [];
    while (picked.length < 2) {
      const t = await fx.tenantWithUsers(api.url, { plan: 'free' });
      const port = cluster.masterOf(quotaKey(t.tenant.id)).port;
      if (!picked.some((p) => p.port === port)) picked.push({ t, port });
    }
    await Promise.all(
      picked.map(async ({ t, port }) => {
        const first = await call(api.url, 'GET', '/api/v1/users', { token: t.memberToken });
        expect(first.status).toBe(200);
        expect(first.headers.get('ratelimit-remaining')).toBe('19');
        const flood = await Promise.all(Array.from({ length: 60 }, () => call(api.url, 'GET', '/api/v1/users', { token: t.memberToken })));
        expect(flood.filter((r) => r.status === 200)).toHaveLength(19);
        const refused = flood.filter((r) => r.status === 429);
        expect(refused).toHaveLength(41);
        expectProblem(refused[0]!, 429, 'SENTINEL_RATE_LIMITED');
        expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
        // The counter is on the master that serves its slot, and counts every request.
        expect(cluster.cli(port, 'get', quotaKey(t.tenant.id)).trim()).toBe('61');
      }),
    );
  });

  test('login throttling counts per client and per account, on different masters', async () => {
    const tenant = await fx.tenant();
    const keys = (email: string) => ({
      client: `sentinel:throttle:login:client:${tenant.slug}:${email}:127.0.0.1`,
      account: `sentinel:throttle:login:account:${tenant.slug}:${email}`,
      known: `sentinel:login:known:${tenant.slug}:${email}:127.0.0.1`,
    });
    let email = '';
    do email = `${uniq('thr')}@example.com`.toLowerCase();
    while (cluster.masterOf(keys(email).client).port === cluster.masterOf(keys(email).account).port);
    const user = await fx.user(tenant.id, { email });
    const k = keys(email);
    const attempt = (password: string) => call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: tenant.slug, email, password } });
    for (let i = 0; i < 3; i++) expectProblem(await attempt('wrong-password-123'), 401, 'SENTINEL_AUTH_INVALID_CREDENTIALS');
    // The fourth attempt is refused before the password is checked, even the right one.
    const throttled = await attempt(user.password);
    expectProblem(throttled, 429, 'SENTINEL_LOGIN_THROTTLED');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(cluster.cli(cluster.masterOf(k.client).port, 'get', k.client).trim()).toBe('3');
    expect(cluster.cli(cluster.masterOf(k.account).port, 'get', k.account).trim()).toBe('3');
    // Once the client window is cleared, the owner signs in; the client is remembered, on its own master.
    await api.deps.limiter.reset(k.client);
    expect((await attempt(user.password)).status).toBe(200);
    expect(cluster.cli(cluster.masterOf(k.known).port, 'get', k.known).trim()).toBe('1');
  });

  test('the cache serves the principal lookup (tenant and user keys in different slots) and a tenant update invalidates both of its keys', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const tenantKeys = [`sentinel:cache:tenant:id:${T.tenant.id}`, `sentinel:cache:tenant:slug:${T.tenant.slug}`];
    await call(api.url, 'GET', '/api/v1/auth/me', { token: T.memberToken });
    const hits = await metric(api, 'sentinel_cache_requests_total', { cache: 'principal', result: 'hit' });
    expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: T.memberToken })).status).toBe(200);
    expect(await metric(api, 'sentinel_cache_requests_total', { cache: 'principal', result: 'hit' })).toBe(hits + 2);
    const exists = (key: string) => cluster.cli(cluster.masterOf(key).port, 'exists', key).trim();
    expect(tenantKeys.map(exists)).toEqual(['1', '1']);
    const admin = await fx.platformAdmin(api.url);
    const patched = await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: admin.token, body: { displayName: 'Renamed on a cluster' } });
    expect(patched.status).toBe(200);
    expect(tenantKeys.map(exists)).toEqual(['0', '0']);
  });

  test('no Redis operation degraded: no CROSSSLOT error, no outage', async () => {
    expect(await metric(api, 'sentinel_redis_unavailable_total')).toBe(0);
    expect(await metric(api, 'sentinel_cache_requests_total', { result: 'error' })).toBe(0);
  });
});

describe('the worker and the scheduler on a Redis Cluster', () => {
  const { prefix, api, fx, smtp } = useWorkerStack('rc-jobs', { smtp: true, api: onCluster, worker: onCluster });

  test('invitations are mailed once each', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const emails = Array.from({ length: 5 }, () => `${uniq('rc-inv')}@example.com`.toLowerCase());
    for (const email of emails)
      expect((await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email, displayName: 'Invitee' } })).status).toBe(201);
    await smtp.waitFor(() => emails.every((e) => smtp.to(e).length >= 1), 30_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(emails.map((e) => smtp.to(e).length)).toEqual(emails.map(() => 1));
  });

  test('a CSV import runs to completion and invites every imported user', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const tag = randomBytes(3).toString('hex');
    const csv = ['email,displayName,role', ...Array.from({ length: 40 }, (_, i) => `imp${i}-${tag}@example.com,Imported ${i},`)].join('\n') + '\n';
    const r = await call(api.url, 'POST', '/api/v1/users/imports', { token: T.adminToken, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(r.status).toBe(202);
    const done = await getUntil(api.url, T.adminToken, `/api/v1/jobs/${r.body.id}`, finalState, 60_000);
    expect(done).toMatchObject({ state: 'completed', result: { processed: 40, created: 40, failed: 0 } });
    await smtp.waitFor(() => smtp.messages.filter((m) => m.to.some((a) => a.endsWith(`-${tag}@example.com`))).length === 40, 30_000);
  });

  test("the usage rollup reads every tenant's request counter, whichever master holds it", async () => {
    const tenants = await Promise.all([fx.tenantWithUsers(api.url), fx.tenantWithUsers(api.url), fx.tenantWithUsers(api.url)]);
    for (const [i, T] of tenants.entries()) for (let n = 0; n <= i; n++) await call(api.url, 'GET', '/api/v1/users', { token: T.adminToken });
    await new Promise((r) => setTimeout(r, 200)); // the counter is written without waiting
    const day = utcDay();
    await api.deps.producer.enqueue('maintenance.usage-rollup', { day }, uniq('rollup'));
    await waitFor('the usage rows', async () => {
      const rows = await fx.db.prisma.tenantUsageDaily.findMany({ where: { day: new Date(day), tenantId: { in: tenants.map((t) => t.tenant.id) } } });
      return rows.length === 3 && rows;
    }).then((rows) => {
      const requests = Object.fromEntries(rows.map((r) => [r.tenantId, Number(r.apiRequests)]));
      expect(tenants.map((T) => requests[T.tenant.id])).toEqual([1, 2, 3]);
    });
  });

  test("the scheduler's repeatable jobs run on the worker", async () => {
    let scheduler: TestProcess | undefined;
    try {
      scheduler = await startProcess('services/scheduler/dist/main.js', {
        env: testEnv(
          {
            ...clusterEnv(),
            QUEUE_PREFIX: prefix,
            LOG_LEVEL: 'info',
            // Every second (six fields), so runs come quickly; the others off.
            SCHEDULE_PURGE_EXPIRED: '* * * * * *',
            SCHEDULE_AUDIT_RETENTION: 'off',
            SCHEDULE_USAGE_ROLLUP: 'off',
            JOB_RELAY_INTERVAL_S: '0',
          },
          'scheduler',
        ),
        portVar: 'SCHEDULER_PORT',
        ready: (out) => out.includes('schedules in sync'),
        timeoutMs: 30_000,
      });
      const queue = api.deps.producer.queue('maintenance');
      expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['purge-expired']);
      const runs = await waitFor(
        'three runs of purge-expired',
        async () => {
          const completed = (await queue.getCompleted()).filter((j) => j.name === 'maintenance.purge-expired');
          return completed.length >= 3 && completed;
        },
        30_000,
        200,
      );
      // Each run is its own job, `repeat:<scheduler>:<time>`, with the processor's result.
      expect(new Set(runs.map((j) => j.id)).size).toBe(runs.length);
      expect(runs[0]!.id).toMatch(/^repeat:purge-expired:\d+$/);
      expect(runs[0]!.returnvalue).toMatchObject({ refreshTokens: expect.any(Number), invitations: expect.any(Number) });
    } finally {
      if (scheduler) {
        scheduler.proc.kill('SIGTERM');
        await scheduler.exited;
      }
      await api.deps.producer.unscheduleOthers(new Set());
    }
  });
});

describe('a master restarted during a job run', () => {
  const prefix = prefixFor('rc-restart');
  let api: TestApi;
  let fx: Fixtures;
  let smtp: TestSmtp;
  let worker: TestWorker | undefined;
  beforeAll(async () => {
    // Each mail is acknowledged after 100 ms: the run lasts seconds, long enough to restart a master in.
    smtp = await startSmtp({ delayMs: () => 100 });
    api = await startApi({ ...clusterEnv(), QUEUE_PREFIX: prefix });
    fx = new Fixtures(api.config);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fx?.close();
    await smtp?.close();
  });

  test("loses nothing: every job completes exactly once, and the master's data is back", async () => {
    // BullMQ keeps every key of every queue in the prefix's hash slot: this is the master it uses.
    const master = cluster.masterOf(`${prefix}:mail:id`);
    // A counter on that master, written before the restart.
    let marker = '';
    do marker = `sentinel:quota:${uniq('marker')}`;
    while (cluster.masterOf(marker).port !== master.port);
    for (let i = 0; i < 3; i++) await api.deps.limiter.hit(marker, 600_000);

    const T = await fx.tenantWithUsers(api.url);
    const tag = randomBytes(3).toString('hex');
    const rows = 120;
    const csv = ['email,displayName,role', ...Array.from({ length: rows }, (_, i) => `rs${i}-${tag}@example.com,Restart ${i},`)].join('\n') + '\n';

    const config: Config = api.config;
    worker = startTestWorker({ ...config, SMTP_URL: smtp.url, WORKER_CONCURRENCY: 4 } as Config);
    const active = new Map<string, number>();
    const completed = new Map<string, number>();
    const failed: string[] = [];
    const count = (m: Map<string, number>) => (job: Job) => m.set(String(job.id), (m.get(String(job.id)) ?? 0) + 1);
    for (const w of worker.running.workers) {
      w.on('active', count(active));
      w.on('completed', count(completed));
      w.on('failed', (job) => failed.push(String(job?.id)));
    }

    const r = await call(api.url, 'POST', '/api/v1/users/imports', { token: T.adminToken, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(r.status).toBe(202);
    const ours = () => smtp.messages.filter((m) => m.to.some((a) => a.endsWith(`-${tag}@example.com`)));
    // The import is done and its invitations are being mailed: stop the queues' master.
    await smtp.waitFor(() => ours().length >= 10, 30_000);
    await cluster.stopNode(master);
    const mailedBeforeStop = ours().length;
    await new Promise((res) => setTimeout(res, 1_000));
    await cluster.startNode(master);
    await cluster.waitHealthy();
    expect(mailedBeforeStop).toBeLessThan(rows);

    const done = await getUntil(api.url, T.adminToken, `/api/v1/jobs/${r.body.id}`, finalState, 60_000);
    expect(done).toMatchObject({ state: 'completed', result: { processed: rows, created: rows, failed: 0 } });
    await waitFor('every invitation completed', () => completed.size === rows + 1, 60_000, 100);
    // Nothing ran twice (a job whose completion was lost would stall and run again), nothing failed.
    await new Promise((res) => setTimeout(res, 500));
    expect(failed).toEqual([]);
    expect([...active.values()].every((n) => n === 1)).toBe(true);
    expect([...completed.values()].every((n) => n === 1)).toBe(true);
    expect(active.size).toBe(rows + 1);
    // One mail per imported user.
    const perAddress = new Map<string, number>();
    for (const m of ours()) for (const a of m.to) perAddress.set(a, (perAddress.get(a) ?? 0) + 1);
    expect(perAddress.size).toBe(rows);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    // BullMQ's records and the counter survived the restart (AOF).
    expect(await api.deps.producer.queue('mail').getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed')).toEqual({
      completed: rows,
      failed: 0,
      waiting: 0,
      active: 0,
      delayed: 0,
    });
    expect(cluster.cli(master.port, 'get', marker).trim()).toBe('3');
    // Every recorded job row says completed.
    const records = await fx.db.prisma.job.groupBy({ by: ['state'], where: { tenantId: T.tenant.id }, _count: true });
    expect(records).toEqual([{ state: 'completed', _count: rows + 1 }]);
  });
});
