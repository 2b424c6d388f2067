// Unit tests for configuration parsing: pure, no services needed.
import { ConfigError, loadConfig, loadPartialConfig, loadSchedulerConfig, loadWorkerConfig, parseClusterNodes, serviceEnv } from './config.js';

const base = {
  DATABASE_APP_URL: 'postgresql://sentinel_app:Xk29sLq0pP3vR8@db:5432/sentinel',
  DATABASE_PLATFORM_URL: 'postgresql://sentinel_platform:Yz81nQ0wE5tB4m@db:5432/sentinel',
  REDIS_URL: 'redis://redis:6379',
  JWT_SECRET: 'f3a9c1e7b2d84f6a9c0e1b2d3f4a5b6c7d8e9f0a1b2c3d4e',
  INVITATION_SECRET: '9b8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddccbbaa9988',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('defaults: port 8000, development, tracing off, frozen', () => {
  const c = loadConfig(base);
  expect(c.PORT).toBe(8000);
  expect(c.NODE_ENV).toBe('development');
  expect(c.tracingEnabled).toBe(false);
  expect(Object.isFrozen(c)).toBe(true);
  expect(c.CORS_ORIGINS).toEqual(['http://localhost:3000']);
});

test('every problem is listed at once', () => {
  const p = problems({ PORT: 'eighty', REDIS_URL: 'http://x', DB_POOL_MAX: '0' });
  expect(p).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^PORT: /),
      expect.stringMatching(/^REDIS_URL: must be a redis/),
      expect.stringMatching(/^DB_POOL_MAX: /),
      'DATABASE_APP_URL: is required',
      'DATABASE_PLATFORM_URL: is required',
      'JWT_SECRET: is required',
      'INVITATION_SECRET: is required',
    ]),
  );
  expect(p.length).toBe(7);
});

test('unknown variables in Sentinel namespaces are refused; others are ignored', () => {
  expect(problems({ ...base, DB_POOL_MAXX: '3', HOME: '/root', PATH: '/bin' })).toEqual([
    'DB_POOL_MAXX: unknown variable (check the spelling; see .env.example)',
  ]);
});

