// Single sign-on in the console (issue #15): a tenant admin sets up the tenant's OpenID
// Connect provider in Settings (axe-checked), then a person who has no account signs in
// through /session/sso/start?tenant=… (from a plain GET form on the sign-in page) at the test's
// real OpenID Provider and lands signed in, as a new member of that tenant. A callback this
// browser did not start (login CSRF) and an unknown organisation go back to the sign-in page
// with a message. The production build of web/ in front of the real API, PostgreSQL and
// Redis, in Debian's Chromium; the provider is `oidc-provider`. Needs `npm run build:web` first.
import type { Browser } from 'playwright-core';
import { freePort } from '#local-stack';
import { collectCspViolations, launchChromium, screenshots, seriousA11yViolations, startWeb, submitSignIn } from './helpers/browser.js';
import { startOidcProvider } from './helpers/oidc-provider.js';
import { call, uniq, useApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

// The console's callback is the one redirect URI the API allows: its port is chosen first.
const apiEnv: Record<string, string> = {};
let webPort = 0;
let callbackUrl = '';
beforeAll(async () => {
  webPort = await freePort();
  callbackUrl = `http://127.0.0.1:${webPort}/session/sso/callback`;
  apiEnv.SSO_REDIRECT_URIS = callbackUrl;
  apiEnv.SSO_ALLOW_HOSTS = '127.0.0.1';
});
const { api, fx } = useApi(apiEnv);
const web = useFixture(
  () => startWeb(api.url, webPort),
  (w) => w.close(),
);
const op = useFixture(
  () => startOidcProvider({ redirectUris: [callbackUrl] }),
  (p) => p.close(),
);
const browser = useFixture<Browser>(launchChromium, (b) => b.close());

test('an admin sets up single sign-on in Settings; a new person signs in through it and lands signed in', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await admin.newPage();
    const csp = collectCspViolations(page);
    await submitSignIn(page, web.url, t.tenant.slug, t.admin.email, t.admin.password);
    await page.waitForURL(`${web.url}/`);
    await page.goto(`${web.url}/settings`);
    const section = page.getByRole('region', { name: 'Single sign-on' });
    await section.getByText('Not set up.').waitFor();
    expect(await section.textContent()).toContain(callbackUrl);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The API's field error lands beside its field: an issuer that answers no discovery.
    await page.getByLabel('Issuer URL').fill('http://127.0.0.1:9/');
    await page.getByLabel('Client ID').fill(op.clientId);
    await page.getByLabel('Client secret').fill(op.clientSecret);
    await page.getByLabel('Allowed email domains').fill('corp.test, corp.example');
    await page.getByRole('button', { name: 'Save single sign-on' }).click();
    expect(await page.locator('#sso-issuer-error').textContent()).toMatch(/discovery failed/);
    await page.getByLabel('Issuer URL').fill(op.issuer);
    await page.getByLabel('Client secret').fill(op.clientSecret);
    await page.getByRole('button', { name: 'Save single sign-on' }).click();
    await section.getByText('Single sign-on saved.').waitFor();
    await section.getByText(`On: people sign in through ${op.issuer}`).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'sso-settings');
    const saved = await call(api.url, 'GET', '/api/v1/tenant/sso', { token: t.adminToken });
    expect(saved.body.provider).toMatchObject({
      issuer: op.issuer,
      clientId: op.clientId,
      allowedDomains: ['corp.test', 'corp.example'],
      defaultRole: 'member',
    });
    expect(csp).toEqual([]);
  } finally {
    await admin.close();
  }

  // A person with no account yet: the provider vouches for them, the console signs them in.
  const email = `${uniq('pat')}@corp.test`;
  const sub = uniq('sub');
  op.accounts.set(sub, { sub, email, email_verified: true, name: 'Pat Newcomer' });
  op.login.account = sub;
  const person = await browser.newContext({ viewport: { width: 375, height: 800 } });
  try {
    const page = await person.newPage();
    const csp = collectCspViolations(page);
    // The sign-in page's own SSO form: a plain GET form with the organisation's short name
    // only, behind a <details>, on a page with no script (its CSP, `form-action 'self'`, applies).
    await page.goto(`${web.url}/sign-in`);
    await page.getByText('Sign in with single sign-on (SSO)').click();
    await page.getByLabel('Short name for single sign-on').fill(t.tenant.slug);
    await page.getByRole('button', { name: 'Continue with SSO' }).click();
    await page.waitForURL(`${web.url}/`);
    expect(csp).toEqual([]);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    // The provider's own cookies share the host (cookies ignore ports): only Sentinel's are looked at.
    const cookies = (await person.cookies(web.url)).filter((c) => c.name.startsWith('sentinel_'));
    // The session, as a password sign-in sets it; the sign-in's state cookie is gone.
    expect(cookies.map((c) => c.name).sort()).toEqual(['sentinel_access', 'sentinel_refresh']);
    expect(cookies.every((c) => c.httpOnly && c.sameSite === 'Strict')).toBe(true);
    const created = await fx.db.prisma.user.findMany({ where: { email } });
    expect(created.map((u) => [u.tenantId, u.role])).toEqual([[t.tenant.id, 'member']]);
    await page.goto(`${web.url}/profile`);
    await page.getByText(email).first().waitFor();
  } finally {
    await person.close();
  }
});

