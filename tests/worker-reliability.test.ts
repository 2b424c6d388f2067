// The worker under crashes and shutdowns, as deployed: compiled worker processes
// (npm test builds first), real Redis/BullMQ, PostgreSQL, and a real SMTP server that
// can hold a message's acknowledgement to keep a job in flight.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '#local-stack';
import { Fixtures, call, startApi, testEnv, uniq, type TestApi } from './helpers/stack.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

interface Proc {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function startWorker(env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const proc = spawn(process.execPath, [join(process.cwd(), 'services/worker/dist/main.js')], {
    env: { PATH: process.env.PATH!, ...testEnv({}, 'worker'), LOG_LEVEL: 'info', HOST: '127.0.0.1', WORKER_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  proc.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code, signal) => res(code ?? (signal ? -1 : null))));
  const deadline = Date.now() + 20_000;
  while (!out.includes('sentinel-worker running')) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { proc, output: () => out, exited };
}

async function until(what: string, predicate: () => boolean | Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let fx: Fixtures;
beforeAll(() => {
  fx = new Fixtures();
});
afterAll(() => fx.close());

describe('a worker killed with SIGKILL mid-job', () => {
  let smtp: TestSmtp;
  let api: TestApi;
  const prefix = `{crash-${randomBytes(3).toString('hex')}}`;
  const workers: Proc[] = [];
  beforeAll(async () => {
    // The first message is held for 10 s: long enough to kill its sender mid-send.
    smtp = await startSmtp({ delayMs: (n) => (n === 0 ? 10_000 : 0) });
    api = await startApi({ QUEUE_PREFIX: prefix });
  });
  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
    await api.close();
    await smtp.close();
  });

  test('another worker picks the job up and the invitation is mailed exactly once', async () => {
    const env = { QUEUE_PREFIX: prefix, SMTP_URL: smtp.url, WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };
    const a = await startWorker(env);
    workers.push(a);
    const T = await fx.tenantWithUsers(api.url);
    const email = `${uniq('crash')}@example.com`;
    const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email, displayName: 'Crash test' } });
    expect(r.status).toBe(201);
    await until('worker A is mid-send', () => smtp.inFlight === 1);
    a.proc.kill('SIGKILL');
    await a.exited;
    const b = await startWorker(env);
    workers.push(b);
    await until('worker B delivered the mail', () => smtp.to(email).length === 1);
    const inv = await fx.db.prisma.invitation.findFirstOrThrow({ where: { userId: r.body.id } });
    await until(
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
  let smtp: TestSmtp;
  let api: TestApi;
  const prefix = `{drain-${randomBytes(3).toString('hex')}}`;
  beforeAll(async () => {
    smtp = await startSmtp({ delayMs: () => 1_500 });
    api = await startApi({ QUEUE_PREFIX: prefix });
  });
  afterAll(async () => {
    await api.close();
    await smtp.close();
  });

  test('finishes the job, then exits 0', async () => {
    const w = await startWorker({ QUEUE_PREFIX: prefix, SMTP_URL: smtp.url });
    try {
      const T = await fx.tenantWithUsers(api.url);
      const email = `${uniq('drain')}@example.com`;
      const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email, displayName: 'Drain test' } });
      await until('the job is mid-send', () => smtp.inFlight === 1);
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
