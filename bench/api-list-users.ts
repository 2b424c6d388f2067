// Benchmark: authenticated GET /api/v1/users?limit=50 on a tenant with 10,000 users,
// side by side with baselines measured in the same run (bench/floor-server.ts):
//   - Sentinel (compiled, NODE_ENV=production, info logs) vs the bare node:http + pg floor
//   - the floor as sentinel_app (RLS + explicit WHERE) vs as superuser (no RLS, same WHERE),
//     with its statements unnamed and named as Sentinel sends them (the overhead it pays)
//   - RLS alone without the explicit WHERE (why every query also filters by tenant_id)
//   - Sentinel's p99 with 10 tenants and with 10,000 tenants (ten of them with 10,000 users)
//   - writes: PATCH /api/v1/users/<random member> {displayName} against the bare handler
//     doing the same UPDATE + audit INSERT in one transaction (as sentinel_app and as the
//     superuser: RLS overhead on writes), with its statements unnamed and named as
//     Sentinel sends them (FLOOR_STATEMENTS=named: the overhead Sentinel's writes pay)
//   - login: POST /api/v1/auth/login against a bare server doing one bcrypt comparison at
//     the configured cost (BCRYPT_COST, 12)
// Load: wrk -t2 -c32 (login: -c4, 15 s runs), 6 s runs, median of three (of five for the read and
// write comparisons, BENCH_COMPARE_ROUNDS), after a warm-up; client,
// servers and PostgreSQL share this machine. In phase 2 Sentinel and the floors it is compared
// with (reads: the four read floors; writes: the four patch floors) run in turns, one run each per
// round, so the machine's slow moments fall on all of them alike. Prints a Markdown table for docs/benchmarks.md
// and, with BENCH_JSON=<file>, the figures as JSON (bench/result.ts); BENCH_QUICK=1 for
// 3 s single runs and 1,000 tenants in phase 2.
// Usage: npm run bench   (needs wrk: apt-get install -y wrk)
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashPassword } from '@sentinel/platform';
import { REPO_ROOT, freePort, startLocalStack } from '#local-stack';
import { knob, rssMiB, writeResult } from './result.js';
import {
  CONNECTIONS,
  DURATION_S,
  RUNS,
  measure,
  measureInterleaved,
  productionApiEnv,
  requireWrk,
  seedTenants,
  startProcess,
  stopProcess,
  type Load,
  type Result,
} from './wrk-harness.js';

const TENANTS = knob('BENCH_TENANTS', 10_000, 1_000);
// The comparisons the targets are judged on get more rounds than the informative runs: the
// medians of three had put the read ratio anywhere from 73% to 82% on the same build.
const COMPARE_ROUNDS = knob('BENCH_COMPARE_ROUNDS', 5, 1);
// bcrypt runs on libuv's 4 threads: 4 connections keep them busy, and a login takes most of
// a second on a busy 2-core machine, so its runs are longer to count enough of them.
const LOGIN_CONNECTIONS = 4;
const LOGIN_DURATION_S = knob('BENCH_LOGIN_DURATION_S', 15, 8);
const POOL_MAX = 10;
const BCRYPT_COST = 12;

requireWrk();

