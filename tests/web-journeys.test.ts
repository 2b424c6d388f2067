// The console's journeys end to end, as the people who use it: a platform admin creates a tenant
// whose first admin is invited by email (caught by the suite's real SMTP server); that admin
// accepts, creates a user, finds the audit entry, imports a CSV (the real worker runs it),
// exports the audit log and downloads it; a member stays out of the admin screens; the platform
// admin suspends the tenant and the admin's open session ends at its next step. The production
// build of web/ in front of the real API, worker, PostgreSQL and Redis, in Debian's Chromium.
// Every main screen is checked with axe-core and photographed at 1280 and 375 px, light and dark.
import { readFileSync } from 'node:fs';
import { PLATFORM_TENANT_ID } from '@sentinel/platform';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectCspViolations, launchChromium, screenshots, seriousA11yViolations, startWeb } from './helpers/browser.js';
import { tokenFrom } from './helpers/smtp.js';
import { call, uniq } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { waitFor } from './helpers/wait.js';
import { useWorkerStack } from './helpers/worker.js';

const { api, fx, smtp } = useWorkerStack('web', { smtp: true });
const web = useFixture(
  () => startWeb(api.url),
  (w) => w.close(),
);
const browser = useFixture<Browser>(launchChromium, (b) => b.close());

const contexts: { context: BrowserContext; csp: string[] }[] = [];
async function person(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  contexts.push({ context, csp: collectCspViolations(page) });
  return page;
}
afterEach(async () => {
  for (const { context, csp } of contexts.splice(0)) {
    await context.close();
    expect(csp).toEqual([]); // nothing the console needs was blocked by its own policy
  }
});

