// TOTP multi-factor authentication (issue #15): RFC 6238 codes, enrolment, sign-in with a
// challenge, replay, the window edges (the API's TOTP clock is injected, not mocked),
// recovery codes, throttling, tenant enforcement, an admin's audited reset and step-up
// for API keys. Real: PostgreSQL with RLS, Redis, the API over HTTP.
import { randomUUID } from 'node:crypto';
import { SecretBox, base32Decode, base32Encode, hotp, invitationToken, totp, totpStep, verifyTotp, type TotpAlgorithm } from '@sentinel/platform';
import { invitationTokenHash } from '@sentinel/platform/testing';
import { call, expectProblem, loginPair, useApi, type Res } from './helpers/stack.js';

const { api, fx } = useApi();

/** The API's TOTP clock: each test sets it; `tick` moves it to the next 30 s step so a new code exists. */
let now = 0;
const tick = (steps = 1) => (now += steps * 30_000);
beforeEach(() => {
  now = Date.now();
  api.deps.clock = () => now;
});

describe('RFC 6238 and the verifier', () => {
  // RFC 6238 Appendix B: 8-digit codes, the ASCII seeds of each algorithm.
  const seeds: Record<TotpAlgorithm, Buffer> = {
    sha1: Buffer.from('12345678901234567890'),
    sha256: Buffer.from('12345678901234567890123456789012'),
    sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  const vectors: [number, string, string, string][] = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  test.each(vectors)('T=%i s', (t, sha1, sha256, sha512) => {
    expect(totp(seeds.sha1, t * 1000, { digits: 8 })).toBe(sha1);
    expect(totp(seeds.sha256, t * 1000, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totp(seeds.sha512, t * 1000, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  test('RFC 4226 Appendix D HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(seeds.sha1, i))).toEqual(expected);
  });

  test('a code is accepted from one step before its own to one step after, not a millisecond outside', () => {
    const secret = Buffer.from('12345678901234567890');
    const s = 50_000_000; // a step
    const code = hotp(secret, s);
    const at = (ms: number) => verifyTotp(secret, code, ms);
    expect(at((s - 1) * 30_000 - 1)).toBeUndefined();
    expect(at((s - 1) * 30_000)).toBe(s);
    expect(at(s * 30_000 + 15_000)).toBe(s);
    expect(at((s + 2) * 30_000 - 1)).toBe(s);
    expect(at((s + 2) * 30_000)).toBeUndefined();
    // Not at or before the last step spent: the same code is not taken twice.
    expect(verifyTotp(secret, code, s * 30_000, s)).toBeUndefined();
    expect(verifyTotp(secret, code, s * 30_000, s - 1)).toBe(s);
    expect(verifyTotp(secret, 'abcdef', s * 30_000)).toBeUndefined();
    expect(totpStep(s * 30_000 + 29_999)).toBe(s);
  });

  test('base32 round-trips; a sealed secret opens only for its owner and key', () => {
    const secret = Buffer.from('0123456789abcdefghij');
    expect(base32Decode(base32Encode(secret))).toEqual(secret);
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    const box = new SecretBox('k'.repeat(40));
    const sealed = box.seal(secret, 't:u');
    expect(sealed).not.toContain(secret.toString('base64url'));
    expect(box.open(sealed, 't:u')).toEqual(secret);
    expect(box.open(sealed, 't:other')).toBeUndefined();
    expect(new SecretBox('j'.repeat(40)).open(sealed, 't:u')).toBeUndefined();
    const [v, iv, ct, tag] = sealed.split('.');
    expect(box.open([v, iv, ct!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), tag].join('.'), 't:u')).toBeUndefined();
  });
});

/** Enrols the token's user; returns the secret (to make codes with) and the recovery codes. */
async function enrol(token: string): Promise<{ secret: Buffer; recoveryCodes: string[] }> {
  const started = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment', { token });
  expect(started.status).toBe(201);
  expect(started.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Sentinel:.+\?secret=[A-Z2-7]+&issuer=Sentinel&algorithm=SHA1&digits=6&period=30$/);
  const secret = base32Decode(started.body.secret);
  const confirmed = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { token, body: { code: totp(secret, now) } });
  expect(confirmed.status).toBe(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes };
}

const login = (tenant: string, email: string, password: string) => call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant, email, password } });
const verify = (challenge: string, code: string) => call(api.url, 'POST', '/api/v1/auth/mfa/verify', { body: { challenge, code } });
const expectSignInCodeInvalid = (r: Res) => expectCodeInvalid(r, 'body.code', true);

