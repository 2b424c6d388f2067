// Scheduled maintenance and the scheduler service. Real: PostgreSQL, Redis/BullMQ,
// compiled scheduler processes (npm test builds first), the worker pipeline in-process.
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { JobProducer, AppDb, bullConnection, createLogger, createRedis, usageKey, utcDay } from '@sentinel/platform';
import { auditRetention, purgeExpired, usageRollup } from '../services/worker/src/processors/maintenance.js';
import { call, testConfig, testEnv, useApi } from './helpers/stack.js';
import { startProcess } from './helpers/process.js';
import { useFixture } from './helpers/suite.js';
import { startTestWorker, type TestWorker } from './helpers/worker.js';

const log = createLogger({ level: 'silent', service: 'maintenance-test' });
const { api, fx } = useApi();
const redis = useFixture(
  async () => {
    const r = createRedis(api.config, log);
    await new Promise((ok) => (r.status === 'ready' ? ok(null) : r.once('ready', ok)));
    return r;
  },
  (r) => r.quit(),
);

const deps = () => ({ config: { EXPORT_RETENTION_DAYS: 7 }, platformDb: fx.db, redis });
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

test('purge-expired deletes expired refresh tokens and invitations, keeps live ones', async () => {
  const t = await fx.tenant();
  const u = await fx.user(t.id);
  const p = fx.db.prisma;
  const token = (expiresAt: Date) => ({ tenantId: t.id, id: randomUUID(), userId: u.id, familyId: randomUUID(), tokenHash: 'x', expiresAt });
  const dead = token(daysAgo(1));
  const live = token(daysAgo(-1));
  await p.refreshToken.createMany({ data: [dead, live] });
  const invite = (expiresAt: Date) => ({ tenantId: t.id, id: randomUUID(), userId: u.id, tokenHash: 'y', expiresAt });
  const deadInv = invite(daysAgo(1));
  const liveInv = invite(daysAgo(-1));
  await p.invitation.createMany({ data: [deadInv, liveInv] });
  const r = await purgeExpired(deps());
  expect(r.refreshTokens).toBeGreaterThanOrEqual(1);
  expect(r.invitations).toBeGreaterThanOrEqual(1);
  expect(await p.refreshToken.findMany({ where: { tenantId: t.id }, select: { id: true } })).toEqual([{ id: live.id }]);
  expect(await p.invitation.findMany({ where: { tenantId: t.id }, select: { id: true } })).toEqual([{ id: liveInv.id }]);
});

test("audit-retention honours each tenant's own retention", async () => {
  const short = await fx.tenant();
  const long = await fx.tenant();
  await fx.db.prisma.tenant.update({ where: { id: short.id }, data: { auditRetentionDays: 30 } });
  const row = (tenantId: string, age: number) => ({ tenantId, action: 'test.row', targetType: 'test', createdAt: daysAgo(age) });
  await fx.db.prisma.auditLog.createMany({ data: [row(short.id, 40), row(short.id, 10), row(long.id, 40)] });
  const r = await auditRetention(deps());
  expect(r.deleted).toBeGreaterThanOrEqual(1);
  const left = async (tenantId: string) => (await fx.db.prisma.auditLog.findMany({ where: { tenantId, action: 'test.row' } })).length;
  expect(await left(short.id)).toBe(1);
  expect(await left(long.id)).toBe(1);
});