async function signIn(page: Page, tenant: string, email: string, password: string) {
  await page.goto(`${web.url}/sign-in`);
  await page.getByLabel('Organisation').fill(tenant);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${web.url}/`);
}

/** axe-core finds nothing serious or critical, and the screen is photographed when named. */
async function check(page: Page, shot?: string) {
  expect(await seriousA11yViolations(page)).toEqual([]);
  if (shot) await screenshots(page, shot);
}

const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

test('a platform admin creates a tenant; its admin accepts, creates a user, audits, imports, exports; suspension ends the session', async () => {
  // The platform admin creates the tenant, naming its first admin.
  const { user: platform } = await fx.platformAdmin(api.url);
  const ops = await person();
  await signIn(ops, 'platform', platform.email, platform.password);
  await check(ops, 'overview-platform');
  await nav(ops, 'Tenants');
  await ops.waitForURL(`${web.url}/tenants`);
  await check(ops, 'tenants');
  await ops.getByRole('link', { name: 'New tenant' }).click();
  await ops.waitForURL(`${web.url}/tenants/new`);
  const slug = uniq('web')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 40);
  const adminEmail = `first-admin-${slug}@example.com`;
  await ops.getByLabel('Short name').fill('Not A Slug');
  expect(await ops.locator('#slug-error').textContent()).toContain('lowercase letters'); // checked as typed
  await ops.getByLabel('Short name').fill(slug);
  await expect(ops.locator('#slug-error').count()).resolves.toBe(0);
  await ops.getByLabel('Display name').fill('Web Journey Ltd');
  await ops.getByLabel('Plan').selectOption('pro');
  await ops.getByLabel("First admin's email (optional)").fill(adminEmail);
  await check(ops, 'tenant-new');
  await ops.getByRole('button', { name: 'Create tenant' }).click();
  await ops.waitForURL(/\/tenants\/[0-9a-f-]{36}\?created=1$/);
  const tenantId = /tenants\/([0-9a-f-]{36})/.exec(ops.url())![1]!;
  expect(await h1(ops)).toBe('Web Journey Ltd');
  await check(ops, 'tenant');
  // The platform audit log, narrowed to the new tenant: its first admin's creation is there.
  await ops.goto(`${web.url}/audit?tenant=${slug}&action=user.create`);
  await ops.locator('tbody tr', { hasText: 'user.create' }).first().waitFor();
  await ops.goto(`${web.url}/audit?tenant=no-such-tenant-anywhere`);
  expect(await ops.locator('#tenant-error').textContent()).toBe('No tenant has this short name.');
  await check(ops, 'audit-platform');

  // The invitation reaches the admin's mailbox; its link opens the console's accept page.
  await smtp.waitFor(() => smtp.to(adminEmail).length > 0, 20_000);
  const mail = smtp.to(adminEmail)[0]!;
  expect(mail.raw.replace(/=\r?\n/g, '')).toContain('/accept-invite?token=');
  const admin = await person();
  await admin.goto(`${web.url}/accept-invite?token=${encodeURIComponent(tokenFrom(mail))}`);
  await check(admin, 'accept-invite');
  const adminPassword = 'journey-admin-passphrase-42';
  await admin.getByLabel('New password').fill(adminPassword);
  await admin.getByLabel('Repeat the password').fill(adminPassword);
  await admin.getByRole('button', { name: 'Set password and sign in' }).click();
  await admin.waitForURL(`${web.url}/`);
  expect(await h1(admin)).toMatch(/^Welcome, /);
  await check(admin, 'overview-admin');

  // It creates a user (invited); a taken email is refused with the API's words.
  await nav(admin, 'Users');
  await admin.waitForURL(`${web.url}/users`);
  await admin.getByRole('link', { name: 'New user' }).click();
  await admin.waitForURL(`${web.url}/users/new`);
  const newEmail = `new-hire-${slug}@example.com`;
  await admin.getByLabel('Email', { exact: true }).fill('not-an-email');
  expect(await admin.locator('#email-error').textContent()).toBe('Enter an email address like name@example.com.');
  await admin.getByLabel('Email', { exact: true }).fill(newEmail);
  await admin.getByLabel('Name', { exact: true }).fill('New Hire');
  await check(admin, 'user-new');
  await admin.getByRole('button', { name: 'Create and invite' }).click();
  await admin.waitForURL(/\/users\/[0-9a-f-]{36}\?created=1$/);
  const newUserId = /users\/([0-9a-f-]{36})/.exec(admin.url())![1]!;
  expect(await h1(admin)).toBe('New Hire');
  expect(await admin.getByRole('status').first().textContent()).toContain(`an invitation is on its way to ${newEmail}`);
  await check(admin, 'user');
  await smtp.waitFor(() => smtp.to(newEmail).length > 0, 20_000);

  await admin.goto(`${web.url}/users/new`);
  await admin.getByLabel('Email', { exact: true }).fill(newEmail);
  await admin.getByLabel('Name', { exact: true }).fill('Someone Else');
  await admin.getByRole('button', { name: 'Create and invite' }).click();
  // A second sign-in of the same admin (another device, as far as the API knows).
  const other = await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: slug, email: adminEmail, password: adminPassword } });
  const taken = await call(api.url, 'POST', '/api/v1/users', { token: other.body.accessToken, body: { email: newEmail, displayName: 'Someone Else' } });
  expect(taken.status).toBe(409);
  await admin.locator('main [role=alert]', { hasText: taken.body.detail ?? taken.body.title }).waitFor();

  // Edit the role: saved, and the audit log shows the change as before/after.
  await admin.goto(`${web.url}/users/${newUserId}`);
  await admin.getByLabel('Role').selectOption('tenant_admin');
  await admin.getByRole('button', { name: 'Save changes' }).click();
  await admin.getByText('Saved.').waitFor();

  await nav(admin, 'Audit log');
  await admin.waitForURL(`${web.url}/audit`);
  const createRow = admin.locator('tbody tr', { hasText: 'user.create' }).first(); // newest first: the new hire
  await createRow.waitFor();
  expect(await createRow.textContent()).toContain(adminEmail); // the actor, by email
  await admin.locator('tbody tr', { hasText: 'user.update' }).getByRole('button').click();
  const drawer = admin.getByRole('dialog');
  await drawer.waitFor();
  const roleChange = drawer.locator('tr', { has: admin.locator('th', { hasText: 'role' }) });
  expect((await roleChange.locator('td').allTextContents()).map((s) => s.trim())).toEqual(['member', 'tenant_admin']);
  await check(admin, 'audit-detail');
  await admin.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
  // Filtering by action narrows the list to that action alone.
  await admin.getByLabel('Action', { exact: true }).fill('user.create');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.waitForURL(/action=user\.create/);
  await admin.getByText(/^Showing \d+ entr(y|ies) \(all\)\.$/).waitFor();
  expect(new Set(await admin.locator('tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set(['user.create']));
  await check(admin, 'audit');

  // Export what is on screen and download it: every line is a user.create entry of this tenant.
  await admin.getByRole('button', { name: 'Export these entries' }).click();
  const link = admin.getByRole('link', { name: /Download the export/ });
  await link.waitFor({ timeout: 30_000 });
  expect(await admin.locator('#job-progress').getAttribute('value')).toBe('100');
  const [download] = await Promise.all([admin.waitForEvent('download'), link.click()]);
  const lines = readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines.length).toBeGreaterThanOrEqual(2); // the first admin's creation and the new hire's
  for (const l of lines) expect(l.action).toBe('user.create');
  expect(lines.map((l) => l.targetId)).toContain(newUserId);

  // Import a CSV: progress reaches 100% and the one bad row is shown with its line and field.
  await nav(admin, 'Users');
  await admin.getByRole('link', { name: 'Import CSV' }).click();
  await admin.waitForURL(`${web.url}/users/import`);
  const csv = ['email,displayName', ...Array.from({ length: 40 }, (_, i) => `imported-${i}-${slug}@example.com,Imported ${i}`), 'not-an-email,Broken Row'].join(
    '\n',
  );
  const jobCalls: string[] = [];
  admin.on('request', (r) => {
    if (r.url().includes('/bff/api/v1/jobs/')) jobCalls.push(new URL(r.url()).pathname);
  });
  await admin.locator('#file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await admin.getByRole('button', { name: 'Import' }).click();
  await admin.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 30_000 });
  expect(await admin.locator('#job-progress').getAttribute('value')).toBe('100');
  expect(await admin.getByRole('status').filter({ hasText: 'created' }).textContent()).toBe('40 created, 0 skipped (already there), 1 refused, of 41 rows.');
  expect((await admin.locator('tbody tr').first().locator('td').allTextContents()).slice(0, 2)).toEqual(['42', 'email']);
  // Progress came over the job's event stream, not by asking again and again.
  expect(jobCalls.length).toBeGreaterThan(0);
  expect(jobCalls.every((p) => /^\/bff\/api\/v1\/jobs\/[0-9a-f-]{36}\/events$/.test(p))).toBe(true);
  await check(admin, 'import');

  // Settings: the admin renames the organisation; the header says so at once.
  await nav(admin, 'Settings');
  await admin.waitForURL(`${web.url}/settings`);
  await admin.getByLabel('Organisation name').fill('Web Journey Group');
  await admin.getByRole('button', { name: 'Save', exact: true }).click();
  await admin.getByText("The organisation's name was saved.").waitFor();
  await admin.locator('header', { hasText: 'Web Journey Group' }).waitFor();
  await check(admin, 'settings');

  // Usage: the daily rollup's rows drawn as charts, with the numbers beside them.
  const days = [3, 2, 1].map((n) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10));
  await fx.db.prisma.tenantUsageDaily.createMany({
    data: days.map((day, i) => ({ tenantId, day: new Date(`${day}T00:00:00Z`), users: 2 + i, activeUsers: 1, apiRequests: BigInt(100 * (i + 1)) })),
  });
  await nav(admin, 'Usage');
  await admin.waitForURL(`${web.url}/usage`);
  expect(await admin.locator('figcaption').first().textContent()).toBe('API requests: peak 300, total 600');
  await expect(admin.locator('svg rect').count()).resolves.toBe(9); // three charts of three days
  await check(admin, 'usage');

  // Sessions: this browser and the second sign-in; ending the second revokes its refresh token.
  await nav(admin, 'Profile');
  await admin.waitForURL(`${web.url}/profile`);
  const sessions = admin.locator('section', { has: admin.getByRole('heading', { name: 'Where you are signed in' }) }).locator('tbody tr');
  await admin.getByRole('heading', { name: 'Where you are signed in' }).waitFor();
  await sessions.first().waitFor();
  await expect(sessions.count()).resolves.toBe(2);
  await expect(sessions.filter({ hasText: 'This browser' }).count()).resolves.toBe(1);
  await check(admin, 'profile-sessions');
  await sessions
    .filter({ hasNotText: 'This browser' })
    .getByRole('button', { name: /End session/ })
    .click();
  await waitFor('the ended session gone from the list', async () => ((await sessions.count()) === 1 ? true : undefined));
  expect((await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: other.body.refreshToken } })).status).toBe(401);

  await nav(admin, 'Jobs');
  await admin.waitForURL(`${web.url}/jobs`);
  await admin.locator('tbody tr', { hasText: 'users.import' }).waitFor();
  expect(await admin.locator('tbody tr', { hasText: 'users.import' }).first().textContent()).toContain('Completed');
  await check(admin, 'jobs');

  // The platform admin suspends the tenant from its page (confirmed first) ...
  await ops.goto(`${web.url}/tenants/${tenantId}`);
  await ops.getByRole('button', { name: 'Suspend' }).click();
  await check(ops, 'tenant-suspend-confirm');
  await ops.getByRole('dialog').getByRole('button', { name: 'Suspend' }).click();
  await ops.getByText('The tenant is suspended.').waitFor();
  // ... and the admin's open session ends at its next step, saying why.
  await nav(admin, 'Users');
  await admin.waitForURL(/\/sign-in\?ended=SENTINEL_AUTH_TENANT_SUSPENDED/);
  expect(await admin.getByRole('status').first().textContent()).toContain('your organisation has been suspended');

  // Deleting asks for the slug to be typed; only then is the button live.
  await ops.getByRole('button', { name: 'Delete tenant' }).click();
  const confirm = ops.getByRole('dialog');
  const go = confirm.getByRole('button', { name: 'Delete for good' });
  expect(await go.isDisabled()).toBe(true);
  await confirm.getByLabel(/Type .* to confirm/).fill(slug);
  expect(await go.isDisabled()).toBe(false);
  await go.click();
  await ops.waitForURL(`${web.url}/tenants?deleted=1`);
  const gone = await call(api.url, 'GET', `/api/v1/tenants/${tenantId}`, { token: (await fx.platformAdmin(api.url)).token });
  expect(gone.status).toBe(404);
});

test('a member: directory and profile, password change with the field at fault, and no admin screen even by URL', async () => {
  const tenant = await fx.tenant();
  const member = await fx.user(tenant.id, { role: 'member', email: `member-${uniq('m')}@example.com` });
  const colleague = await fx.user(tenant.id, { role: 'member', email: `colleague-${uniq('c')}@example.com` });
  const other = await fx.tenant();
  const stranger = await fx.user(other.id, { role: 'member', email: `stranger-${uniq('s')}@example.com` });
  const page = await person();
  await signIn(page, tenant.slug, member.email, member.password);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).resolves.toEqual(['Overview', 'Directory', 'Profile']);
  await check(page, 'overview-member');

  await nav(page, 'Directory');
  await page.waitForURL(`${web.url}/directory`);
  await page.locator('tbody tr').first().waitFor();
  const emails = await page.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(emails).toEqual(expect.arrayContaining([member.email, colleague.email]));
  expect(emails).not.toContain(stranger.email);
  await check(page, 'directory');

  await nav(page, 'Profile');
  await page.waitForURL(`${web.url}/profile`);
  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password', { exact: true }).fill('a-brand-new-passphrase-7');
  await page.getByLabel('Repeat the new password').fill('a-brand-new-passphrase-7');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#currentPassword-error').waitFor();
  expect(await page.locator('#currentPassword-error').textContent()).toBe('does not match');
  await page.getByLabel('Current password').fill(member.password);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByText('Your password was changed.').waitFor();
  const relogin = await call(api.url, 'POST', '/api/v1/auth/login', {
    body: { tenant: tenant.slug, email: member.email, password: 'a-brand-new-passphrase-7' },
  });
  expect(relogin.status).toBe(200);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Renamed Member');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByText('Your name was saved.').waitFor();
  await check(page, 'profile');

  for (const path of [
    '/users',
    '/users/new',
    '/users/import',
    `/users/${colleague.id}`,
    '/audit',
    '/jobs',
    '/tenants',
    '/tenants/new',
    `/tenants/${tenant.id}`,
  ]) {
    await page.goto(web.url + path);
    expect(await h1(page)).toBe('Not allowed');
  }
  await check(page, 'not-allowed');
});

test('a tenant admin sees no tenant list and cannot act on another tenant; the platform tenant cannot be changed from its page', async () => {
  const tenant = await fx.tenant();
  const admin = await fx.user(tenant.id, { role: 'tenant_admin', email: `ta-${uniq('a')}@example.com` });
  const page = await person();
  await signIn(page, tenant.slug, admin.email, admin.password);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).resolves.toEqual([
    'Overview',
    'Users',
    'Audit log',
    'Jobs',
    'Usage',
    'API keys',
    'Webhooks',
    'Settings',
    'Profile',
  ]);
  await page.goto(`${web.url}/tenants/${tenant.id}`);
  expect(await h1(page)).toBe('Not allowed');

  const { user: platform } = await fx.platformAdmin(api.url);
  const ops = await person();
  await signIn(ops, 'platform', platform.email, platform.password);
  await ops.goto(`${web.url}/tenants/${PLATFORM_TENANT_ID}`);
  await ops.getByText('This is the platform tenant').waitFor();
  await expect(ops.getByRole('button', { name: 'Delete tenant' }).count()).resolves.toBe(0);

  // A tenant owned by a Tenant resource: the API would answer 409, so the page shows kubectl instead of buttons.
  const owned = await fx.tenant();
  // What the controller writes beside the row (tests/controller.test.ts checks that it does).
  const report = {
    phase: 'Failed',
    observedGeneration: 3,
    generation: 4,
    reportedAt: new Date().toISOString(),
    conditions: [
      { type: 'Ready', status: 'False', reason: 'DirectAccessNotReady', message: 'see the other conditions', lastTransitionTime: new Date().toISOString() },
      { type: 'DirectAccessReady', status: 'False', reason: 'RoleFailed', message: 'role could not be created', lastTransitionTime: new Date().toISOString() },
    ],
  };
  await fx.db.prisma.tenant.update({ where: { id: owned.id }, data: { resourceUid: '6f1c2a7e-1111-4222-8333-944455556666', resourceStatus: report } });
  const refused = await call(api.url, 'PATCH', `/api/v1/tenants/${owned.id}`, { token: (await fx.platformAdmin(api.url)).token, body: { plan: 'pro' } });
  expect(refused.status).toBe(409);
  await ops.goto(`${web.url}/tenants/${owned.id}`);
  await ops.getByRole('heading', { name: 'Change it with kubectl' }).waitFor();
  expect(await ops.getByText(/^Phase Failed, generation 3 of 4 applied \(a change is being applied\)/).count()).toBe(1);
  expect(
    await ops
      .locator('tr', { has: ops.locator('th', { hasText: 'DirectAccessReady' }) })
      .locator('td')
      .allTextContents(),
  ).toEqual(expect.arrayContaining(['False', 'RoleFailed', 'role could not be created']));
  expect(await ops.locator('pre').textContent()).toContain(`kubectl patch tenant ${owned.slug}`);
  await expect(ops.getByRole('button', { name: 'Suspend' }).count()).resolves.toBe(0);
  await check(ops, 'tenant-kubernetes');
});