async function challengeFor(t: { tenant: { slug: string } }, u: { email: string; password: string }): Promise<string> {
  const r = await login(t.tenant.slug, u.email, u.password);
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ mfaRequired: true, challengeExpiresIn: 300 });
  expect(r.body.accessToken).toBeUndefined();
  expect(r.body.refreshToken).toBeUndefined();
  return r.body.challenge;
}

const auditOf = (tenantId: string, action: string) => fx.db.prisma.auditLog.findMany({ where: { tenantId, action }, orderBy: { createdAt: 'asc' } });

/** A wrong code: 401 in a sign-in (no token yet), 403 from a signed-in request (its token is fine). */
function expectCodeInvalid(r: Res, field = 'body.code', signIn = false) {
  if (signIn) expectProblem(r, 401, 'SENTINEL_AUTH_MFA_CODE_INVALID');
  else expectProblem(r, 403, 'SENTINEL_MFA_CODE_INVALID');
  expect(r.body.errors).toEqual([{ field, message: expect.any(String) }]);
}

test('enrolment: start, a wrong code refused, confirm, ten recovery codes; the secret is sealed at rest; audited', async () => {
  const t = await fx.tenantWithUsers(api.url);
  expect((await call(api.url, 'GET', '/api/v1/auth/mfa', { token: t.memberToken })).body).toEqual({
    enrolled: false,
    pending: false,
    confirmedAt: null,
    recoveryCodesLeft: 0,
    required: false,
  });
  const started = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment', { token: t.memberToken });
  expect((await call(api.url, 'GET', '/api/v1/auth/mfa', { token: t.memberToken })).body).toMatchObject({ enrolled: false, pending: true });
  const secret = base32Decode(started.body.secret);
  const row = await fx.db.prisma.userMfa.findUniqueOrThrow({ where: { tenantId_userId: { tenantId: t.tenant.id, userId: t.member.id } } });
  expect(row.secretSealed).not.toContain(started.body.secret);
  expect(row.secretSealed).toMatch(/^v1\./);

  const wrong = String((Number(totp(secret, now)) + 1) % 1_000_000).padStart(6, '0');
  expectCodeInvalid(await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { token: t.memberToken, body: { code: wrong } }));
  const bad = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { token: t.memberToken, body: { code: '12ab' } });
  expectProblem(bad, 400, 'SENTINEL_VALIDATION_FAILED');
  expect(bad.body.errors[0].field).toBe('body.code');

  const ok = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { token: t.memberToken, body: { code: totp(secret, now) } });
  expect(ok.status).toBe(200);
  expect(ok.body.recoveryCodes).toHaveLength(10);
  expect(new Set(ok.body.recoveryCodes).size).toBe(10);
  for (const c of ok.body.recoveryCodes) expect(c).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
  const stored = await fx.db.prisma.userMfa.findUniqueOrThrow({ where: { tenantId_userId: { tenantId: t.tenant.id, userId: t.member.id } } });
  expect(stored.recoveryHashes).toHaveLength(10);
  expect(stored.recoveryHashes.join()).not.toContain(ok.body.recoveryCodes[0].replace('-', ''));
  expect((await call(api.url, 'GET', '/api/v1/auth/mfa', { token: t.memberToken })).body).toMatchObject({
    enrolled: true,
    pending: false,
    recoveryCodesLeft: 10,
  });
  // Once confirmed it is not replaced by starting again.
  expectProblem(await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment', { token: t.memberToken }), 409, 'SENTINEL_MFA_ALREADY_ENROLLED');
  expect(await auditOf(t.tenant.id, 'auth.mfa.enrol')).toEqual([expect.objectContaining({ actorId: t.member.id, targetId: t.member.id })]);
});

