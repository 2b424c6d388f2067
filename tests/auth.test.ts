// Authentication and the attacks on it. Real PostgreSQL, Redis and HTTP; tokens are
// forged with jsonwebtoken and node:crypto exactly as an attacker would.
import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { call, expectProblem, loginPair, startApi, useApi, uniq } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const { api, fx } = useApi({ LOGIN_MAX_FAILURES_PER_CLIENT: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '1000' });
const T = useFixture(() => fx.tenantWithUsers(api.url));

const me = (token: string) => call(api.url, 'GET', '/api/v1/auth/me', { token });
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

function claims(extra: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: T.member.id,
    tid: T.tenant.id,
    role: 'member',
    typ: 'access',
    iss: api.config.JWT_ISSUER,
    aud: api.config.JWT_AUDIENCE,
    iat: now,
    exp: now + 300,
    ...extra,
  };
}

describe('login', () => {
  test('returns an access token that works and a refresh token', async () => {
    const pair = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const header = JSON.parse(Buffer.from(pair.accessToken.split('.')[0]!, 'base64url').toString());
    expect(header.alg).toBe('HS256');
    const r = await me(pair.accessToken);
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ id: T.member.id, email: T.member.email, role: 'member' });
    expect(JSON.stringify(r.body)).not.toMatch(/password/i);
  });

  test('email is case-insensitive', async () => {
    const r = await call(api.url, 'POST', '/api/v1/auth/login', {
      body: { tenant: T.tenant.slug, email: T.member.email.toUpperCase(), password: T.member.password },
    });
    expect(r.status).toBe(200);
  });

  test('wrong password, unknown user and unknown tenant give the same answer', async () => {
    const bodies = [
      { tenant: T.tenant.slug, email: T.admin.email, password: 'wrong-password!' },
      { tenant: T.tenant.slug, email: 'nobody@example.com', password: 'wrong-password!' },
      { tenant: 'no-such-tenant', email: T.admin.email, password: T.admin.password },
    ];
    const answers = [];
    for (const body of bodies) {
      const r = await call(api.url, 'POST', '/api/v1/auth/login', { body });
      expectProblem(r, 401, 'SENTINEL_AUTH_INVALID_CREDENTIALS');
      const { requestId: _, ...rest } = r.body;
      answers.push(rest);
    }
    expect(answers[0].title).toBe('Invalid tenant, email or password');
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  test('a user of tenant A cannot log in through tenant B', async () => {
    const other = await fx.tenant();
    const r = await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: other.slug, email: T.member.email, password: T.member.password } });
    expectProblem(r, 401, 'SENTINEL_AUTH_INVALID_CREDENTIALS');
  });

  test('repeated failures for one account from one address are throttled with Retry-After, then the right password is refused too', async () => {
    const u = await fx.user(T.tenant.id);
    for (let i = 0; i < 3; i++) {
      const r = await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email: u.email, password: 'wrong-password!' } });
      expect(r.status).toBe(401);
    }
    const r = await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email: u.email, password: u.password } });
    expectProblem(r, 429, 'SENTINEL_LOGIN_THROTTLED');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts are unaffected.
    expect(
      (await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email: T.admin.email, password: T.admin.password } })).status,
    ).toBe(200);
  });

  test('attempts from one client IP are throttled', async () => {
    const strict = await startApi({ LOGIN_MAX_ATTEMPTS_PER_IP: '5' });
    try {
      // Each run of the suite starts with a fresh window key per IP; use a distinct API so the count is ours.
      await strict.deps.redis.del('sentinel:throttle:login:ip:127.0.0.1');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push(
          (
            await call(strict.url, 'POST', '/api/v1/auth/login', {
              body: { tenant: T.tenant.slug, email: `${uniq('x')}@example.com`, password: 'whatever-it-is' },
            })
          ).status,
        );
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await strict.deps.redis.del('sentinel:throttle:login:ip:127.0.0.1');
      await strict.close();
    }
  });
});

