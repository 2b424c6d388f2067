// The console's "Export all data" (docs/data-export.md): a tenant admin on Settings and a
// platform admin on a tenant's page start a full export, watch it complete, and download the
// archive once. The production build of web/ in front of the real API, worker, PostgreSQL and
// Redis, in Debian's Chromium; axe-core checks the screens. Needs `npm run build:web` first.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { collectCspViolations, launchChromium, screenshots, seriousA11yViolations, startWeb, submitSignIn } from './helpers/browser.js';
import { useFixture } from './helpers/suite.js';
import { useWorkerStack } from './helpers/worker.js';

const run = promisify(execFile);
const { api, fx } = useWorkerStack('web-tenant-export');
const web = useFixture(
  () => startWeb(api.url),
  (w) => w.close(),
);
const browser = useFixture<Browser>(launchChromium, (b) => b.close());

async function signedIn(tenant: string, email: string, password: string): Promise<{ page: Page; csp: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const csp = collectCspViolations(page);
  await submitSignIn(page, web.url, tenant, email, password);
  await page.waitForURL(`${web.url}/`);
  return { page, csp, close: () => context.close() };
}

/** Starts the export on the screen, waits for its link, downloads it; the archive's entries. */
async function exportAndDownload(page: Page): Promise<string[]> {
  const section = page.getByRole('region', { name: 'Export all data' });
  await section.getByRole('button', { name: 'Export all data' }).click();
  const link = section.getByRole('link', { name: /^Download the archive/ });
  await link.waitFor({ timeout: 60_000 });
  expect(await section.getByRole('progressbar').getAttribute('value')).toBe('100');
  expect(await seriousA11yViolations(page)).toEqual([]);
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = await download.path();
  expect(download.suggestedFilename()).toMatch(/^tenant-export-.+\.tar\.gz$/);
  const bytes = await readFile(file);
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]); // gzip
  // Once downloaded, the screen says so (the file is gone from Sentinel).
  await section.getByText(/^Downloaded /).waitFor({ timeout: 30_000 });
  return (await run('tar', ['tzf', file])).stdout.trim().split('\n');
}

test('a tenant admin exports all data from Settings, watches it complete and downloads it once', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { page, csp, close } = await signedIn(t.tenant.slug, t.admin.email, t.admin.password);
  try {
    await page.goto(`${web.url}/settings`);
    await page.getByRole('heading', { name: 'Export all data' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    const entries = await exportAndDownload(page);
    expect(entries).toContain('manifest.json');
    expect(entries).toContain('users.ndjson');
    await screenshots(page, 'tenant-export-settings');
    expect(await fx.db.prisma.auditLog.count({ where: { tenantId: t.tenant.id, action: 'tenant.export.download', actorId: t.admin.id } })).toBe(1);
    expect(csp).toEqual([]);
  } finally {
    await close();
  }
});

test("a platform admin exports a tenant's data from its page", async () => {
  const t = await fx.tenantWithUsers(api.url);
  const admin = await fx.platformAdmin(api.url);
  const { page, csp, close } = await signedIn('platform', admin.user.email, admin.user.password);
  try {
    await page.goto(`${web.url}/tenants/${t.tenant.id}`);
    await page.getByRole('heading', { name: 'Export all data' }).waitFor();
    const entries = await exportAndDownload(page);
    expect(entries).toContain('manifest.json');
    expect(await fx.db.prisma.auditLog.count({ where: { tenantId: t.tenant.id, action: 'tenant.export', actorId: admin.user.id } })).toBe(1);
    expect(csp).toEqual([]);
  } finally {
    await close();
  }
});
