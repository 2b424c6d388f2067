// Benchmark: bulk user import of 10,000 and 100,000 CSV rows through the real path
// (compiled API upload, compiled worker process consuming only the imports queue):
// time from upload to completion, and the worker's peak RSS (VmHWM), which must stay
// flat as rows grow. Baseline in the same run: the same rows inserted by one
// INSERT ... SELECT FROM unnest(...) as the owner role (users, invitations, job rows),
// the floor for writing that much data.
// BENCH_WORKER_HEAP_MB caps the worker's V8 heap (default 96, to show that memory stays
// flat; 0 leaves V8's default, as the Helm chart runs the worker).
// Usage: npm run bench:import   (BENCH_QUICK=1: 10,000 rows only; BENCH_JSON=<file>)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashPassword, serviceEnv, type ServiceName } from '@sentinel/platform';
import { REPO_ROOT, freePort, stackEnv, startLocalStack } from '#local-stack';
import { QUICK, writeResult } from './result.js';

const SIZES = (process.env.BENCH_IMPORT_SIZES ?? (QUICK ? '10000' : '10000,100000')).split(',').map(Number);
const HEAP_MB = Number(process.env.BENCH_WORKER_HEAP_MB ?? 96);
// BENCH_IMPORT_NODE_FLAGS: extra flags for the worker process, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof.
const WORKER_FLAGS = process.env.BENCH_IMPORT_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
const dir = await mkdtemp(join(tmpdir(), 'sentinel-bench-import-'));
const stack = await startLocalStack({ dir, database: 'sentinel_bench', persistent: false });
const prefix = '{bench-import}';
const env = {
  PATH: process.env.PATH!,
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  HOST: '127.0.0.1',
  CORS_ORIGINS: 'https://console.example.com',
  ...stackEnv(stack),
  QUEUE_PREFIX: prefix,
  SMTP_URL: 'smtp://127.0.0.1:9', // never used: this worker consumes only the imports queue
  IMPORT_MAX_BYTES: String(20 * 1024 * 1024),
  RATE_LIMIT_ENTERPRISE: '10000000',
};

