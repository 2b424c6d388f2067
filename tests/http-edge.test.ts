// What a client can send at the HTTP edge, before any feature code: forged cursors,
// content types and encodings the route does not take, methods a path does not
// answer, paths in another case. Every one gets a 4xx problem, never a 5xx.
// Real: PostgreSQL (RLS), Redis, the Express app on a loopback port.
import { request } from 'node:http';
import { call, expectProblem, useApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const { api, fx } = useApi();
const T = useFixture(() => fx.tenantWithUsers(api.url));
let platformToken: string;

beforeAll(async () => {
  platformToken = (await fx.platformAdmin(api.url)).token;
});

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const UUID = '0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a';
/** The sort a forged cursor names, so that the check reached is the value's, not the sort's. */
const sortOf = (c: string) => {
  try {
    return (JSON.parse(Buffer.from(c, 'base64url').toString()) as { s?: string }).s === 'email' ? 'email' : 'createdAt';
  } catch {
    return 'createdAt';
  }
};

describe('forged cursors answer 400 naming query.cursor', () => {
  const forged: [string, string][] = [
    ['a non-UUID id', b64({ s: 'createdAt', v: '2026-01-01T00:00:00.000Z', id: "1' OR 1=1" })],
    ['NUL in the value', b64({ s: 'email', v: 'a\u0000b', id: UUID })],
    ['year 0000', b64({ s: 'createdAt', v: '0000-01-01T00:00:00.000Z', id: UUID })],
    ['a far-future year', b64({ s: 'createdAt', v: '+275760-09-13T00:00:00.000Z', id: UUID })],
    ['an impossible date', b64({ s: 'createdAt', v: '2026-02-31T00:00:00.000Z', id: UUID })],
    ['a number for the value', b64({ s: 'createdAt', v: 5, id: UUID })],
    ['an extra key', b64({ s: 'createdAt', v: '2026-01-01T00:00:00.000Z', id: UUID, x: 1 })],
    ['an array', b64([1, 2])],
    ['JSON null', b64('null')],
    ['not base64url', 'a+b/c=='],
    ['not JSON', b64('{{{')],
  ];
  const endpoints: [string, () => string, (c: string) => string][] = [
    ['/users', () => T.adminToken, (c) => `/api/v1/users?cursor=${c}&sort=${sortOf(c)}`],
    ['/audit-logs', () => T.adminToken, (c) => `/api/v1/audit-logs?cursor=${c}`],
    ['/jobs', () => T.adminToken, (c) => `/api/v1/jobs?cursor=${c}`],
    ['/tenants', () => platformToken, (c) => `/api/v1/tenants?cursor=${c}`],
  ];
  for (const [endpoint, token, path] of endpoints)
    test.each(forged)(`${endpoint}: %s`, async (_what, cursor) => {
      const r = await call(api.url, 'GET', path(cursor), { token: token() });
      expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.cursor']);
    });

  test('a genuine cursor still pages', async () => {
    await fx.user(T.tenant.id);
    const first = await call(api.url, 'GET', '/api/v1/users?limit=1', { token: T.adminToken });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const next = await call(api.url, 'GET', `/api/v1/users?limit=1&cursor=${first.body.nextCursor}`, { token: T.adminToken });
    expect(next.status).toBe(200);
    expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
  });
});

describe('bodies', () => {
  test.each(['gzip', 'br', 'deflate', 'x-made-up'])('a false Content-Encoding: %s answers 415, not 500', async (encoding) => {
    const login = await call(api.url, 'POST', '/api/v1/auth/login', {
      raw: '{"tenant":"x","email":"a@b.c","password":"p"}',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
    });
    expectProblem(login, 415, 'SENTINEL_UNSUPPORTED_MEDIA_TYPE');
    const create = await call(api.url, 'POST', '/api/v1/users', {
      token: T.adminToken,
      raw: 'not really compressed',
      headers: { 'content-type': 'application/json', 'content-encoding': encoding },
    });
    expectProblem(create, 415, 'SENTINEL_UNSUPPORTED_MEDIA_TYPE');
  });

  test('a JSON route refuses another content type before reading it', async () => {
    const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, raw: 'email=a', headers: { 'content-type': 'text/csv' } });
    expectProblem(r, 415, 'SENTINEL_UNSUPPORTED_MEDIA_TYPE');
  });

  test.each(['utf-7', 'iso-8859-1', 'utf-16'])('a CSV upload in charset=%s answers 415', async (charset) => {
    const r = await call(api.url, 'POST', '/api/v1/users/imports', {
      token: T.adminToken,
      raw: 'email,displayName\na@example.com,A\n',
      headers: { 'content-type': `text/csv; charset=${charset}` },
    });
    expectProblem(r, 415, 'SENTINEL_UNSUPPORTED_MEDIA_TYPE');
    expect(r.body.detail).toContain('UTF-8');
  });

  test('the import refuses JSON, and members, before reading the body', async () => {
    const json = await call(api.url, 'POST', '/api/v1/users/imports', { token: T.adminToken, body: { email: 'a@example.com' } });
    expectProblem(json, 415, 'SENTINEL_UNSUPPORTED_MEDIA_TYPE');
    const member = await call(api.url, 'POST', '/api/v1/users/imports', {
      token: T.memberToken,
      raw: 'email,displayName\n',
      headers: { 'content-type': 'text/csv' },
    });
    expectProblem(member, 403, 'SENTINEL_FORBIDDEN');
  });

  test('a declared Content-Length over the limit answers 413 at once and closes the connection', async () => {
    const r = await rawRequest(api.url, 'POST', '/api/v1/users/imports', {
      authorization: `Bearer ${T.adminToken}`,
      'content-type': 'text/csv',
      'content-length': String(api.config.IMPORT_MAX_BYTES + 1),
    });
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
  });

  test('a chunked upload past the limit is cut off with 413 and nothing is recorded', async () => {
    const before = await fx.db.prisma.job.count({ where: { tenantId: T.tenant.id, name: 'users.import' } });
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const r = await rawRequest(
      api.url,
      'POST',
      '/api/v1/users/imports',
      { authorization: `Bearer ${T.adminToken}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
      Array.from({ length: Math.ceil(api.config.IMPORT_MAX_BYTES / chunk.length) + 4 }, () => chunk),
    );
    expect(r.status).toBe(413);
    expect(await fx.db.prisma.job.count({ where: { tenantId: T.tenant.id, name: 'users.import' } })).toBe(before);
  });
});

describe('routing', () => {
  test.each([
    ['TRACE', '/api/v1/users', 'GET'],
    ['DELETE', '/api/v1/users', 'GET'],
    ['PUT', '/api/v1/health', 'GET'],
    ['POST', `/api/v1/users/${UUID}`, 'GET'],
    ['TRACE', '/api/v1/health', 'GET'],
    // A literal path is its own resource, not /users/:id with the id "imports".
    ['PUT', '/api/v1/users/imports', 'POST'],
    ['GET', '/api/v1/users/imports', 'POST'],
  ])('%s %s answers 405 with Allow', async (method, path, allowed) => {
    const r = await rawRequest(api.url, method, path, { authorization: `Bearer ${T.adminToken}` });
    expect(r.status).toBe(405);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(r.body).code).toBe('SENTINEL_METHOD_NOT_ALLOWED');
    const allow = String(r.headers.allow).split(', ');
    expect(allow).toContain(allowed);
    expect(allow).not.toContain(method);
  });

  test('an unknown path still answers 404', async () => {
    const r = await rawRequest(api.url, 'TRACE', '/api/v1/nothing-here', {});
    expect({ status: r.status, code: JSON.parse(r.body).code }).toEqual({ status: 404, code: 'SENTINEL_ROUTE_NOT_FOUND' });
  });

  test.each(['/api/v1/USERS', '/API/v1/users', '/api/v1//users', '/api/v1/users//', '/api/v1/Health'])(
    '%s matches nothing (case-sensitive, strict)',
    async (path) => {
      const r = await call(api.url, 'GET', path, { token: T.adminToken });
      expectProblem(r, 404, 'SENTINEL_ROUTE_NOT_FOUND');
    },
  );

  test("the seed's single trailing slash is an alias of the declared path only", async () => {
    expect((await call(api.url, 'GET', '/api/v1/users/', { token: T.adminToken })).status).toBe(200);
    expect((await call(api.url, 'GET', '/api/v1/users/?limit=1', { token: T.adminToken })).body.items).toHaveLength(1);
    expect((await call(api.url, 'GET', '/api/v1/nothing/', { token: T.adminToken })).status).toBe(404);
  });
});

/** node:http, for methods and headers fetch will not send (TRACE, a lying Content-Length). */
function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  chunks: Buffer[] = [],
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    // The server may answer and close before the whole body is sent: that is the point.
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    const write = (i: number) => {
      if (i >= chunks.length || req.destroyed) return void req.end();
      if (req.write(chunks[i])) setImmediate(() => write(i + 1));
      else req.once('drain', () => write(i + 1));
    };
    if (headers['content-length'] && chunks.length === 0) req.flushHeaders();
    else write(0);
  });
}
