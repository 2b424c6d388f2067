// Benchmark: the scale curves of issue #13. p99 (and req/s) of four reads as the data grows,
// against the compiled API in production mode (embedded PostgreSQL, redis-server, wrk):
//   - list:  GET /api/v1/users?limit=50
//   - get:   GET /api/v1/users/<one of 1,000 ids spread over the tenant, at random>
//   - login: POST /api/v1/auth/login (bcrypt cost 12: production refuses less, so the
//            curve shows whether the tenant and user lookups add anything to bcrypt)
//   - audit: GET /api/v1/audit-logs?action=user.deleted&from=…&to=…&limit=50&cursor=<page 2>
//            (an action that is 2% of the log, a 300-day range, the second page)
// Curves, each measured on the same tenant (bench-0, 10,000 users, 10,000 audit rows):
//   1. 10 → 1,000 → 10,000 tenants (each other tenant: 10 users, 100 audit rows);
//   2. bench-0 grown from 10,000 to 1,000,000 users (and its audit log to 1,000,000 rows);
//   3. the audit_logs table grown to 10,000,000 rows (bench-0 holds most of them).
// Target: each curve's p99 at its largest point ≤ 1.5× its smallest. Seeding is set-based
// SQL as the owner (generate_series), ANALYZE after each step; its time is printed.
// At every point GET /ready (no data) is measured too, as a control for the machine's load,
// and the statements behind list, get and audit under EXPLAIN ANALYZE (server-side time).
// Memory under load: the API's RSS sampled during every wrk run (peak), and the worker's
// and scheduler's while the worker writes an audit-log export (curve 2's log, 30 days).
// Usage: npm run bench:scale   (BENCH_JSON=<file>; BENCH_QUICK=1: 10 → 100 → 1,000 tenants,
// 100,000 users, 1,000,000 audit rows, single short runs; BENCH_BIG_USERS, BENCH_AUDIT_ROWS,
// BENCH_RUNS, BENCH_DURATION_S set one size or count; BENCH_EXPLAIN=1 prints the plans)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashPassword, serviceEnv, type ServiceName } from '@sentinel/platform';
import { REPO_ROOT, freePort, stackEnv, startLocalStack } from '#local-stack';
import { knob, QUICK, rssMiB, writeResult } from './result.js';

const DURATION_S = knob('BENCH_DURATION_S', 5, 2);
const RUNS = knob('BENCH_RUNS', 3, 1);
const WARMUP_S = knob('BENCH_WARMUP_S', 2, 1);
const LOGIN_DURATION_S = knob('BENCH_LOGIN_DURATION_S', 10, 5);
const TENANT_STEPS = QUICK ? [10, 100, 1_000] : [10, 1_000, 10_000];
const BIG_USERS = knob('BENCH_BIG_USERS', 1_000_000, 100_000);
const AUDIT_ROWS = knob('BENCH_AUDIT_ROWS', 10_000_000, 1_000_000);
const CONNECTIONS = 32;
const LOGIN_CONNECTIONS = 4;
const POOL_MAX = 10;
const BCRYPT_COST = 12;
const DAY_MS = 86_400_000;
/** Every seeded timestamp is before this instant, so the rows the benchmark itself writes (logins) fall outside the audit filter's range. */
const T0 = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS);
const AUDIT_FILTER = {
  action: 'user.deleted',
  from: new Date(T0.getTime() - 330 * DAY_MS).toISOString(),
  to: new Date(T0.getTime() - 30 * DAY_MS).toISOString(),
};

interface Result {
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
  runs: number[];
  /** the API's peak RSS during the runs, MiB */
  apiRssMiB: number;
}
interface Load {
  headers?: string[];
  script?: string;
  connections?: number;
  seconds?: number;
}
const toMs = (v: string) => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v);
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
};

