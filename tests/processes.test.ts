// The deployables and tools as an operator runs them: compiled JavaScript in its own
// process (npm test builds first), real PostgreSQL and Redis, signals and exit codes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#local-stack';
import { call, login, testEnv, uniq, useFixtures } from './helpers/stack.js';
import { startProcess } from './helpers/process.js';

const root = process.cwd();
const node = process.execPath;
const fx = useFixtures();

function run(script: string, args: string[], env: Record<string, string>) {
  return spawnSync(node, [join(root, script), ...args], { env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8', timeout: 60_000 });
}

async function startMain(env: Record<string, string>): Promise<{ proc: ChildProcess; url: string; exited: Promise<number | null>; output: () => string }> {
  const api = await startProcess('services/api/dist/main.js', {
    env: { ...env, LOG_LEVEL: 'info' },
    portVar: 'PORT',
    ready: (out) => out.includes('sentinel-api listening'),
  });
  return { ...api, url: `http://127.0.0.1:${api.port}` };
}

test('production mode refuses to start with default secrets, listing every problem', () => {
  const env = { ...testEnv(), NODE_ENV: 'production', JWT_SECRET: 'change-me', CORS_ORIGINS: '*', BCRYPT_COST: '12' };
  const r = run('services/api/dist/main.js', [], env);
  expect(r.status).toBe(78);
  expect(r.stderr).toContain('refusing to start');
  expect(r.stderr).toContain('JWT_SECRET: must be at least 32 characters in production');
  expect(r.stderr).toContain('CORS_ORIGINS: wildcard origins are refused in production');
  expect(r.stderr.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(2);
});

test('SIGTERM drains: an in-flight request completes, new connections are refused, exit 0', async () => {
  const t = await fx.tenant();
  const u = await fx.user(t.id);
  const api = await startMain(testEnv());
  try {
    const body = JSON.stringify({ tenant: t.slug, email: u.email, password: u.password });
    const { port } = new URL(api.url);
    // Start a request and send only half of its body: it is in flight.
    const response = new Promise<{ status: number; body: string }>((res, rej) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/auth/login',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (r) => {
          let b = '';
          r.on('data', (c) => (b += c));
          r.on('end', () => res({ status: r.statusCode!, body: b }));
        },
      );
      req.on('error', rej);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        api.proc.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    const r = await response;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).accessToken).toBeTruthy();
    expect(await api.exited).toBe(0);
    await expect(fetch(`${api.url}/api/v1/health`)).rejects.toThrow();
    expect(api.output()).toContain('"msg":"draining"');
    expect(api.output()).toContain('"msg":"stopped"');
  } finally {
    if (api.proc.exitCode === null) api.proc.kill('SIGKILL');
  }
});

test('SHUTDOWN_DRAIN_MS: after SIGTERM the API still accepts and serves, not ready, closing each connection; then it stops', async () => {
  const api = await startMain(testEnv({ SHUTDOWN_DRAIN_MS: '1500' }));
  try {
    const { port } = new URL(api.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status: number; connection: string | undefined }>((res, rej) => {
        request({ host: '127.0.0.1', port, path, agent }, (r) => (r.resume(), res({ status: r.statusCode!, connection: r.headers.connection })))
          .on('error', rej)
          .end();
      });
    // A keep-alive client before the signal: its connection is kept.
    expect(await get('/api/v1/health')).toEqual({ status: 200, connection: 'keep-alive' });
    const signalled = Date.now();
    api.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    // During the drain: the same client is still served, told to close; new connections are accepted.
    expect(await get('/api/v1/health')).toEqual({ status: 200, connection: 'close' });
    expect((await get('/api/v1/ready')).status).toBe(503);
    const fresh = await fetch(`${api.url}/api/v1/health`);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('connection')).toBe('close');
    expect(await api.exited).toBe(0);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_500);
    await expect(fetch(`${api.url}/api/v1/health`)).rejects.toThrow();
    expect(api.output()).toContain('"drainMs":1500');
    agent.destroy();
  } finally {
    if (api.proc.exitCode === null) api.proc.kill('SIGKILL');
  }
});

