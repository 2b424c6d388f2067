// The web console in a real browser: the production build of web/ (its own process) in front of
// the real API, PostgreSQL and Redis, driven through Debian's Chromium. Each journey checks
// what a person would see, that the session never reaches script, and axe-core's serious and
// critical findings on every screen. Access tokens live 60 s (the API's minimum), so the web
// server's silent refresh (proxy.ts: rotate when under 60 s are left) runs on every page.
import { execFileSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectCspViolations, launchChromium, screenshots, seriousA11yViolations, startWeb } from './helpers/browser.js';
import { call, uniq, useApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

// Three failed sign-ins per account and address, so the throttle test reaches the 429 quickly.
// TRUST_PROXY=1 as in the chart and compose: the web server (or the ingress) is the one trusted hop.
const { api, fx } = useApi({ JWT_ACCESS_TTL_S: '60', LOGIN_MAX_FAILURES_PER_CLIENT: '3', TRUST_PROXY: '1' });
const web = useFixture(
  () => startWeb(api.url),
  (w) => w.close(),
);
const browser = useFixture<Browser>(launchChromium, (b) => b.close());

let A: Awaited<ReturnType<typeof seedTenant>>;
let B: Awaited<ReturnType<typeof seedTenant>>;
const EXTRA_USERS = 30; // more than one page of 25

async function seedTenant(extra: number) {
  const tenant = await fx.tenant();
  const admin = await fx.user(tenant.id, { role: 'tenant_admin', email: `admin-${uniq('a')}@example.com` });
  const member = await fx.user(tenant.id, { role: 'member', email: `member-${uniq('m')}@example.com` });
  const prefix = uniq('people');
  await fx.db.prisma.user.createMany({
    data: Array.from({ length: extra }, (_, i) => ({
      tenantId: tenant.id,
      email: `${prefix}-${String(i).padStart(2, '0')}@example.com`,
      displayName: `Person ${i}`,
      role: 'member' as const,
    })),
  });
  return { tenant, admin, member, prefix, total: extra + 2 };
}

beforeAll(async () => {
  A = await seedTenant(EXTRA_USERS);
  B = await seedTenant(1);
});

let context: BrowserContext;
let page: Page;
let csp: string[];
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  csp = collectCspViolations(page);
});
afterEach(async () => {
  await context.close();
  // The nonce'd scripts are the only ones, and all of them ran: nothing was blocked.
  expect(csp).toEqual([]);
});

async function expectAccessible(p: Page = page) {
  expect(await seriousA11yViolations(p)).toEqual([]);
}

