// The worker under crashes and shutdowns, as deployed: compiled worker processes
// (npm test builds first), real Redis/BullMQ, PostgreSQL, and a real SMTP server that
// can hold a message's acknowledgement to keep a job in flight.
import { randomBytes } from 'node:crypto';
import { call, testEnv, uniq, useApi, useFixtures } from './helpers/stack.js';
import { useSmtp } from './helpers/smtp.js';
import { startProcess, type TestProcess } from './helpers/process.js';
import { waitFor } from './helpers/wait.js';

const startWorker = (env: Record<string, string>): Promise<TestProcess> =>
  startProcess('services/worker/dist/main.js', {
    env: { ...testEnv({}, 'worker'), LOG_LEVEL: 'info', ...env },
    portVar: 'WORKER_PORT',
    ready: (out) => out.includes('sentinel-worker running'),
  });

const fx = useFixtures();

describe('a worker killed with SIGKILL mid-job', () => {
  const prefix = `{crash-${randomBytes(3).toString('hex')}}`;
  const workers: TestProcess[] = [];
  afterAll(() => {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
  });
  // The first message is held for 10 s: long enough to kill its sender mid-send.
  const smtp = useSmtp({ delayMs: (n) => (n === 0 ? 10_000 : 0) });
  const { api } = useApi({ QUEUE_PREFIX: prefix });

  test('another worker picks the job up and the invitation is mailed exactly once', async () => {
    const env = { QUEUE_PREFIX: prefix, SMTP_URL: smtp.url, WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };
    const a = await startWorker(env);
    workers.push(a);
    const T = await fx.tenantWithUsers(api.url);
    const email = `${uniq('crash')}@example.com`;
    const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email, displayName: 'Crash test' } });
    expect(r.status).toBe(201);
    await waitFor('worker A is mid-send', () => smtp.inFlight === 1);
    a.proc.kill('SIGKILL');
    await a.exited;
    const b = await startWorker(env);
    workers.push(b);
    await waitFor('worker B delivered the mail', () => smtp.to(email).length === 1);
    const inv = await fx.db.prisma.invitation.findFirstOrThrow({ where: { userId: r.body.id } });
    await waitFor(
      'sent_at recorded',
      async () => (await fx.db.prisma.invitation.findUniqueOrThrow({ where: { tenantId_id: { tenantId: inv.tenantId, id: inv.id } } })).sentAt !== null,
    );
    // A's half-sent message was never acknowledged, so it does not count; nothing else arrives.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(smtp.to(email)).toHaveLength(1);
    expect(b.output()).toContain('"msg":"job done"');
    b.proc.kill('SIGTERM');
    expect(await b.exited).toBe(0);
  });
});

describe('a worker told to stop with a job in flight', () => {
  const prefix = `{drain-${randomBytes(3).toString('hex')}}`;
  const smtp = useSmtp({ delayMs: () => 1_500 });
  const { api } = useApi({ QUEUE_PREFIX: prefix });

  test('finishes the job, then exits 0', async () => {
    const w = await startWorker({ QUEUE_PREFIX: prefix, SMTP_URL: smtp.url });
    try {
      const T = await fx.tenantWithUsers(api.url);
      const email = `${uniq('drain')}@example.com`;
      const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email, displayName: 'Drain test' } });
      await waitFor('the job is mid-send', () => smtp.inFlight === 1);
      w.proc.kill('SIGTERM');
      expect(await w.exited).toBe(0);
      expect(smtp.to(email)).toHaveLength(1);
      const out = w.output();
      expect(out.indexOf('"msg":"draining"')).toBeLessThan(out.indexOf('"msg":"job done"'));
      expect(out).toContain('"msg":"stopped"');
      const inv = await fx.db.prisma.invitation.findFirstOrThrow({ where: { userId: r.body.id } });
      expect(inv.sentAt).toBeInstanceOf(Date);
    } finally {
      if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
    }
  });
});
