// Nothing lost when Redis is away. Tenant jobs are recorded in PostgreSQL with the
// request that asks for them; one recorded while Redis is down has no BullMQ job. The
// scheduler's relay enqueues it once Redis is back, under the producer's job id, and the
// work runs once. Real processes as deployed (two scheduler replicas, a worker), a real
// redis-server stopped and started here, real PostgreSQL.
import { randomBytes } from 'node:crypto';
import { freePort, startRedis, type StartedRedis } from '#local-stack';
import { Fixtures, call, startApi, testEnv, type TestApi } from './helpers/stack.js';
import { startProcess, type TestProcess } from './helpers/process.js';
import { waitFor } from './helpers/wait.js';

interface Proc extends TestProcess {
  metric(name: string, labels?: string): Promise<number>;
}

async function startService(service: 'worker' | 'scheduler', env: Record<string, string>, ready: string): Promise<Proc> {
  const p = await startProcess(`services/${service}/dist/main.js`, {
    env: testEnv({ ...env, LOG_LEVEL: 'info' }, service),
    portVar: service === 'worker' ? 'WORKER_PORT' : 'SCHEDULER_PORT',
    ready: (out) => out.includes(ready),
    timeoutMs: 30_000,
  });
  return {
    ...p,
    metric: async (name, labels = '') => {
      const text = await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text();
      const line = text.split('\n').find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && l.includes(labels));
      return line ? Number(line.split(' ')[1]) : NaN;
    },
  };
}

/** Log lines of a process that say it relayed this job. */
const relayed = (p: Proc, jobId: string) =>
  p
    .output()
    .split('\n')
    .filter((l) => l.includes('"msg":"relayed a recorded job BullMQ did not have"') && l.includes(jobId)).length;

describe('jobs recorded while Redis is down', () => {
  let redis: StartedRedis;
  let port: number;
  let api: TestApi;
  let fx: Fixtures;
  const procs: Proc[] = [];
  const prefix = `{relay-${randomBytes(3).toString('hex')}}`;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    api = await startApi({ REDIS_URL: redis.url, QUEUE_PREFIX: prefix });
    fx = new Fixtures(api.config);
  });
  afterAll(async () => {
    for (const p of procs) if (p.proc.exitCode === null) p.proc.kill('SIGKILL');
    await api.close();
    await fx.close();
    await redis.stop();
  });

  test('complete with no human action once Redis is back, each exactly once', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const job = (id: string) => fx.db.prisma.job.findUniqueOrThrow({ where: { tenantId_id: { tenantId: T.tenant.id, id } } });
    const exportNow = async () => {
      const r = await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: T.adminToken, body: { format: 'csv' } });
      expect(r.status).toBe(202);
      return r.body.id as string;
    };

    // Enqueued before the outage; this Redis keeps nothing on disk, so the job dies with it.
    const lost = await exportNow();
    await redis.stop();
    const tag = randomBytes(3).toString('hex');
    const emails = Array.from({ length: 5 }, (_, i) => `relay${i}-${tag}@example.com`);
    const asked = Date.now();
    const imported = await call(api.url, 'POST', '/api/v1/users/imports', {
      token: T.adminToken,
      raw: ['email,displayName', ...emails.map((e, i) => `${e},Relay ${i}`)].join('\n') + '\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(202);
    const importId = imported.body.id as string;
    const exportId = await exportNow();
    // Recorded and answered at once: the enqueue gives up on the absent Redis within a second.
    expect(Date.now() - asked).toBeLessThan(4_000);
    const recovered = [lost, importId, exportId];
    for (const id of [importId, exportId]) expect(await job(id)).toMatchObject({ state: 'queued', attempts: 0 });

    // Two scheduler replicas start while Redis is still down: one leads and reports the backlog.
    const env = {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      JOB_RELAY_INTERVAL_S: '1',
      JOB_RELAY_MIN_AGE_S: '1',
      SCHEDULE_PURGE_EXPIRED: 'off',
      SCHEDULE_AUDIT_RETENTION: 'off',
      SCHEDULE_USAGE_ROLLUP: 'off',
    };
    const schedulers = [await startService('scheduler', env, 'sentinel-scheduler running'), await startService('scheduler', env, 'sentinel-scheduler running')];
    procs.push(...schedulers);
    await waitFor('one leader reports the backlog', async () => {
      const leaders = await Promise.all(schedulers.map((s) => s.metric('sentinel_job_relay_leader')));
      const backlog = await Promise.all(schedulers.map((s) => s.metric('sentinel_job_relay_backlog')));
      return leaders.sort().join() === '0,1' && Math.max(...backlog) >= recovered.length;
    });

    redis = await startRedis(port);
    await waitFor('the relay enqueued the three jobs BullMQ lacks', () => recovered.every((id) => schedulers.some((s) => relayed(s, id) > 0)));
    // A job enqueued the normal way, and old enough for the relay to look at: left alone.
    await waitFor('the API is connected again', () => api.deps.redis.status === 'ready');
    const normal = await exportNow();
    expect(await api.deps.producer.find('audit.export', `audit.export-${normal}`)).toBeTruthy();
    await new Promise((r) => setTimeout(r, 3_000));

    procs.push(await startService('worker', { REDIS_URL: redis.url, QUEUE_PREFIX: prefix }, 'sentinel-worker running'));
    const all = [...recovered, normal];
    await waitFor('every job completed', async () => (await Promise.all(all.map(job))).every((j) => j.state === 'completed'));

    // Let the relay sweep a few more times: nothing runs again.
    await new Promise((r) => setTimeout(r, 3_500));
    for (const id of all) expect(await job(id)).toMatchObject({ state: 'completed', attempts: 1 });
    for (const id of recovered) expect(schedulers.map((s) => relayed(s, id)).sort()).toEqual([0, 1]);
    expect(schedulers.map((s) => relayed(s, normal))).toEqual([0, 0]);
    const users = await fx.db.prisma.user.findMany({ where: { tenantId: T.tenant.id, email: { in: emails } }, select: { id: true } });
    expect(users).toHaveLength(emails.length);
    expect(await fx.db.prisma.invitation.count({ where: { tenantId: T.tenant.id, userId: { in: users.map((u) => u.id) } } })).toBe(emails.length);
    expect((await job(importId)).result).toMatchObject({ created: emails.length, failed: 0 });
    expect((await call(api.url, 'GET', `/api/v1/audit-logs/exports/${exportId}/download`, { token: T.adminToken })).status).toBe(200);

    const leader = (await Promise.all(schedulers.map((s) => s.metric('sentinel_job_relay_leader')))).indexOf(1);
    expect(await schedulers[leader]!.metric('sentinel_job_relay_enqueued_total', 'job="users.import"')).toBeGreaterThanOrEqual(1);
    expect(await schedulers[leader]!.metric('sentinel_job_relay_enqueued_total', 'job="audit.export"')).toBeGreaterThanOrEqual(2);
    expect(await schedulers[leader]!.metric('sentinel_job_relay_backlog')).toBe(0);
    expect(await schedulers[1 - leader]!.metric('sentinel_job_relay_enqueued_total', 'job="audit.export"')).toBeNaN();

    // A replica that stops hands leadership over.
    schedulers[leader]!.proc.kill('SIGTERM');
    await waitFor('the other replica leads', async () => (await schedulers[1 - leader]!.metric('sentinel_job_relay_leader')) === 1);
  }, 120_000);
});