test('production refuses weak secrets, wildcard CORS, low bcrypt cost and weak database passwords, all at once', () => {
  const p = problems({
    ...base,
    NODE_ENV: 'production',
    JWT_SECRET: 'your-secret-key-min-32-chars-change-me',
    CORS_ORIGINS: '*',
    BCRYPT_COST: '10',
    DATABASE_APP_URL: 'postgresql://sentinel_app:sentinel_password@db/sentinel',
  });
  expect(p).toEqual([
    'JWT_SECRET: looks like a placeholder; generate one (openssl rand -hex 32)',
    'CORS_ORIGINS: wildcard origins are refused in production',
    'BCRYPT_COST: must be 12 or more in production',
    'DATABASE_APP_URL: needs a generated password of 12 or more characters in production',
  ]);
  expect(problems({ ...base, NODE_ENV: 'production', JWT_SECRET: 'short' })).toEqual(['JWT_SECRET: must be at least 32 characters in production']);
  expect(problems({ ...base, NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com' })).toEqual([]);
  // The API key pepper: no default in production (keys are then refused), and never a weak or reused secret.
  expect(problems({ ...base, NODE_ENV: 'production', API_KEY_PEPPER: 'changeme' })).toEqual(['API_KEY_PEPPER: needs 32+ random characters in production']);
  expect(problems({ ...base, NODE_ENV: 'production', API_KEY_PEPPER: base.JWT_SECRET })).toEqual(['API_KEY_PEPPER: must differ from JWT_SECRET']);
  expect(problems({ ...base, NODE_ENV: 'production', API_KEY_PEPPER: '5f0e1d2c3b4a69788796a5b4c3d2e1f00112233445566778' })).toEqual([]);
  // The MFA key likewise: no production default, never weak, never another secret reused.
  expect(problems({ ...base, NODE_ENV: 'production', MFA_ENCRYPTION_KEY: 'changeme' })).toEqual([
    'MFA_ENCRYPTION_KEY: needs 32+ random characters in production',
  ]);
  expect(problems({ ...base, NODE_ENV: 'production', MFA_ENCRYPTION_KEY: base.JWT_SECRET })).toEqual([
    'MFA_ENCRYPTION_KEY: must differ from JWT_SECRET and API_KEY_PEPPER',
  ]);
  expect(problems({ ...base, NODE_ENV: 'production', MFA_ENCRYPTION_KEY: '0a1b2c3d4e5f60718293a4b5c6d7e8f90011223344556677' })).toEqual([]);
  // The webhook secrets' key: the same rules, and unlike every other key.
  expect(problems({ ...base, NODE_ENV: 'production', WEBHOOK_ENCRYPTION_KEY: 'changeme' })).toEqual([
    'WEBHOOK_ENCRYPTION_KEY: needs 32+ random characters in production',
  ]);
  expect(problems({ ...base, NODE_ENV: 'production', WEBHOOK_ENCRYPTION_KEY: base.JWT_SECRET })).toEqual([
    'WEBHOOK_ENCRYPTION_KEY: must differ from JWT_SECRET, API_KEY_PEPPER and MFA_ENCRYPTION_KEY',
  ]);
  expect(problems({ ...base, NODE_ENV: 'production', WEBHOOK_ENCRYPTION_KEY: '9a1b2c3d4e5f60718293a4b5c6d7e8f90011223344556677' })).toEqual([]);
  // The SSO client secrets' key: the same rules, and unlike every other key.
  expect(problems({ ...base, NODE_ENV: 'production', SSO_ENCRYPTION_KEY: 'changeme' })).toEqual([
    'SSO_ENCRYPTION_KEY: needs 32+ random characters in production',
  ]);
  expect(problems({ ...base, NODE_ENV: 'production', SSO_ENCRYPTION_KEY: base.JWT_SECRET })).toEqual([
    'SSO_ENCRYPTION_KEY: must differ from JWT_SECRET, API_KEY_PEPPER, MFA_ENCRYPTION_KEY and WEBHOOK_ENCRYPTION_KEY',
  ]);
  expect(problems({ ...base, NODE_ENV: 'production', SSO_ENCRYPTION_KEY: '7c1b2c3d4e5f60718293a4b5c6d7e8f90011223344556677' })).toEqual([]);
});

test('tracing turns on with an OTLP endpoint unless the SDK is disabled', () => {
  expect(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracingEnabled).toBe(true);
  expect(loadConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracingEnabled).toBe(false);
});

test('TRUST_PROXY takes booleans or a hop count', () => {
  expect(loadConfig({ ...base, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
  expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
  expect(problems({ ...base, TRUST_PROXY: 'maybe' })[0]).toMatch(/^TRUST_PROXY: /);
});

test('partial config for tools checks only what they need', () => {
  expect(loadPartialConfig(['DATABASE_URL'], { DATABASE_URL: 'postgres://o@h/db' }).DATABASE_URL).toBe('postgres://o@h/db');
  expect(() => loadPartialConfig(['DATABASE_PLATFORM_URL'], {})).toThrow(/DATABASE_PLATFORM_URL: is required/);
});

describe('each service its own schema: only the credentials it uses', () => {
  const { JWT_SECRET, INVITATION_SECRET, DATABASE_APP_URL, DATABASE_PLATFORM_URL, REDIS_URL } = base;
  const owner = 'postgresql://sentinel_owner:Qw81nQ0wE5tB4m@db:5432/sentinel';
  const refusal = (key: string, service: string) =>
    `${key}: refused: sentinel-${service} does not use it, and a service holds only the credentials it needs (see .env.example)`;
  const problemsOf = (load: () => unknown): string[] => {
    try {
      load();
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  };

  test('the worker runs without JWT_SECRET and refuses it and the owner URL', () => {
    const worker = { DATABASE_APP_URL, DATABASE_PLATFORM_URL, REDIS_URL, INVITATION_SECRET };
    const c = loadWorkerConfig(worker);
    expect(c.INVITATION_SECRET).toBe(INVITATION_SECRET);
    expect(Object.keys(c)).not.toContain('JWT_SECRET');
    expect(problemsOf(() => loadWorkerConfig({ ...worker, JWT_SECRET, DATABASE_URL: owner }))).toEqual([
      refusal('DATABASE_URL', 'worker'),
      refusal('JWT_SECRET', 'worker'),
    ]);
    // It builds invitation links, so it needs that secret; in production, a real SMTP server.
    expect(problemsOf(() => loadWorkerConfig({ DATABASE_APP_URL, DATABASE_PLATFORM_URL, REDIS_URL }))).toEqual(['INVITATION_SECRET: is required']);
    expect(problemsOf(() => loadWorkerConfig({ ...worker, NODE_ENV: 'production' }))).toEqual(['SMTP_URL: is required in production']);
  });

  test('the scheduler needs Redis and the platform pool only, and refuses every other credential', () => {
    const c = loadSchedulerConfig({ DATABASE_PLATFORM_URL, REDIS_URL });
    expect(c.JOB_RELAY_INTERVAL_S).toBe(10);
    expect(problemsOf(() => loadSchedulerConfig({ ...base, DATABASE_URL: owner, SMTP_URL: 'smtp://u:p@mail:587' }))).toEqual(
      ['DATABASE_URL', 'DATABASE_APP_URL', 'JWT_SECRET', 'INVITATION_SECRET', 'SMTP_URL'].map((k) => refusal(k, 'scheduler')),
    );
    expect(problemsOf(() => loadSchedulerConfig({ REDIS_URL, JOB_RELAY_INTERVAL_S: '-1' }))).toEqual([
      'DATABASE_PLATFORM_URL: is required',
      expect.stringMatching(/^JOB_RELAY_INTERVAL_S: /),
    ]);
  });

  test('the API refuses the schema owner URL', () => {
    expect(problems({ ...base, DATABASE_URL: owner })).toEqual([refusal('DATABASE_URL', 'api')]);
    expect(Object.keys(loadConfig(base))).not.toContain('DATABASE_URL');
  });

  test("serviceEnv hands a process only its own variables; others' and unknown ones are dealt with by the service", () => {
    const env = { ...base, DATABASE_URL: owner, PATH: '/bin', WORKER_PORT: '1', PORT: '2', DB_POOL_MAXX: '3' };
    expect(serviceEnv('scheduler', env)).toEqual({ DATABASE_PLATFORM_URL, REDIS_URL, PATH: '/bin', DB_POOL_MAXX: '3' });
    expect(Object.keys(serviceEnv('worker', env)).sort()).toEqual(
      ['DATABASE_APP_URL', 'DATABASE_PLATFORM_URL', 'DB_POOL_MAXX', 'INVITATION_SECRET', 'PATH', 'REDIS_URL', 'WORKER_PORT'].sort(),
    );
    expect(serviceEnv('controller', env).DATABASE_URL).toBe(owner);
    expect(Object.keys(serviceEnv('controller', env))).not.toContain('JWT_SECRET');
  });

  test("the web console's SENTINEL_API_URL is known (one .env for both), never handed to a service, and loadConfig does not refuse it", () => {
    const env = { ...base, SENTINEL_API_URL: 'http://127.0.0.1:8000', SENTINEL_API_URLL: 'x' };
    for (const service of ['api', 'worker', 'scheduler', 'controller'] as const)
      expect(Object.keys(serviceEnv(service, env))).not.toContain('SENTINEL_API_URL');
    expect(problems({ ...base, SENTINEL_API_URL: 'http://127.0.0.1:8000' })).toEqual([]);
    expect(problems(env)).toEqual([expect.stringMatching(/^SENTINEL_API_URLL: unknown variable/)]);
  });
});

describe('Redis: one Redis (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  const { REDIS_URL: _single, ...noRedis } = base;

  test('a cluster is selected by REDIS_CLUSTER_NODES alone', () => {
    const c = loadConfig({ ...noRedis, REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7000,10.0.0.3:7000' });
    expect(c.REDIS_URL).toBeUndefined();
    expect(parseClusterNodes(c.REDIS_CLUSTER_NODES!)).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7000 },
        { host: '10.0.0.3', port: 7000 },
      ],
      tls: false,
    });
    expect(loadSchedulerConfig({ DATABASE_PLATFORM_URL: base.DATABASE_PLATFORM_URL, REDIS_CLUSTER_NODES: 'r:7000' }).REDIS_CLUSTER_NODES).toBe('r:7000');
  });

  test('both, or neither, is refused with a clear message', () => {
    expect(problems({ ...base, REDIS_CLUSTER_NODES: 'r:7000' })).toEqual([
      'REDIS_CLUSTER_NODES: set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both',
    ]);
    expect(problems(noRedis)).toEqual(['REDIS_URL: is required (or REDIS_CLUSTER_NODES, for a Redis Cluster)']);
    expect(problemsOfWorker({ DATABASE_APP_URL: base.DATABASE_APP_URL, DATABASE_PLATFORM_URL: base.DATABASE_PLATFORM_URL, INVITATION_SECRET: 'x' })).toEqual([
      'REDIS_URL: is required (or REDIS_CLUSTER_NODES, for a Redis Cluster)',
    ]);
  });

  test('password and TLS as REDIS_URL gives them, the same for every node', () => {
    expect(parseClusterNodes('rediss://:s3cr%40t@a.redis:6380,b.redis:6380')).toEqual({
      nodes: [
        { host: 'a.redis', port: 6380 },
        { host: 'b.redis', port: 6380 },
      ],
      tls: true,
      password: 's3cr@t',
    });
    expect(parseClusterNodes('redis://app:pw@[::1]:7000').username).toBe('app');
    expect(problems({ ...noRedis, REDIS_CLUSTER_NODES: 'redis://:a@h1:1,rediss://:a@h2:1' })).toEqual([
      'REDIS_CLUSTER_NODES: every node URL must use the same scheme (redis:// or rediss://) and the same credentials',
    ]);
    expect(problems({ ...noRedis, REDIS_CLUSTER_NODES: 'h1' })).toEqual(['REDIS_CLUSTER_NODES: each node needs a host and a port ("h1")']);
    expect(problems({ ...noRedis, REDIS_CLUSTER_NODES: ':hunter2@h1:1' })).toEqual([
      'REDIS_CLUSTER_NODES: credentials need the URL form: redis://user:password@host:port or rediss://...',
    ]);
    expect(problems({ ...noRedis, REDIS_CLUSTER_NODES: 'redis://h1:1/2' })).toEqual(['REDIS_CLUSTER_NODES: a Redis Cluster has one database: no /db path']);
    expect(problems({ ...noRedis, REDIS_CLUSTER_NODES: 'http://h1:1' })).toEqual(['REDIS_CLUSTER_NODES: node URLs must be redis:// or rediss://']);
    expect(problems({ ...noRedis, REDIS_CLUSTER_NODES: ' , ' })).toEqual(['REDIS_CLUSTER_NODES: must list at least one node (host:port,host:port,...)']);
  });
});

function problemsOfWorker(env: Record<string, string>): string[] {
  try {
    loadWorkerConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
