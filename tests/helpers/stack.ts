// The API under test and what tests do with it: its environment (testEnv), the app on a
// loopback port (startApi, or useApi for a whole describe block), fixtures written as
// provisioning writes them, HTTP calls and logins. What is real: PostgreSQL (with the
// production roles and RLS), Redis, the Express app, HTTP via fetch. Nothing is mocked.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pg from 'pg';
import {
  hashPassword,
  loadConfig,
  serviceEnv,
  Provisioning,
  createLogger,
  PLATFORM_TENANT_ID,
  type Config,
  type Plan,
  type Role,
  type ServiceName,
} from '@sentinel/platform';
import { FixtureDb } from '@sentinel/platform/testing';
import { buildApp } from '../../services/api/src/app.js';
import { createDeps, type ApiDeps } from '../../services/api/src/deps.js';
import { useFixture } from './suite.js';
import { waitFor } from './wait.js';

const BASE_KEYS = [
  'NODE_ENV',
  'LOG_LEVEL',
  'DATABASE_URL',
  'DATABASE_APP_URL',
  'DATABASE_PLATFORM_URL',
  'REDIS_URL',
  'JWT_SECRET',
  'INVITATION_SECRET',
  'BCRYPT_COST',
];

/**
 * One service's environment for tests (the API's unless named): only the variables that
 * service reads, as `npm run dev` and a deployment give it; the services refuse the
 * credentials of others (the owner's DATABASE_URL is for db:migrate and the controller).
 */
export function testEnv(overrides: Record<string, string> = {}, service: ServiceName = 'api'): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of BASE_KEYS) if (process.env[k]) env[k] = process.env[k]!;
  // Generous quotas and throttles unless a test is about them.
  return serviceEnv(service, {
    RATE_LIMIT_FREE: '1000000',
    RATE_LIMIT_PRO: '1000000',
    LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
    LOGIN_MAX_FAILURES_PER_CLIENT: '1000',
    ...env,
    ...overrides,
  });
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(testEnv(overrides));
}

export interface TestApi {
  url: string;
  deps: ApiDeps;
  config: Config;
  /** What main.ts calls on SIGTERM: readiness 503, connections close, event streams end. */
  setDraining(v: boolean): void;
  close(): Promise<void>;
}

/**
 * How many app-pool transactions `fn` opens on this API (every tenant-scoped read goes
 * through one): for asserting that a path is answered from the cache, or refused before
 * any lookup.
 */
export async function countAppTransactions(api: TestApi, fn: () => Promise<void>): Promise<number> {
  const db = api.deps.appDb;
  const original = db.withTenant.bind(db);
  let count = 0;
  db.withTenant = ((...args: Parameters<typeof original>) => {
    count++;
    return original(...args);
  }) as typeof db.withTenant;
  try {
    await fn();
  } finally {
    db.withTenant = original;
  }
  return count;
}

export async function startApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const config = testConfig(overrides);
  const deps = createDeps(config, { logger: createLogger({ level: 'silent', service: 'api-test' }) });
  const { app, setDraining } = buildApp(deps);
  if (deps.redis.status !== 'ready') await new Promise((res) => deps.redis.once('ready', res));
  const server: Server = await new Promise((res) => {
    const s = app.listen(0, '127.0.0.1', () => res(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    config,
    setDraining,
    close: async () => {
      server.closeAllConnections();
      await new Promise((res) => server.close(res));
      await deps.close();
    },
  };
}

export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** fetch with JSON in and out; `token` adds a bearer header. */
export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Res<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const r = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: r.status, headers: r.headers, body: parsed as T };
}

