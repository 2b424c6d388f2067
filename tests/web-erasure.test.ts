// The console's erasure (issue #16, docs/data-rights.md), as a tenant admin uses it: on a user's
// page, "Erase personal data" asks for the user's email typed, erases, and shows the pseudonym
// the user became. The production build of web/ in front of the real API, PostgreSQL and Redis,
// in Debian's Chromium; axe-core checks the screens, light and dark, at 1280 and 375 px.
// Needs `npm run build:web` first (npm test runs it).
import type { Browser, Page } from 'playwright-core';
import { collectCspViolations, launchChromium, screenshots, seriousA11yViolations, startWeb, submitSignIn } from './helpers/browser.js';
import { call, uniq, useApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { waitFor } from './helpers/wait.js';

const { api, fx } = useApi();
const web = useFixture(
  () => startWeb(api.url),
  (w) => w.close(),
);
const browser = useFixture<Browser>(launchChromium, (b) => b.close());

async function signedIn(
  tenant: string,
  email: string,
  password: string,
  o: { width: number; dark?: boolean },
): Promise<{ page: Page; csp: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: o.width, height: 900 }, colorScheme: o.dark ? 'dark' : 'light' });
  const page = await context.newPage();
  const csp = collectCspViolations(page);
  await submitSignIn(page, web.url, tenant, email, password);
  await page.waitForURL(`${web.url}/`);
  return { page, csp, close: () => context.close() };
}

test.each([
  { width: 1280, dark: false },
  { width: 375, dark: true },
])('a tenant admin erases a user from their page, confirming with the email typed, and sees the pseudonym (%o)', async (view) => {
  const t = await fx.tenantWithUsers(api.url);
  const target = await fx.user(t.tenant.id, { email: `${uniq('forget-me')}@example.org` });
  const { page, csp, close } = await signedIn(t.tenant.slug, t.admin.email, t.admin.password, view);
  try {
    // Not offered on one's own page: another admin erases you.
    await page.goto(`${web.url}/users/${t.admin.id}`);
    await page.getByRole('heading', { name: 'Actions' }).waitFor();
    expect(await page.getByRole('button', { name: 'Erase personal data' }).count()).toBe(0);

    await page.goto(`${web.url}/users/${target.id}`);
    const open = page.getByRole('button', { name: 'Erase personal data' });
    await open.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await open.click();
    const dialog = page.getByRole('dialog');
    const erase = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await erase.isDisabled()).toBe(true);
    await dialog.getByLabel(/Type .* to confirm/).fill('not-the-email@example.org');
    expect(await erase.isDisabled()).toBe(true);
    // Cancelling erases nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await call(api.url, 'GET', `/api/v1/users/${target.id}`, { token: t.adminToken })).status).toBe(200);

    await open.click();
    await dialog.getByLabel(/Type .* to confirm/).fill(target.email);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, `erase-confirm`);
    await erase.click();
    await page.waitForURL(new RegExp(`/users/${target.id}/erased\\?pseudonym=erased-user-[0-9a-f]{32}$`));

    // The pseudonym shown is the tombstone's; the user is gone.
    const tombstones = await call(api.url, 'GET', '/api/v1/erasures', { token: t.adminToken });
    expect(tombstones.body.items).toHaveLength(1);
    const { pseudonym } = tombstones.body.items[0];
    await page.getByText(pseudonym).waitFor();
    // The new page's metadata streams in after its content (Next.js): wait for its title.
    await waitFor('the page title', async () => (await page.title()).includes('Personal data erased'));
    expect(await page.getByText(target.email).count()).toBe(0);
    expect((await call(api.url, 'GET', `/api/v1/users/${target.id}`, { token: t.adminToken })).status).toBe(404);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, `erased`);
    expect(csp).toEqual([]);
  } finally {
    await close();
  }
});

test('an erasure that cannot be done says why on the page', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const target = await fx.user(t.tenant.id, { email: `${uniq('twice')}@example.org` });
  const { page, close } = await signedIn(t.tenant.slug, t.admin.email, t.admin.password, { width: 1280 });
  try {
    await page.goto(`${web.url}/users/${target.id}`);
    await page.getByRole('button', { name: 'Erase personal data' }).click();
    // Another admin erased the user meanwhile.
    expect((await call(api.url, 'POST', `/api/v1/users/${target.id}/erase`, { token: t.adminToken })).status).toBe(200);
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Type .* to confirm/).fill(target.email);
    await dialog.getByRole('button', { name: 'Erase for good' }).click();
    // The message sits in the erasure's own section (Next.js keeps an empty role=alert route announcer elsewhere).
    const alert = page.getByRole('region', { name: 'Personal data' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/no such user|not found/i);
    expect(await dialog.isVisible()).toBe(false);
    expect(await seriousA11yViolations(page)).toEqual([]);
  } finally {
    await close();
  }
});