test('sign-in: a challenge instead of tokens; the code gives tokens with mfa_at; a code and a challenge are not taken twice', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { secret } = await enrol(t.adminToken);
  const challenge = await challengeFor(t, t.admin);
  // The challenge is not an access token.
  expectProblem(await call(api.url, 'GET', '/api/v1/auth/me', { token: challenge }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
  // The code that confirmed the enrolment was spent: replayed within its window, refused.
  expectSignInCodeInvalid(await verify(challenge, totp(secret, now)));
  tick();
  const ok = await verify(challenge, totp(secret, now));
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
  expect(ok.body.recoveryCodes).toBeUndefined();
  const claims = JSON.parse(Buffer.from(ok.body.accessToken.split('.')[1], 'base64url').toString());
  expect(claims).toMatchObject({ mfa_at: Math.floor(now / 1000), amr: ['pwd', 'otp'] });
  expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: ok.body.accessToken })).status).toBe(200);
  // The refresh token works as any other.
  expect((await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: ok.body.refreshToken } })).status).toBe(200);

  // The challenge was used: refused even with a new code.
  tick();
  expectProblem(await verify(challenge, totp(secret, now)), 401, 'SENTINEL_MFA_CHALLENGE_INVALID');
  // The same code with a new challenge: a replay, refused.
  const again = await challengeFor(t, t.admin);
  tick(-1);
  expectSignInCodeInvalid(await verify(again, totp(secret, now)));
  expectProblem(await verify('not-a-challenge', '123456'), 401, 'SENTINEL_MFA_CHALLENGE_INVALID');
  expect((await auditOf(t.tenant.id, 'auth.login')).filter((a) => a.actorId === t.admin.id).at(-1)?.changes).toEqual({ mfa: true });
});

test('clock skew: the code of the step before and of the step after are accepted, two steps away is not', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { secret } = await enrol(t.memberToken);
  tick(3);
  const c1 = await challengeFor(t, t.member);
  // The phone runs 30 s behind: its code is of the previous step.
  expect((await verify(c1, totp(secret, now - 30_000))).status).toBe(200);
  tick(3);
  const c2 = await challengeFor(t, t.member);
  expectSignInCodeInvalid(await verify(c2, totp(secret, now + 60_000)));
  expectSignInCodeInvalid(await verify(c2, totp(secret, now - 60_000)));
  // 30 s ahead: the next step's code.
  expect((await verify(c2, totp(secret, now + 30_000))).status).toBe(200);
  // That spent the next step: the current step's code is now older than the last spent, refused.
  const c3 = await challengeFor(t, t.member);
  expectSignInCodeInvalid(await verify(c3, totp(secret, now)));
});

test('recovery codes: each signs in once, its use is audited, the count goes down', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { recoveryCodes } = await enrol(t.memberToken);
  const c1 = await challengeFor(t, t.member);
  const ok = await verify(c1, recoveryCodes[3]!.toUpperCase());
  expect(ok.status).toBe(200);
  const c2 = await challengeFor(t, t.member);
  expectSignInCodeInvalid(await verify(c2, recoveryCodes[3]!));
  expect((await verify(c2, recoveryCodes[4]!.replace('-', ''))).status).toBe(200);
  expect((await call(api.url, 'GET', '/api/v1/auth/mfa', { token: ok.body.accessToken })).body.recoveryCodesLeft).toBe(8);
  const used = await auditOf(t.tenant.id, 'auth.mfa.recovery_code_used');
  expect(used.map((a) => a.changes)).toEqual([{ remaining: 9 }, { remaining: 8 }]);
});

