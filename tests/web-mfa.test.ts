// Two-factor authentication in the console (issue #15), as people use it: a member sets it up
// on their profile (QR code and key, confirmed with a code, recovery codes shown once), signs
// in again with a code from the authenticator, and an admin resets it from the users screen.
// The production build of web/ in front of the real API, PostgreSQL and Redis, in Debian's
// Chromium; axe-core checks the screens. Needs `npm run build:web` first (npm test runs it).
import type { Browser } from 'playwright-core';
import { base32Decode, totp } from '@sentinel/platform';
import { collectCspViolations, launchChromium, screenshots, seriousA11yViolations, startWeb, submitSignIn } from './helpers/browser.js';
import { call, useApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { waitFor } from './helpers/wait.js';

const { api, fx } = useApi();
const web = useFixture(
  () => startWeb(api.url),
  (w) => w.close(),
);
const browser = useFixture<Browser>(launchChromium, (b) => b.close());

let now = Date.now();
beforeAll(() => {
  api.deps.clock = () => now;
});

async function signIn(tenant: string, email: string, password: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const csp = collectCspViolations(page);
  await submitSignIn(page, web.url, tenant, email, password);
  return { page, csp, close: () => context.close() };
}

test('a member sets up two-factor authentication, signs in with a code; an admin resets it', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const first = await signIn(t.tenant.slug, t.member.email, t.member.password);
  const { page } = first;
  await page.waitForURL(`${web.url}/`);
  await page.goto(`${web.url}/profile`);
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
  const key = (await page.locator('code').first().textContent())!.replace(/\s/g, '');
  const secret = base32Decode(key);
  // On a phone the key wraps between its groups of four, never inside one.
  await page.setViewportSize({ width: 375, height: 900 });
  const groups = await page
    .locator('code')
    .first()
    .locator('span.inline-block')
    .evaluateAll((spans) => spans.map((s) => ({ text: s.textContent, lines: s.getClientRects().length, height: s.getBoundingClientRect().height })));
  expect(groups.map((g) => g.text).join('')).toBe(key);
  expect(groups.every((g) => g.text!.length <= 4 && g.lines === 1 && g.height < 32)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await seriousA11yViolations(page)).toEqual([]);
  await screenshots(page, 'mfa-enrol');
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Confirm' }).click();
  // A wrong code is the form's problem, not the session's: the message shows beside the field and the page stays.
  await page.locator('#mfa-code-error').getByText('wrong, expired or already used').waitFor();
  expect(page.url()).toBe(`${web.url}/profile`);
  await page.getByLabel('Code from the app').fill(totp(secret, now));
  await page.getByRole('button', { name: 'Confirm' }).click();
  const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await codes.first().waitFor();
  expect(await codes.count()).toBe(10);
  await page.getByText(/On: signing in asks for a code/).waitFor();
  const firstCodes = await codes.allTextContents();

  // New recovery codes, proven with a code from the app: a wrong one is refused beside the field.
  now += 30_000;
  await page.getByRole('button', { name: 'New recovery codes…' }).click();
  await page.getByLabel('Code from your authenticator app').fill('000000');
  await page.getByRole('button', { name: 'Make new recovery codes' }).click();
  await page.locator('#mfa-renew-code-error').getByText('wrong, expired or already used').waitFor();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.getByLabel('Code from your authenticator app').fill(totp(secret, now));
  await page.getByRole('button', { name: 'Make new recovery codes' }).click();
  await waitFor('the new recovery codes', async () => (await codes.count()) === 10 && (await codes.first().textContent()) !== firstCodes[0]);
  const renewed = await codes.allTextContents();
  expect(renewed.filter((c) => firstCodes.includes(c))).toEqual([]);
  await screenshots(page, 'mfa-new-recovery-codes');
  expect(first.csp).toEqual([]);
  await first.close();

  // Signing in now asks for the code.
  now += 30_000;
  const second = await signIn(t.tenant.slug, t.member.email, t.member.password);
  await second.page.getByLabel('Authentication code').waitFor();
  expect(await seriousA11yViolations(second.page)).toEqual([]);
  await second.page.getByLabel('Authentication code').fill(totp(secret, now));
  await second.page.getByRole('button', { name: 'Verify' }).click();
  await second.page.waitForURL(`${web.url}/`);
  // The challenge cookie is gone, the session cookies are set and script sees none of them.
  const cookies = (await second.page.context().cookies()).map((c) => ({ name: c.name, httpOnly: c.httpOnly }));
  expect(cookies.map((c) => c.name).sort()).toEqual(['sentinel_access', 'sentinel_refresh']);
  expect(cookies.every((c) => c.httpOnly)).toBe(true);
  await second.close();

  // The admin resets it; the member signs in with the password alone.
  const admin = await signIn(t.tenant.slug, t.admin.email, t.admin.password);
  await admin.page.waitForURL(`${web.url}/`);
  await admin.page.goto(`${web.url}/users/${t.member.id}`);
  await admin.page.getByRole('button', { name: 'Reset two-factor authentication' }).click();
  await admin.page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
  await admin.page.getByText(`Two-factor authentication was reset for ${t.member.email}.`).waitFor();
  await admin.close();
  const third = await signIn(t.tenant.slug, t.member.email, t.member.password);
  await third.page.waitForURL(`${web.url}/`);
  await third.close();
});