async function waitHttp(url: string, p: ChildProcess) {
  for (let i = 0; i < 300; i++) {
    if (p.exitCode !== null) throw new Error(`${url}: process exited ${p.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

function start(service: string, extra: Record<string, string>, flags: string[] = []): ChildProcess {
  // Each service gets only its own variables (the worker refuses the JWT secret).
  const own = serviceEnv(service as ServiceName, { ...env, ...extra });
  return spawn(process.execPath, [...flags, join(REPO_ROOT, `services/${service}/dist/main.js`)], { env: own, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stop(p: ChildProcess) {
  if (p.exitCode !== null) return;
  const done = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await done;
}

/** Peak resident set size of a live process, in MiB (Linux /proc). */
async function peakRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

const csvOf = (n: number, tag: string) =>
  ['email,displayName,role', ...Array.from({ length: n }, (_, i) => `u${i}-${tag}@example.com,"User ${i}, Bench",member`)].join('\n') + '\n';

const owner = new pg.Client({ connectionString: stack.urls.ownerUrl });
owner.on('error', () => {});
await owner.connect();
const children: ChildProcess[] = [];
try {
  const port = await freePort();
  const apiProc = start('api', { PORT: String(port) });
  children.push(apiProc);
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(`${base}/api/v1/health`, apiProc);

  const rows: string[] = [];
  const results: Record<string, number>[] = [];
  for (const n of SIZES) {
    // A fresh tenant per size; its admin uploads.
    const slug = `bench-${n}`;
    const tenantId = (
      await owner.query<{ id: string }>(`INSERT INTO tenants (slug, display_name, plan) VALUES ($1, 'Bench', 'enterprise') RETURNING id`, [slug])
    ).rows[0]!.id;
    await owner.query(
      `INSERT INTO users (tenant_id, email, display_name, role, password_hash) VALUES ($1, 'admin@bench.example', 'Admin', 'tenant_admin', $2)`,
      [tenantId, await hashPassword('bench-admin-password', 12)],
    );
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: slug, email: 'admin@bench.example', password: 'bench-admin-password' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };

    const wport = await freePort();
    // A small heap cap: the import must fit in it whatever the row count.
    const worker = start(
      'worker',
      {
        WORKER_PORT: String(wport),
        WORKER_QUEUES: 'imports',
        WORKER_CONCURRENCY: '1',
        ...(HEAP_MB > 0 ? { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` } : {}),
      },
      WORKER_FLAGS,
    );
    children.push(worker);
    await waitHttp(`http://127.0.0.1:${wport}/ready`, worker);
    const idleRss = await peakRssMiB(worker.pid!);

    const csv = csvOf(n, `i${n}`);
    const t0 = performance.now();
    const up = await fetch(`${base}/api/v1/users/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const { id } = (await up.json()) as { id: string };
    let job: { state: string; result?: { created: number } } = { state: 'queued' };
    while (job.state !== 'completed' && job.state !== 'failed') {
      await new Promise((r) => setTimeout(r, 200));
      job = (await (await fetch(`${base}/api/v1/jobs/${id}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as typeof job;
    }
    const seconds = (performance.now() - t0) / 1000;
    const peak = await peakRssMiB(worker.pid!);
    await stop(worker);
    if (job.state !== 'completed' || job.result?.created !== n) throw new Error(`import of ${n} ended ${JSON.stringify(job)}`);

    // Floor: the same rows written by one statement each, as the owner (no validation, no queue).
    const floorTenant = (await owner.query<{ id: string }>(`INSERT INTO tenants (slug, display_name) VALUES ($1, 'Floor') RETURNING id`, [`floor-${n}`]))
      .rows[0]!.id;
    const f0 = performance.now();
    await owner.query('BEGIN');
    await owner.query(
      `INSERT INTO users (tenant_id, email, display_name, role) SELECT $1, 'u' || g || '@floor.example', 'User ' || g || ', Bench', 'member' FROM generate_series(1, $2::int) g`,
      [floorTenant, n],
    );
    await owner.query(
      `INSERT INTO invitations (tenant_id, user_id, token_hash, expires_at) SELECT tenant_id, id, md5(id::text), now() + interval '7 days' FROM users WHERE tenant_id = $1`,
      [floorTenant],
    );
    await owner.query(
      `INSERT INTO jobs (tenant_id, id, name, payload) SELECT tenant_id, gen_random_uuid(), 'user.invite', jsonb_build_object('tenantId', tenant_id, 'invitationId', id) FROM invitations WHERE tenant_id = $1`,
      [floorTenant],
    );
    await owner.query('COMMIT');
    const floorSeconds = (performance.now() - f0) / 1000;

    console.log(
      `${n} rows: import ${seconds.toFixed(1)} s (${(n / seconds).toFixed(0)} rows/s), worker peak RSS ${peak.toFixed(0)} MiB (idle ${idleRss.toFixed(0)} MiB); floor SQL ${floorSeconds.toFixed(1)} s`,
    );
    results.push({
      rows: n,
      csvBytes: csv.length,
      seconds,
      rowsPerS: n / seconds,
      floorSeconds,
      floorRowsPerS: n / floorSeconds,
      peakRssMiB: peak,
      idleRssMiB: idleRss,
    });
    rows.push(
      `| ${n.toLocaleString('en')} | ${(csv.length / 1024 / 1024).toFixed(1)} MiB | ${seconds.toFixed(1)} | ${(n / seconds).toFixed(0)} | ${peak.toFixed(0)} (idle ${idleRss.toFixed(0)}) | ${floorSeconds.toFixed(1)} |`,
    );
  }
  writeResult('import', { heapMiB: HEAP_MB, results });
  const cpu = cpus();
  console.log(`
Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; worker concurrency 1, consuming only the imports queue, V8 heap ${HEAP_MB > 0 ? `capped at ${HEAP_MB} MiB` : "V8's default size"}.

| Rows | CSV | Import time (s) | Rows/s | Worker peak RSS MiB | Floor: one-statement SQL inserts (s) |
|---|---|---|---|---|---|
${rows.join('\n')}
`);
} finally {
  for (const c of children) await stop(c);
  await owner.end().catch(() => {});
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}
