// Sessions and credentials (issue #8): refused refreshes write nothing, access tokens
// need exp and iat, every byte of a password counts, guessable passwords are refused
// with the estimator's reasons, and login throttling slows guessing without letting
// anyone lock the owner out. Real PostgreSQL, Redis and HTTP.
import { createHmac } from 'node:crypto';
import bcrypt from 'bcrypt';
import jwt from 'jsonwebtoken';
import { PLATFORM_TENANT_ID, invitationToken } from '@sentinel/platform';
import { call, expectProblem, login, loginPair, useApi, uniq, type Res } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const { api, fx } = useApi();
const T = useFixture(() => fx.tenantWithUsers(api.url));

const me = (token: string) => call(api.url, 'GET', '/api/v1/auth/me', { token });
const refresh = (refreshToken: string) => call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken } });
const tokenRow = (tenantId: string, refreshToken: string) =>
  fx.db.prisma.refreshToken.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id: refreshToken.split('.')[1]! } } });
const reuseAudits = (tenantId: string) => fx.db.prisma.auditLog.count({ where: { tenantId, action: 'auth.refresh_reuse_detected' } });
const storedHash = async (tenantId: string, id: string) =>
  (await fx.db.prisma.user.findUniqueOrThrow({ where: { tenantId_id: { tenantId, id } } })).passwordHash!;

describe('a refused refresh rotates nothing', () => {
  test('refreshing while the tenant is suspended leaves the token usable after resumption, with no reuse alarm', async () => {
    const S = await fx.tenantWithUsers(api.url);
    const admin = await fx.platformAdmin(api.url);
    const pair = await loginPair(api.url, S.tenant.slug, S.member.email, S.member.password);
    const setStatus = async (status: string) =>
      expect((await call(api.url, 'PATCH', `/api/v1/tenants/${S.tenant.id}`, { token: admin.token, body: { status } })).status).toBe(200);

    await setStatus('suspended');
    for (let i = 0; i < 2; i++) expectProblem(await refresh(pair.refreshToken), 401, 'SENTINEL_AUTH_TENANT_SUSPENDED');
    expect(await tokenRow(S.tenant.id, pair.refreshToken)).toMatchObject({ rotatedAt: null, revokedAt: null });
    await setStatus('active');

    const r = await refresh(pair.refreshToken);
    expect(r.status).toBe(200);
    expect((await me(r.body.accessToken)).status).toBe(200);
    expect((await refresh(r.body.refreshToken)).status).toBe(200);
    expect(await reuseAudits(S.tenant.id)).toBe(0);
  });

  test('an expired refresh token is refused without being marked rotated', async () => {
    const pair = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    const row = await tokenRow(T.tenant.id, pair.refreshToken);
    await fx.db.prisma.refreshToken.update({ where: { tenantId_id: { tenantId: T.tenant.id, id: row.id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const audits = await reuseAudits(T.tenant.id);
    expectProblem(await refresh(pair.refreshToken), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
    expectProblem(await refresh(pair.refreshToken), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
    expect(await tokenRow(T.tenant.id, pair.refreshToken)).toMatchObject({ rotatedAt: null, revokedAt: null });
    expect(await reuseAudits(T.tenant.id)).toBe(audits);
  });

  test('a genuine reuse is still detected', async () => {
    const pair = await loginPair(api.url, T.tenant.slug, T.member.email, T.member.password);
    const audits = await reuseAudits(T.tenant.id);
    expect((await refresh(pair.refreshToken)).status).toBe(200);
    expectProblem(await refresh(pair.refreshToken), 401, 'SENTINEL_AUTH_REFRESH_INVALID');
    expect(await reuseAudits(T.tenant.id)).toBe(audits + 1);
  });
});

describe('access tokens must carry exp and iat', () => {
  const sign = (claims: Record<string, unknown>, opts: jwt.SignOptions = {}) => jwt.sign(claims, api.config.JWT_SECRET, { algorithm: 'HS256', ...opts });
  const base = () => ({
    sub: T.member.id,
    tid: T.tenant.id,
    role: 'member',
    typ: 'access',
    iss: api.config.JWT_ISSUER,
    aud: api.config.JWT_AUDIENCE,
  });
  const now = () => Math.floor(Date.now() / 1000);
  const signRaw = (claims: Record<string, unknown>) => {
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
    return `${input}.${createHmac('sha256', api.config.JWT_SECRET).update(input).digest('base64url')}`;
  };

  test('a well-formed token works (the control)', async () => {
    expect((await me(sign({ ...base(), exp: now() + 300 }))).status).toBe(200);
    // A few seconds of clock skew between instances is tolerated.
    expect((await me(sign({ ...base(), iat: now() + 10, exp: now() + 300 }))).status).toBe(200);
  });

  test('a correctly signed token without exp is refused', async () => {
    const r = await me(sign(base()));
    expectProblem(r, 401, 'SENTINEL_AUTH_TOKEN_INVALID');
    expect(r.body.detail).toMatch(/expiry/);
  });

  test('without iat, with iat in the future, or living longer than an access token may: refused', async () => {
    const cases = [
      sign({ ...base(), exp: now() + 300 }, { noTimestamp: true }),
      sign({ ...base(), iat: now() + 3600, exp: now() + 3900 }),
      // jsonwebtoken will not sign this one: sign by hand, as an attacker holding the key would.
      signRaw({ ...base(), iat: 'yesterday', exp: now() + 300 }),
      sign({ ...base(), iat: now(), exp: now() + 365 * 86_400 }),
    ];
    const details = [];
    for (const token of cases) {
      const r = await me(token);
      expectProblem(r, 401, 'SENTINEL_AUTH_TOKEN_INVALID');
      details.push(r.body.detail);
    }
    expect(details[0]).toMatch(/issue time/);
    expect(details[1]).toMatch(/future/);
    expect(details[3]).toMatch(/longer/);
  });
});

describe('every byte of a password counts', () => {
  // 80 bytes: the first 72 are all plain bcrypt would read.
  const long = `${'Vq9#mZ!r'.repeat(9)}tail-Kx7`;

  test('a password longer than 72 bytes: its 72-byte prefix and any extension are refused', async () => {
    expect(Buffer.byteLength(long)).toBe(80);
    const email = `${uniq('long')}@example.com`;
    const created = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email, displayName: 'Long', password: long } });
    expect(created.status).toBe(201);
    expect(await storedHash(T.tenant.id, created.body.id)).toMatch(/^\$sentinel-v2\$2b\$/);
    const attempt = (password: string) => call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email, password } });
    expectProblem(await attempt(long.slice(0, 72)), 401, 'SENTINEL_AUTH_INVALID_CREDENTIALS');
    expectProblem(await attempt(`${long}-and-more`), 401, 'SENTINEL_AUTH_INVALID_CREDENTIALS');
    expect((await attempt(long)).status).toBe(200);
  });

  test('a legacy plain-bcrypt hash still verifies, refuses a longer candidate, and is upgraded on login', async () => {
    const password = 'Vq9#mZ!r'.repeat(9); // exactly 72 bytes
    const u = await fx.user(T.tenant.id);
    await fx.db.prisma.user.update({
      where: { tenantId_id: { tenantId: T.tenant.id, id: u.id } },
      data: { passwordHash: await bcrypt.hash(password, api.config.BCRYPT_COST) },
    });
    const attempt = (pw: string) => call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email: u.email, password: pw } });
    // Plain bcrypt would accept this: it never reads past byte 72.
    expectProblem(await attempt(`${password}suffix`), 401, 'SENTINEL_AUTH_INVALID_CREDENTIALS');
    expect(await storedHash(T.tenant.id, u.id)).toMatch(/^\$2b\$/);
    expect((await attempt(password)).status).toBe(200);
    expect(await storedHash(T.tenant.id, u.id)).toMatch(/^\$sentinel-v2\$2b\$/);
    expect((await attempt(password)).status).toBe(200);
    expectProblem(await attempt(`${password}suffix`), 401, 'SENTINEL_AUTH_INVALID_CREDENTIALS');
  });
});