test('creating an API key asks for a code when the sign-in code is older than 5 minutes', async () => {
  const t = await fx.tenantWithUsers(api.url);
  // The admin enrols through the API, then signs in to the console with a code.
  const started = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment', { token: t.adminToken });
  const secret = base32Decode(started.body.secret);
  expect((await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment/confirm', { token: t.adminToken, body: { code: totp(secret, now) } })).status).toBe(200);
  now += 30_000;
  const { page, csp, close } = await signIn(t.tenant.slug, t.admin.email, t.admin.password);
  try {
    await page.getByLabel('Authentication code').fill(totp(secret, now));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${web.url}/`);
    await page.goto(`${web.url}/api-keys`);
    // Six minutes later the sign-in's code is no longer fresh.
    now += 6 * 60_000;
    await page.getByLabel('Name').fill('deploys');
    await page.getByLabel('Read users').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByLabel('Authentication code').waitFor();
    expect(page.url()).toBe(`${web.url}/api-keys`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Authentication code').fill(totp(secret, now));
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByLabel('Key', { exact: true });
    await shown.waitFor();
    const created = await shown.inputValue();
    expect(created).toMatch(/^snl_/);
    await page.getByRole('button', { name: 'Done' }).click();

    // Rotating asks for a code the same way, inside its confirmation.
    now += 6 * 60_000;
    await page.getByRole('button', { name: 'Rotate deploys' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
    await dialog.getByLabel('Authentication code').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByLabel('Authentication code').fill('000000');
    await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
    await dialog.getByText('wrong, expired or already used').waitFor();
    await dialog.getByLabel('Authentication code').fill(totp(secret, now));
    await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
    const rotated = await waitFor('the rotated key', async () => {
      const v = await page.getByLabel('Key', { exact: true }).inputValue();
      return v.startsWith('snl_') && v !== created ? v : undefined;
    });
    expect((await call(api.url, 'GET', '/api/v1/users', { token: rotated })).status).toBe(200);
    expect((await call(api.url, 'GET', '/api/v1/users', { token: created })).status).toBe(401);
    expect(csp).toEqual([]);
  } finally {
    await close();
  }
});

test('an admin requires two-factor authentication; a member without it sets it up while signing in', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const admin = await signIn(t.tenant.slug, t.admin.email, t.admin.password);
  try {
    await admin.page.waitForURL(`${web.url}/`);
    await admin.page.goto(`${web.url}/settings`);
    await admin.page.getByLabel('Who must use it').selectOption('all');
    await admin.page.getByRole('button', { name: 'Update the requirement' }).click();
    await admin.page.getByText('Saved. People it covers').waitFor();
    expect(await seriousA11yViolations(admin.page)).toEqual([]);
    expect(admin.csp).toEqual([]);
  } finally {
    await admin.close();
  }
  expect((await call(api.url, 'GET', `/api/v1/tenants/${t.tenant.id}/mfa-policy`, { token: t.memberToken })).body).toEqual({ required: 'all' });

  const { page, csp, close } = await signIn(t.tenant.slug, t.member.email, t.member.password);
  try {
    await page.getByRole('button', { name: 'Set up an authenticator' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = base32Decode((await page.locator('code').first().textContent())!.replace(/\s/g, ''));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'mfa-sign-in-enrol');
    await page.getByLabel('Authentication code').fill(totp(secret, now));
    await page.getByRole('button', { name: 'Verify' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByRole('link', { name: 'I have saved them: continue' }).click();
    await page.waitForURL(`${web.url}/`);
    expect(csp).toEqual([]);
  } finally {
    await close();
  }
});
