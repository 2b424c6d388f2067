// OpenID Connect single sign-on (issue #15) against two real OpenID Providers (the
// `oidc-provider` package, one per tenant, on loopback ports), driven over plain HTTP. What is
// real: the providers (discovery, JWKS, authorization and token endpoints, PKCE, state, nonce,
// `iss`), PostgreSQL with RLS, Redis, the API over HTTP. Nothing is mocked.
import { SecretBox, base32Decode, totp } from '@sentinel/platform';
import { newSigningKey, startOidcProvider, signInAt, type TestProvider } from './helpers/oidc-provider.js';
import { call, expectProblem, login, loginPair, uniq, useApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const REDIRECT = 'http://127.0.0.1:39999/session/sso/callback';
// The test's providers listen on 127.0.0.1: allowed by name, as an in-house provider would be.
const { api, fx } = useApi({ SSO_REDIRECT_URIS: REDIRECT, SSO_ALLOW_HOSTS: '127.0.0.1' });
const opA = useFixture(
  () => startOidcProvider({ redirectUris: [REDIRECT] }),
  (p) => p.close(),
);
const opB = useFixture(
  () => startOidcProvider({ redirectUris: [REDIRECT] }),
  (p) => p.close(),
);

type Tenant = Awaited<ReturnType<typeof fx.tenantWithUsers>>;

const settings = (op: TestProvider, extra: Record<string, unknown> = {}) => ({
  issuer: op.issuer,
  clientId: op.clientId,
  clientSecret: op.clientSecret,
  allowedDomains: ['corp.test'],
  defaultRole: 'member',
  enabled: true,
  ssoRequired: false,
  ...extra,
});

async function configure(t: Tenant, op: TestProvider, extra: Record<string, unknown> = {}) {
  const r = await call(api.url, 'PUT', '/api/v1/tenant/sso', { token: t.adminToken, body: settings(op, extra) });
  expect(r.status).toBe(200);
  return r.body;
}

const start = (slug: string, redirectUri = REDIRECT) => call(api.url, 'GET', `/api/v1/auth/sso/${slug}/start?redirect_uri=${encodeURIComponent(redirectUri)}`);
const callback = (body: Record<string, unknown>) => call(api.url, 'POST', '/api/v1/auth/sso/callback', { body });

/** A person at `op`; signs them in at the provider and answers what it sends back to the redirect URI. */
function person(op: TestProvider, email: string, verified = true) {
  const sub = uniq('sub');
  op.accounts.set(sub, { sub, email, email_verified: verified, name: 'Pat Example' });
  return sub;
}

async function authorize(op: TestProvider, sub: string, slug: string, tamper?: (u: URL) => void) {
  const s = await start(slug);
  expect(s.status).toBe(200);
  const url = new URL(s.body.authorizationUrl);
  tamper?.(url);
  op.login.account = sub;
  const back = await signInAt(url.href, REDIRECT);
  return { state: s.body.state as string, back };
}

async function signIn(op: TestProvider, sub: string, slug: string) {
  const { back } = await authorize(op, sub, slug);
  return callback({ code: back.code, state: back.state, iss: back.iss });
}

const me = (token: string) => call(api.url, 'GET', '/api/v1/auth/me', { token });

let a: Tenant;
let b: Tenant;
beforeAll(async () => {
  a = await fx.tenantWithUsers(api.url);
  b = await fx.tenantWithUsers(api.url);
  await configure(a, opA);
  await configure(b, opB);
});

describe('configuration', () => {
  test('admins read the settings without the secret, which is stored sealed; members may not touch them; audited', async () => {
    const r = await call(api.url, 'GET', '/api/v1/tenant/sso', { token: a.adminToken });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      configured: true,
      callbackUrl: REDIRECT,
      provider: { issuer: opA.issuer, clientId: opA.clientId, allowedDomains: ['corp.test'] },
    });
    expect(JSON.stringify(r.body)).not.toContain(opA.clientSecret);
    const row = await fx.db.prisma.tenantSso.findUniqueOrThrow({ where: { tenantId: a.tenant.id } });
    expect(row.clientSecretSealed).not.toContain(opA.clientSecret);
    expect(row.clientSecretSealed).not.toContain(Buffer.from(opA.clientSecret).toString('base64url'));
    // Sealed for this tenant: the same box does not open it as another tenant's.
    expect(new SecretBox('x'.repeat(40)).open(row.clientSecretSealed, `sso:${a.tenant.id}`)).toBeUndefined();
    expectProblem(await call(api.url, 'GET', '/api/v1/tenant/sso', { token: a.memberToken }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'PUT', '/api/v1/tenant/sso', { token: a.memberToken, body: settings(opA) }), 403, 'SENTINEL_FORBIDDEN');
    const audit = await fx.db.prisma.auditLog.findMany({ where: { tenantId: a.tenant.id, action: 'tenant.sso.create' } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.changes)).not.toContain(opA.clientSecret);
  });

  test('an issuer on a loopback, private, link-local or metadata address outside SSO_ALLOW_HOSTS is refused before any request', async () => {
    const t = await fx.tenantWithUsers(api.url);
    // 127.0.0.2 is loopback but not the allowed 127.0.0.1; the others never are allowed.
    const port = new URL(opA.issuer).port;
    for (const issuer of [
      `http://127.0.0.2:${port}/`,
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:9/',
      'http://[::ffff:7f00:1]:9/',
    ]) {
      const started = Date.now();
      const r = await call(api.url, 'PUT', '/api/v1/tenant/sso', { token: t.adminToken, body: settings(opA, { issuer }) });
      expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
      expect(r.body.errors).toEqual([expect.objectContaining({ field: 'body.issuer', message: expect.stringMatching(/not a public address/) })]);
      // Refused at once, not after a connection attempt's timeout.
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    expect((await call(api.url, 'GET', '/api/v1/tenant/sso', { token: t.adminToken })).body).toMatchObject({ configured: false });
  });

  test('the kept client secret goes only to the provider it was entered for: a new issuer or client id needs it again', async () => {
    const t = await fx.tenantWithUsers(api.url);
    const put = (body: unknown) => call(api.url, 'PUT', '/api/v1/tenant/sso', { token: t.adminToken, body });
    expect((await put(settings(opA))).status).toBe(200);
    // Another issuer (here tenant B's provider) without the secret: refused, nothing changed.
    const moved = await put({ ...settings(opB), clientSecret: undefined });
    expectProblem(moved, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(moved.body.errors).toEqual([expect.objectContaining({ field: 'body.clientSecret' })]);
    expect((await call(api.url, 'GET', '/api/v1/tenant/sso', { token: t.adminToken })).body.provider.issuer).toBe(opA.issuer);
    // The same provider without the secret keeps it (other settings change).
    expect((await put({ ...settings(opA, { allowedDomains: ['corp.example'] }), clientSecret: undefined })).status).toBe(200);
  });

  test('an issuer that does not answer discovery, a missing first secret and bad domains are 400 naming the field', async () => {
    const t = await fx.tenantWithUsers(api.url);
    const put = (body: unknown) => call(api.url, 'PUT', '/api/v1/tenant/sso', { token: t.adminToken, body });
    const noSecret = await put({ ...settings(opA), clientSecret: undefined });
    expectProblem(noSecret, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(noSecret.body.errors).toEqual([expect.objectContaining({ field: 'body.clientSecret' })]);
    const dead = await put(settings(opA, { issuer: 'http://127.0.0.1:9/' }));
    expectProblem(dead, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(dead.body.errors).toEqual([expect.objectContaining({ field: 'body.issuer' })]);
    const domains = await put(settings(opA, { allowedDomains: ['not a domain'] }));
    expectProblem(domains, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(domains.body.errors[0].field).toMatch(/^body\.allowedDomains/);
    expect((await call(api.url, 'GET', '/api/v1/tenant/sso', { token: t.adminToken })).body).toMatchObject({ configured: false, provider: null });
  });

  test('an admin with MFA needs a fresh second factor to change SSO settings', async () => {
    let now = Date.now();
    api.deps.clock = () => now;
    try {
      const t = await fx.tenantWithUsers(api.url);
      const started = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment', { token: t.adminToken });
      const secret = base32Decode(started.body.secret);
      expect((await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { token: t.adminToken, body: { code: totp(secret, now) } })).status).toBe(200);
      // The token predates the enrolment: no proven factor in it.
      const put = (headers: Record<string, string> = {}) => call(api.url, 'PUT', '/api/v1/tenant/sso', { token: t.adminToken, body: settings(opA), headers });
      expectProblem(await put(), 403, 'SENTINEL_MFA_STEP_UP_REQUIRED');
      expect((await call(api.url, 'GET', '/api/v1/tenant/sso', { token: t.adminToken })).body.configured).toBe(false);
      now += 30_000;
      expect((await put({ 'x-mfa-code': totp(secret, now) })).status).toBe(200);
      expectProblem(await call(api.url, 'DELETE', '/api/v1/tenant/sso', { token: t.adminToken }), 403, 'SENTINEL_MFA_STEP_UP_REQUIRED');
    } finally {
      api.deps.clock = undefined;
    }
  });
});

describe('sign-in', () => {
  test('JIT provisioning: a new person becomes a member of THAT tenant only; tokens as at a password sign-in; audited as method sso', async () => {
    const email = `${uniq('jit')}@corp.test`;
    const sub = person(opA, email);
    const r = await signIn(opA, sub, a.tenant.slug);
    expect(r.body).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String), refreshToken: expect.any(String) });
    const who = await me(r.body.accessToken);
    expect(who.body.user).toMatchObject({ email, role: 'member', tenantId: a.tenant.id, displayName: 'Pat Example' });
    const users = await fx.db.prisma.user.findMany({ where: { email } });
    expect(users.map((u) => u.tenantId)).toEqual([a.tenant.id]);
    expect(users[0]!.passwordHash).toBeNull();
    const identity = await fx.db.prisma.userIdentity.findMany({ where: { userId: users[0]!.id } });
    expect(identity).toEqual([expect.objectContaining({ tenantId: a.tenant.id, issuer: opA.issuer, subject: sub })]);
    const logins = await fx.db.prisma.auditLog.findMany({ where: { tenantId: a.tenant.id, action: 'auth.login', targetId: users[0]!.id } });
    expect(logins.map((l) => l.changes)).toEqual([{ method: 'sso', issuer: opA.issuer }]);
    // The refresh family is an ordinary one: it rotates.
    const refreshed = await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: r.body.refreshToken } });
    expect(refreshed.status).toBe(200);
  });

  test('a second sign-in links to the same user by (issuer, subject) even after the provider changes the email', async () => {
    const sub = person(opA, `${uniq('first')}@corp.test`);
    const first = await signIn(opA, sub, a.tenant.slug);
    const id = (await me(first.body.accessToken)).body.user.id;
    const renamed = `${uniq('renamed')}@corp.test`;
    opA.accounts.get(sub)!.email = renamed;
    const second = await signIn(opA, sub, a.tenant.slug);
    expect(second.status).toBe(200);
    expect((await me(second.body.accessToken)).body.user.id).toBe(id);
    expect(await fx.db.prisma.user.count({ where: { email: renamed } })).toBe(0);
    expect((await fx.db.prisma.userIdentity.findFirstOrThrow({ where: { subject: sub } })).email).toBe(renamed);
  });

  test('an existing user is linked by email only when the provider says the email is verified', async () => {
    const existing = await fx.user(a.tenant.id, { email: `${uniq('known')}@corp.test` });
    const unverified = person(opA, existing.email, false);
    expectProblem(await signIn(opA, unverified, a.tenant.slug), 403, 'SENTINEL_AUTH_SSO_DENIED');
    expect(await fx.db.prisma.userIdentity.count({ where: { userId: existing.id } })).toBe(0);
    const verified = person(opA, existing.email, true);
    const r = await signIn(opA, verified, a.tenant.slug);
    expect(r.status).toBe(200);
    expect((await me(r.body.accessToken)).body.user.id).toBe(existing.id);
  });

  test('two first sign-ins of one person at once make one user and one link, and neither fails with a 5xx', async () => {
    const email = `${uniq('twice')}@corp.test`;
    const sub = person(opA, email);
    const one = await authorize(opA, sub, a.tenant.slug);
    const two = await authorize(opA, sub, a.tenant.slug);
    const answers = await Promise.all([one, two].map(({ back }) => callback({ code: back.code, state: back.state, iss: back.iss })));
    expect(answers.map((r) => r.status).filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    for (const r of answers) if (r.status !== 200) expectProblem(r, 400, 'SENTINEL_AUTH_SSO_INVALID');
    expect(await fx.db.prisma.user.count({ where: { email } })).toBe(1);
    expect(await fx.db.prisma.userIdentity.count({ where: { subject: sub } })).toBe(1);
  });

  test('an email at a domain not allowed is refused, and nothing is created', async () => {
    const email = `${uniq('out')}@elsewhere.test`;
    expectProblem(await signIn(opA, person(opA, email), a.tenant.slug), 403, 'SENTINEL_AUTH_SSO_DENIED');
    expect(await fx.db.prisma.user.count({ where: { email } })).toBe(0);
  });

  test('SSO sign-in is not asked for TOTP, even where the tenant requires MFA of everyone, and its session refreshes', async () => {
    const t = await fx.tenantWithUsers(api.url);
    await configure(t, opA);
    expect((await call(api.url, 'PUT', `/api/v1/tenants/${t.tenant.id}/mfa-policy`, { token: t.adminToken, body: { required: 'all' } })).status).toBe(200);
    const r = await signIn(opA, person(opA, `${uniq('mfa')}@corp.test`), t.tenant.slug);
    expect(r.status).toBe(200);
    expect(r.body.mfaRequired).toBeUndefined();
    expect((await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: r.body.refreshToken } })).status).toBe(200);
    // A password session of the same tenant is still held to the policy.
    const pw = await loginPair(api.url, t.tenant.slug, t.member.email, t.member.password);
    expect(pw).toMatchObject({ mfaRequired: true, enrolmentRequired: true });
  });
});

