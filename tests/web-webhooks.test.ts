// The console's webhooks screens (issue #16), as a tenant admin uses them: a private address
// refused beside the URL field, an endpoint added with its secret shown once and copied, a
// user created so a user.created event reaches a local receiver, the delivery seen with its
// 200, sent again (a second attempt), the secret rotated, the endpoint edited, turned off and
// on, and deleted (asked first). A member is kept out. The production build of web/ in front
// of the real API, worker, PostgreSQL and Redis, in Debian's Chromium; axe-core checks each
// screen. The API and the worker let 127.0.0.1 through (WEBHOOK_ALLOW_HOSTS), as tests and
// laptops do. Needs `npm run build:web` first (npm test runs it).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { collectCspViolations, launchChromium, screenshots, seriousA11yViolations, startWeb, submitSignIn } from './helpers/browser.js';
import { call } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { waitFor } from './helpers/wait.js';
import { useWorkerStack } from './helpers/worker.js';

const ALLOW = { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' };
const { api, fx } = useWorkerStack('web-webhooks', { api: ALLOW, worker: ALLOW });
const web = useFixture(
  () => startWeb(api.url),
  (w) => w.close(),
);
const browser = useFixture<Browser>(launchChromium, (b) => b.close());

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver that answers 200 and records every request. */
const receiver = useFixture(
  async () => {
    const received: Received[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sentinel-${randomUUID()}`,
      received,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
  (r) => r.close(),
);

async function signedIn(tenant: string, email: string, password: string): Promise<{ page: Page; csp: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const csp = collectCspViolations(page);
  await submitSignIn(page, web.url, tenant, email, password);
  await page.waitForURL(`${web.url}/`);
  return { page, csp, close: () => context.close() };
}

/** The deliveries table's row for the user.created event, once `ready` holds for its cells' text (Refresh until then). */
async function deliveryRow(page: Page, what: string, ready: (cells: string[]) => boolean): Promise<string[]> {
  return waitFor(
    what,
    async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForLoadState('networkidle');
      const rows = page.getByRole('table', { name: /Deliveries/ }).getByRole('row');
      if ((await rows.count()) < 2) return undefined;
      const cells = (await rows.nth(1).getByRole('cell').allTextContents()).map((c) => c.trim());
      return ready(cells) ? cells : undefined;
    },
    30_000,
    500,
  );
}

test('a tenant admin adds an endpoint, sees a delivery with its 200, redelivers it, rotates the secret, edits, disables and deletes it', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { page, csp, close } = await signedIn(t.tenant.slug, t.admin.email, t.admin.password);
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.waitForURL(`${web.url}/webhooks`);
    await page.getByText('No endpoints yet').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'webhooks-empty');

    // No event chosen: the form says so before calling the API.
    await page.getByLabel('URL', { exact: true }).fill(receiver.url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText('Choose at least one event.').waitFor();

    // A private address: the API refuses it, and its message lands beside the URL field.
    await page.getByLabel('URL', { exact: true }).fill('http://10.1.2.3/hook');
    await page.getByLabel('A user was created').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const urlError = page.locator('#endpoint-url-error');
    await urlError.waitFor();
    expect(await urlError.textContent()).toMatch(/^10\.1\.2\.3 is not a public address: private\./);
    expect(await page.getByLabel('URL', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'webhooks-refused-url');
    expect(await fx.db.prisma.webhookEndpoint.count({ where: { tenantId: t.tenant.id } })).toBe(0);

    // The receiver: created, the secret shown once and copied.
    await page.getByLabel('URL', { exact: true }).fill(receiver.url);
    await page.getByLabel('Description (optional)').fill('CRM sync');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const shown = page.getByLabel('Signing secret', { exact: true });
    await shown.waitFor();
    const secret = await shown.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'webhook-created');
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('Signing secret', { exact: true }).count()).toBe(0);
    await page.getByRole('cell', { name: 'Enabled', exact: true }).waitFor();
    await screenshots(page, 'webhooks');

    // The endpoint's screen: no deliveries yet.
    await page.getByRole('link', { name: receiver.url }).click();
    await page.waitForURL(/\/webhooks\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await page.getByText('No deliveries yet').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A user is created: the receiver gets user.created, signed with the secret; the console shows it delivered.
    const user = await call(api.url, 'POST', '/api/v1/users', {
      token: t.adminToken,
      body: { email: `hooked-${randomUUID()}@example.com`, displayName: 'Hooked', role: 'member' },
    });
    expect(user.status).toBe(201);
    const first = await deliveryRow(page, 'the delivery, delivered', (c) => c.includes('Delivered'));
    expect(first[0]).toContain('user.created');
    expect(first.slice(2, 4)).toEqual(['1', '200']);
    expect(receiver.received).toHaveLength(1);
    const payload = new Webhook(secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers as Record<string, string>) as {
      type: string;
      data: { user: { id: string } };
    };
    expect(payload).toMatchObject({ type: 'user.created', data: { user: { id: user.body.id } } });
    const eventId = receiver.received[0]!.headers['webhook-id'];
    expect(first[1]).toBe(eventId);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'webhook-deliveries');

    // Redeliver: a second attempt of the same event (the same webhook-id).
    await page.getByRole('button', { name: `Redeliver user.created ${eventId}` }).click();
    await page.getByText('The user.created event is being sent again.').waitFor();
    const second = await deliveryRow(page, 'the second attempt', (c) => c[2] === '2' && c.includes('Delivered'));
    expect(second[3]).toBe('200');
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([eventId, eventId]);

    // Rotate: a new secret, shown once, with the overlap explained.
    await page.getByRole('button', { name: 'Rotate the secret' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate', exact: true }).click();
    const rotated = page.getByLabel('Signing secret', { exact: true });
    await rotated.waitFor();
    expect(await rotated.inputValue()).toMatch(/^whsec_/);
    expect(await rotated.inputValue()).not.toBe(secret);
    await page
      .getByText(/^Until .* UTC \(24 hours unless your operator changed it\) every delivery is signed with both the previous secret and this one/)
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshots(page, 'webhook-rotated');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText(/the previous secret signs too until/).waitFor();

    // Edit: another description and a second event type.
    await page.getByLabel('Description (optional)').fill('CRM sync (v2)');
    await page.getByLabel('A user was deleted').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('heading', { name: 'CRM sync (v2)' }).waitFor();
    const saved = await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken });
    expect(saved.body).toMatchObject({ description: 'CRM sync (v2)', eventTypes: ['user.created', 'user.deleted'], enabled: true });

    // A private address in the edit form: refused beside its URL field, nothing changed.
    await page.getByLabel('URL', { exact: true }).fill('http://169.254.169.254/latest/meta-data/');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page
      .locator('#edit-url-error')
      .getByText(/link-local/)
      .waitFor();
    await page.getByLabel('URL', { exact: true }).fill(receiver.url);

    // Disable, then enable again.
    await page.getByRole('button', { name: 'Disable', exact: true }).click();
    await page.getByRole('button', { name: 'Enable', exact: true }).waitFor();
    expect((await call(api.url, 'GET', `/api/v1/webhooks/endpoints/${id}`, { token: t.adminToken })).body.enabled).toBe(false);
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('button', { name: 'Disable', exact: true }).waitFor();

    // Delete, asked first.
    await page.getByRole('button', { name: 'Delete the endpoint' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL(`${web.url}/webhooks?deleted=1`);
    await page.getByText('The endpoint was deleted.').waitFor();
    await page.getByText('No endpoints yet').waitFor();
    expect((await call(api.url, 'GET', '/api/v1/webhooks/endpoints', { token: t.adminToken })).body.items).toEqual([]);
    expect(csp).toEqual([]);
  } finally {
    await close();
  }
});

test('a member is kept out of the webhooks screens', async () => {
  const t = await fx.tenantWithUsers(api.url);
  const { page, close } = await signedIn(t.tenant.slug, t.member.email, t.member.password);
  try {
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
    await page.goto(`${web.url}/webhooks`);
    await page.getByText('Not allowed').first().waitFor();
  } finally {
    await close();
  }
});