let seq = 0;
export const uniq = (p: string) => `${p}-${process.pid}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

/** Fixtures are written through the platform pool, as provisioning would. */
export class Fixtures {
  readonly db: FixtureDb;
  readonly provisioning: Provisioning;
  constructor(readonly config: Config = testConfig()) {
    this.db = new FixtureDb(config, createLogger({ level: 'silent', service: 'fixtures' }));
    this.provisioning = new Provisioning(this.db);
  }

  async tenant(opts: { plan?: Plan; slug?: string } = {}) {
    return this.provisioning.createTenant(
      { tenantId: PLATFORM_TENANT_ID, userId: null as unknown as string },
      { slug: opts.slug ?? uniq('t'), displayName: 'Test tenant', plan: opts.plan ?? 'pro' },
    );
  }

  /**
   * `count` audit rows of one action by `actorId`, one second apart and ending now (oldest
   * first, so that export order is creation order), targets `t-0`, `t-1`, ...; `row(i)`
   * overrides fields of the i-th.
   */
  async auditRows(tenantId: string, actorId: string, count: number, action: string, row: (i: number) => { targetId?: string; changes?: object } = () => ({})) {
    const base = Date.now() - count * 1000;
    await this.db.prisma.auditLog.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        tenantId,
        actorId,
        action,
        targetType: 'thing',
        targetId: `t-${i}`,
        createdAt: new Date(base + i * 1000),
        ...row(i),
      })),
    });
  }

  async user(tenantId: string, opts: { role?: Role; email?: string; password?: string } = {}) {
    const password = opts.password ?? 'a-very-good-password';
    const u = await this.db.prisma.user.create({
      data: {
        tenantId,
        email: opts.email ?? `${uniq('u')}@example.com`,
        displayName: 'Test user',
        role: opts.role ?? 'member',
        passwordHash: await hashPassword(password, this.config.BCRYPT_COST),
      },
    });
    return { ...u, password };
  }

  /** A tenant with an admin and a member, both logged in. */
  async tenantWithUsers(api: string, opts: { plan?: Plan } = {}) {
    const tenant = await this.tenant(opts);
    const admin = await this.user(tenant.id, { role: 'tenant_admin' });
    const member = await this.user(tenant.id, { role: 'member' });
    return {
      tenant,
      admin,
      member,
      adminToken: await login(api, tenant.slug, admin.email, admin.password),
      memberToken: await login(api, tenant.slug, member.email, member.password),
    };
  }

  async platformAdmin(api: string) {
    const u = await this.user(PLATFORM_TENANT_ID, { role: 'platform_admin' });
    return { user: u, token: await login(api, 'platform', u.email, u.password) };
  }

  close() {
    return this.db.close();
  }
}

/**
 * GETs `path` until `done(body)` holds (a job or an export finishing) and returns the body;
 * on timeout the error shows the last body.
 */
export function getUntil(api: string, token: string, path: string, done: (body: any) => boolean, timeoutMs = 30_000): Promise<any> {
  return waitFor(
    `GET ${path}`,
    async () => {
      const r = await call(api, 'GET', path, { token });
      if (r.status === 200 && done(r.body)) return r.body;
      throw new Error(`still ${JSON.stringify(r.body)}`);
    },
    timeoutMs,
    25,
  );
}

/** A job's (or an export's) state is final. */
export const finalState = (job: { state?: string }) => job.state === 'completed' || job.state === 'failed';

export async function login(api: string, tenant: string, email: string, password: string): Promise<string> {
  const r = await call(api, 'POST', '/api/v1/auth/login', { body: { tenant, email, password } });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.accessToken as string;
}

export async function loginPair(api: string, tenant: string, email: string, password: string): Promise<{ accessToken: string; refreshToken: string }> {
  const r = await call(api, 'POST', '/api/v1/auth/login', { body: { tenant, email, password } });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A raw pg client as a given role URL, for tests that talk SQL directly. */
export async function sqlAs(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

export function expectProblem(r: Res, status: number, code: string) {
  expect({ status: r.status, type: r.headers.get('content-type')?.split(';')[0], code: r.body?.code }).toEqual({
    status,
    type: 'application/problem+json',
    code,
  });
}

/**
 * The API on a loopback port and fixtures for it, for the tests of the enclosing
 * describe block (or file): started in beforeAll, closed in afterAll.
 */
export function useApi(overrides: Record<string, string> = {}): { api: TestApi; fx: Fixtures } {
  const api = useFixture(
    () => startApi(overrides),
    (a) => a.close(),
  );
  const fx = useFixtures(() => api.config);
  return { api, fx };
}

/** Fixtures (the platform pool) for the enclosing describe block or file, closed in afterAll. */
export function useFixtures(config: () => Config = testConfig): Fixtures {
  return useFixture(
    () => new Fixtures(config()),
    (f) => f.close(),
  );
}