describe('guessable passwords are refused with the reason', () => {
  const create = (password: string, email = `${uniq('pw')}@example.com`) =>
    call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email, displayName: 'Pw', password } });
  const expectWeak = (r: Res) => {
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0].field).toBe('body.password');
    expect(r.body.errors[0].message).toMatch(/too easy to guess \(strength [0-2] of 4/);
    return r.body.errors[0].message as string;
  };

  test('creating a user: twelve a, twelve spaces, a common password, the email itself', async () => {
    expect(expectWeak(await create('aaaaaaaaaaaa'))).toMatch(/Repeated characters/);
    expectWeak(await create(' '.repeat(12)));
    expectWeak(await create('password1234'));
    expectWeak(await create('qwertyuiop12'));
    const local = uniq('jdoe').replace(/-/g, '');
    expect(expectWeak(await create(`${local}@example.com`, `${local}@example.com`))).toMatch(/personal/);
    expect((await create('plover-kestrel-7-ochre')).status).toBe(201);
  });

  test('changing a password (own or as an admin) is judged too', async () => {
    const u = await fx.user(T.tenant.id);
    const token = await login(api.url, T.tenant.slug, u.email, u.password);
    expectWeak(await call(api.url, 'PATCH', `/api/v1/users/${u.id}`, { token, body: { password: 'aaaaaaaaaaaa', currentPassword: u.password } }));
    expectWeak(await call(api.url, 'PATCH', `/api/v1/users/${u.id}`, { token: T.adminToken, body: { password: '123456789012' } }));
    expect((await call(api.url, 'PATCH', `/api/v1/users/${u.id}`, { token: T.adminToken, body: { password: 'plover-kestrel-7-ochre' } })).status).toBe(200);
  });

  test('accepting an invitation is judged too, with the tenant slug as a forbidden word; the invitation stays usable', async () => {
    const email = `${uniq('inv')}@example.com`;
    const created = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email, displayName: 'Invitee' } });
    expect(created.status).toBe(201);
    const inv = await fx.db.prisma.invitation.findFirstOrThrow({ where: { tenantId: T.tenant.id, userId: created.body.id } });
    const token = invitationToken(api.config.INVITATION_SECRET, T.tenant.id, inv.id);
    const accept = (password: string) => call(api.url, 'POST', '/api/v1/auth/accept-invite', { body: { token, password } });
    expectWeak(await accept('aaaaaaaaaaaa'));
    expect(expectWeak(await accept(T.tenant.slug.padEnd(12, '1')))).toMatch(/personal/);
    const ok = await accept('plover-kestrel-7-ochre');
    expect(ok.status).toBe(200);
    expect(await login(api.url, T.tenant.slug, email, 'plover-kestrel-7-ochre')).toBeTruthy();
  });
});

