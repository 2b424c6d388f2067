// Two API processes on the same PostgreSQL and Redis, as a Deployment with two replicas
// runs them (compiled services/api/dist/main.js, each in its own process: no memory is
// shared between them). What must hold across them: the per-tenant request quota, the
// login throttles, the tenant cache (a suspension through one is seen by the other at
// once) and refresh-token rotation with reuse detection.
import { call, expectProblem, loginPair, testEnv, useFixtures } from './helpers/stack.js';
import { startProcess, type TestProcess } from './helpers/process.js';
import { useFixture } from './helpers/suite.js';

const LIMITS = { RATE_LIMIT_FREE: '20', RATE_LIMIT_WINDOW_S: '60', LOGIN_MAX_FAILURES_PER_CLIENT: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '100000' };

async function startApiProcess(): Promise<TestProcess & { url: string }> {
  const p = await startProcess('services/api/dist/main.js', {
    env: { ...testEnv(LIMITS), LOG_LEVEL: 'info' },
    portVar: 'PORT',
    ready: (out) => out.includes('sentinel-api listening'),
  });
  return { ...p, url: `http://127.0.0.1:${p.port}` };
}

async function stopProcess(p: TestProcess): Promise<void> {
  if (p.proc.exitCode === null && p.proc.signalCode === null) {
    p.proc.kill('SIGTERM');
    await p.exited;
  }
}

const A = useFixture(startApiProcess, stopProcess);
const B = useFixture(startApiProcess, stopProcess);
const fx = useFixtures();

const me = (url: string, token: string) => call(url, 'GET', '/api/v1/auth/me', { token });

test('two processes, one PID each', () => {
  expect(A.proc.pid).not.toBe(B.proc.pid);
  expect(A.url).not.toBe(B.url);
});

test("a free tenant's request quota spans both processes", async () => {
  const t = await fx.tenant({ plan: 'free' });
  const u = await fx.user(t.id);
  const { accessToken } = await loginPair(A.url, t.slug, u.email, u.password);
  const answers = [];
  for (let i = 0; i < 26; i++) answers.push(await me(i % 2 ? B.url : A.url, accessToken));
  expect(answers.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill(200));
  // Remaining counts down across both: the 20th request, on B, has none left.
  expect(answers[19]!.headers.get('ratelimit-remaining')).toBe('0');
  const refused = answers.slice(20);
  expect(refused.map((r) => r.status)).toEqual(Array(6).fill(429));
  expectProblem(refused[0]!, 429, 'SENTINEL_RATE_LIMITED');
  expectProblem(refused[1]!, 429, 'SENTINEL_RATE_LIMITED');
});

test('login failures on one process count on the other', async () => {
  const t = await fx.tenant();
  const u = await fx.user(t.id);
  const wrong = { tenant: t.slug, email: u.email, password: 'not-the-password' };
  expect((await call(A.url, 'POST', '/api/v1/auth/login', { body: wrong })).status).toBe(401);
  expect((await call(B.url, 'POST', '/api/v1/auth/login', { body: wrong })).status).toBe(401);
  expect((await call(A.url, 'POST', '/api/v1/auth/login', { body: wrong })).status).toBe(401);
  // The limit (3) is reached: the right password is refused on both.
  const right = { tenant: t.slug, email: u.email, password: u.password };
  expectProblem(await call(B.url, 'POST', '/api/v1/auth/login', { body: right }), 429, 'SENTINEL_LOGIN_THROTTLED');
  expectProblem(await call(A.url, 'POST', '/api/v1/auth/login', { body: right }), 429, 'SENTINEL_LOGIN_THROTTLED');
});

test('a suspension through one process is seen by the other at once, and so is the resumption', async () => {
  const t = await fx.tenant();
  const u = await fx.user(t.id);
  const pair = await loginPair(A.url, t.slug, u.email, u.password);
  // Both processes have the tenant in the cache.
  expect((await me(A.url, pair.accessToken)).status).toBe(200);
  expect((await me(B.url, pair.accessToken)).status).toBe(200);
  const admin = await fx.platformAdmin(A.url);
  expect((await call(A.url, 'PATCH', `/api/v1/tenants/${t.id}`, { token: admin.token, body: { status: 'suspended' } })).status).toBe(200);
  expectProblem(await me(B.url, pair.accessToken), 401, 'SENTINEL_AUTH_TENANT_SUSPENDED');
  expectProblem(await call(B.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } }), 401, 'SENTINEL_AUTH_TENANT_SUSPENDED');
  expectProblem(await me(A.url, pair.accessToken), 401, 'SENTINEL_AUTH_TENANT_SUSPENDED');
  expect((await call(B.url, 'PATCH', `/api/v1/tenants/${t.id}`, { token: admin.token, body: { status: 'active' } })).status).toBe(200);
  expect((await me(A.url, pair.accessToken)).status).toBe(200);
  expect((await me(B.url, pair.accessToken)).status).toBe(200);
});

test('refresh tokens rotate across processes, and reuse on the other revokes the family', async () => {
  const t = await fx.tenant();
  const u = await fx.user(t.id);
  const first = await loginPair(A.url, t.slug, u.email, u.password);
  const second = await call(B.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
  expect(second.status).toBe(200);
  expect((await me(A.url, second.body.accessToken)).status).toBe(200);
  // The spent token replayed on A: refused, and the newer one (B's) dies with it.
  expectProblem(await call(A.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } }), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
  expectProblem(await call(B.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } }), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
});

test('one refresh token sent to both processes at once: at most one succeeds', async () => {
  const t = await fx.tenant();
  const u = await fx.user(t.id);
  const pair = await loginPair(A.url, t.slug, u.email, u.password);
  const answers = await Promise.all(
    Array.from({ length: 6 }, (_, i) => call(i % 2 ? B.url : A.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } })),
  );
  expect(answers.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
  for (const r of answers.filter((x) => x.status !== 200)) expectProblem(r, 401, 'SENTINEL_AUTH_REFRESH_INVALID');
});