describe('forged and broken access tokens are refused', () => {
  const secret = () => api.config.JWT_SECRET;

  test('no token, garbage, wrong scheme', async () => {
    expectProblem(await call(api.url, 'GET', '/api/v1/auth/me'), 401, 'SENTINEL_AUTH_REQUIRED');
    expectProblem(await me('not-a-jwt'), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
    expectProblem(await call(api.url, 'GET', '/api/v1/auth/me', { headers: { authorization: `Basic ${btoa('a:b')}` } }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });

  test('alg: none', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
    expectProblem(await me(token), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });

  test('signed with the wrong key', async () => {
    expectProblem(await me(jwt.sign(claims(), 'another-secret-of-sufficient-length-000', { algorithm: 'HS256' })), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });

  test('another algorithm with the right secret (HS512)', async () => {
    expectProblem(await me(jwt.sign(claims(), secret(), { algorithm: 'HS512' })), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });

  test('HS/RS confusion: RS256 token, and HS256 signed with a public key as secret', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expectProblem(await me(jwt.sign(claims(), privateKey, { algorithm: 'RS256' })), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const body = b64(claims());
    const { createHmac } = await import('node:crypto');
    const sig = createHmac('sha256', pem).update(`${header}.${body}`).digest('base64url');
    expectProblem(await me(`${header}.${body}.${sig}`), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });

  test('expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const r = await me(jwt.sign(claims({ iat: past - 60, exp: past }), secret(), { algorithm: 'HS256' }));
    expectProblem(r, 401, 'SENTINEL_AUTH_TOKEN_INVALID');
    expect(r.body.detail).toMatch(/expired/);
  });

  test('wrong issuer or audience, or not an access token', async () => {
    expectProblem(await me(jwt.sign(claims({ iss: 'evil' }), secret(), { algorithm: 'HS256' })), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
    expectProblem(await me(jwt.sign(claims({ aud: 'other-api' }), secret(), { algorithm: 'HS256' })), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
    expectProblem(await me(jwt.sign(claims({ typ: 'refresh' }), secret(), { algorithm: 'HS256' })), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });

  test('tampered claims on a genuine token (role, tenant, subject)', async () => {
    const pair = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    const [h, p, s] = pair.accessToken.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    for (const change of [{ role: 'platform_admin' }, { tid: '00000000-0000-4000-8000-000000000000' }, { sub: T.admin.id }]) {
      expectProblem(await me(`${h}.${b64({ ...payload, ...change })}.${s}`), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
    }
  });

  test('a validly signed token naming a user of another tenant finds nobody', async () => {
    const other = await fx.tenant();
    expectProblem(await me(jwt.sign(claims({ tid: other.id }), secret(), { algorithm: 'HS256' })), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  });

  test('the role in the token is not trusted: the current role is used', async () => {
    const token = jwt.sign(claims({ role: 'tenant_admin' }), secret(), { algorithm: 'HS256' });
    expectProblem(
      await call(api.url, 'POST', '/api/v1/users', { token, body: { email: `${uniq('x')}@example.com`, displayName: 'x', password: 'a-long-password-1' } }),
      403,
      'SENTINEL_FORBIDDEN',
    );
  });
});

describe('refresh tokens', () => {
  test('rotate: the new pair works, the old refresh token is spent', async () => {
    const first = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    const r = await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(r.status).toBe(200);
    expect(r.body.refreshToken).not.toBe(first.refreshToken);
    expect((await me(r.body.accessToken)).status).toBe(200);
  });

  test('reusing a rotated token revokes the whole family and is audited', async () => {
    const first = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    const second = (await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })).body;
    // The thief replays the first token...
    expectProblem(await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } }), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
    // ...and the legitimate holder's newer token is dead as well.
    expectProblem(await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: second.refreshToken } }), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
    const audit = await call(api.url, 'GET', '/api/v1/audit-logs?action=auth.refresh_reuse_detected', { token: T.adminToken });
    expect(audit.body.items.length).toBeGreaterThanOrEqual(1);
    expect(audit.body.items[0].changes.revoked).toBeGreaterThanOrEqual(1);
  });

  test('concurrent refreshes of one token: at most one succeeds', async () => {
    const first = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    const rs = await Promise.all(
      Array.from({ length: 5 }, () => call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })),
    );
    expect(rs.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    for (const r of rs) expect([200, 401]).toContain(r.status);
  });

  test('a forged or mangled refresh token is refused', async () => {
    const first = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    const [tid, id] = first.refreshToken.split('.');
    for (const bad of [`${tid}.${id}.${'A'.repeat(43)}`, 'garbage', `${T.tenant.id}.${T.member.id}.x`, first.refreshToken + 'x'])
      expectProblem(await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: bad } }), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
  });

  test('logout revokes the session; logout without a token revokes all sessions', async () => {
    const a = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    const b = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    expect((await call(api.url, 'POST', '/api/v1/auth/logout', { token: a.accessToken, body: { refreshToken: a.refreshToken } })).status).toBe(204);
    expectProblem(await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: a.refreshToken } }), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
    expect((await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: b.refreshToken } })).status).toBe(200);
    const c = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    expect((await call(api.url, 'POST', '/api/v1/auth/logout', { token: c.accessToken })).status).toBe(204);
    expectProblem(await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: c.refreshToken } }), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
  });
});

