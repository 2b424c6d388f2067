// Benchmark: authenticated GET /api/v1/users?limit=50 on a tenant with 10,000 users,
// side by side with baselines measured in the same run (bench/floor-server.ts):
//   - Sentinel (compiled, NODE_ENV=production, info logs) vs the bare node:http + pg floor
//   - the floor as sentinel_app (RLS + explicit WHERE) vs as superuser (no RLS, same WHERE)
//   - RLS alone without the explicit WHERE (why every query also filters by tenant_id)
//   - Sentinel's p99 with 10 tenants and with 10,000 tenants (ten of them with 10,000 users)
// Load: wrk -t2 -c32, 6 s runs, median of three, after a warm-up; client, servers and
// PostgreSQL share this machine. Prints a Markdown table for docs/benchmarks.md.
// Usage: npm run bench   (needs wrk: apt-get install -y wrk)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashPassword } from '@sentinel/platform';
import { REPO_ROOT, freePort, startLocalStack } from '#local-stack';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 6);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = 32;
const POOL_MAX = 10;

if (!spawnSync('sh', ['-c', 'command -v wrk']).stdout.toString().trim()) {
  console.error('wrk is required: apt-get install -y wrk');
  process.exit(1);
}

interface Result {
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v);
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

function wrk(url: string, seconds: number, headers: string[] = []): Result {
  const args = ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', ...headers.flatMap((h) => ['-H', h]), url];
  const out = spawnSync('wrk', args, { encoding: 'utf8' }).stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = /\s50%\s+(\S+)/.exec(out)?.[1] ?? '';
  const p99 = /\s99%\s+(\S+)/.exec(out)?.[1] ?? '';
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sockErr = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = non2xx + (sockErr ? sockErr.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return { rps, p50ms: toMs(p50), p99ms: toMs(p99), errors };
}

/** Warm up, then the median (by throughput) of RUNS runs. */
function measure(label: string, url: string, headers: string[] = []): Result {
  wrk(url, 2, headers);
  const runs = Array.from({ length: RUNS }, () => wrk(url, DURATION_S, headers)).sort((a, b) => a.rps - b.rps);
  const median = runs[Math.floor(runs.length / 2)]!;
  console.log(
    `  ${label.padEnd(44)} ${median.rps.toFixed(0).padStart(6)} req/s  p50 ${median.p50ms.toFixed(2)} ms  p99 ${median.p99ms.toFixed(2)} ms  errors ${median.errors}  (runs: ${runs.map((r) => r.rps.toFixed(0)).join(', ')})`,
  );
  return median;
}

/**
 * Starts a server and waits until `readyUrl` answers. Its output goes to /dev/null:
 * a pipe that this process stops draining while spawnSync(wrk) runs would fill up and
 * block the server's synchronous log writes, measuring the harness instead.
 */
async function startProcess(args: string[], env: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
  const nodeArgs = process.env.BENCH_API_NODE_ARGS && args[0]?.endsWith('main.js') ? process.env.BENCH_API_NODE_ARGS.split(' ') : [];
  const p = spawn(process.execPath, [...nodeArgs, ...args], { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (p.exitCode !== null) throw new Error(`${args[0]} exited with ${p.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${args[0]} did not become ready`);
    const ok = await fetch(readyUrl).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return p;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const done = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await done;
}

async function seedTenants(owner: pg.Client, count: number, offset: number, bigEvery: number, hash: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = offset; i < offset + count; i++) {
    const big = i % bigEvery === 0;
    const { rows } = await owner.query<{ id: string }>(`INSERT INTO tenants (slug, display_name, plan) VALUES ($1, $2, 'enterprise') RETURNING id`, [
      `bench-${i}`,
      `Bench ${i}`,
    ]);
    const id = rows[0]!.id;
    ids.push(id);
    await owner.query(
      `INSERT INTO users (tenant_id, email, display_name, role, password_hash, created_at)
       SELECT $1, 'user' || g || '@t${i}.example', 'User ' || g, 'member', $2, now() - make_interval(secs => g)
       FROM generate_series(1, $3::int) g`,
      [id, hash, big ? 10_000 : 10],
    );
  }
  return ids;
}

const benchDir = await mkdtemp(join(tmpdir(), 'sentinel-bench-'));
const stack = await startLocalStack({ dir: benchDir, database: 'sentinel_bench', persistent: false });
const { urls, secrets } = stack;
const children: ChildProcess[] = [];
try {
  const owner = new pg.Client({ connectionString: urls.ownerUrl });
  owner.on('error', () => {}); // the server stopping at the end must not crash the report
  await owner.connect();
  const pgVersion = (await owner.query('SHOW server_version')).rows[0].server_version as string;

  console.log('seeding 10 tenants (one with 10,000 users, nine with 10)...');
  const memberHash = await hashPassword('not-used-for-login', 4);
  const [bigTenant] = await seedTenants(owner, 10, 0, 10_000, memberHash);
  const adminPassword = 'bench-admin-password';
  await owner.query(`INSERT INTO users (tenant_id, email, display_name, role, password_hash) VALUES ($1, 'admin@bench.example', 'Admin', 'tenant_admin', $2)`, [
    bigTenant,
    await hashPassword(adminPassword, 12),
  ]);
  await owner.query('ANALYZE');

  const apiPort = await freePort();
  const api = await startProcess(
    [join(REPO_ROOT, 'services/api/dist/main.js')],
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      CORS_ORIGINS: 'https://console.example.com',
      DATABASE_APP_URL: urls.appUrl,
      DATABASE_PLATFORM_URL: urls.platformUrl,
      REDIS_URL: stack.redisUrl,
      JWT_SECRET: secrets.jwtSecret,
      INVITATION_SECRET: secrets.invitationSecret,
      DB_POOL_MAX: String(POOL_MAX),
      RATE_LIMIT_ENTERPRISE: '10000000',
    },
    `http://127.0.0.1:${apiPort}/api/v1/ready`,
  );
  children.push(api);
  const login = await fetch(`http://127.0.0.1:${apiPort}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'bench-0', email: 'admin@bench.example', password: adminPassword }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const auth = [`Authorization: Bearer ${accessToken}`];
  const apiUrl = `http://127.0.0.1:${apiPort}/api/v1/users?limit=50`;
  const check = await fetch(apiUrl, { headers: { authorization: `Bearer ${accessToken}` } });
  const page = (await check.json()) as { items: unknown[] };
  if (check.status !== 200 || page.items.length !== 50) throw new Error(`unexpected answer ${check.status}`);

  async function floor(mode: string, url: string): Promise<Result> {
    const port = await freePort();
    const p = await startProcess(
      [join(REPO_ROOT, 'bench/dist/floor-server.js'), mode, url, bigTenant!, String(port), String(POOL_MAX)],
      {},
      `http://127.0.0.1:${port}/`,
    );
    try {
      return measure(`floor ${mode}`, `http://127.0.0.1:${port}/`);
    } finally {
      await stopProcess(p);
    }
  }

  console.log(`\nphase 1: 10 tenants (wrk -t2 -c${CONNECTIONS}, ${DURATION_S}s x ${RUNS}, median)`);
  const s10 = measure('Sentinel GET /api/v1/users?limit=50', apiUrl, auth);
  const f10 = await floor('app-rls', urls.appUrl);

  if (process.env.BENCH_EXPLAIN) {
    const app = new pg.Client({ connectionString: urls.appUrl });
    await app.connect();
    for (const q of [
      `SELECT tenant_id, id, email, display_name, role, created_at, updated_at FROM users WHERE tenant_id = $1 ORDER BY created_at, id LIMIT 50`,
      `SELECT tenant_id AS "tenantId", id, email, display_name AS "displayName", role::text AS role, password_hash IS NOT NULL AS "hasPassword", created_at AS "createdAt", updated_at AS "updatedAt" FROM users WHERE tenant_id = $1::uuid ORDER BY created_at ASC, id ASC LIMIT 51`,
    ]) {
      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [bigTenant]);
      console.log((await app.query(`EXPLAIN ANALYZE ${q}`, [bigTenant])).rows.map((r) => r['QUERY PLAN']).join('\n'));
      await app.query('COMMIT');
    }
    await app.end();
  }
  if (process.env.BENCH_PHASE1_ONLY) throw new Error('stopping after phase 1 (BENCH_PHASE1_ONLY)');
  console.log('\nseeding 9,990 more tenants (nine more with 10,000 users)...');
  await seedTenants(owner, 9_990, 10, 1_000, memberHash);
  await owner.query('ANALYZE');
  const counts = (await owner.query('SELECT (SELECT count(*) FROM tenants)::int AS tenants, (SELECT count(*) FROM users)::int AS users')).rows[0];
  console.log(`  ${counts.tenants} tenants, ${counts.users} users`);

  console.log('\nphase 2: 10,000 tenants');
  const s10k = measure('Sentinel GET /api/v1/users?limit=50', apiUrl, auth);
  const fApp = await floor('app-rls', urls.appUrl);
  const fSuper = await floor('superuser', stack.superuserUrl.replace(/\/postgres$/, '/sentinel_bench'));
  const fPolicyOnly = await floor('app-rls-only', urls.appUrl);
  await owner.end();

  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
  const row = (what: string, r: Result, vs?: string) =>
    `| ${what} | ${r.rps.toFixed(0)} | ${r.p50ms.toFixed(2)} | ${r.p99ms.toFixed(2)} | ${r.errors} | ${vs ?? ''} |`;
  const cpu = cpus();
  console.log(`
### Results (${new Date().toISOString().slice(0, 10)})

Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; PostgreSQL ${pgVersion} (embedded); wrk -t2 -c${CONNECTIONS}, ${DURATION_S} s runs, median of ${RUNS}; client, servers and database on the same ${cpu.length} cores.

| Server (10,000 tenants, tenant with 10,000 users) | req/s | p50 ms | p99 ms | errors | compared |
|---|---|---|---|---|---|
${row('Sentinel API (auth, quota, cache, validation, RLS, logs)', s10k, `${pct(s10k.rps, fApp.rps)} of the floor (target 60%)`)}
${row('floor: node:http + pg, sentinel_app, RLS + WHERE', fApp)}
${row('floor: superuser, no RLS, same WHERE', fSuper, `RLS overhead ${((1 - fApp.rps / fSuper.rps) * 100).toFixed(1)}% (target < 10%)`)}
${row('floor: sentinel_app, RLS only, no WHERE', fPolicyOnly, `${(fApp.rps / fPolicyOnly.rps).toFixed(1)}x slower than with WHERE`)}

| Tenant count | Sentinel req/s | p50 ms | p99 ms | floor req/s |
|---|---|---|---|---|
| 10 | ${s10.rps.toFixed(0)} | ${s10.p50ms.toFixed(2)} | ${s10.p99ms.toFixed(2)} | ${f10.rps.toFixed(0)} |
| 10,000 | ${s10k.rps.toFixed(0)} | ${s10k.p50ms.toFixed(2)} | ${s10k.p99ms.toFixed(2)} | ${fApp.rps.toFixed(0)} |
`);
} catch (err) {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
} finally {
  for (const c of children) await stopProcess(c);
  await stack.stop();
  await rm(benchDir, { recursive: true, force: true }).catch(() => {});
}