describe('attacks', () => {
  test('a tampered state is refused', async () => {
    const sub = person(opA, `${uniq('st')}@corp.test`);
    const { back } = await authorize(opA, sub, a.tenant.slug, (u) => u.searchParams.set('state', 'attacker-chosen-state'));
    expect(back.state).toBe('attacker-chosen-state');
    const r = await callback({ code: back.code, state: back.state, iss: back.iss });
    expectProblem(r, 400, 'SENTINEL_AUTH_SSO_INVALID');
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'body.state' })]);
  });

  test('a replayed code and a replayed state are refused', async () => {
    const sub = person(opA, `${uniq('replay')}@corp.test`);
    const { back } = await authorize(opA, sub, a.tenant.slug);
    expect((await callback({ code: back.code, state: back.state, iss: back.iss })).status).toBe(200);
    // The same answer again: the state was spent.
    expectProblem(await callback({ code: back.code, state: back.state, iss: back.iss }), 400, 'SENTINEL_AUTH_SSO_INVALID');
    // The spent code with a fresh state: the provider refuses it.
    const fresh = await start(a.tenant.slug);
    expectProblem(await callback({ code: back.code, state: fresh.body.state, iss: back.iss }), 400, 'SENTINEL_AUTH_SSO_INVALID');
  });

  test('a wrong nonce and a wrong PKCE challenge are refused', async () => {
    const sub = person(opA, `${uniq('nonce')}@corp.test`);
    const nonce = await authorize(opA, sub, a.tenant.slug, (u) => u.searchParams.set('nonce', 'attacker-nonce'));
    const r = await callback({ code: nonce.back.code, state: nonce.back.state, iss: nonce.back.iss });
    expectProblem(r, 400, 'SENTINEL_AUTH_SSO_INVALID');
    expect(r.body.detail).toMatch(/nonce/);
    const pkce = await authorize(opA, sub, a.tenant.slug, (u) => u.searchParams.set('code_challenge', 'A'.repeat(43)));
    expectProblem(await callback({ code: pkce.back.code, state: pkce.back.state, iss: pkce.back.iss }), 400, 'SENTINEL_AUTH_SSO_INVALID');
    expect(await fx.db.prisma.user.count({ where: { email: opA.accounts.get(sub)!.email } })).toBe(0);
  });

  test("a code, or an `iss`, from tenant B's provider presented to tenant A is refused", async () => {
    const email = `${uniq('cross')}@corp.test`;
    const atB = person(opB, email);
    const startedA = await start(a.tenant.slug);
    const fromB = await authorize(opB, atB, b.tenant.slug);
    // B's code under A's sign-in: A's provider does not know it.
    expectProblem(await callback({ code: fromB.back.code, state: startedA.body.state }), 400, 'SENTINEL_AUTH_SSO_INVALID');
    // B's issuer named in A's sign-in (a mix-up): refused before any code is sent.
    const startedA2 = await start(a.tenant.slug);
    expectProblem(await callback({ code: fromB.back.code, state: startedA2.body.state, iss: opB.issuer }), 400, 'SENTINEL_AUTH_SSO_INVALID');
    expect(await fx.db.prisma.user.count({ where: { email } })).toBe(0);
    // The same person at B's provider signs in to B, never to A.
    const atB2 = person(opB, email);
    const r = await signIn(opB, atB2, b.tenant.slug);
    expect((await me(r.body.accessToken)).body.user.tenantId).toBe(b.tenant.id);
  });

  test('a disabled configuration starts nothing, and a sign-in in flight when it was disabled is refused', async () => {
    const t = await fx.tenantWithUsers(api.url);
    await configure(t, opA);
    const sub = person(opA, `${uniq('off')}@corp.test`);
    const { back } = await authorize(opA, sub, t.tenant.slug);
    await configure(t, opA, { enabled: false, clientSecret: undefined });
    expectProblem(await start(t.tenant.slug), 404, 'SENTINEL_NOT_FOUND');
    expectProblem(await callback({ code: back.code, state: back.state, iss: back.iss }), 400, 'SENTINEL_AUTH_SSO_INVALID');
  });

  test("SSO required blocks a member's password sign-in (and ends their password sessions) but not an admin's", async () => {
    const t = await fx.tenantWithUsers(api.url);
    const memberSession = await loginPair(api.url, t.tenant.slug, t.member.email, t.member.password);
    await configure(t, opA, { ssoRequired: true });
    expectProblem(
      await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: t.tenant.slug, email: t.member.email, password: t.member.password } }),
      403,
      'SENTINEL_AUTH_SSO_REQUIRED',
    );
    // A wrong password still says only that: nothing about SSO before the password is right.
    expectProblem(
      await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: t.tenant.slug, email: t.member.email, password: 'not-the-password-at-all' } }),
      401,
      'SENTINEL_AUTH_INVALID_CREDENTIALS',
    );
    expectProblem(
      await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: memberSession.refreshToken } }),
      401,
      'SENTINEL_AUTH_REFRESH_INVALID',
    );
    expect(await login(api.url, t.tenant.slug, t.admin.email, t.admin.password)).toEqual(expect.any(String));
    const audit = await fx.db.prisma.auditLog.findFirstOrThrow({ where: { tenantId: t.tenant.id, action: 'tenant.sso.create' } });
    // The member's two password sessions (the fixture's sign-in and this test's) ended; the admin's did not.
    expect(audit.changes).toMatchObject({ ssoRequired: true, revokedPasswordSessions: 2 });
  });

  test("SSO required closes a password sign-in's later steps too: an admin's session once made a member, a challenge from before", async () => {
    const t = await fx.tenantWithUsers(api.url);
    await configure(t, opA);
    const admin2 = await fx.user(t.tenant.id, { role: 'tenant_admin' });
    const adminSession = await loginPair(api.url, t.tenant.slug, admin2.email, admin2.password);
    await configure(t, opA, { ssoRequired: true });
    // An admin's password session outlives the switch (break-glass)...
    const kept = await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: adminSession.refreshToken } });
    expect(kept.status).toBe(200);
    // ...until the admin is a member: then it is a member's password session, closed as theirs were.
    expect((await call(api.url, 'PATCH', `/api/v1/users/${admin2.id}`, { token: t.adminToken, body: { role: 'member' } })).status).toBe(200);
    expectProblem(await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: kept.body.refreshToken } }), 403, 'SENTINEL_AUTH_SSO_REQUIRED');

    // A member with an authenticator, between the password and the code when SSO became required.
    let now = Date.now();
    api.deps.clock = () => now;
    try {
      const t2 = await fx.tenantWithUsers(api.url);
      await configure(t2, opA);
      const started = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment', { token: t2.memberToken });
      const secret = base32Decode(started.body.secret);
      expect((await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { token: t2.memberToken, body: { code: totp(secret, now) } })).status).toBe(
        200,
      );
      const half = (
        await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: t2.tenant.slug, email: t2.member.email, password: t2.member.password } })
      ).body;
      expect(half).toMatchObject({ mfaRequired: true, enrolmentRequired: false });
      await configure(t2, opA, { ssoRequired: true });
      now += 30_000;
      const code = totp(secret, now);
      expectProblem(await call(api.url, 'POST', '/api/v1/auth/mfa/verify', { body: { challenge: half.challenge, code } }), 403, 'SENTINEL_AUTH_SSO_REQUIRED');
      // No session was started for them.
      expect(await fx.db.prisma.refreshToken.count({ where: { tenantId: t2.tenant.id, userId: t2.member.id, revokedAt: null } })).toBe(0);
    } finally {
      api.deps.clock = undefined;
    }
  });

  test('bad input: junk callback 400, unknown tenant 404, a redirect URI not allowed 400 naming it', async () => {
    const junk = await callback({ code: 'junk', state: 'junk' });
    expectProblem(junk, 400, 'SENTINEL_AUTH_SSO_INVALID');
    expectProblem(await callback({ code: 'x' }), 400, 'SENTINEL_VALIDATION_FAILED');
    expectProblem(await start('no-such-tenant-here'), 404, 'SENTINEL_NOT_FOUND');
    const open = await start(a.tenant.slug, 'https://evil.example/steal');
    expectProblem(open, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(open.body.errors).toEqual([expect.objectContaining({ field: 'query.redirect_uri' })]);
    expectProblem(await start(b.tenant.slug.toUpperCase()), 400, 'SENTINEL_VALIDATION_FAILED');
  });
});