test('new recovery codes: proven with a current code, the old ones stop working, each new one signs in once; audited', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const fresh = (token: string, body?: unknown) => call(api.url, 'POST', '/api/v1/auth/mfa/recovery-codes', { token, ...(body === undefined ? {} : { body }) });
  // Nothing enrolled: nothing to replace.
  tick();
  expectProblem(await fresh(t.adminToken, { code: '123456' }), 409, 'SENTINEL_MFA_NOT_ENROLLED');

  const { secret, recoveryCodes: old } = await enrol(t.memberToken);
  tick();
  // No code, a recovery code instead of the authenticator's, a wrong code: refused, naming body.code.
  const none = await fresh(t.memberToken, {});
  expectProblem(none, 400, 'SENTINEL_VALIDATION_FAILED');
  expect(none.body.errors).toEqual([{ field: 'body.code', message: expect.any(String) }]);
  const withRecovery = await fresh(t.memberToken, { code: old[0]! });
  expectProblem(withRecovery, 400, 'SENTINEL_VALIDATION_FAILED');
  expect(withRecovery.body.errors).toEqual([{ field: 'body.code', message: 'must be the 6 digits your authenticator shows' }]);
  const wrong = String((Number(totp(secret, now)) + 500_000) % 1_000_000).padStart(6, '0');
  expectCodeInvalid(await fresh(t.memberToken, { code: wrong }));
  expect((await call(api.url, 'GET', '/api/v1/auth/mfa', { token: t.memberToken })).body.recoveryCodesLeft).toBe(10);

  const r = await fresh(t.memberToken, { code: totp(secret, now) });
  expect(r.status).toBe(200);
  const renewed: string[] = r.body.recoveryCodes;
  expect(renewed).toHaveLength(10);
  expect(new Set(renewed).size).toBe(10);
  expect(renewed.filter((c) => old.includes(c))).toEqual([]);
  // The code just spent is not taken twice.
  expectCodeInvalid(await fresh(t.memberToken, { code: totp(secret, now) }));

  // An old recovery code no longer signs in; a new one does, once.
  const c1 = await challengeFor(t, t.member);
  expectSignInCodeInvalid(await verify(c1, old[1]!));
  const ok = await verify(c1, renewed[0]!);
  expect(ok.status).toBe(200);
  const c2 = await challengeFor(t, t.member);
  expectSignInCodeInvalid(await verify(c2, renewed[0]!));
  expect((await call(api.url, 'GET', '/api/v1/auth/mfa', { token: ok.body.accessToken })).body.recoveryCodesLeft).toBe(9);
  const audited = await auditOf(t.tenant.id, 'auth.mfa.recovery_codes');
  expect(audited).toEqual([expect.objectContaining({ actorId: t.member.id, targetId: t.member.id, changes: { replaced: 10, recoveryCodes: 10 } })]);
  expect(JSON.stringify(audited)).not.toContain(renewed[0]!);
});

test('throttling: five codes per challenge, ten wrong codes per user across challenges (429 with Retry-After)', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { secret } = await enrol(t.memberToken);
  tick();
  const wrong = String((Number(totp(secret, now)) + 500_000) % 1_000_000).padStart(6, '0');
  const c1 = await challengeFor(t, t.member);
  for (let i = 0; i < 5; i++) expectSignInCodeInvalid(await verify(c1, wrong));
  const spent = await verify(c1, totp(secret, now));
  expectProblem(spent, 429, 'SENTINEL_MFA_THROTTLED');
  expect(Number(spent.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(spent.body.detail).toContain('sign in again');

  const c2 = await challengeFor(t, t.member);
  for (let i = 0; i < 5; i++) expectSignInCodeInvalid(await verify(c2, wrong));
  // Ten wrong codes for this user: a fresh challenge with the right code is refused too.
  const c3 = await challengeFor(t, t.member);
  const user = await verify(c3, totp(secret, now));
  expectProblem(user, 429, 'SENTINEL_MFA_THROTTLED');
  expect(user.body.detail).toContain('this account');
  // Another user of the tenant is not affected.
  const other = await fx.user(t.tenant.id);
  expect((await login(t.tenant.slug, other.email, other.password)).body.accessToken).toBeDefined();
});

test('enforcement: a tenant admin requires MFA; an unenrolled user gets a challenge that only enrols; no disabling while required', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const policy = `/api/v1/tenants/${t.tenant.id}/mfa-policy`;
  expect((await call(api.url, 'GET', policy, { token: t.memberToken })).body).toEqual({ required: 'off' });
  expectProblem(await call(api.url, 'PUT', policy, { token: t.memberToken, body: { required: 'all' } }), 403, 'SENTINEL_FORBIDDEN');
  const badPolicy = await call(api.url, 'PUT', policy, { token: t.adminToken, body: { required: 'sometimes' } });
  expectProblem(badPolicy, 400, 'SENTINEL_VALIDATION_FAILED');
  expect(badPolicy.body.errors[0].field).toBe('body.required');
  const memberSession = await loginPair(api.url, t.tenant.slug, t.member.email, t.member.password);

  // Admins only: the member signs in as before, the admin must enrol.
  expect((await call(api.url, 'PUT', policy, { token: t.adminToken, body: { required: 'admins' } })).body).toEqual({ required: 'admins' });
  expect((await login(t.tenant.slug, t.member.email, t.member.password)).body.accessToken).toBeDefined();
  const adminLogin = await login(t.tenant.slug, t.admin.email, t.admin.password);
  expect(adminLogin.body).toMatchObject({ mfaRequired: true, enrolmentRequired: true });

  expect((await call(api.url, 'PUT', policy, { token: t.adminToken, body: { required: 'all' } })).status).toBe(200);
  expect((await auditOf(t.tenant.id, 'tenant.mfa_policy')).map((a) => a.changes)).toEqual([
    { required: { from: 'off', to: 'admins' } },
    { required: { from: 'admins', to: 'all' } },
  ]);
  // A session from before the policy cannot be refreshed: sign in again and enrol.
  expectProblem(
    await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: memberSession.refreshToken } }),
    401,
    'SENTINEL_AUTH_MFA_ENROLMENT_REQUIRED',
  );

  const r = await login(t.tenant.slug, t.member.email, t.member.password);
  expect(r.body).toMatchObject({ mfaRequired: true, enrolmentRequired: true });
  const challenge = r.body.challenge as string;
  // Nothing to verify before enrolment started.
  expectProblem(await verify(challenge, '123456'), 409, 'SENTINEL_MFA_NOT_ENROLLED');
  // A verify challenge does not start an enrolment.
  const started = await call(api.url, 'POST', '/api/v1/auth/mfa/challenge/enrolment', { body: { challenge } });
  expect(started.status).toBe(201);
  const secret = base32Decode(started.body.secret);
  const done = await verify(challenge, totp(secret, now));
  expect(done.status).toBe(200);
  expect(done.body.recoveryCodes).toHaveLength(10);
  expect((await call(api.url, 'GET', '/api/v1/auth/mfa', { token: done.body.accessToken })).body).toMatchObject({ enrolled: true, required: true });
  // Now a verify challenge: it cannot start another enrolment.
  const next = await challengeFor(t, t.member);
  expectProblem(await call(api.url, 'POST', '/api/v1/auth/mfa/challenge/enrolment', { body: { challenge: next } }), 401, 'SENTINEL_MFA_CHALLENGE_INVALID');
  tick();
  const disable = await call(api.url, 'POST', '/api/v1/auth/mfa/disable', { token: done.body.accessToken, body: { code: totp(secret, now) } });
  expectProblem(disable, 409, 'SENTINEL_MFA_REQUIRED_BY_TENANT');
});