async function signIn(tenant: string, email: string, password: string) {
  await page.goto(`${web.url}/sign-in`);
  await page.getByLabel('Organisation').fill(tenant);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function sessionCookies() {
  const all = await context.cookies(web.url);
  return { access: all.find((c) => c.name === 'sentinel_access'), refresh: all.find((c) => c.name === 'sentinel_refresh') };
}

test('a tenant admin signs in, sees the users list, loads more and signs out', async () => {
  // The sign-in page loads no script at all (issue #12: its budget is 120 kB of JavaScript).
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto(`${web.url}/sign-in`);
  expect(scripts).toEqual([]);
  await expectAccessible();
  await signIn(A.tenant.slug, A.admin.email, A.admin.password);
  await page.waitForURL(`${web.url}/`);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Welcome, Test user');
  await expectAccessible();

  // The tokens are httpOnly, SameSite=Strict cookies; script sees neither, nor does storage.
  const first = await sessionCookies();
  expect(first.refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(first.access).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(await page.evaluate('document.cookie')).toBe('');
  expect(await page.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)')).toBe('{}{}');

  // Once a second has passed the 60 s token has less than the 60 s margin left, so the next
  // request rotates the pair before calling the API.
  await page.waitForTimeout(1_100);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await page.waitForURL(`${web.url}/users`);
  await page.getByText('Showing 25 users.').waitFor();
  const rows = page.locator('tbody tr');
  await expect(rows.count()).resolves.toBe(25);
  await expectAccessible();

  const rotated = await sessionCookies();
  expect(rotated.refresh!.value).not.toBe(first.refresh!.value);
  expect(rotated.access!.value).not.toBe(first.access!.value);

  await page.getByRole('button', { name: 'Load more' }).click();
  await page.getByText(`Showing ${A.total} users (all).`).waitFor();
  await expect(rows.count()).resolves.toBe(A.total);
  await expect(page.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);
  const emails = await page.locator('tbody tr td:first-child').allTextContents();
  expect(new Set(emails).size).toBe(A.total); // no row twice across pages
  expect(emails).toEqual(expect.arrayContaining([A.admin.email, A.member.email, `${A.prefix}-29@example.com`]));
  expect(emails.some((e) => e.includes(B.prefix))).toBe(false);

  // Search by email prefix narrows the list through the API's emailPrefix filter.
  await page.getByLabel('Search by email').fill(`${A.prefix}-1`);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/\/users\?q=/);
  await page.getByText('Showing 10 users (all).').waitFor();
  expect(await page.locator('tbody tr td:first-child').allTextContents()).toEqual(Array.from({ length: 10 }, (_, i) => `${A.prefix}-1${i}@example.com`));

  // An access cookie that expired (the browser dropped it) is renewed from the refresh cookie.
  await context.clearCookies({ name: 'sentinel_access' });
  await page.reload();
  await page.getByText('Showing 10 users (all).').waitFor();
  expect((await sessionCookies()).access).toBeDefined();

  const refreshBeforeSignOut = (await sessionCookies()).refresh!.value;
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in\?ended=signed-out/);
  await expect(page.getByRole('status').first().textContent()).resolves.toBe('You have signed out.');
  expect(await sessionCookies()).toEqual({ access: undefined, refresh: undefined });
  // The API revoked the session's family: its refresh token no longer works anywhere.
  const reuse = await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: refreshBeforeSignOut } });
  expect(reuse.status).toBe(401);
  // And the console's pages are closed to this browser again.
  await page.goto(`${web.url}/users`);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
});

test("a wrong password shows the API's message, and the session is not started", async () => {
  const direct = await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: A.tenant.slug, email: A.admin.email, password: 'not-the-password' } });
  expect(direct.body.code).toBe('SENTINEL_AUTH_INVALID_CREDENTIALS');
  await signIn(A.tenant.slug, A.admin.email, 'not-the-password');
  const alert = page.locator('#sign-in-error');
  await alert.waitFor();
  expect(await alert.textContent()).toContain(direct.body.detail ?? direct.body.title);
  // Focus moves to the message, so a screen reader announces it.
  expect(await page.evaluate("document.activeElement.contains(document.getElementById('sign-in-error'))")).toBe(true);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  expect(await sessionCookies()).toEqual({ access: undefined, refresh: undefined });
  await expectAccessible();
});

test('a throttled sign-in says how long to wait', async () => {
  const T = await fx.user(A.tenant.id, { role: 'member', email: `throttled-${uniq('t')}@example.com` });
  for (let i = 0; i < 3; i++) {
    await signIn(A.tenant.slug, T.email, 'not-the-password');
    await page.locator('#sign-in-error').waitFor();
  }
  // The fourth attempt is refused before the password is even checked (the right one included).
  await signIn(A.tenant.slug, T.email, T.password);
  await page.locator('#sign-in-error', { hasText: 'Too many sign-in attempts' }).waitFor();
  expect(await page.locator('#sign-in-error').textContent()).toMatch(/^Too many sign-in attempts\. Wait \d+ (minutes|seconds) before trying again\.$/);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  expect(await sessionCookies()).toEqual({ access: undefined, refresh: undefined });
});