const benchDir = await mkdtemp(join(tmpdir(), 'sentinel-bench-'));
const stack = await startLocalStack({ dir: benchDir, database: 'sentinel_bench', persistent: false });
const { urls } = stack;
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
    productionApiEnv(stack, apiPort, POOL_MAX, {
      // The login benchmark signs in from one address many times a second.
      LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
      BCRYPT_COST: String(BCRYPT_COST),
    }),
    `http://127.0.0.1:${apiPort}/api/v1/ready`,
  );
  children.push(api);
  const login = await fetch(`http://127.0.0.1:${apiPort}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'bench-0', email: 'admin@bench.example', password: adminPassword }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const auth = { headers: [`Authorization: Bearer ${accessToken}`] };
  const apiRssIdle = await rssMiB(api.pid!);
  const apiUrl = `http://127.0.0.1:${apiPort}/api/v1/users?limit=50`;
  const check = await fetch(apiUrl, { headers: { authorization: `Bearer ${accessToken}` } });
  const page = (await check.json()) as { items: unknown[] };
  if (check.status !== 200 || page.items.length !== 50) throw new Error(`unexpected answer ${check.status}`);

  /** Floor servers started together (each idle while another is measured), handed to `fn`, then stopped. */
  async function withFloors<T>(specs: { mode: string; url: string; extra?: string[]; env?: Record<string, string> }[], fn: (urls: string[]) => T): Promise<T> {
    const started: ChildProcess[] = [];
    try {
      const urls: string[] = [];
      for (const f of specs) {
        const port = await freePort();
        const url = `http://127.0.0.1:${port}/`;
        started.push(
          await startProcess(
            [join(REPO_ROOT, 'bench/dist/floor-server.js'), f.mode, f.url, bigTenant!, String(port), String(POOL_MAX), ...(f.extra ?? [])],
            f.env ?? {},
            url,
          ),
        );
        urls.push(url);
      }
      return fn(urls);
    } finally {
      for (const p of started) await stopProcess(p);
    }
  }

  async function floor(mode: string, url: string, load: Load = {}, extra: string[] = [], label = mode, env: Record<string, string> = {}): Promise<Result> {
    return withFloors([{ mode, url, extra, env }], ([floorUrl]) => measure(`floor ${label}`, floorUrl!, load));
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
  console.log(`\nseeding ${(TENANTS - 10).toLocaleString('en')} more tenants (one in 1,000 with 10,000 users)...`);
  await seedTenants(owner, TENANTS - 10, 10, 1_000, memberHash);
  await owner.query('ANALYZE');
  const counts = (await owner.query('SELECT (SELECT count(*) FROM tenants)::int AS tenants, (SELECT count(*) FROM users)::int AS users')).rows[0];
  console.log(`  ${counts.tenants} tenants, ${counts.users} users`);

  console.log(`\nphase 2: ${TENANTS.toLocaleString('en')} tenants`);
  const superUrl = stack.superuserUrl.replace(/\/postgres$/, '/sentinel_bench');
  // Sentinel and the floors it is compared with, in turns (measureInterleaved).
  // The RLS overhead Sentinel's reads pay is taken on the same pair with named statements,
  // as Sentinel sends its list (FLOOR_STATEMENTS=named), as for the writes below.
  const namedEnv = { FLOOR_STATEMENTS: 'named' };
  const [s10k, fApp, fSuper, fAppNamed, fSuperNamed] = await withFloors(
    [
      { mode: 'app-rls', url: urls.appUrl },
      { mode: 'superuser', url: superUrl },
      { mode: 'app-rls', url: urls.appUrl, env: namedEnv },
      { mode: 'superuser', url: superUrl, env: namedEnv },
    ],
    ([app, sup, appNamed, supNamed]) =>
      measureInterleaved(
        [
          { label: 'Sentinel GET /api/v1/users?limit=50', url: apiUrl, load: auth },
          { label: 'floor app-rls', url: app! },
          { label: 'floor superuser', url: sup! },
          { label: 'floor app-rls, named', url: appNamed! },
          { label: 'floor superuser, named', url: supNamed! },
        ],
        COMPARE_ROUNDS,
      ),
  );
  const fPolicyOnly = await floor('app-rls-only', urls.appUrl);

  // Writes: each request renames a random member of the big tenant (1,000 of them), so
  // rows are not all locked by one another; the same Lua script drives Sentinel and floor.
  const members = (
    await owner.query<{ id: string }>(`SELECT id FROM users WHERE tenant_id = $1 AND role = 'member' ORDER BY created_at DESC LIMIT 1000`, [bigTenant])
  ).rows.map((r) => r.id);
  const adminId = (await owner.query<{ id: string }>(`SELECT id FROM users WHERE tenant_id = $1 AND role = 'tenant_admin'`, [bigTenant])).rows[0]!.id;
  const patchScript = async (prefix: string) => {
    const file = join(benchDir, `patch-${prefix.replace(/\W/g, '')}.lua`);
    await writeFile(
      file,
      `local ids = { ${members.map((m) => `"${m}"`).join(', ')} }
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer ${accessToken}" }
function init(args) math.randomseed(os.time() + math.floor(os.clock() * 1000000)) end
function request()
  local body = '{"displayName":"Bench ' .. math.random(1, 1000000000) .. '"}'
  return wrk.format("PATCH", "${prefix}" .. ids[math.random(#ids)], headers, body)
end
`,
    );
    return file;
  };
  const sentinelPatch = { script: await patchScript('/api/v1/users/') };
  const floorPatch = { script: await patchScript('/users/') };
  // What RLS costs the writes as Sentinel sends them: named statements (planned once per connection).
  const [sPatch, fPatch, fPatchSuper, fPatchNamed, fPatchSuperNamed] = await withFloors(
    [
      { mode: 'patch', url: urls.appUrl, extra: [adminId] },
      { mode: 'patch', url: superUrl, extra: [adminId] },
      { mode: 'patch', url: urls.appUrl, extra: [adminId], env: namedEnv },
      { mode: 'patch', url: superUrl, extra: [adminId], env: namedEnv },
    ],
    ([app, sup, appNamed, supNamed]) =>
      measureInterleaved(
        [
          { label: 'Sentinel PATCH /api/v1/users/:id', url: `http://127.0.0.1:${apiPort}/`, load: sentinelPatch },
          { label: 'floor patch (sentinel_app, RLS)', url: app!, load: floorPatch },
          { label: 'floor patch (superuser, no RLS)', url: sup!, load: floorPatch },
          { label: 'floor patch, named (sentinel_app, RLS)', url: appNamed!, load: floorPatch },
          { label: 'floor patch, named (superuser, no RLS)', url: supNamed!, load: floorPatch },
        ],
        COMPARE_ROUNDS,
      ),
  );

  // Login: the same body to both; the floor only compares it with a bcrypt hash of the same cost.
  const loginScript = join(benchDir, 'login.lua');
  await writeFile(
    loginScript,
    `wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '${JSON.stringify({ tenant: 'bench-0', email: 'admin@bench.example', password: adminPassword })}'
`,
  );
  const sLogin = measure('Sentinel POST /api/v1/auth/login', `http://127.0.0.1:${apiPort}/api/v1/auth/login`, {
    script: loginScript,
    connections: LOGIN_CONNECTIONS,
    seconds: LOGIN_DURATION_S,
  });
  const fLogin = await floor(
    'login',
    '-',
    { script: loginScript, connections: LOGIN_CONNECTIONS, seconds: LOGIN_DURATION_S },
    [String(BCRYPT_COST), adminPassword],
    `login (bcrypt cost ${BCRYPT_COST})`,
  );
  const apiRssAfter = await rssMiB(api.pid!);
  await owner.end();

  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
  const row = (what: string, r: Result, vs?: string) =>
    `| ${what} | ${r.rps.toFixed(r.rps < 100 ? 1 : 0)} | ${r.p50ms.toFixed(2)} | ${r.p99ms.toFixed(2)} | ${r.errors} | ${vs ?? ''} |`;
  writeResult('api', {
    pgVersion,
    tenants: counts.tenants,
    users: counts.users,
    wrk: {
      threads: 2,
      connections: CONNECTIONS,
      loginConnections: LOGIN_CONNECTIONS,
      loginDurationS: LOGIN_DURATION_S,
      durationS: DURATION_S,
      runs: RUNS,
      compareRounds: COMPARE_ROUNDS,
    },
    bcryptCost: BCRYPT_COST,
    read: {
      sentinel: s10k,
      floor: fApp,
      superuser: fSuper,
      named: { floor: fAppNamed, superuser: fSuperNamed },
      rlsOnly: fPolicyOnly,
      tenants10: { sentinel: s10, floor: f10 },
    },
    patch: { sentinel: sPatch, floor: fPatch, superuser: fPatchSuper, named: { floor: fPatchNamed, superuser: fPatchSuperNamed } },
    login: { sentinel: sLogin, floor: fLogin },
    apiRssMiB: { idle: apiRssIdle, afterLoad: apiRssAfter },
  });
  const cpu = cpus();
  console.log(`
### Results (${new Date().toISOString().slice(0, 10)})

Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; PostgreSQL ${pgVersion} (embedded); wrk -t2 -c${CONNECTIONS}, ${DURATION_S} s runs, median of ${RUNS}; client, servers and database on the same ${cpu.length} cores.

| Server (${counts.tenants} tenants, tenant with 10,000 users) | req/s | p50 ms | p99 ms | errors | compared |
|---|---|---|---|---|---|
${row('Sentinel API (auth, quota, cache, validation, RLS, logs)', s10k, `${pct(s10k.rps, fApp.rps)} of the floor (target 60%)`)}
${row('floor: node:http + pg, sentinel_app, RLS + WHERE', fApp)}
${row('floor: superuser, no RLS, same WHERE', fSuper, `RLS overhead ${((1 - fApp.rps / fSuper.rps) * 100).toFixed(1)}% (unnamed statements)`)}
${row('floor: the same read, named statements, sentinel_app', fAppNamed)}
${row('floor: the same read, named statements, superuser', fSuperNamed, `RLS overhead ${((1 - fAppNamed.rps / fSuperNamed.rps) * 100).toFixed(1)}% (target < 10%)`)}
${row('floor: sentinel_app, RLS only, no WHERE', fPolicyOnly, `${(fApp.rps / fPolicyOnly.rps).toFixed(1)}x slower than with WHERE`)}
${row('Sentinel PATCH /users/:id (validation, RLS transaction, audit row)', sPatch, `${pct(sPatch.rps, fPatch.rps)} of the write floor (target 60%)`)}
${row('floor: UPDATE + audit INSERT, one transaction, sentinel_app', fPatch)}
${row('floor: the same as superuser, no RLS', fPatchSuper, `RLS overhead ${((1 - fPatch.rps / fPatchSuper.rps) * 100).toFixed(1)}% (unnamed statements)`)}
${row('floor: the same, named statements, sentinel_app', fPatchNamed)}
${row('floor: the same, named statements, superuser', fPatchSuperNamed, `RLS overhead ${((1 - fPatchNamed.rps / fPatchSuperNamed.rps) * 100).toFixed(1)}% (target < 10%)`)}
${row(`Sentinel POST /auth/login (-c${LOGIN_CONNECTIONS})`, sLogin, `${pct(sLogin.rps, fLogin.rps)} of the bcrypt floor (target 90%)`)}
${row(`floor: one bcrypt compare, cost ${BCRYPT_COST}`, fLogin)}

| Tenant count | Sentinel req/s | p50 ms | p99 ms | floor req/s |
|---|---|---|---|---|
| 10 | ${s10.rps.toFixed(0)} | ${s10.p50ms.toFixed(2)} | ${s10.p99ms.toFixed(2)} | ${f10.rps.toFixed(0)} |
| ${counts.tenants} | ${s10k.rps.toFixed(0)} | ${s10k.p50ms.toFixed(2)} | ${s10k.p99ms.toFixed(2)} | ${fApp.rps.toFixed(0)} |
`);
} catch (err) {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
} finally {
  for (const c of children) await stopProcess(c);
  await stack.stop();
  await rm(benchDir, { recursive: true, force: true }).catch(() => {});
}
