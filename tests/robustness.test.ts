// No client input may produce a 5xx. Every operation in the API's own OpenAPI document
// is sent seeded random parameters, queries and bodies (reproducible: the seed and the
// failing request are printed), as a tenant admin, a member and a platform admin.
// Then the database is taken away: answers become 503 with Retry-After, never 500.
import jwt from 'jsonwebtoken';
import { call, expectProblem, startApi, useApi, type TestApi } from './helpers/stack.js';
import { freePort } from '#local-stack';

const { api, fx } = useApi();

/** mulberry32: small, seeded, good enough to pick test values. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  '',
  ' ',
  'a',
  'x'.repeat(300),
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202e',
  '🐘',
  "'; DROP TABLE users; --",
  '%',
  '_',
  '\\',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'null',
  '00000000-0000-4000-8000-000000000000',
  'not-a-uuid',
  '2026-13-45T99:99:99Z',
  '2026-01-01T00:00:00Z',
  'user@example.com',
  'UPPER@EXAMPLE.COM',
  'platform',
  'free',
  'tenant_admin',
  'platform_admin',
  '-createdAt',
  'eyJzIjoiZW1haWwiLCJ2IjoiYSIsImlkIjoiYiJ9',
];
const NUMBERS = [0, -1, 1, 25, 100, 101, 1e308, -1e308, 2 ** 53 + 1, 0.5];

function value(r: () => number, depth = 0): unknown {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  switch (Math.floor(r() * (depth > 2 ? 4 : 6))) {
    case 0:
      return pick(STRINGS);
    case 1:
      return pick(NUMBERS);
    case 2:
      return pick([true, false, null]);
    case 3:
      return pick(STRINGS) + pick(STRINGS);
    case 4:
      return Array.from({ length: Math.floor(r() * 3) }, () => value(r, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(r() * 3) }, () => [pick(STRINGS).slice(0, 20), value(r, depth + 1)]));
  }
}

type Op = { method: string; path: string; props: string[]; queryProps: string[] };

function operations(doc: {
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }; parameters?: { name: string; in: string }[] }
    >
  >;
}): Op[] {
  const ops: Op[] = [];
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) {
      const props = Object.keys(op.requestBody?.content['application/json']?.schema.properties ?? {});
      const queryProps = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      ops.push({ method: method.toUpperCase(), path, props, queryProps });
    }
  return ops;
}

test('seeded random input to every operation: never a 5xx, 4xx always problem+json', async () => {
  const T = await fx.tenantWithUsers(api.url);
  const admin = await fx.platformAdmin(api.url);
  const doc = (await call(api.url, 'GET', '/openapi.json')).body;
  const ops = operations(doc);
  expect(ops.length).toBeGreaterThanOrEqual(20);
  const seed = Number(process.env.FUZZ_SEED ?? 20261127);
  const r = rng(seed);
  const tokens = [T.adminToken, T.memberToken, admin.token, undefined];
  let sent = 0;
  for (const op of ops) {
    for (let i = 0; i < 25; i++) {
      const path = op.path.replace(/\{(\w+)\}/g, () => encodeURIComponent(String(value(r)).toWellFormed()).slice(0, 80) || 'x');
      const query = new URLSearchParams();
      for (const k of [...op.queryProps, 'junk']) if (r() < 0.5) query.append(k, String(value(r)).slice(0, 200));
      const obj: Record<string, unknown> = {};
      for (const k of op.props) if (r() < 0.7) obj[k] = value(r);
      if (r() < 0.1) obj[String(value(r)).slice(0, 10)] = value(r);
      const body = r() < 0.15 ? value(r) : obj;
      const raw = r() < 0.05 ? '{"truncated": ' : JSON.stringify(body);
      const withBody = op.method !== 'GET' && op.method !== 'DELETE';
      const token = tokens[Math.floor(r() * tokens.length)];
      const url = `${path}${query.size ? `?${query}` : ''}`;
      const res = await call(api.url, op.method, url, { ...(token ? { token } : {}), ...(withBody ? { raw } : {}) });
      sent++;
      const where = `seed ${seed}: ${op.method} ${url} ${withBody ? raw.slice(0, 300) : ''} -> ${res.status} ${String(JSON.stringify(res.body)).slice(0, 300)}`;
      if (res.status >= 500) throw new Error(`5xx for client input: ${where}`);
      if (res.status >= 400) expect({ where, type: res.headers.get('content-type')?.split(';')[0] }).toEqual({ where, type: 'application/problem+json' });
    }
  }
  expect(sent).toBe(ops.length * 25);
});

describe('PostgreSQL unreachable', () => {
  let down: TestApi;
  beforeAll(async () => {
    const port = await freePort();
    const dead = (u: string) => {
      const url = new URL(u);
      url.port = String(port);
      return url.toString();
    };
    down = await startApi({
      DATABASE_APP_URL: dead(api.config.DATABASE_APP_URL),
      DATABASE_PLATFORM_URL: dead(api.config.DATABASE_PLATFORM_URL),
      DB_CONNECT_TIMEOUT_MS: '500',
      READY_TIMEOUT_MS: '300',
    });
  });
  afterAll(() => down.close());

  test('login, authenticated reads and platform reads answer 503 with Retry-After; liveness stays up', async () => {
    const login = await call(down.url, 'POST', '/api/v1/auth/login', {
      body: { tenant: 'some-tenant', email: 'a@example.com', password: 'whatever-password' },
    });
    expectProblem(login, 503, 'SENTINEL_UNAVAILABLE');
    expect(login.headers.get('retry-after')).toBe('2');
    const token = jwt.sign({ tid: '11111111-1111-4111-8111-111111111111', role: 'member', typ: 'access' }, api.config.JWT_SECRET, {
      algorithm: 'HS256',
      subject: '22222222-2222-4222-8222-222222222222',
      issuer: api.config.JWT_ISSUER,
      audience: api.config.JWT_AUDIENCE,
      expiresIn: 60,
    });
    expectProblem(await call(down.url, 'GET', '/api/v1/users', { token }), 503, 'SENTINEL_UNAVAILABLE');
    const ready = await call(down.url, 'GET', '/api/v1/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.postgres.status).toBe('fail');
    expect((await call(down.url, 'GET', '/api/v1/health')).status).toBe(200);
  });
});