test("sign-in throttles count the browser's address behind the ingress, not the web server's", async () => {
  const T = await fx.user(A.tenant.id, { role: 'member', email: `behind-${uniq('x')}@example.com` });
  // What the ingress would send on: the chain ending with the address it saw.
  const login = (client: string, password: string) =>
    fetch(`${web.url}/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: web.url, 'x-forwarded-for': client },
      body: JSON.stringify({ tenant: A.tenant.slug, email: T.email, password }),
    });
  for (let i = 0; i < 3; i++) expect((await login('203.0.113.7', 'not-the-password')).status).toBe(401);
  const throttled = await login('203.0.113.7', T.password);
  expect(throttled.status).toBe(429);
  expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  // Another browser behind the same web server still has its own budget ...
  expect((await login('198.51.100.8', T.password)).status).toBe(204);
  // ... and the audit log records the browser's address, not the web server's.
  const row = await fx.db.prisma.auditLog.findFirst({ where: { tenantId: A.tenant.id, action: 'auth.login', targetId: T.id }, orderBy: { createdAt: 'desc' } });
  expect(row?.clientIp).toBe('198.51.100.8');
});

test('keyboard only, 375 px wide, dark theme: sign in and reach the users list', async () => {
  await context.close();
  context = await browser.newContext({ viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
  page = await context.newPage();
  csp = collectCspViolations(page);
  await page.goto(`${web.url}/sign-in`);
  const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor');
  const dark = await background();
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background()).not.toBe(dark); // the theme follows the system setting
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe(dark);
  await expectAccessible();
  await page.keyboard.press('Tab');
  await page.keyboard.type(A.tenant.slug);
  await page.keyboard.press('Tab');
  await page.keyboard.type(A.admin.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(A.admin.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${web.url}/`);
  // Skip link first, then the navigation: Tab reaches "Users" and Enter follows it.
  await page.keyboard.press('Tab');
  expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
  for (let i = 0; i < 5 && (await page.evaluate('document.activeElement.textContent')) !== 'Users'; i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${web.url}/users`);
  await page.getByText('Showing 25 users.').waitFor();
  // Nothing is wider than the screen (the table scrolls inside its own box).
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  await expectAccessible();
});

test("the API's field errors appear next to their field", async () => {
  await signIn('Not A Slug!', A.admin.email, 'whatever-password');
  const fieldError = page.locator('#tenant-error');
  await fieldError.waitFor();
  const direct = await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: 'Not A Slug!', email: A.admin.email, password: 'whatever-password' } });
  const expected = (direct.body.errors as { field: string; message: string }[]).find((e) => e.field === 'body.tenant')!.message;
  expect(await fieldError.textContent()).toBe(expected);
  expect(await page.getByLabel('Organisation').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('Organisation').getAttribute('aria-describedby')).toContain('tenant-error');
  await expectAccessible();
});

test('with JavaScript off, signing in works: the prefilled organisation, messages, field errors, then on to `next`', async () => {
  await context.close();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  page = await context.newPage();
  csp = collectCspViolations(page);
  await page.goto(`${web.url}/sign-in?next=/users&tenant=${A.tenant.slug}`);
  expect(await page.getByLabel('Organisation').inputValue()).toBe(A.tenant.slug);
  // (axe needs timers, which a page without JavaScript does not run: the same HTML is checked
  // with JavaScript on in the tests above and below.)

  // A field error comes back beside its field, described and marked invalid.
  await page.getByLabel('Organisation').fill('Not A Slug!');
  await page.getByLabel('Email').fill(A.admin.email);
  await page.getByLabel('Password').fill('whatever-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#tenant-error').waitFor();
  expect(await page.getByLabel('Organisation').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('Organisation').getAttribute('aria-describedby')).toContain('tenant-error');

  // A wrong password: the API's message above the form, focused; organisation and email kept, the password not.
  await page.getByLabel('Organisation').fill(A.tenant.slug);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#sign-in-error', { hasText: 'Check the organisation, email and password' }).waitFor();
  expect(await page.evaluate("document.activeElement.contains(document.getElementById('sign-in-error'))")).toBe(true);
  expect(await page.getByLabel('Organisation').inputValue()).toBe(A.tenant.slug);
  expect(await page.getByLabel('Email').inputValue()).toBe(A.admin.email);
  expect(await page.getByLabel('Password').inputValue()).toBe('');
  expect(await sessionCookies()).toEqual({ access: undefined, refresh: undefined });
  await screenshots(page, 'sign-in-error-no-script');

  // The right one: signed in, and on to the page the sign-in was asked from.
  await page.getByLabel('Password').fill(A.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // (The users screen stays there, signed in: without a session it would send the browser back
  // to /sign-in. Its rows stream in behind a Suspense boundary, which needs JavaScript to show.)
  await page.waitForURL(`${web.url}/users`);
  await page.waitForLoadState('load');
  expect(new URL(page.url()).pathname).toBe('/users');
  const { access, refresh } = await sessionCookies();
  expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  expect(access).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
});

test('what a client sends the sign-in page wrongly gets the form again with what to do, never a 5xx', async () => {
  const post = (type: string, body: string) =>
    fetch(`${web.url}/sign-in`, { method: 'POST', headers: { 'content-type': type, origin: web.url }, body, redirect: 'manual' });
  const json = await post('application/json', JSON.stringify({ tenant: A.tenant.slug, email: A.admin.email, password: A.admin.password }));
  expect(json.status).toBe(415);
  expect(await json.text()).toContain('The form could not be read. Reload the page and try again.');
  expect(json.headers.get('set-cookie')).toBeNull();
  const huge = await post('application/x-www-form-urlencoded', `tenant=${'a'.repeat(20_000)}`);
  expect(huge.status).toBe(413);
  // A code with no challenge (it expired, or the password step never happened): the password step again.
  const code = await post('application/x-www-form-urlencoded', new URLSearchParams({ step: 'code', code: '123456' }).toString());
  expect(code.status).toBe(401);
  const html = await code.text();
  expect(html).toContain('The sign-in has expired: sign in again.');
  expect(html).toContain('<label for="tenant"');
});

test('a member cannot open the users admin screen, even by URL', async () => {
  await signIn(A.tenant.slug, A.member.email, A.member.password);
  await page.waitForURL(`${web.url}/`);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).resolves.toEqual(['Overview', 'Directory', 'Profile']);
  for (const path of ['/users', `/users/${A.admin.id}`]) {
    await page.goto(web.url + path);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not allowed');
    expect(await page.locator('main').textContent()).not.toContain(A.admin.email);
    await expectAccessible();
  }
});

test("tenant A's admin opening tenant B's user URL sees not found", async () => {
  await signIn(A.tenant.slug, A.admin.email, A.admin.password);
  await page.waitForURL(`${web.url}/`);
  // A's own user opens (the positive control) ...
  await page.goto(`${web.url}/users/${A.member.id}`);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Test user');
  expect(await page.locator('main').textContent()).toContain(A.member.email);
  await expectAccessible();
  // ... B's does not exist as far as A can tell.
  await page.goto(`${web.url}/users/${B.member.id}`);
  await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not found');
  expect(await page.locator('main').textContent()).not.toContain(B.member.email);
  await expectAccessible();
});

test('suspending the tenant signs its admin out at the next page, with a message that says so', async () => {
  const S = await seedTenant(0);
  await signIn(S.tenant.slug, S.admin.email, S.admin.password);
  await page.waitForURL(`${web.url}/`);
  const platform = await fx.platformAdmin(api.url);
  const r = await call(api.url, 'PATCH', `/api/v1/tenants/${S.tenant.id}`, { token: platform.token, body: { status: 'suspended' } });
  expect(r.status).toBe(200);
  await page.goto(`${web.url}/users`);
  await page.waitForURL(/\/sign-in\?ended=SENTINEL_AUTH_TENANT_SUSPENDED/);
  expect(await page.getByRole('status').first().textContent()).toContain('your organisation has been suspended');
  expect(await sessionCookies()).toEqual({ access: undefined, refresh: undefined });
  // Signing in again says what to do.
  await signIn(S.tenant.slug, S.admin.email, S.admin.password);
  await page.locator('#sign-in-error').waitFor();
  expect(await page.locator('#sign-in-error').textContent()).toContain('Contact your Sentinel administrator');
  await expectAccessible();
});

test('the accept-invitation screen refuses a dead token with what to do, next to the form', async () => {
  await page.goto(`${web.url}/accept-invite?token=${'x'.repeat(40)}`);
  await expectAccessible();
  await page.getByLabel('New password').fill('short');
  await expect(page.locator('#password-error').textContent()).resolves.toBe('Use at least 12 characters.');
  await page.getByLabel('New password').fill('a-long-enough-password');
  await page.getByLabel('Repeat the password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  const alert = page.locator('main [role=alert]');
  await alert.waitFor();
  expect(await alert.textContent()).toContain('Ask your administrator to send a new one');
  expect(await sessionCookies()).toEqual({ access: undefined, refresh: undefined });
});

test('security headers: a nonce-based CSP on every page, no framing, and cross-origin writes refused', async () => {
  const res = await fetch(`${web.url}/sign-in`);
  const policy = res.headers.get('content-security-policy')!;
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain('unsafe-inline');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/); // NODE_ENV=production
  // The sign-in page has no script at all; its stylesheet carries the nonce all the same.
  const html = await res.text();
  expect(html).not.toMatch(/<script\b/);
  expect(html).toContain(`nonce="${nonce}"`);
  // A page with script: every script tag carries its response's nonce.
  const invite = await fetch(`${web.url}/accept-invite?token=${'x'.repeat(40)}`);
  const inviteNonce = /'nonce-([^']+)'/.exec(invite.headers.get('content-security-policy')!)![1]!;
  const scripts = [...(await invite.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${inviteNonce}"`);
  // A fresh nonce per response.
  expect(inviteNonce).not.toBe(nonce);
  const again = (await fetch(`${web.url}/sign-in`)).headers.get('content-security-policy')!;
  expect(again).not.toContain(nonce);

  // The sign-in form's own post: refused from another origin or none, like every write.
  const form = () => new URLSearchParams({ tenant: A.tenant.slug, email: A.admin.email, password: A.admin.password, next: '/users' });
  const formPost = (headers: Record<string, string>) =>
    fetch(`${web.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: form(),
      redirect: 'manual',
    });
  // (A browser's form post says `Origin: null` under Referrer-Policy: no-referrer; then its
  // Sec-Fetch-Site must say same-origin.)
  const foreign: Record<string, string>[] = [
    { origin: 'https://evil.example' },
    {},
    { origin: 'null' },
    { origin: 'null', 'sec-fetch-site': 'cross-site' },
    { origin: 'null', 'sec-fetch-site': 'same-site' },
  ];
  for (const headers of foreign) {
    const refused = await formPost(headers);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('set-cookie')).toBeNull();
  }
  const posted = await formPost({ origin: web.url });
  expect(posted.status).toBe(303);
  expect(posted.headers.get('location')).toBe('/users');
  expect(posted.headers.getSetCookie().join('\n')).toMatch(/sentinel_refresh=[^;]+;.*HttpOnly.*SameSite=strict/i);
  // An open redirect is not on offer: `next` must be a path of this site.
  const away = await fetch(`${web.url}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: web.url },
    body: new URLSearchParams({ tenant: A.tenant.slug, email: A.admin.email, password: A.admin.password, next: '//evil.example/' }),
    redirect: 'manual',
  });
  expect(away.headers.get('location')).toBe('/');

  const body = JSON.stringify({ tenant: A.tenant.slug, email: A.admin.email, password: A.admin.password });
  const evil = await fetch(`${web.url}/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    body,
  });
  expect(evil.status).toBe(403);
  expect(evil.headers.get('set-cookie')).toBeNull();
  const noOrigin = await fetch(`${web.url}/session/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(noOrigin.status).toBe(403);
  const same = await fetch(`${web.url}/session/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: web.url }, body });
  expect(same.status).toBe(204);
  expect(same.headers.getSetCookie().join('\n')).toMatch(/sentinel_refresh=[^;]+;.*HttpOnly.*SameSite=strict/i);
});

test("the console's typed client is generated from exactly the document the running API serves", async () => {
  // web/scripts/generate-api.mjs reads services/api/dist/print-openapi.js (no database needed);
  // the lint check compares its output with web/src/api/schema.d.ts.
  const printed = JSON.parse(execFileSync(process.execPath, ['services/api/dist/print-openapi.js'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const served = (await call(api.url, 'GET', '/openapi.json')).body;
  expect(Object.keys(served.paths).length).toBeGreaterThan(20);
  expect(printed).toEqual(served);
});