/** Single sign-on through the test provider for people at corp.test, set through the API. */
async function configureSso(t: Awaited<ReturnType<typeof fx.tenantWithUsers>>, extra: Record<string, unknown> = {}) {
  const put = await call(api.url, 'PUT', '/api/v1/tenant/sso', {
    token: t.adminToken,
    body: { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, allowedDomains: ['corp.test'], ...extra },
  });
  expect(put.status).toBe(200);
}

test('a member whose organisation requires SSO is refused a password sign-in and finds the SSO form open, filled in', async () => {
  const t = await fx.tenantWithUsers(api.url);
  await configureSso(t, { ssoRequired: true });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await submitSignIn(page, web.url, t.tenant.slug, t.member.email, t.member.password);
    await page.locator('#sign-in-error').waitFor();
    expect(await page.locator('#sign-in-error').textContent()).toMatch(/single sign-on/i);
    await expect(page.getByLabel('Short name for single sign-on').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Short name for single sign-on').inputValue()).resolves.toBe(t.tenant.slug);
    expect((await context.cookies(web.url)).map((c) => c.name)).not.toContain('sentinel_access');
  } finally {
    await context.close();
  }
});

test('a newcomer the organisation has no room for is told so, not that the sign-in "did not complete"', async () => {
  const t = await fx.tenantWithUsers(api.url);
  await configureSso(t);
  // Full: as many users as its limit allows (the admin and the member).
  await fx.db.prisma.tenant.update({ where: { id: t.tenant.id }, data: { maxUsers: 2 } });
  const email = `${uniq('full')}@corp.test`;
  const sub = uniq('sub');
  op.accounts.set(sub, { sub, email, email_verified: true, name: 'Late Comer' });
  op.login.account = sub;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${web.url}/sign-in?tenant=${t.tenant.slug}&sso=1`);
    await page.getByRole('button', { name: 'Continue with SSO' }).click();
    await page.waitForURL(/\/sign-in\?ended=SENTINEL_TENANT_USER_LIMIT$/);
    await page.getByText('Your organisation has as many users as its plan allows').waitFor();
    expect((await context.cookies(web.url)).map((c) => c.name)).not.toContain('sentinel_access');
    expect(await fx.db.prisma.user.count({ where: { email } })).toBe(0);
  } finally {
    await context.close();
  }
});

test('a callback this browser did not start, and an organisation without SSO, go back to sign-in with a message', async () => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${web.url}/session/sso/callback?code=stolen-code&state=someone-elses-state`);
    await page.waitForURL(/\/sign-in\?ended=SENTINEL_AUTH_SSO_INVALID$/);
    await page.getByText('Single sign-on did not complete').waitFor();
    expect((await context.cookies(web.url)).map((c) => c.name)).not.toContain('sentinel_access');
    await page.goto(`${web.url}/session/sso/start?tenant=no-such-organisation`);
    await page.waitForURL(/\/sign-in\?ended=sso-tenant$/);
    await page.getByText('Single sign-on is not set up for that organisation').waitFor();
    // A session ended because the organisation now requires SSO (a 403 at refresh): the notice
    // names the control below it.
    await page.goto(`${web.url}/sign-in?ended=SENTINEL_AUTH_SSO_REQUIRED`);
    await page.getByText('Your organisation requires single sign-on: use "Sign in with single sign-on (SSO)" below.').waitFor();
    await page.getByText('Sign in with single sign-on (SSO)', { exact: true }).waitFor();
    // The form it points to is open: no extra click.
    await expect(page.getByLabel('Short name for single sign-on').isVisible()).resolves.toBe(true);
    await screenshots(page, 'sign-in-sso-required');
    // Started from another site (login CSRF): not sent on to any provider, but back to the
    // sign-in page with the organisation filled in and the single sign-on form open.
    const cross = await fetch(`${web.url}/session/sso/start?tenant=acme`, { redirect: 'manual', headers: { 'sec-fetch-site': 'cross-site' } });
    expect([cross.status, cross.headers.get('location'), cross.headers.get('set-cookie')]).toEqual([303, '/sign-in?tenant=acme&sso=1', null]);
    await page.goto(`${web.url}/sign-in?tenant=acme&sso=1`);
    await expect(page.getByLabel('Short name for single sign-on').inputValue()).resolves.toBe('acme');
  } finally {
    await context.close();
  }
});
