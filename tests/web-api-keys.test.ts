// The console's API keys screen (issue #15), as a tenant admin uses it: create a key with a
// scope, copy it from the one place it is shown, call the API with it, rotate it (the old key
// stops), revoke it (asked first; the key stops). A member is kept out. The production build
// of web/ in front of the real API, PostgreSQL and Redis, in Debian's Chromium; axe-core checks
// the screen. Needs `npm run build:web` first (npm test runs it).
import type { Browser, Page } from 'playwright-core';
import { collectCspViolations, launchChromium, screenshots, seriousA11yViolations, startWeb, submitSignIn } from './helpers/browser.js';
import { call, expectProblem, useApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { waitFor } from './helpers/wait.js';

const { api, fx } = useApi();
const web = useFixture(
  () => startWeb(api.url),
  (w) => w.close(),
);
const browser = useFixture<Browser>(launchChromium, (b) => b.close());

async function signedIn(tenant: string, email: string, password: string): Promise<{ page: Page; csp: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const csp = collectCspViolations(page);
  await submitSignIn(page, web.url, tenant, email, password);
  await page.waitForURL(`${web.url}/`);
  return { page, csp, close: () => context.close() };
}

test('a tenant admin creates a key in the console, uses it against the API, rotates and revokes it', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { page, csp, close } = await signedIn(t.tenant.slug, t.admin.email, t.admin.password);
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys', exact: true }).click();
    await page.waitForURL(`${web.url}/api-keys`);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The API's field error lands beside its field: an expiry in the past.
    await page.getByLabel('Name').fill('nightly sync');
    await page.getByLabel('Read users').check();
    await page.getByLabel('Expires (optional)').fill('2020-01-01');
    await page.getByRole('button', { name: 'Create key' }).click();
    expect(await page.locator('#key-expires-error').textContent()).toBe('must be in the future');
    await page.getByLabel('Expires (optional)').fill('');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByLabel('Key', { exact: true });
    await shown.waitFor();
    const key = await shown.inputValue();
    expect(key).toMatch(/^snl_[0-9A-Za-z]{44}_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(key);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'api-key-created');

    // The key works against the API, within its scope.
    const users = await call(api.url, 'GET', '/api/v1/users', { token: key });
    expect(users.status).toBe(200);
    expect((await call(api.url, 'POST', '/api/v1/users', { token: key, body: { email: 'x@example.com', displayName: 'X' } })).status).toBe(403);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'nightly sync', exact: true }).waitFor();
    await screenshots(page, 'api-keys');

    // Rotate: a new key is shown; the old one stops.
    await page.getByRole('button', { name: 'Rotate nightly sync' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate', exact: true }).click();
    // The rotated key replaces the one shown.
    const rotated = await waitFor('the rotated key', async () => {
      const v = await page.getByLabel('Key', { exact: true }).inputValue();
      return v.startsWith('snl_') && v !== key ? v : undefined;
    });
    expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: key }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
    expect((await call(api.url, 'GET', '/api/v1/users', { token: rotated })).status).toBe(200);

    // Revoke, asked first.
    await page.getByRole('button', { name: 'Revoke nightly sync' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByRole('cell', { name: 'Revoked', exact: true }).waitFor();
    expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: rotated }), 401, 'SENTINEL_AUTH_TOKEN_INVALID');
    expect(csp).toEqual([]);
  } finally {
    await close();
  }
});

test('a member is kept out of the API keys screen', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { page, close } = await signedIn(t.tenant.slug, t.member.email, t.member.password);
  try {
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).count()).toBe(0);
    await page.goto(`${web.url}/api-keys`);
    await page.getByText('Not allowed').first().waitFor();
  } finally {
    await close();
  }
});

test("a platform admin manages the platform's keys on the same screen, with platform scopes", async () => {
  const t = await fx.tenantWithUsers(api.url);
  const admin = await fx.platformAdmin(api.url);
  const { page, csp, close } = await signedIn('platform', admin.user.email, admin.user.password);
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys', exact: true }).click();
    await page.waitForURL(`${web.url}/api-keys`);
    expect(await page.getByLabel('Read users').count()).toBe(0);
    // The platform tenant is shared with other suites' platform keys: this one has its own name.
    const name = `provisioning ${Date.now().toString(36)}`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Read tenants and their usage').check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByLabel('Key', { exact: true });
    await shown.waitFor();
    const key = await shown.inputValue();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'platform-key-created');
    // A platform key reads any tenant, and nothing inside one.
    expect((await call(api.url, 'GET', `/api/v1/tenants/${t.tenant.id}`, { token: key })).body.slug).toBe(t.tenant.slug);
    expectProblem(await call(api.url, 'GET', '/api/v1/users', { token: key }), 403, 'SENTINEL_FORBIDDEN');
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await row.getByRole('cell', { name: 'tenants:read', exact: true }).waitFor();
    expect(csp).toEqual([]);
  } finally {
    await close();
  }
});
