// Resource exhaustion before authentication: a flood of oversized uploads, to any
// path, with and without a token, must not grow the API's memory with the bodies
// nor slow its liveness answer. The API runs as an operator runs it (compiled, its
// own process), so its peak RSS (VmHWM) is its own. Real PostgreSQL and Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { login, testEnv, useFixtures } from './helpers/stack.js';
import { startProcess } from './helpers/process.js';

const LIMIT = 4 * 1024 * 1024;
const BODY = LIMIT + 1024 * 1024; // every upload is over the limit
const FLOOD = 100;
const WAVES_MS = 3_000;
// The bounds: peak RSS may grow by this much over the idle process, whatever the
// bodies add up to (100 x 5 MiB = 500 MiB per wave); /health stays fast while it
// lasts, probed from another process (the median; the worst probe gets a wide margin:
// the flood generator competes for the same 2 cores). Measured before and after:
// see docs/security.md.
const RSS_GROWTH_BOUND_MIB = 128;
const HEALTH_MEDIAN_BOUND_MS = 250;
const HEALTH_WORST_BOUND_MS = 1500;

const fx = useFixtures();
let proc: ChildProcess;
let base: string;

beforeAll(async () => {
  const api = await startProcess('services/api/dist/main.js', {
    env: { ...testEnv({ IMPORT_MAX_BYTES: String(LIMIT) }), LOG_LEVEL: 'warn' },
    portVar: 'PORT',
    ready: async (_, port) => (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok,
  });
  proc = api.proc;
  base = `http://127.0.0.1:${api.port}`;
});
afterAll(async () => {
  proc?.kill('SIGTERM');
});

function memory(): { rssMiB: number; hwmMiB: number } {
  const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
  const kib = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)![1]);
  return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
}

/** Streams `bytes` of CSV, chunked, and resolves with the status (0 if the server closed first). */
function upload(path: string, bytes: number, headers: Record<string, string> = {}): Promise<number> {
  const { hostname, port } = new URL(base);
  const chunk = Buffer.alloc(64 * 1024, 'a,b\n');
  return new Promise((resolve) => {
    const req = request(
      { hostname, port, path, method: 'POST', headers: { 'content-type': 'text/csv', 'transfer-encoding': 'chunked', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      },
    );
    req.on('error', () => resolve(0));
    let sent = 0;
    const write = () => {
      while (sent < bytes && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

/**
 * Probes /health every 50 ms for `ms` from a separate process: the flood generator's
 * own event loop (this process, writing megabytes) must not count as server latency.
 */
function probeHealth(ms: number): Promise<number[]> {
  const script = `
    const end = Date.now() + ${ms}, times = [];
    (async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        const r = await fetch(process.argv[1]);
        await r.text();
        if (r.status !== 200) throw new Error('/health answered ' + r.status);
        times.push(performance.now() - t0);
        await new Promise((res) => setTimeout(res, 50));
      }
      console.log(JSON.stringify(times));
    })().catch((e) => { console.error(e.message); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, `${base}/api/v1/health`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (b) => (out += b));
    child.stderr!.on('data', (b) => (err += b));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`health probe failed: ${err}`))));
  });
}

async function healthWhile<T>(work: Promise<T>): Promise<{ result: T; worstMs: number; medianMs: number }> {
  const [result, times] = await Promise.all([work, probeHealth(WAVES_MS)]);
  times.sort((a, b) => a - b);
  return { result, worstMs: times[times.length - 1] ?? 0, medianMs: times[Math.floor(times.length / 2)] ?? 0 };
}

test(`${FLOOD} concurrent oversized uploads, unauthenticated then authenticated, leave RSS bounded and /health fast`, async () => {
  const t = await fx.tenant();
  const admin = await fx.user(t.id, { role: 'tenant_admin' });
  const token = await login(base, t.slug, admin.email, admin.password);
  // Warm up the paths the flood takes, then take the idle figure.
  await upload('/api/v1/users/imports', 10, { authorization: `Bearer ${token}` });
  const idle = memory();

  const paths = ['/api/v1/health', '/api/v1/users/imports', '/api/v1/auth/login', '/api/v1/nothing', '/'];
  // Waves of FLOOD concurrent uploads, again and again for WAVES_MS, so that /health is
  // probed many times while the flood lasts.
  const waves = async (one: () => Promise<number>[]) => {
    const statuses: number[] = [];
    for (const end = Date.now() + WAVES_MS; Date.now() < end;) statuses.push(...(await Promise.all(one())));
    return statuses;
  };
  const anonymous = await healthWhile(waves(() => Array.from({ length: FLOOD }, (_, i) => upload(paths[i % paths.length]!, BODY))));
  const authed = await healthWhile(
    waves(() => Array.from({ length: FLOOD }, () => upload('/api/v1/users/imports', BODY, { authorization: `Bearer ${token}` }))),
  );
  const after = memory();
  const growth = after.hwmMiB - idle.rssMiB;
  console.log(
    `upload flood (${anonymous.result.length} anonymous, ${authed.result.length} authenticated uploads): idle RSS ${idle.rssMiB.toFixed(0)} MiB, peak ${after.hwmMiB.toFixed(0)} MiB (+${growth.toFixed(0)}), ` +
      `/health median/worst ${anonymous.medianMs.toFixed(0)}/${anonymous.worstMs.toFixed(0)} ms (anonymous), ` +
      `${authed.medianMs.toFixed(0)}/${authed.worstMs.toFixed(0)} ms (authenticated)`,
  );
  expect(growth).toBeLessThan(RSS_GROWTH_BOUND_MIB);
  for (const wave of [anonymous, authed]) {
    expect(wave.medianMs).toBeLessThan(HEALTH_MEDIAN_BOUND_MS);
    expect(wave.worstMs).toBeLessThan(HEALTH_WORST_BOUND_MS);
  }
  // Nothing was read for a client that is not allowed in: 401, 404, 405 or 415, or a closed connection.
  for (const status of anonymous.result) expect([0, 401, 404, 405, 415]).toContain(status);
  // Cut off at the limit (413), or refused while the process's upload slots were full (429).
  for (const status of authed.result) expect([0, 413, 429]).toContain(status);
  expect(authed.result.filter((s) => s === 413).length).toBeGreaterThan(0);
});
