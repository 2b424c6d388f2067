// Benchmark: the web console as a browser sees it, three parts, each beside a baseline measured
// in the same run (issue #12):
//   1. First-load JavaScript per route, gzip: every route loaded in a fresh Chromium context
//      against the production server (signed in as the role the screen is for), summing the
//      JS it fetches up to the load event. Baseline: the not-found page (Next's runtime and the
//      root layout, nothing of the console's screens). Budgets: sign-in < 120 kB, every screen < 200 kB.
//   2. Lighthouse (performance, accessibility, best practices) on sign-in and on the users list,
//      signed in, mobile (Lighthouse's default) and desktop presets. Targets: 95 / 100 / 95.
//   3. The users screen of a tenant with 10,000 users: navigation to the first 25 rows visible,
//      and "Load more" to the next 25 visible, median of BENCH_WEB_RUNS. Baseline: the same API
//      calls (GET /api/v1/users?limit=25&sort=email, then its cursor) timed directly.
// It starts its own PostgreSQL, Redis, API and web server on free ports and builds web/ when its
// production build is missing or older than web/src. Prints Markdown tables for docs/benchmarks.md.
// Usage: npm run bench:web   (Debian's chromium; CHROMIUM_PATH to override)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PLATFORM_TENANT_ID, hashPassword, serviceEnv } from '@sentinel/platform';
import { REPO_ROOT, freePort, stackEnv, startLocalStack } from '#local-stack';
import { knob, writeResult } from './result.js';

const RUNS = knob('BENCH_WEB_RUNS', 7, 3);
const LH_RUNS = knob('BENCH_LIGHTHOUSE_RUNS', 3, 1);
const PARTS = new Set((process.env.BENCH_WEB_PARTS ?? 'js,lighthouse,users').split(','));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const USERS = 10_000;
const PAGE_SIZE = 25; // what web/src/app/(console)/users/page.tsx asks for
const SERVER = join(REPO_ROOT, 'web/.next/standalone/web/server.js');
const KB = 1000; // kB as Next's build output used to print them

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  process.exit(1);
}