test('disabling needs a current code; it is audited and sign-in needs the password only again', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { secret } = await enrol(t.memberToken);
  expectCodeInvalid(await call(api.url, 'POST', '/api/v1/auth/mfa/disable', { token: t.memberToken, body: { code: totp(secret, now) } }));
  tick();
  expect((await call(api.url, 'POST', '/api/v1/auth/mfa/disable', { token: t.memberToken, body: { code: totp(secret, now) } })).status).toBe(204);
  expect(await auditOf(t.tenant.id, 'auth.mfa.disable')).toHaveLength(1);
  expect((await login(t.tenant.slug, t.member.email, t.member.password)).body.accessToken).toBeDefined();
  expectProblem(await call(api.url, 'POST', '/api/v1/auth/mfa/disable', { token: t.memberToken, body: { code: '123456' } }), 409, 'SENTINEL_MFA_NOT_ENROLLED');
});

test("an admin resets a user's MFA (audited); members cannot; another tenant's admin gets 404 and changes nothing", async () => {
  const a = await fx.tenantWithUsers(api.url);
  const b = await fx.tenantWithUsers(api.url);
  await enrol(a.memberToken);
  const path = `/api/v1/users/${a.member.id}/mfa`;
  expectProblem(await call(api.url, 'DELETE', path, { token: b.adminToken }), 404, 'SENTINEL_NOT_FOUND');
  expectProblem(await call(api.url, 'DELETE', path, { token: a.memberToken }), 403, 'SENTINEL_FORBIDDEN');
  expect((await login(a.tenant.slug, a.member.email, a.member.password)).body.mfaRequired).toBe(true);
  expect(await auditOf(b.tenant.id, 'user.mfa_reset')).toEqual([]);

  expect((await call(api.url, 'DELETE', path, { token: a.adminToken })).status).toBe(204);
  expect(await auditOf(a.tenant.id, 'user.mfa_reset')).toEqual([
    expect.objectContaining({ actorId: a.admin.id, targetId: a.member.id, changes: { confirmed: true } }),
  ]);
  expect((await login(a.tenant.slug, a.member.email, a.member.password)).body.accessToken).toBeDefined();
  // Nothing left: 204 again, no second audit row.
  expect((await call(api.url, 'DELETE', path, { token: a.adminToken })).status).toBe(204);
  expect(await auditOf(a.tenant.id, 'user.mfa_reset')).toHaveLength(1);
});