test('usage-rollup counts users, active users and API requests per tenant and day; a re-run overwrites', async () => {
  const T = await fx.tenantWithUsers(api.url); // two users, two logins today
  for (let i = 0; i < 5; i++) expect((await call(api.url, 'GET', '/api/v1/users', { token: T.adminToken })).status).toBe(200);
  const today = utcDay();
  await new Promise((r) => setTimeout(r, 100)); // the counter is written without waiting
  expect(Number(await redis.get(usageKey(T.tenant.id, today)))).toBe(5);
  await usageRollup(deps(), { day: today });
  const row = await fx.db.prisma.tenantUsageDaily.findUniqueOrThrow({ where: { tenantId_day: { tenantId: T.tenant.id, day: new Date(today) } } });
  expect({ users: row.users, activeUsers: row.activeUsers, apiRequests: Number(row.apiRequests) }).toEqual({ users: 2, activeUsers: 2, apiRequests: 5 });
  await call(api.url, 'GET', '/api/v1/users', { token: T.adminToken });
  await new Promise((r) => setTimeout(r, 100));
  await usageRollup(deps(), { day: today });
  const again = await fx.db.prisma.tenantUsageDaily.findUniqueOrThrow({ where: { tenantId_day: { tenantId: T.tenant.id, day: new Date(today) } } });
  expect(Number(again.apiRequests)).toBe(6);
  // Tenants see their own usage under RLS, nobody else's.
  const app = new AppDb(api.config, log);
  const seen = await app.withTenant(T.tenant.id, (tx) => tx.tenantUsageDaily.findMany({ where: { day: new Date(today) } }));
  await app.close();
  expect(seen.map((r) => r.tenantId)).toEqual([T.tenant.id]);
});

describe('two scheduler processes at once', () => {
  const prefix = `{sched-${randomBytes(3).toString('hex')}}`;
  const procs: ChildProcess[] = [];
  let worker: TestWorker;
  let producer: JobProducer;
  let conn: ReturnType<typeof bullConnection>;

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    await worker?.close();
    await producer?.close();
    await conn?.quit();
  });

  test('each scheduled run happens once; stopping a schedule removes it', async () => {
    const env = {
      ...testEnv({}, 'scheduler'),
      QUEUE_PREFIX: prefix,
      // Tenant jobs of other tests share this database: relaying them is tests/job-relay.test.ts's business.
      JOB_RELAY_INTERVAL_S: '0',
      SCHEDULE_USAGE_ROLLUP: '* * * * * *',
      SCHEDULE_PURGE_EXPIRED: 'off',
      SCHEDULE_AUDIT_RETENTION: 'off',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
    };
    const start = async () => {
      const { proc: p, port } = await startProcess('services/scheduler/dist/main.js', {
        env,
        portVar: 'SCHEDULER_PORT',
        ready: (out) => out.includes('schedules in sync') && out.includes('sentinel-scheduler running'),
      });
      procs.push(p);
      expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
      return p;
    };
    await Promise.all([start(), start()]);

    const config = testConfig({ QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: '5' });
    const t0 = Date.now();
    worker = startTestWorker(config, log);
    await new Promise((r) => setTimeout(r, 4_500));
    await worker.running.close();
    const seconds = (Date.now() - t0) / 1000;

    conn = bullConnection(config, { forWorker: false });
    producer = new JobProducer(conn, prefix);
    const done = await producer.queue('maintenance').getJobs(['completed']);
    const runs = done.filter((j) => j.name === 'maintenance.usage-rollup');
    const times = runs.map((j) => Number(String(j.id).split(':').pop()));
    expect(new Set(times).size).toBe(runs.length);
    // Once per second from both schedulers together, not once per scheduler.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    const schedulers = await producer.queue('maintenance').getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['usage-rollup']);

    // A third scheduler with the rollup turned off removes it.
    // SIGTERM: each scheduler stops cleanly (exit 0).
    const exits = procs.map((p) => new Promise<number | null>((res) => (p.exitCode !== null ? res(p.exitCode) : p.once('exit', (code) => res(code)))));
    for (const p of procs) p.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual([0, 0]);
    env.SCHEDULE_USAGE_ROLLUP = 'off';
    env.SCHEDULE_PURGE_EXPIRED = '0 * * * *';
    await start();
    expect((await producer.queue('maintenance').getJobSchedulers()).map((s) => s.key)).toEqual(['purge-expired']);
  });
});
