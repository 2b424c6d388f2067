// Benchmark: how soon the Tenant controller repairs the tenant wall after an attack, with the
// event triggers' notifications (LISTEN) against the timer alone, in the same run.
//   notify      the bootstrap's event triggers enabled: time from the attack's commit until the
//               wall is repaired (polled every 5 ms), BENCH_WALL_ROUNDS rounds of each attack
//   timer only  the same triggers disabled (ALTER EVENT TRIGGER ... DISABLE, as the superuser):
//               only CONTROLLER_WALL_CHECK_MS can find the drift; each attack at a random point
//               of the period (expected: uniform in 0..timer)
// Attacks: DROP POLICY tenant_isolation ON users; ALTER TABLE audit_logs DISABLE ROW LEVEL
// SECURITY; GRANT SELECT ON users TO sentinel_direct.
// The controller runs as production runs it: its own process (controllers/tenant/dist/main.js)
// with its ServiceAccount; real PostgreSQL, Redis, etcd and kube-apiserver.
// Usage: npm run bench:wall   (BENCH_WALL_TIMER_MS=10000 BENCH_WALL_ROUNDS=10 BENCH_WALL_TIMER_ROUNDS=3)
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startLocalStack, REPO_ROOT } from '#local-stack';
import { installTenantController, startControlPlane } from '#control-plane';

const TIMER_MS = Number(process.env.BENCH_WALL_TIMER_MS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_WALL_ROUNDS ?? 10);
const TIMER_ROUNDS = Number(process.env.BENCH_WALL_TIMER_ROUNDS ?? 3);

const dir = await mkdtemp(join(tmpdir(), 'sentinel-bench-wall-'));
const stack = await startLocalStack({ dir, database: 'sentinel_bench', persistent: false });
const cp = await startControlPlane();
const saKubeconfig = await installTenantController(cp);

const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'node'), [join(REPO_ROOT, 'controllers', 'tenant', 'dist', 'main.js')], {
  env: {
    PATH: process.env.PATH,
    KUBECONFIG: saKubeconfig,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: stack.urls.ownerUrl,
    DATABASE_PLATFORM_URL: stack.urls.platformUrl,
    REDIS_URL: stack.redisUrl,
    CONTROLLER_PORT: '0',
    CONTROLLER_WALL_CHECK_MS: String(TIMER_MS),
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

const owner = new pg.Client({ connectionString: stack.urls.ownerUrl });
await owner.connect();
const suUrl = new URL(stack.superuserUrl);
suUrl.pathname = '/sentinel_bench';
const su = new pg.Client({ connectionString: suUrl.toString() });
await su.connect();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
await until('the controller leading and listening', async () => {
  const r = await owner.query(
    `SELECT 1 FROM pg_stat_activity WHERE application_name = 'sentinel-tenant-controller:wall-listener' AND state = 'idle' AND query LIKE '%pg_event_trigger%'`,
  );
  return r.rowCount === 1;
});

const attacks: { name: string; sql: string; repaired: () => Promise<boolean> }[] = [
  {
    name: 'dropped policy',
    sql: 'DROP POLICY tenant_isolation ON users',
    repaired: async () => (await owner.query(`SELECT 1 FROM pg_policies WHERE tablename = 'users' AND policyname = 'tenant_isolation'`)).rowCount === 1,
  },
  {
    name: 'disabled RLS',
    sql: 'ALTER TABLE audit_logs DISABLE ROW LEVEL SECURITY',
    repaired: async () => (await owner.query(`SELECT relrowsecurity AS on FROM pg_class WHERE oid = 'public.audit_logs'::regclass`)).rows[0].on === true,
  },
  {
    name: 'widened grant',
    sql: 'GRANT SELECT ON users TO sentinel_direct',
    repaired: async () => !(await owner.query(`SELECT has_table_privilege('sentinel_direct', 'public.users', 'SELECT') AS yes`)).rows[0].yes,
  },
];

/** `randomPhase`: the attack comes at a random point of the timer's period, not right after a tick. */
async function measure(rounds: number, randomPhase = false): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>(attacks.map((a) => [a.name, []]));
  for (let i = 0; i < rounds; i++)
    for (const a of attacks) {
      await sleep(300 + (randomPhase ? Math.random() * TIMER_MS : 0)); // the previous repair's own notifications settle
      await owner.query(a.sql);
      const t0 = performance.now();
      while (!(await a.repaired())) {
        if (performance.now() - t0 > TIMER_MS * 3) throw new Error(`${a.name}: not repaired within ${TIMER_MS * 3} ms`);
        await sleep(5);
      }
      out.get(a.name)!.push(performance.now() - t0);
    }
  return out;
}

const notify = await measure(ROUNDS);
await su.query('ALTER EVENT TRIGGER sentinel_wall_ddl DISABLE');
await su.query('ALTER EVENT TRIGGER sentinel_wall_drop DISABLE');
const timerOnly = await measure(TIMER_ROUNDS, true);
await su.query('ALTER EVENT TRIGGER sentinel_wall_ddl ENABLE');
await su.query('ALTER EVENT TRIGGER sentinel_wall_drop ENABLE');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (ms: number) => `${Math.round(ms)} ms`;
console.log(`machine: ${cpus().length} vCPU, ${Math.round(totalmem() / 2 ** 30)} GiB; CONTROLLER_WALL_CHECK_MS=${TIMER_MS}`);
console.log('attack            | notify p50 | notify max | timer-only p50 | timer-only max | rounds');
for (const a of attacks) {
  const n = notify.get(a.name)!;
  const t = timerOnly.get(a.name)!;
  console.log(
    `${a.name.padEnd(17)} | ${fmt(pct(n, 50)).padStart(10)} | ${fmt(Math.max(...n)).padStart(10)} | ${fmt(pct(t, 50)).padStart(14)} | ${fmt(Math.max(...t)).padStart(14)} | ${n.length} / ${t.length}`,
  );
}

child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await owner.end();
await su.end();
await cp.stop();
await stack.stop();