describe('login throttling slows guessing without locking the owner out', () => {
  const { api: strict } = useApi({
    TRUST_PROXY: 'true',
    LOGIN_MAX_ATTEMPTS_PER_IP: '1000',
    LOGIN_MAX_FAILURES_PER_CLIENT: '3',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '6',
  });

  let net = 0;
  const freshIp = () => `198.51.${process.pid % 250}.${(net++ % 250) + 1}`;
  const attempt = (from: string, body: { tenant: string; email: string; password: string }) =>
    call(strict.url, 'POST', '/api/v1/auth/login', { body, headers: { 'x-forwarded-for': from } });
  const shape = (r: Res) => ({ status: r.status, code: r.body?.code, detail: r.body?.detail });

  /** The attack: 3 failures from each of two addresses, then tries from a third. */
  async function attack(email: string, rightPassword: string) {
    const wrong = { tenant: T.tenant.slug, email, password: 'not-the-password-0' };
    const seen = [];
    for (const ip of [freshIp(), freshIp()]) {
      for (let i = 0; i < 3; i++) seen.push(shape(await attempt(ip, wrong)));
      seen.push(shape(await attempt(ip, { ...wrong, password: rightPassword }))); // per address: stopped
    }
    seen.push(shape(await attempt(freshIp(), { ...wrong, password: rightPassword }))); // per account: a new address is stopped too
    return seen;
  }

  test('the attacker is throttled per address and per account; the owner still logs in from their own address', async () => {
    const u = await fx.user(T.tenant.id);
    const owner = freshIp();
    expect((await attempt(owner, { tenant: T.tenant.slug, email: u.email, password: u.password })).status).toBe(200);

    const seen = await attack(u.email, u.password);
    expect(seen.map((s) => s.status)).toEqual([401, 401, 401, 429, 401, 401, 401, 429, 429]);
    expect(seen[3]!.detail).toMatch(/from this address/);
    expect(seen[8]!.detail).toMatch(/for this account/);

    // The owner, from the address they signed in from before, during the attack:
    const r = await attempt(owner, { tenant: T.tenant.slug, email: u.email, password: u.password });
    expect(r.status).toBe(200);
    expect((await me(r.body.accessToken)).status).toBe(200);
    // ...and a typo of theirs is an ordinary 401, not a lock-out.
    expect((await attempt(owner, { tenant: T.tenant.slug, email: u.email, password: 'a-typo-of-mine-0' })).status).toBe(401);
    expect((await attempt(owner, { tenant: T.tenant.slug, email: u.email, password: u.password })).status).toBe(200);
  });

  test('the platform admin cannot be locked out through the public slug either', async () => {
    const admin = await fx.user(PLATFORM_TENANT_ID, { role: 'platform_admin' });
    const owner = freshIp();
    const body = { tenant: 'platform', email: admin.email, password: admin.password };
    expect((await attempt(owner, body)).status).toBe(200);
    for (let i = 0; i < 12; i++) await attempt(freshIp(), { ...body, password: `guess-${i}-of-many` });
    expect((await attempt(freshIp(), body)).status).toBe(429);
    expect((await attempt(owner, body)).status).toBe(200);
  });

  test('an unknown account answers exactly like a known one under attack (no enumeration)', async () => {
    const u = await fx.user(T.tenant.id);
    const known = await attack(u.email, u.password);
    const unknown = await attack(`${uniq('ghost')}@example.com`, u.password);
    expect(unknown).toEqual(known);
  });

  test('an IPv6 client is counted by its /64: rotating addresses inside it does not reset the budget', async () => {
    const u = await fx.user(T.tenant.id);
    const prefix = `2001:db8:${(process.pid % 65_000).toString(16)}:${(net++).toString(16)}`;
    const wrong = { tenant: T.tenant.slug, email: u.email, password: 'not-the-password-0' };
    for (let i = 1; i <= 3; i++) expect((await attempt(`${prefix}::${i}`, wrong)).status).toBe(401);
    expectProblem(await attempt(`${prefix}:0:0:0:ffff`, { ...wrong, password: u.password }), 429, 'SENTINEL_LOGIN_THROTTLED');
  });
});
