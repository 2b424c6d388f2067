// Redis as the API depends on it: per-tenant quotas, the cache, and what happens when
// Redis goes away and comes back. Real redis-server processes, started and stopped here.
import { Fixtures, call, expectProblem, login, startApi, uniq, useApi, type TestApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { freePort, startRedis, type StartedRedis } from '#local-stack';
import { REDIS_SOCKET_TIMEOUT_MS, createLogger, createRedis } from '@sentinel/platform';

async function metric(api: TestApi, name: string, labels: Record<string, string>): Promise<number> {
  const m = await api.deps.metrics.registry.getSingleMetric(name)?.get();
  const v = m?.values.find((x) => Object.entries(labels).every(([k, val]) => x.labels[k] === val));
  return v?.value ?? 0;
}

describe('per-tenant quotas by plan', () => {
  const { api, fx } = useApi({ RATE_LIMIT_FREE: '20', RATE_LIMIT_PRO: '100000', RATE_LIMIT_WINDOW_S: '60' });
  // A second replica sharing the same Redis.
  const api2 = useFixture(
    () => startApi({ RATE_LIMIT_FREE: '20', RATE_LIMIT_PRO: '100000', RATE_LIMIT_WINDOW_S: '60' }),
    (a) => a.close(),
  );

  test('a free tenant gets RateLimit headers, then 429 with Retry-After; a pro tenant flooding alongside is unaffected', async () => {
    const free = await fx.tenantWithUsers(api.url, { plan: 'free' });
    const pro = await fx.tenantWithUsers(api.url, { plan: 'pro' });
    const first = await call(api.url, 'GET', '/api/v1/users', { token: free.memberToken });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('20');
    expect(first.headers.get('ratelimit-remaining')).toBe('19');
    expect(first.headers.get('ratelimit-policy')).toBe('20;w=60');
    // The free tenant floods (100 concurrent) while the pro tenant keeps working.
    const flood = Array.from({ length: 100 }, () => call(api.url, 'GET', '/api/v1/users', { token: free.memberToken }));
    const proCalls = Array.from({ length: 30 }, () => call(api.url, 'GET', '/api/v1/users', { token: pro.memberToken }));
    const [floodRes, proRes] = await Promise.all([Promise.all(flood), Promise.all(proCalls)]);
    expect(floodRes.filter((r) => r.status === 200)).toHaveLength(19);
    const refused = floodRes.filter((r) => r.status === 429);
    expect(refused).toHaveLength(81);
    expectProblem(refused[0]!, 429, 'SENTINEL_RATE_LIMITED');
    expect(Number(refused[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused[0]!.headers.get('ratelimit-remaining')).toBe('0');
    expect(proRes.map((r) => r.status)).toEqual(proRes.map(() => 200));
    expect(await metric(api, 'sentinel_rate_limited_total', { limit: 'tenant_quota' })).toBeGreaterThanOrEqual(81);
  });

  test('the quota is shared by every API instance', async () => {
    const t = await fx.tenantWithUsers(api.url, { plan: 'free' });
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await call(i % 2 ? api2.url : api.url, 'GET', '/api/v1/auth/me', { token: t.memberToken })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429]);
  });
});

describe('Redis stopped and restarted under the API', () => {
  let redis: StartedRedis;
  let port: number;
  let api: TestApi;
  let fx: Fixtures;
  let T: Awaited<ReturnType<Fixtures['tenantWithUsers']>>;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    api = await startApi({ REDIS_URL: redis.url, LOGIN_MAX_FAILURES_PER_ACCOUNT: '2', READY_TIMEOUT_MS: '300' });
    fx = new Fixtures(api.config);
    T = await fx.tenantWithUsers(api.url);
  });
  afterAll(async () => {
    await api.close();
    await fx.close();
    await redis.stop();
  });

  test('with Redis up, the principal lookup is served from the cache', async () => {
    await call(api.url, 'GET', '/api/v1/auth/me', { token: T.memberToken });
    const hits = await metric(api, 'sentinel_cache_requests_total', { cache: 'principal', result: 'hit' });
    await call(api.url, 'GET', '/api/v1/auth/me', { token: T.memberToken });
    expect(await metric(api, 'sentinel_cache_requests_total', { cache: 'principal', result: 'hit' })).toBe(hits + 2);
  });

  test('with Redis down: reads, writes and logins still work, readiness says why, the outage is counted', async () => {
    await redis.stop();
    const me = await call(api.url, 'GET', '/api/v1/auth/me', { token: T.memberToken });
    expect(me.status).toBe(200);
    const created = await call(api.url, 'POST', '/api/v1/users', {
      token: T.adminToken,
      body: { email: `${uniq('r')}@example.com`, displayName: 'During outage', password: 'a-long-password-1' },
    });
    expect(created.status).toBe(201);
    expect(await login(api.url, T.tenant.slug, T.member.email, T.member.password)).toBeTruthy();
    // Still ready for traffic (a Redis outage must not empty the Service), and says why it is degraded.
    const ready = await call(api.url, 'GET', '/api/v1/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'degraded', checks: { postgres: { status: 'ok' }, redis: { status: 'fail' } } });
    expect(await metric(api, 'sentinel_redis_unavailable_total', { operation: 'cache.get' })).toBeGreaterThan(0);
    expect(await metric(api, 'sentinel_cache_requests_total', { cache: 'principal', result: 'error' })).toBeGreaterThan(0);
  });

  test('with Redis down, login throttling still holds (per instance, in memory)', async () => {
    const u = await fx.user(T.tenant.id);
    for (let i = 0; i < 2; i++)
      expect((await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email: u.email, password: 'wrong-password!' } })).status).toBe(
        401,
      );
    expectProblem(
      await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email: u.email, password: u.password } }),
      429,
      'SENTINEL_LOGIN_THROTTLED',
    );
    // An address that signed in to the account before stays exempt from the account-wide limit.
    for (let i = 0; i < 2; i++)
      await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email: T.admin.email, password: 'wrong-password!' } });
    expect(await login(api.url, T.tenant.slug, T.admin.email, T.admin.password)).toBeTruthy();
  });

  test('when Redis returns, the cache is used again', async () => {
    redis = await startRedis(port);
    const deadline = Date.now() + 10_000;
    while (api.deps.redis.status !== 'ready' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(api.deps.redis.status).toBe('ready');
    const hits = await metric(api, 'sentinel_cache_requests_total', { cache: 'principal', result: 'hit' });
    await call(api.url, 'GET', '/api/v1/auth/me', { token: T.memberToken }); // miss, then stored
    await call(api.url, 'GET', '/api/v1/auth/me', { token: T.memberToken }); // hit
    expect(await metric(api, 'sentinel_cache_requests_total', { cache: 'principal', result: 'hit' })).toBeGreaterThan(hits);
    const ready = await call(api.url, 'GET', '/api/v1/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
  });
});