describe('key rotation', () => {
  // The relying party keeps the provider's JWKS; a token signed with a key it has not seen
  // makes it fetch the JWKS again (openid-client: at most once a minute), so a rotation at the
  // provider needs nothing from Sentinel. The provider restarts on the same issuer with a new key.
  test('after the provider rotates its signing key, sign-in still works once the JWKS is fetched again', async () => {
    const t = await fx.tenantWithUsers(api.url);
    const first = newSigningKey();
    let op = await startOidcProvider({ redirectUris: [REDIRECT], signingKey: first });
    const { clientSecret } = op;
    const port = Number(new URL(op.issuer).port);
    try {
      await configure(t, op);
      const sub = person(op, `${uniq('rot')}@corp.test`);
      const before = await signIn(op, sub, t.tenant.slug);
      expect(before.status).toBe(200);
      const account = op.accounts.get(sub)!;
      await op.close();
      op = await startOidcProvider({ redirectUris: [REDIRECT], port, clientSecret, signingKey: newSigningKey() });
      op.accounts.set(sub, account);
      // Within the minute the cached JWKS lacks the new key: the ID token's signature cannot be checked, so it is refused.
      const early = await signIn(op, sub, t.tenant.slug);
      expectProblem(early, 400, 'SENTINEL_AUTH_SSO_INVALID');
      expect(early.body.detail).toMatch(/key/);
      // Past openid-client's one-minute guard against refetching on every unknown key.
      await new Promise((res) => setTimeout(res, 61_000));
      const after = await signIn(op, sub, t.tenant.slug);
      expect(after.status).toBe(200);
      expect((await me(after.body.accessToken)).body.user.id).toBe((await me(before.body.accessToken)).body.user.id);
    } finally {
      await op.close();
    }
  }, 120_000);
});