test('SIGTERM ends open job event streams: shutdown does not wait on them', async () => {
  const t = await fx.tenant();
  const u = await fx.user(t.id, { role: 'tenant_admin' });
  // No worker consumes this prefix: the job stays queued and its stream stays open.
  const api = await startMain(
    testEnv({
      QUEUE_PREFIX: `{${uniq('sse')}}`,
      SHUTDOWN_TIMEOUT_MS: '60000',
    }),
  );
  try {
    const token = await login(api.url, t.slug, u.email, u.password);
    const job = await call(api.url, 'POST', '/api/v1/users/imports', {
      token,
      raw: 'email,displayName\nsse@example.com,SSE\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(job.status).toBe(202);
    const stream = await fetch(`${api.url}/api/v1/jobs/${job.body.id}/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(stream.status).toBe(200);
    const body = stream.text();
    await new Promise((r) => setTimeout(r, 300));
    const signalled = Date.now();
    api.proc.kill('SIGTERM');
    expect(await body).toContain('"state":"queued"');
    expect(await api.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
  } finally {
    if (api.proc.exitCode === null) api.proc.kill('SIGKILL');
  }
});

test('a client that sends its headers too slowly gets 408 and loses its connection; a patient keep-alive client does not', async () => {
  const api = await startMain(testEnv({ HTTP_HEADERS_TIMEOUT_MS: '1000' }));
  try {
    const { port } = new URL(api.url);
    const t0 = Date.now();
    const answer = await new Promise<string>((res, rej) => {
      const sock = connect(Number(port), '127.0.0.1', () => sock.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\n'));
      let got = '';
      sock.on('data', (d) => (got += d));
      sock.on('close', () => res(got));
      sock.on('error', rej);
      setTimeout(() => rej(new Error('the slow client was never cut off')), 10_000).unref();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - t0).toBeLessThan(4_000);
    // An idle keep-alive connection between requests is not a slow request.
    const agent = new Agent({ keepAlive: true });
    const get = () =>
      new Promise<number>((res, rej) => {
        request(`${api.url}/api/v1/health`, { agent }, (r) => (r.resume(), res(r.statusCode!)))
          .on('error', rej)
          .end();
      });
    expect(await get()).toBe(200);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await get()).toBe(200);
    agent.destroy();
  } finally {
    api.proc.kill('SIGKILL');
  }
});

test('admin:create makes a platform admin who can log in; no duplicates; weak passwords refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sentinel-admin-'));
  const pwFile = join(dir, 'pw');
  await writeFile(pwFile, 'an-admin-password-for-tests\n');
  const email = `${uniq('root')}@example.com`;
  const env = testEnv();
  const ok = run('scripts/dist/admin-create.js', ['--email', email, '--password-file', pwFile], env);
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  expect(ok.stdout).toContain(`platform admin created: ${email}`);
  const again = run('scripts/dist/admin-create.js', ['--email', email, '--password-file', pwFile], env);
  expect(again.status).toBe(1);
  expect(again.stderr).toMatch(/exists/);
  const weak = run('scripts/dist/admin-create.js', ['--email', `x${email}`, '--password', 'short'], env);
  expect(weak.status).toBe(1);
  expect(weak.stderr).toMatch(/12 to 1024 characters/);
  for (const guessable of ['aaaaaaaaaaaa', ' '.repeat(12), `${email}-1`]) {
    const r = run('scripts/dist/admin-create.js', ['--email', email, '--password', guessable], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/too easy to guess/);
  }

  const api = await startMain(testEnv());
  try {
    const token = await login(api.url, 'platform', email, 'an-admin-password-for-tests');
    const r = await call(api.url, 'POST', '/api/v1/tenants', { token, body: { slug: uniq('first').toLowerCase(), displayName: 'First customer' } });
    expect(r.status).toBe(201);
  } finally {
    api.proc.kill('SIGTERM');
    await api.exited;
  }
});

test('db:migrate is safe to run again', () => {
  const r = run('scripts/dist/migrate.js', [], { ...testEnv(), DATABASE_URL: process.env.DATABASE_URL! });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/migrations: 0 applied, [1-9]\d* already applied/);
});

test('the worker: health and queue metrics, a queued invitation mailed (log transport), SIGTERM exits 0; production refuses it without SMTP_URL', async () => {
  const refused = run('services/worker/dist/main.js', [], { ...testEnv({}, 'worker'), NODE_ENV: 'production' });
  expect(refused.status).toBe(78);
  expect(refused.stderr).toContain('SMTP_URL: is required in production');

  const port = await freePort();
  const prefix = `{proc-${Date.now().toString(36)}}`;
  const proc = spawn(node, [join(root, 'services/worker/dist/main.js')], {
    env: { PATH: process.env.PATH!, ...testEnv({}, 'worker'), LOG_LEVEL: 'info', WORKER_PORT: String(port), HOST: '127.0.0.1', QUEUE_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  proc.stderr!.on('data', (b) => (out += b));
  const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
  try {
    const deadline = Date.now() + 20_000;
    while (!out.includes('sentinel-worker running')) {
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
    // An invitation created through the API with the same queue prefix is mailed by this worker.
    const api = await startMain({ ...testEnv(), QUEUE_PREFIX: prefix });
    try {
      const t = await fx.tenant();
      const admin = await fx.user(t.id, { role: 'tenant_admin' });
      const token = await login(api.url, t.slug, admin.email, admin.password);
      const email = `${uniq('w')}@example.com`;
      expect((await call(api.url, 'POST', '/api/v1/users', { token, body: { email, displayName: 'Via worker' } })).status).toBe(201);
      const until = Date.now() + 15_000;
      while (!out.includes(email) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain('development log transport');
      expect(out).toContain(email);
    } finally {
      api.proc.kill('SIGTERM');
      await api.exited;
    }
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/sentinel_queue_jobs\{[^}]*queue="mail"[^}]*state="completed"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/sentinel_job_duration_seconds_count\{[^}]*job="user.invite"[^}]*outcome="completed"/);
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('"msg":"stopped"');
  } finally {
    if (proc.exitCode === null) proc.kill('SIGKILL');
  }
});