describe('a Redis that stops answering without closing (a replaced pod, a lost node)', () => {
  test('the cache and quota client drops the silent connection after REDIS_SOCKET_TIMEOUT_MS and is ready again once it answers', async () => {
    const logger = createLogger({ service: 'test', level: 'silent' });
    const server = await startRedis(await freePort());
    const cache = createRedis(server.url, logger);
    try {
      const deadline = Date.now() + 5_000;
      while (cache.status !== 'ready' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(cache.status).toBe('ready');
      // The server process is frozen: its sockets stay open, nothing answers, no RST comes.
      server.process.kill('SIGSTOP');
      const ping = cache.ping().catch((e: Error) => e);
      await new Promise((r) => setTimeout(r, REDIS_SOCKET_TIMEOUT_MS + 1_000));
      // It gave up on the silent socket and is reconnecting instead of waiting on TCP.
      expect(cache.status).not.toBe('ready');
      server.process.kill('SIGCONT');
      const back = Date.now() + 10_000;
      while (cache.status !== 'ready' && Date.now() < back) await new Promise((r) => setTimeout(r, 50));
      expect(cache.status).toBe('ready');
      expect(await cache.ping()).toBe('PONG');
      await ping;
    } finally {
      server.process.kill('SIGCONT');
      cache.disconnect();
      await server.stop();
    }
  });
});