describe('account and tenant state', () => {
  test('a suspended tenant: tokens stop at once, login and refresh refused; resuming restores access', async () => {
    const S = await fx.tenantWithUsers(api.url);
    const pair = await loginPair(api.url, S.tenant.slug, S.member.email, S.member.password);
    expect((await me(pair.accessToken)).status).toBe(200); // primes the cache
    const admin = await fx.platformAdmin(api.url);
    expect((await call(api.url, 'PATCH', `/api/v1/tenants/${S.tenant.id}`, { token: admin.token, body: { status: 'suspended' } })).status).toBe(200);
    expectProblem(await me(pair.accessToken), 401, 'SENTINEL_AUTH_TENANT_SUSPENDED');
    expectProblem(await me(S.adminToken), 401, 'SENTINEL_AUTH_TENANT_SUSPENDED');
    expectProblem(await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } }), 401, 'SENTINEL_AUTH_TENANT_SUSPENDED');
    expectProblem(
      await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: S.tenant.slug, email: S.member.email, password: S.member.password } }),
      401,
      'SENTINEL_AUTH_TENANT_SUSPENDED',
    );
    expect((await call(api.url, 'PATCH', `/api/v1/tenants/${S.tenant.id}`, { token: admin.token, body: { status: 'active' } })).status).toBe(200);
    expect((await me(pair.accessToken)).status).toBe(200);
  });

  test('a deleted user: access token and refresh token stop working at once', async () => {
    const u = await fx.user(T.tenant.id);
    const pair = await loginPair(api.url, T.tenant.slug, u.email, u.password);
    expect((await me(pair.accessToken)).status).toBe(200);
    expect((await call(api.url, 'DELETE', `/api/v1/users/${u.id}`, { token: T.adminToken })).status).toBe(204);
    expectProblem(await me(pair.accessToken), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
    expectProblem(await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } }), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
  });

  test('a demoted admin loses admin rights at once', async () => {
    const u = await fx.user(T.tenant.id, { role: 'tenant_admin' });
    const pair = await loginPair(api.url, T.tenant.slug, u.email, u.password);
    expect((await call(api.url, 'GET', '/api/v1/audit-logs', { token: pair.accessToken })).status).toBe(200);
    expect((await call(api.url, 'PATCH', `/api/v1/users/${u.id}`, { token: T.adminToken, body: { role: 'member' } })).status).toBe(200);
    expectProblem(await call(api.url, 'GET', '/api/v1/audit-logs', { token: pair.accessToken }), 403, 'SENTINEL_FORBIDDEN');
  });

  test('changing a password ends existing sessions', async () => {
    const u = await fx.user(T.tenant.id);
    const pair = await loginPair(api.url, T.tenant.slug, u.email, u.password);
    const r = await call(api.url, 'PATCH', `/api/v1/users/${u.id}`, {
      token: pair.accessToken,
      body: { password: 'a-brand-new-password', currentPassword: u.password },
    });
    expect(r.status).toBe(200);
    expectProblem(await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: pair.refreshToken } }), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
    expect((await loginPair(api.url, T.tenant.slug, u.email, 'a-brand-new-password')).accessToken).toBeTruthy();
  });
});
