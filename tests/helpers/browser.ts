// The web console as an operator runs it and a person uses it: the production build
// (web/.next/standalone, built by `npm run build:web`, which npm test runs) in its own process,
// and Debian's Chromium driven by playwright-core. Accessibility is checked with axe-core run
// inside the page. What is real: the Next server, the browser, and the API behind them.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startProcess, type TestProcess } from './process.js';

const SERVER = 'web/.next/standalone/web/server.js';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface WebConsole {
  url: string;
  proc: TestProcess;
  close(): Promise<void>;
}

/** `node web/.next/standalone/web/server.js` in production mode, talking to `apiUrl`. */
export async function startWeb(apiUrl: string, port?: number): Promise<WebConsole> {
  if (!existsSync(join(process.cwd(), SERVER))) throw new Error(`${SERVER} is missing: run \`npm run build:web\` (npm test does)`);
  const proc = await startProcess(SERVER, {
    env: { NODE_ENV: 'production', HOSTNAME: '127.0.0.1', SENTINEL_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1' },
    portVar: 'PORT',
    ...(port ? { port } : {}),
    ready: (out) => /Ready in|✓ Ready/.test(out),
  });
  return {
    url: `http://127.0.0.1:${proc.port}`,
    proc,
    close: async () => {
      proc.proc.kill('SIGTERM');
      await proc.exited;
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** Every Content-Security-Policy violation the page reports, so a test can assert there were none. */
export function collectCspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

const AXE = readFileSync(join(process.cwd(), 'node_modules/axe-core/axe.min.js'), 'utf8');

/** Fills and sends the console's sign-in form; what follows (the overview, a code step, an error) is the caller's to wait for. */
export async function submitSignIn(page: Page, webUrl: string, tenant: string, email: string, password: string): Promise<void> {
  await page.goto(`${webUrl}/sign-in`);
  await page.getByLabel('Organisation').fill(tenant);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. The script is evaluated
 * over the DevTools protocol, which the page's CSP does not govern (the app itself gets no
 * exemption: the browser context keeps CSP on).
 */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Next streams metadata: after a router.refresh() the <title> is re-rendered and can be
  // absent for a moment, more than once while the refresh settles. Wait until it has stayed for
  // 300 ms (a few seconds at most); if it never does, axe reports it. The clock starts afresh
  // at each check, so an earlier check on the same page does not count.
  await page.evaluate('window.__titleSince = undefined');
  await page
    .waitForFunction(
      `(() => {
        if (document.title === '') return (window.__titleSince = undefined), false;
        window.__titleSince ??= Date.now();
        return Date.now() - window.__titleSince >= 300;
      })()`,
      undefined,
      { timeout: 5000, polling: 50 },
    )
    .catch(() => undefined);
  await page.evaluate(`${AXE}\n;undefined`);
  return page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`);
}

export const SCREENSHOTS = join(process.cwd(), 'web/test-results/screenshots');

/**
 * The page as it is now at 1280 and 375 px wide, in the light and the dark theme, written to
 * web/test-results/screenshots/<name>-<width>-<scheme>.png (git-ignored) for a person to look
 * at. The viewport and colour scheme are put back afterwards.
 */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize();
  const written: string[] = [];
  for (const width of [1280, 375]) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      const file = join(SCREENSHOTS, `${name}-${width}-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      written.push(file);
    }
  }
  if (size) await page.setViewportSize(size);
  await page.emulateMedia({ colorScheme: 'light' });
  return written;
}