/** One wrk run, asynchronously, so that the API's RSS can be sampled while it runs. */
function wrk(url: string, seconds: number, load: Load): Promise<Omit<Result, 'runs' | 'apiRssMiB'>> {
  const args = ['-t2', `-c${load.connections ?? CONNECTIONS}`, `-d${seconds}s`, '--timeout', '30s', '--latency'];
  for (const h of load.headers ?? []) args.push('-H', h);
  if (load.script) args.push('-s', load.script);
  const p = spawn('wrk', [...args, url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    p.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`wrk exited with ${code}`));
      const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      resolve({
        rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
        p50ms: toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? ''),
        p99ms: toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ''),
        errors: non2xx + (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
      });
    }),
  );
}

async function startService(name: ServiceName, env: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
  const p = spawn(process.execPath, [join(REPO_ROOT, `services/${name}/dist/main.js`)], {
    env: serviceEnv(name, env),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (p.exitCode !== null) throw new Error(`${name} exited with ${p.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${name} did not become ready`);
    if (
      await fetch(readyUrl).then(
        (r) => r.ok,
        () => false,
      )
    )
      return p;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const done = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await done;
}

/** Samples the peak RSS of some processes every 200 ms until stopped. */
function rssSampler(pids: Record<string, number>) {
  const peak: Record<string, number> = Object.fromEntries(Object.keys(pids).map((k) => [k, 0]));
  const sample = async () => {
    for (const [k, pid] of Object.entries(pids)) peak[k] = Math.max(peak[k]!, await rssMiB(pid).catch(() => 0));
  };
  const timer = setInterval(() => void sample(), 200);
  return {
    stop: async () => {
      clearInterval(timer);
      await sample();
      return peak;
    },
  };
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
// The audit log's mix of actions; the filter's (user.deleted) is 2% of it.
const ACTION_SQL = `CASE WHEN g % 50 = 0 THEN 'user.deleted' WHEN g % 4 = 1 THEN 'user.updated' WHEN g % 10 = 2 THEN 'user.created' ELSE 'auth.login' END`;

const benchDir = await mkdtemp(join(tmpdir(), 'sentinel-bench-scale-'));
const stack = await startLocalStack({ dir: benchDir, database: 'sentinel_bench', persistent: false });
const children: ChildProcess[] = [];
try {
  const owner = new pg.Client({ connectionString: stack.urls.ownerUrl });
  owner.on('error', () => {});
  await owner.connect();
  const pgVersion = (await owner.query('SHOW server_version')).rows[0].server_version as string;
  const seeding: { step: string; rows: number; seconds: number }[] = [];
  async function seed(step: string, rows: number, sql: string, params: unknown[] = []) {
    const t0 = performance.now();
    await owner.query(sql, params);
    seeding.push({ step, rows, seconds: seconds(t0) });
    console.log(`  seeded ${step}: ${rows.toLocaleString('en')} rows in ${seconds(t0).toFixed(1)} s`);
  }
  async function analyze() {
    const t0 = performance.now();
    await owner.query('ANALYZE');
    seeding.push({ step: 'ANALYZE', rows: 0, seconds: seconds(t0) });
  }
  const memberHash = await hashPassword('not-used-for-login', 4);

  /** Tenants bench-<from> … bench-<to − 1>, each with `users` users and `audits` audit rows spread over the year before T0. */
  async function seedTenants(from: number, to: number, users: number, audits: number) {
    const n = to - from;
    await seed(
      `${n.toLocaleString('en')} tenants`,
      n,
      `INSERT INTO tenants (slug, display_name, plan) SELECT 'bench-' || i, 'Bench ' || i, 'enterprise' FROM generate_series($1::int, $2::int) i`,
      [from, to - 1],
    );
    const tenants = `SELECT t.id, s.i FROM generate_series(${from}, ${to - 1}) s(i) JOIN tenants t ON t.slug = 'bench-' || s.i`;
    await seed(
      `${(n * users).toLocaleString('en')} users in them`,
      n * users,
      `INSERT INTO users (tenant_id, email, display_name, role, password_hash, created_at)
       SELECT t.id, 'user' || g || '@t' || t.i || '.example', 'User ' || g, 'member', $1, $2::timestamptz - make_interval(secs => g)
       FROM (${tenants}) t, generate_series(1, $3::int) g`,
      [memberHash, T0, users],
    );
    await seedAudit(`${(n * audits).toLocaleString('en')} audit rows in them`, n * audits, `(${tenants})`, 1, audits);
  }
  /**
   * `count` audit rows numbered from `first` (the number picks the action) for each tenant of
   * `tenantsSql`, at random times in the year before T0: in a shared table one tenant's rows
   * are spread over the heap, as they are when many tenants write at once.
   */
  async function seedAudit(step: string, rows: number, tenantsSql: string, first: number, count: number) {
    await seed(
      step,
      rows,
      `INSERT INTO audit_logs (tenant_id, actor_kind, action, target_type, target_id, changes, created_at)
       SELECT t.id, 'user', ${ACTION_SQL}, 'user', 'u' || g, '{}'::jsonb,
              $1::timestamptz - make_interval(secs => random() * 365 * 86400)
       FROM ${tenantsSql} t, generate_series($2::int, $3::int) g`,
      [T0, first, first + count - 1],
    );
  }

  console.log(`seeding bench-0 (10,000 users, 10,000 audit rows) and ${TENANT_STEPS[0]! - 1} tenants (10 users, 100 audit rows each)...`);
  await seedTenants(0, 1, 9_999, 10_000);
  const bench0 = (await owner.query<{ id: string }>(`SELECT id FROM tenants WHERE slug = 'bench-0'`)).rows[0]!.id;
  const adminPassword = 'bench-admin-password';
  await owner.query(
    `INSERT INTO users (tenant_id, email, display_name, role, password_hash, created_at) VALUES ($1, 'admin@bench.example', 'Admin', 'tenant_admin', $2, $3)`,
    [bench0, await hashPassword(adminPassword, BCRYPT_COST), T0],
  );
  await seedTenants(1, TENANT_STEPS[0]!, 10, 100);
  await analyze();

  const env = {
    PATH: process.env.PATH!,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    CORS_ORIGINS: 'https://console.example.com',
    ...stackEnv(stack),
    SMTP_URL: 'smtp://127.0.0.1:9',
    DB_POOL_MAX: String(POOL_MAX),
    RATE_LIMIT_ENTERPRISE: '10000000',
    LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
    BCRYPT_COST: String(BCRYPT_COST),
    // One access token serves the whole run (seeding 10,000,000 rows takes longer than the default 15 minutes).
    JWT_ACCESS_TTL_S: '86400',
  };
  const apiPort = await freePort();
  const workerPort = await freePort();
  const schedulerPort = await freePort();
  const api = await startService('api', { ...env, PORT: String(apiPort) }, `http://127.0.0.1:${apiPort}/api/v1/ready`);
  children.push(api);
  const worker = await startService('worker', { ...env, WORKER_PORT: String(workerPort) }, `http://127.0.0.1:${workerPort}/ready`);
  children.push(worker);
  const scheduler = await startService('scheduler', { ...env, SCHEDULER_PORT: String(schedulerPort) }, `http://127.0.0.1:${schedulerPort}/ready`);
  children.push(scheduler);
  await new Promise((r) => setTimeout(r, 3000));
  const idleRss = { api: await rssMiB(api.pid!), worker: await rssMiB(worker.pid!), scheduler: await rssMiB(scheduler.pid!) };

  const base = `http://127.0.0.1:${apiPort}/api/v1`;
  const loginBody = JSON.stringify({ tenant: 'bench-0', email: 'admin@bench.example', password: adminPassword });
  const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: loginBody });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const authHeader = `Authorization: Bearer ${accessToken}`;
  const get = async (path: string) => {
    const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as { items: { id: string }[]; nextCursor: string | null };
  };
  const loginScript = join(benchDir, 'login.lua');
  await writeFile(loginScript, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = '${loginBody}'\n`);

  async function measure(label: string, url: string, load: Load): Promise<Result> {
    await wrk(url, WARMUP_S, load);
    const sampler = rssSampler({ api: api.pid! });
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await wrk(url, load.seconds ?? DURATION_S, load));
    const peak = await sampler.stop();
    // The median of the runs' p99s and of their rates: one run disturbed by the machine's other work does not decide.
    const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const median = {
      rps: mid(runs.map((r) => r.rps)),
      p50ms: mid(runs.map((r) => r.p50ms)),
      p99ms: mid(runs.map((r) => r.p99ms)),
      errors: runs.reduce((a, r) => a + r.errors, 0),
      runs: runs.map((r) => r.rps),
      apiRssMiB: peak.api!,
    };
    console.log(
      `  ${label.padEnd(8)} ${median.rps.toFixed(median.rps < 100 ? 1 : 0).padStart(6)} req/s  p50 ${median.p50ms.toFixed(2)} ms  p99 ${median.p99ms.toFixed(2)} ms  errors ${median.errors}  API RSS ≤ ${peak.api!.toFixed(0)} MiB  (runs: ${runs.map((r) => r.rps.toFixed(0)).join(', ')})`,
    );
    if (median.errors > 0) throw new Error(`${label}: ${median.errors} errors`);
    return median;
  }

  const auditQuery = () => `/audit-logs?action=${AUDIT_FILTER.action}&from=${AUDIT_FILTER.from}&to=${AUDIT_FILTER.to}&limit=50`;
  /**
   * The statements behind list, get and audit page 2 under EXPLAIN ANALYZE as sentinel_app in a
   * tenant transaction: their server-side time (median of 5) is a second curve that the
   * machine's load disturbs far less than HTTP p99. BENCH_EXPLAIN=1 prints the plans.
   */
  async function explain(): Promise<Record<'list' | 'get' | 'audit', number>> {
    const app = new pg.Client({ connectionString: stack.urls.appUrl });
    app.on('error', () => {});
    await app.connect();
    const first = await get(auditQuery());
    const last = first.items[first.items.length - 1] as unknown as { id: string; createdAt: string };
    const someone = (await owner.query<{ id: string }>(`SELECT id FROM users WHERE tenant_id = $1 ORDER BY random() LIMIT 1`, [bench0])).rows[0]!.id;
    const plans = [
      [
        'audit',
        `SELECT * FROM audit_logs WHERE tenant_id = $1 AND action = $2 AND created_at >= $3 AND created_at < $4
           AND created_at <= $5 AND (created_at < $5 OR id < $6) ORDER BY created_at DESC, id DESC LIMIT 51`,
        [bench0, AUDIT_FILTER.action, AUDIT_FILTER.from, AUDIT_FILTER.to, last.createdAt, last.id],
      ],
      ['list', `SELECT * FROM users WHERE tenant_id = $1 ORDER BY created_at, id LIMIT 51`, [bench0]],
      ['get', `SELECT * FROM users WHERE tenant_id = $1 AND id = $2`, [bench0, someone]],
    ] as const;
    const out = { list: NaN, get: NaN, audit: NaN };
    for (const [name, sql, params] of plans) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        await app.query('BEGIN');
        await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [bench0]);
        const plan = (await app.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [...params])).rows.map((r: Record<string, string>) => r['QUERY PLAN']);
        await app.query('COMMIT');
        times.push(Number(/Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1]));
        if (i === 0 && process.env.BENCH_EXPLAIN) console.log(`  EXPLAIN ANALYZE ${name}:\n    ${plan.join('\n    ')}`);
      }
      out[name] = times.sort((x, y) => x - y)[2]!;
    }
    await app.end();
    console.log(`  SQL execution (median of 5): list ${out.list.toFixed(3)} ms, get ${out.get.toFixed(3)} ms, audit page 2 ${out.audit.toFixed(3)} ms`);
    return out;
  }

  type Point = Partial<Record<'list' | 'get' | 'login' | 'audit' | 'control', Result>> & {
    sqlMs?: Record<'list' | 'get' | 'audit', number>;
    tenants: number;
    bench0Users: number;
    bench0Audit: number;
    auditRows: number;
    users: number;
  };
  async function point(what: (keyof Point)[]): Promise<Point> {
    const counts = (
      await owner.query(
        `SELECT (SELECT count(*) FROM tenants)::int AS tenants, (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM audit_logs)::int AS "auditRows",
                (SELECT count(*) FROM users WHERE tenant_id = $1)::int AS "bench0Users", (SELECT count(*) FROM audit_logs WHERE tenant_id = $1)::int AS "bench0Audit"`,
        [bench0],
      )
    ).rows[0] as Point;
    console.log(
      `\n${counts.tenants.toLocaleString('en')} tenants, ${counts.users.toLocaleString('en')} users, ${counts.auditRows.toLocaleString('en')} audit rows; bench-0: ${counts.bench0Users.toLocaleString('en')} users, ${counts.bench0Audit.toLocaleString('en')} audit rows`,
    );
    const p: Point = { ...counts, sqlMs: await explain() };
    // The control: GET /ready (one PostgreSQL round trip and a Redis ping, no data) at the same
    // moment; how its p99 moves between points is the machine's doing, not the data's.
    p.control = await measure('control', `${base}/ready`, {});
    if (what.includes('list')) p.list = await measure('list', `${base}/users?limit=50`, { headers: [authHeader] });
    if (what.includes('get')) {
      const ids = (await owner.query<{ id: string }>(`SELECT id FROM users WHERE tenant_id = $1 ORDER BY random() LIMIT 1000`, [bench0])).rows.map((r) => r.id);
      const script = join(benchDir, `get-${counts.bench0Users}.lua`);
      await writeFile(
        script,
        `local ids = { ${ids.map((m) => `"${m}"`).join(', ')} }
wrk.headers["Authorization"] = "Bearer ${accessToken}"
function init(args) math.randomseed(os.time() + math.floor(os.clock() * 1000000)) end
function request() return wrk.format("GET", "/api/v1/users/" .. ids[math.random(#ids)]) end
`,
      );
      p.get = await measure('get', `${base}/`, { script });
    }
    if (what.includes('login'))
      p.login = await measure('login', `${base}/auth/login`, { script: loginScript, connections: LOGIN_CONNECTIONS, seconds: LOGIN_DURATION_S });
    if (what.includes('audit')) {
      const first = await get(auditQuery());
      if (!first.nextCursor || first.items.length !== 50) throw new Error('the audit filter has no second page');
      p.audit = await measure('audit', `${base}${auditQuery()}&cursor=${encodeURIComponent(first.nextCursor)}`, { headers: [authHeader] });
    }
    return p;
  }

  // Curve 1: tenants.
  const tenantsCurve: Point[] = [await point(['list', 'get', 'login', 'audit'])];
  for (let i = 1; i < TENANT_STEPS.length; i++) {
    console.log(`\nseeding tenants up to ${TENANT_STEPS[i]!.toLocaleString('en')}...`);
    await seedTenants(TENANT_STEPS[i - 1]!, TENANT_STEPS[i]!, 10, 100);
    await analyze();
    tenantsCurve.push(await point(['list', 'get', 'login', 'audit']));
  }

  // Curve 2: users in one tenant (its audit log grows with it, one row per user).
  console.log(`\nseeding bench-0 up to ${BIG_USERS.toLocaleString('en')} users and as many audit rows...`);
  const bench0Only = `(SELECT id FROM tenants WHERE slug = 'bench-0')`;
  await seed(
    `${(BIG_USERS - 10_000).toLocaleString('en')} users in bench-0`,
    BIG_USERS - 10_000,
    `INSERT INTO users (tenant_id, email, display_name, role, password_hash, created_at)
     SELECT $1, 'user' || g || '@t0.example', 'User ' || g, 'member', $2, $3::timestamptz - make_interval(secs => g)
     FROM generate_series(10000, $4::int - 1) g`,
    [bench0, memberHash, T0, BIG_USERS],
  );
  await seedAudit(`${(BIG_USERS - 10_000).toLocaleString('en')} audit rows in bench-0`, BIG_USERS - 10_000, bench0Only, 10_001, BIG_USERS - 10_000);
  await analyze();
  const usersCurve = [tenantsCurve[tenantsCurve.length - 1]!, await point(['list', 'get', 'login', 'audit'])];

  // Memory of the worker (and scheduler) under load: an export of 30 days of bench-0's log.
  console.log('\nworker under load: an audit-log export of 30 days of bench-0...');
  const workerSampler = rssSampler({ worker: worker.pid!, scheduler: scheduler.pid!, api: api.pid! });
  const t0 = performance.now();
  const exportRange = { from: new Date(T0.getTime() - 60 * DAY_MS).toISOString(), to: new Date(T0.getTime() - 30 * DAY_MS).toISOString() };
  const started = await fetch(`${base}/audit-logs/exports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ format: 'ndjson', ...exportRange }),
  });
  if (started.status !== 202 && started.status !== 201) throw new Error(`export: ${started.status} ${await started.text()}`);
  const { id: exportId } = (await started.json()) as { id: string };
  let state = '';
  let progress: Record<string, unknown> = {};
  while (state !== 'completed') {
    await new Promise((r) => setTimeout(r, 500));
    const e = (await (await fetch(`${base}/audit-logs/exports/${exportId}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as {
      state: string;
      progress: Record<string, unknown>;
    };
    ({ state, progress } = e);
    if (state === 'failed') throw new Error(`export failed: ${JSON.stringify(e)}`);
    if (seconds(t0) > 600) throw new Error('export did not finish in 10 minutes');
  }
  const exportPeak = await workerSampler.stop();
  const exportSeconds = seconds(t0);
  console.log(
    `  export done in ${exportSeconds.toFixed(1)} s (${JSON.stringify(progress)}); peak RSS worker ${exportPeak.worker!.toFixed(0)} MiB, scheduler ${exportPeak.scheduler!.toFixed(0)} MiB`,
  );

  // Curve 3: the audit log table up to AUDIT_ROWS rows, bench-0 holding the added ones.
  const have = Number((await owner.query('SELECT count(*) FROM audit_logs')).rows[0].count);
  const add = Math.max(0, AUDIT_ROWS - have);
  console.log(`\nseeding the audit log up to ${AUDIT_ROWS.toLocaleString('en')} rows (${add.toLocaleString('en')} more in bench-0)...`);
  // Inserting millions of rows one index entry at a time (six indexes, one of them on a random
  // uuid) is several times slower than building the indexes afterwards: they are dropped and
  // rebuilt from their own definitions, so the table ends up exactly as the migrations made it.
  const indexes = (
    await owner.query<{ name: string; def: string; constraint: string | null; condef: string | null }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def, c.conname AS constraint, pg_get_constraintdef(c.oid) AS condef
       FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid WHERE i.indrelid = 'audit_logs'::regclass`,
    )
  ).rows;
  for (const ix of indexes) await owner.query(ix.constraint ? `ALTER TABLE audit_logs DROP CONSTRAINT ${ix.constraint}` : `DROP INDEX ${ix.name}`);
  const CHUNK = 2_000_000;
  for (let done = 0; done < add; done += CHUNK) {
    const n = Math.min(CHUNK, add - done);
    await seedAudit(`${n.toLocaleString('en')} audit rows in bench-0`, n, bench0Only, BIG_USERS + 1 + done, n);
  }
  await owner.query(`SET maintenance_work_mem = '512MB'`);
  for (const ix of indexes) {
    const sql = ix.constraint ? `ALTER TABLE audit_logs ADD CONSTRAINT ${ix.constraint} ${ix.condef}` : ix.def;
    await seed(`index ${ix.name}`, 0, sql);
  }
  await analyze();
  const auditCurve = [tenantsCurve[0]!, usersCurve[1]!, await point(['audit', 'list'])];
  const sizes = (
    await owner.query(
      `SELECT pg_total_relation_size('audit_logs')::float8 / greatest(1, (SELECT count(*) FROM audit_logs)) AS "auditBytesPerRow",
              pg_total_relation_size('users')::float8 / greatest(1, (SELECT count(*) FROM users)) AS "userBytesPerRow"`,
    )
  ).rows[0] as { auditBytesPerRow: number; userBytesPerRow: number };
  console.log(`  on disk, indexes included: ${sizes.auditBytesPerRow.toFixed(0)} bytes per audit row, ${sizes.userBytesPerRow.toFixed(0)} per user`);
  await owner.end();

  const apiLoadRss = Math.max(
    ...[...tenantsCurve, ...usersCurve, ...auditCurve].flatMap((p) => [p.list, p.get, p.login, p.audit]).map((r) => r?.apiRssMiB ?? 0),
  );
  const seedingSeconds = seeding.reduce((a, s) => a + s.seconds, 0);
  writeResult('scale', {
    pgVersion,
    wrk: { connections: CONNECTIONS, loginConnections: LOGIN_CONNECTIONS, durationS: DURATION_S, loginDurationS: LOGIN_DURATION_S, runs: RUNS },
    bcryptCost: BCRYPT_COST,
    auditFilter: AUDIT_FILTER,
    tenantsCurve,
    usersCurve,
    auditCurve,
    seeding,
    seedingSeconds,
    sizes,
    rssMiB: {
      idle: idleRss,
      apiUnderLoad: apiLoadRss,
      export: { seconds: exportSeconds, progress, worker: exportPeak.worker, scheduler: exportPeak.scheduler, api: exportPeak.api },
    },
  });

  const cpu = cpus();
  const f = (r: Result | undefined) => (r ? `${r.p99ms.toFixed(1)} (${r.rps.toFixed(r.rps < 100 ? 1 : 0)}/s)` : '');
  const ratio = (a?: Result, b?: Result) => (a && b ? `${(b.p99ms / a.p99ms).toFixed(2)}×` : '');
  const table = (title: string, curve: Point[], key: (p: Point) => string) =>
    [
      `| ${title} | list p99 ms (req/s) | get | login | audit page 2 | control: GET /ready |`,
      '|---|---|---|---|---|---|',
      ...curve.map((p) => `| ${key(p)} | ${f(p.list)} | ${f(p.get)} | ${f(p.login)} | ${f(p.audit)} | ${f(p.control)} |`),
      `| largest ÷ smallest (target ≤ 1.5×) | ${ratio(curve[0]!.list, curve.at(-1)!.list)} | ${ratio(curve[0]!.get, curve.at(-1)!.get)} | ${ratio(curve[0]!.login, curve.at(-1)!.login)} | ${ratio(curve[0]!.audit, curve.at(-1)!.audit)} | ${ratio(curve[0]!.control, curve.at(-1)!.control)} |`,
    ].join('\n');
  console.log(`
### Results (${new Date().toISOString().slice(0, 10)}${QUICK ? ', short mode' : ''})

Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; PostgreSQL ${pgVersion} (embedded); wrk -t2 -c${CONNECTIONS} (login -c${LOGIN_CONNECTIONS}), median of ${RUNS}; seeding took ${seedingSeconds.toFixed(0)} s in all.

${table('Tenants', tenantsCurve, (p) => p.tenants.toLocaleString('en'))}

${table('Users in bench-0', usersCurve, (p) => p.bench0Users.toLocaleString('en'))}

${table('audit_logs rows', auditCurve, (p) => p.auditRows.toLocaleString('en'))}

RSS, MiB: api idle ${idleRss.api.toFixed(0)}, under load ≤ ${apiLoadRss.toFixed(0)}; worker idle ${idleRss.worker.toFixed(0)}, during the export ≤ ${exportPeak.worker!.toFixed(0)}; scheduler idle ${idleRss.scheduler.toFixed(0)}, during the export ≤ ${exportPeak.scheduler!.toFixed(0)}.
`);
} catch (err) {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
} finally {
  for (const c of children) await stopProcess(c);
  await stack.stop();
  await rm(benchDir, { recursive: true, force: true }).catch(() => {});
}