// ---------- the production build, rebuilt when web/ changed since ----------

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}
const buildId = join(REPO_ROOT, 'web/.next/BUILD_ID');
const sources = ['web/src', 'web/next.config.ts', 'web/package.json', 'web/postcss.config.mjs'].map((p) => join(REPO_ROOT, p)).filter(existsSync);
if (!existsSync(SERVER) || !existsSync(buildId) || Math.max(...sources.map(newestMtime)) > statSync(buildId).mtimeMs) {
  console.log('building web/ (npm run build:web)...');
  const r = spawnSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// ---------- helpers ----------

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kB = (bytes: number) => (bytes / KB).toFixed(1);

async function waitHttp(url: string, p: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (p.exitCode !== null) throw new Error(`${url}: process exited ${p.exitCode}`);
    if (
      await fetch(url, { redirect: 'manual' }).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const done = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await done;
}

// ---------- the stack ----------

const dir = await mkdtemp(join(tmpdir(), 'sentinel-bench-web-'));
const stack = await startLocalStack({ dir, database: 'sentinel_bench', persistent: false });
const children: ChildProcess[] = [];
const owner = new pg.Client({ connectionString: stack.urls.ownerUrl });
owner.on('error', () => {}); // the server stopping at the end must not crash the report
let browser: Browser | undefined;
try {
  await owner.connect();
  const pgVersion = (await owner.query('SHOW server_version')).rows[0].server_version as string;

  console.log(`seeding a tenant with ${USERS.toLocaleString('en')} users, its admin and a member, and a platform admin...`);
  const passwords = { admin: 'bench-admin-password', member: 'bench-member-password', platform: 'bench-platform-password' };
  const tenantId = (
    await owner.query<{ id: string }>(`INSERT INTO tenants (slug, display_name, plan) VALUES ('bench-web', 'Bench Web Ltd', 'enterprise') RETURNING id`)
  ).rows[0]!.id;
  await owner.query(
    `INSERT INTO users (tenant_id, email, display_name, role, password_hash, created_at)
     SELECT $1, 'user' || lpad(g::text, 5, '0') || '@bench.example', 'User ' || g, 'member', $2, now() - make_interval(secs => g)
     FROM generate_series(1, $3::int) g`,
    [tenantId, await hashPassword('not-used-for-login', 4), USERS - 2],
  );
  const insertUser = async (tenant: string, email: string, role: string, password: string) =>
    (
      await owner.query<{ id: string }>(`INSERT INTO users (tenant_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
        tenant,
        email,
        `Bench ${role}`,
        role,
        await hashPassword(password, 10),
      ])
    ).rows[0]!.id;
  await insertUser(tenantId, 'admin@bench.example', 'tenant_admin', passwords.admin);
  const memberId = await insertUser(tenantId, 'member@bench.example', 'member', passwords.member);
  await insertUser(PLATFORM_TENANT_ID, 'platform@bench.example', 'platform_admin', passwords.platform);
  await owner.query('ANALYZE');

  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const api = spawn(process.execPath, [join(REPO_ROOT, 'services/api/dist/main.js')], {
    env: serviceEnv('api', {
      PATH: process.env.PATH!,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      CORS_ORIGINS: 'https://console.example.com',
      ...stackEnv(stack),
      RATE_LIMIT_ENTERPRISE: '10000000',
    }),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(api);
  await waitHttp(`${apiUrl}/api/v1/ready`, api);

  const webPort = await freePort();
  const web = `http://127.0.0.1:${webPort}`;
  const webProc = spawn(process.execPath, [SERVER], {
    env: {
      PATH: process.env.PATH!,
      NODE_ENV: 'production',
      HOSTNAME: '127.0.0.1',
      PORT: String(webPort),
      SENTINEL_API_URL: apiUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(webProc);
  await waitHttp(`${web}/sign-in`, webProc);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  const b = browser;

  type Role = 'admin' | 'member' | 'platform';
  const accounts: Record<Role, { tenant: string; email: string; password: string }> = {
    admin: { tenant: 'bench-web', email: 'admin@bench.example', password: passwords.admin },
    member: { tenant: 'bench-web', email: 'member@bench.example', password: passwords.member },
    platform: { tenant: 'platform', email: 'platform@bench.example', password: passwords.platform },
  };
  /** A context signed in through the console's own sign-in route (its cookies), with an empty cache. */
  async function signedIn(role: Role): Promise<BrowserContext> {
    const ctx = await b.newContext({ viewport: { width: 1280, height: 900 } });
    const r = await ctx.request.post(`${web}/session/login`, { data: accounts[role], headers: { origin: web } });
    if (!r.ok()) throw new Error(`sign-in as ${role}: ${r.status()} ${await r.text()}`);
    return ctx;
  }

  const machine = async () => {
    const cpu = cpus();
    const next = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/next/package.json'), 'utf8')).version as string;
    return `Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; Next ${next}; Chromium ${b.version()}; PostgreSQL ${pgVersion} (embedded); browser, web, API and database share the ${cpu.length} cores; load average ${loadavg()[0]!.toFixed(1)} at the start.`;
  };
  // What BENCH_JSON gets: the key figures, and the Markdown sections printed below.
  const summary: Record<string, unknown> = {};
  const out: string[] = [`### Results (${new Date().toISOString().slice(0, 10)})`, '', await machine(), ''];

  // ---------- part 1: first-load JS per route ----------
  if (PARTS.has('js')) {
    console.log('\npart 1: first-load JavaScript per route');
    const routes: { route: string; path: string; as?: Role }[] = [
      { route: '/sign-in', path: '/sign-in' },
      { route: '/accept-invite', path: '/accept-invite?token=bench-not-a-real-token' },
      { route: '/', path: '/', as: 'admin' },
      { route: '/users', path: '/users', as: 'admin' },
      { route: '/users/[id]', path: `/users/${memberId}`, as: 'admin' },
      { route: '/users/new', path: '/users/new', as: 'admin' },
      { route: '/users/import', path: '/users/import', as: 'admin' },
      { route: '/audit', path: '/audit', as: 'admin' },
      { route: '/jobs', path: '/jobs', as: 'admin' },
      { route: '/profile', path: '/profile', as: 'admin' },
      { route: '/usage', path: '/usage', as: 'admin' },
      { route: '/settings', path: '/settings', as: 'admin' },
      { route: '/api-keys', path: '/api-keys', as: 'admin' },
      { route: '/webhooks', path: '/webhooks', as: 'admin' },
      { route: '/directory', path: '/directory', as: 'member' },
      { route: '/tenants', path: '/tenants', as: 'platform' },
      { route: '/tenants/[id]', path: `/tenants/${tenantId}`, as: 'platform' },
      { route: '/tenants/new', path: '/tenants/new', as: 'platform' },
    ];
    /** Every script the page fetched up to its load event: count, raw bytes, gzip -9 bytes. */
    async function firstLoadJs(path: string, as?: Role): Promise<{ chunks: number; raw: number; gzip: number; status: number; url: string; sizes: string[] }> {
      const ctx = as ? await signedIn(as) : await b.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await ctx.newPage();
        const bodies = new Map<string, Promise<Buffer>>();
        page.on('response', (res) => {
          const req = res.request();
          if (req.resourceType() === 'script' || /javascript/.test(res.headers()['content-type'] ?? '')) {
            if (!bodies.has(req.url())) bodies.set(req.url(), res.body());
          }
        });
        const res = await page.goto(`${web}${path}`, { waitUntil: 'load' });
        const loaded = [...bodies.entries()]; // what arrived after the load event (prefetches) is not first load
        const buffers = await Promise.all(loaded.map(([, body]) => body));
        return {
          sizes: loaded.map(([url], i) => `${new URL(url).pathname.split('/').pop()} ${kB(gzipSync(buffers[i]!, { level: 9 }).length)}`),
          chunks: buffers.length,
          raw: buffers.reduce((n, x) => n + x.length, 0),
          gzip: buffers.reduce((n, x) => n + gzipSync(x, { level: 9 }).length, 0),
          status: res?.status() ?? 0,
          url: page.url(),
        };
      } finally {
        await ctx.close();
      }
    }
    const baseline = await firstLoadJs('/bench-there-is-no-such-page');
    console.log(`  not-found baseline: ${baseline.chunks} chunks, ${kB(baseline.gzip)} kB gzip (status ${baseline.status}): ${baseline.sizes.join(', ')}`);
    const rows: string[] = [];
    let heaviest = { route: '', gzip: 0 };
    let signIn = 0;
    for (const r of routes) {
      const m = await firstLoadJs(r.path, r.as);
      if (m.status !== 200 || new URL(m.url).pathname !== new URL(`${web}${r.path}`).pathname)
        throw new Error(`${r.path} as ${r.as ?? 'nobody'}: ${m.status} at ${m.url}`);
      const budget = r.route === '/sign-in' ? 120 * KB : 200 * KB;
      if (r.route === '/sign-in') signIn = m.gzip;
      else if (m.gzip > heaviest.gzip) heaviest = { route: r.route, gzip: m.gzip };
      console.log(`  ${r.route.padEnd(15)} ${String(m.chunks).padStart(3)} chunks  ${kB(m.gzip).padStart(6)} kB gzip  (${kB(m.raw)} kB raw)`);
      rows.push(
        `| ${r.route} | ${r.as ?? '(signed out)'} | ${m.chunks} | ${kB(m.raw)} | **${kB(m.gzip)}** | +${kB(m.gzip - baseline.gzip)} | < ${budget / KB} | ${m.gzip < budget ? 'within' : '**over**'} |`,
      );
    }
    summary.js = {
      baselineKB: baseline.gzip / KB,
      signInKB: signIn / KB,
      signInBudgetKB: 120,
      heaviest: { route: heaviest.route, kB: heaviest.gzip / KB },
      screenBudgetKB: 200,
    };
    out.push(
      '#### First-load JavaScript per route (gzip -9 of every script fetched up to the load event; kB = 1,000 bytes)',
      '',
      '| Route | signed in as | scripts | raw kB | gzip kB | over baseline | budget kB | |',
      '|---|---|---|---|---|---|---|---|',
      `| baseline: not-found page (Next runtime + root layout) | (signed out) | ${baseline.chunks} | ${kB(baseline.raw)} | ${kB(baseline.gzip)} | | | |`,
      ...rows,
      '',
      `Sign-in ${kB(signIn)} kB (budget 120 kB); heaviest screen ${heaviest.route} ${kB(heaviest.gzip)} kB (budget 200 kB).`,
      '',
    );
  }

  // ---------- part 2: Lighthouse ----------
  if (PARTS.has('lighthouse')) {
    console.log('\npart 2: Lighthouse');
    const lhVersion = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/lighthouse/package.json'), 'utf8')).version as string;
    // Lighthouse drives its own Chromium through the DevTools port; the session is the admin's
    // cookies sent as a header (Lighthouse opens its page in the browser's default context).
    const port = await freePort();
    const lhBrowser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-dev-shm-usage',
        `--remote-debugging-port=${port}`,
      ],
    });
    try {
      const ctx = await signedIn('admin');
      const cookie = (await ctx.cookies(web)).map((c) => `${c.name}=${c.value}`).join('; ');
      await ctx.close();
      const categories = ['performance', 'accessibility', 'best-practices'] as const;
      const rows: string[] = [];
      const lost: string[] = [];
      const scores: Record<string, unknown>[] = [];
      summary.lighthouse = scores;
      for (const target of [
        { name: '/sign-in', url: `${web}/sign-in`, headers: {} as Record<string, string> },
        { name: '/users (10,000 users, signed in)', url: `${web}/users`, headers: { Cookie: cookie } },
      ]) {
        for (const preset of ['mobile', 'desktop'] as const) {
          const runs = [];
          // A run Lighthouse itself reports as broken (NO_NAVSTART when a trace misses the navigation
          // on a busy machine) is run again, up to twice per series; it never counts as a score.
          let retries = 2;
          while (runs.length < LH_RUNS) {
            const result = await lighthouse(
              target.url,
              { port, output: 'json', logLevel: 'error', onlyCategories: [...categories], extraHeaders: target.headers },
              preset === 'desktop' ? desktopConfig : undefined,
            );
            const lhr = result?.lhr;
            if (!lhr) throw new Error(`lighthouse gave no result for ${target.url}`);
            if (lhr.runtimeError) {
              if (retries-- > 0) {
                console.log(`  (${target.name} ${preset}: ${lhr.runtimeError.code}, run again)`);
                continue;
              }
              throw new Error(`lighthouse ${target.url}: ${lhr.runtimeError.message}`);
            }
            if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(target.url).pathname) throw new Error(`lighthouse ended at ${lhr.finalDisplayedUrl}`);
            runs.push(lhr);
          }
          // The run with the median performance score stands for the series.
          runs.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
          const lhr = runs[Math.floor(runs.length / 2)]!;
          const score = (c: string) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
          const metric = (id: string) => lhr.audits[id]?.displayValue ?? '?';
          const perfRuns = runs.map((r) => Math.round((r.categories.performance?.score ?? 0) * 100)).join(', ');
          scores.push({
            page: target.name,
            preset,
            performance: score('performance'),
            accessibility: score('accessibility'),
            bestPractices: score('best-practices'),
          });
          console.log(`  ${target.name} ${preset}: ${categories.map((c) => `${c} ${score(c)}`).join(', ')} (performance runs: ${perfRuns})`);
          rows.push(
            `| ${target.name} | ${preset} | ${score('performance')} (${perfRuns}) | ${score('accessibility')} | ${score('best-practices')} | ${metric('first-contentful-paint')} | ${metric('largest-contentful-paint')} | ${metric('total-blocking-time')} | ${metric('cumulative-layout-shift')} |`,
          );
          const targets: Record<string, number> = { performance: 95, accessibility: 100, 'best-practices': 95 };
          for (const c of categories) {
            if (score(c) === 100) continue;
            const costly = (lhr.categories[c]?.auditRefs ?? [])
              .filter((ref) => ref.weight > 0)
              .map((ref) => ({ ref, audit: lhr.audits[ref.id]! }))
              .filter(({ audit }) => audit.score !== null && audit.score < 1)
              .map(
                ({ ref, audit }) =>
                  `${ref.id} (${audit.displayValue ? `${audit.displayValue}, ` : ''}score ${Math.round((audit.score ?? 0) * 100)}, weight ${ref.weight})${detailOf(audit)}`,
              );
            const verdict = score(c) < targets[c]! ? `**below the target ${targets[c]}**` : `(target ${targets[c]} met)`;
            lost.push(`- ${target.name}, ${preset}, ${c} ${score(c)} ${verdict}: ${costly.join('; ') || 'no weighted audit below 1'}`);
          }
        }
      }
      out.push(
        `#### Lighthouse ${lhVersion} (median of ${LH_RUNS} by performance score; simulated throttling; targets: performance >= 95, accessibility 100, best practices >= 95)`,
        '',
        '| Page | preset | performance (runs) | accessibility | best practices | FCP | LCP | TBT | CLS |',
        '|---|---|---|---|---|---|---|---|---|',
        ...rows,
        '',
        ...(lost.length ? ['Where points were lost (weighted audits below a full score):', '', ...lost, ''] : ['Every score 100.', '']),
      );
    } finally {
      await lhBrowser.close();
    }
  }

  /** What a failed audit points at, when it lists items with a text (console errors, elements). */
  function detailOf(audit: { details?: unknown }): string {
    const items = (audit.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
    const texts = items
      .map((i) => [i.url, i.description ?? (i.node as { snippet?: string } | undefined)?.snippet].filter(Boolean).join(' '))
      .filter((t) => t !== '')
      .slice(0, 3)
      .map((t) => `"${t.replace(/\s+/g, ' ').slice(0, 160)}"`);
    return texts.length ? `: ${texts.join(', ')}` : '';
  }

  // ---------- part 3: the users screen with 10,000 users ----------
  if (PARTS.has('users')) {
    console.log(`\npart 3: users screen, ${USERS.toLocaleString('en')} users (${RUNS} runs after a warm-up)`);
    // A row counts once it is laid out (streamed rows arrive in a hidden template first), and the
    // time is taken at the next animation frame: performance.now() is from the navigation's start.
    const ROWS_SCRIPT = `
      window.__rowsVisible = (n) => new Promise((resolve) => {
        const done = () => {
          const rows = document.querySelectorAll('main tbody tr');
          return rows.length >= n && rows[n - 1].checkVisibility();
        };
        const finish = () => { const dom = performance.now(); requestAnimationFrame(() => resolve({ dom, frame: performance.now() })); };
        if (done()) return finish();
        const mo = new MutationObserver(() => { if (done()) { mo.disconnect(); finish(); } });
        mo.observe(document, { childList: true, subtree: true, attributes: true });
      });
      window.__firstRows = window.__rowsVisible(${PAGE_SIZE});`;
    const ctx = await signedIn('admin');
    await ctx.addInitScript(ROWS_SCRIPT);
    const token = (
      (await (
        await fetch(`${apiUrl}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(accounts.admin),
        })
      ).json()) as { accessToken: string }
    ).accessToken;

    interface ScreenRun {
      first: number;
      dom: number; // navigation to the rows laid out in the document (the frame that shows them comes after)
      ttfb: number; // navigation to the first byte of the HTML (the shell and loading state stream first)
      html: number; // navigation to the last byte of the HTML (the rows stream in it)
      more: number;
      bff: number; // the browser's GET /bff/api/v1/users?cursor=... alone
    }
    async function screenRun(page: Page): Promise<ScreenRun> {
      await page.goto(`${web}/users`, { waitUntil: 'commit' });
      const { dom, frame: first } = (await page.evaluate('window.__firstRows')) as { dom: number; frame: number };
      await page.waitForLoadState('load');
      const [ttfb, html] = (await page.evaluate(
        `(() => { const n = performance.getEntriesByType('navigation')[0]; return [n.responseStart, n.responseEnd]; })()`,
      )) as [number, number];
      await page.getByRole('button', { name: 'Load more' }).waitFor();
      // Hydrated: the button's React handler is attached (React marks the node with its props).
      await page.waitForFunction(
        `(() => { const b = [...document.querySelectorAll('main button')].find((x) => x.textContent === 'Load more'); return b && Object.keys(b).some((k) => k.startsWith('__reactProps')); })()`,
      );
      const more = (await page.evaluate(`(() => {
        const b = [...document.querySelectorAll('main button')].find((x) => x.textContent === 'Load more');
        const t0 = performance.now();
        const seen = window.__rowsVisible(${2 * PAGE_SIZE});
        b.click();
        return seen.then((t) => t.frame - t0);
      })()`)) as number;
      const bff = (await page.evaluate(
        `(() => { const r = performance.getEntriesByType('resource').filter((e) => e.name.includes('/bff/api/v1/users')).pop(); return r ? r.responseEnd - r.startTime : NaN; })()`,
      )) as number;
      return { first, dom, ttfb, html, more, bff };
    }
    async function apiRun(): Promise<{ first: number; more: number }> {
      const get = async (query: string) => {
        const t0 = performance.now();
        const r = await fetch(`${apiUrl}/api/v1/users?${query}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await r.json()) as { items: unknown[]; nextCursor: string | null };
        if (r.status !== 200 || body.items.length !== PAGE_SIZE) throw new Error(`GET /api/v1/users?${query}: ${r.status}`);
        return { ms: performance.now() - t0, cursor: body.nextCursor };
      };
      const a = await get(`limit=${PAGE_SIZE}&sort=email`);
      const b2 = await get(`limit=${PAGE_SIZE}&sort=email&cursor=${encodeURIComponent(a.cursor!)}`);
      return { first: a.ms, more: b2.ms };
    }

    const page = await ctx.newPage();
    await screenRun(page); // warm-up: cold caches in the browser, the web server and the API
    await apiRun();
    const screen: ScreenRun[] = [];
    const direct: { first: number; more: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      screen.push(await screenRun(page));
      direct.push(await apiRun());
    }
    await ctx.close();
    const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms`;
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
    const s1 = screen.map((r) => r.first);
    const s2 = screen.map((r) => r.more);
    const a1 = direct.map((r) => r.first);
    const a2 = direct.map((r) => r.more);
    console.log(`  first page: screen ${ms(s1)} (${range(s1)}), API ${median(a1).toFixed(1)} ms`);
    console.log(`  load more:  screen ${ms(s2)} (${range(s2)}), API ${median(a2).toFixed(1)} ms`);
    summary.users = { runs: RUNS, firstPageMs: median(s1), loadMoreMs: median(s2), apiFirstMs: median(a1), apiMoreMs: median(a2) };
    out.push(
      `#### Users screen, tenant with ${USERS.toLocaleString('en')} users (median of ${RUNS} after a warm-up; same tab, warm cache)`,
      '',
      `| Step | console: until the rows are visible | range | of which | baseline: the API call alone (GET /api/v1/users?limit=${PAGE_SIZE}&sort=email) | console / API |`,
      '|---|---|---|---|---|---|',
      `| first page (navigation to ${PAGE_SIZE} rows visible) | ${ms(s1)} | ${range(s1)} ms | first byte ${ms(screen.map((r) => r.ttfb))}, last byte of the HTML ${ms(screen.map((r) => r.html))}, rows in the document ${ms(screen.map((r) => r.dom))} | ${median(a1).toFixed(1)} ms | ${(median(s1) / median(a1)).toFixed(1)}x |`,
      `| "Load more" (click to ${2 * PAGE_SIZE} rows visible) | ${ms(s2)} | ${range(s2)} ms | GET /bff/api/v1/users ${ms(screen.map((r) => r.bff))} | ${median(a2).toFixed(1)} ms (with the cursor) | ${(median(s2) / median(a2)).toFixed(1)}x |`,
      '',
    );
  }

  writeResult('web', { ...summary, markdown: out.join('\n') });
  console.log(`\n${out.join('\n')}`);
} catch (err) {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  for (const c of children.reverse()) await stop(c);
  await owner.end().catch(() => {});
  await stack.stop();
  await rm(dir, { recursive: true, force: true }).catch(() => {});
}