test('step-up: creating or rotating an API key needs a second factor no older than 5 minutes, or X-MFA-Code', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const body = { name: 'CI', scopes: ['users:read'] };
  // No MFA and none required: allowed.
  expect((await call(api.url, 'POST', '/api/v1/api-keys', { token: t.adminToken, body })).status).toBe(201);
  // No MFA but the tenant requires it of admins: enrol first.
  const policy = `/api/v1/tenants/${t.tenant.id}/mfa-policy`;
  expect((await call(api.url, 'PUT', policy, { token: t.adminToken, body: { required: 'admins' } })).status).toBe(200);
  expectProblem(await call(api.url, 'POST', '/api/v1/api-keys', { token: t.adminToken, body }), 403, 'SENTINEL_MFA_ENROLMENT_REQUIRED');
  expect((await call(api.url, 'PUT', policy, { token: t.adminToken, body: { required: 'off' } })).status).toBe(200);

  const { secret } = await enrol(t.adminToken);
  // The token from before enrolment proved no second factor.
  const refused = await call(api.url, 'POST', '/api/v1/api-keys', { token: t.adminToken, body });
  expectProblem(refused, 403, 'SENTINEL_MFA_STEP_UP_REQUIRED');
  expect(refused.body.errors).toEqual([{ field: 'header.x-mfa-code', message: 'required' }]);
  expectCodeInvalid(await call(api.url, 'POST', '/api/v1/api-keys', { token: t.adminToken, body, headers: { 'x-mfa-code': '000000' } }), 'header.x-mfa-code');
  tick();
  const withCode = await call(api.url, 'POST', '/api/v1/api-keys', { token: t.adminToken, body, headers: { 'x-mfa-code': totp(secret, now) } });
  expect(withCode.status).toBe(201);

  // A sign-in with the code: fresh for 5 minutes.
  tick();
  const fresh = (await verify(await challengeFor(t, t.admin), totp(secret, now))).body.accessToken as string;
  expect((await call(api.url, 'POST', '/api/v1/api-keys', { token: fresh, body })).status).toBe(201);
  now += 299_000;
  expect((await call(api.url, 'POST', `/api/v1/api-keys/${withCode.body.id}/rotate`, { token: fresh })).status).toBe(200);
  now += 2_000;
  expectProblem(await call(api.url, 'POST', `/api/v1/api-keys/${withCode.body.id}/rotate`, { token: fresh }), 403, 'SENTINEL_MFA_STEP_UP_REQUIRED');
  // Listing and revoking need no step-up.
  expect((await call(api.url, 'GET', '/api/v1/api-keys', { token: fresh })).status).toBe(200);
});

test('accepting an invitation in a tenant that requires MFA answers an enrolment challenge, not tokens', async () => {
  const t = await fx.tenantWithUsers(api.url);
  expect((await call(api.url, 'PUT', `/api/v1/tenants/${t.tenant.id}/mfa-policy`, { token: t.adminToken, body: { required: 'all' } })).status).toBe(200);
  const u = await fx.user(t.tenant.id);
  await fx.db.prisma.user.update({ where: { tenantId_id: { tenantId: t.tenant.id, id: u.id } }, data: { passwordHash: null } });
  const invitationId = randomUUID();
  const token = invitationToken(api.config.INVITATION_SECRET, t.tenant.id, invitationId);
  await fx.db.prisma.invitation.create({
    data: { tenantId: t.tenant.id, id: invitationId, userId: u.id, tokenHash: invitationTokenHash(token), expiresAt: new Date(Date.now() + 3_600_000) },
  });
  const accepted = await call(api.url, 'POST', '/api/v1/auth/accept-invite', { body: { token, password: 'my-chosen-password' } });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ mfaRequired: true, enrolmentRequired: true });
  expect(accepted.body.accessToken).toBeUndefined();
  const started = await call(api.url, 'POST', '/api/v1/auth/mfa/challenge/enrolment', { body: { challenge: accepted.body.challenge } });
  const done = await verify(accepted.body.challenge, totp(base32Decode(started.body.secret), now));
  expect(done.status).toBe(200);
  expect(done.body.recoveryCodes).toHaveLength(10);
});
