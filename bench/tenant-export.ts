// Benchmark: a full tenant export (docs/data-export.md) of a tenant holding 1,000,000 audit
// rows, through the real path: compiled API (POST /tenants/{id}/exports, then the download)
// and a compiled worker process consuming only the exports queue. Reports the export's time,
// the download's, and the worker's peak RSS (VmHWM) against its idle RSS: memory must stay
// flat whatever the row count. Baseline in the same run: the same audit rows rendered by the
// same SELECT, in one `COPY (...) TO PROGRAM 'gzip'` on the server (no pages, no tar, no
// chunk storage): the floor for reading and compressing that much data.
// BENCH_WORKER_HEAP_MB caps the worker's V8 heap (default 96, to show that memory stays flat;
// 0 leaves V8's default). BENCH_EXPORT_ROWS sets the audit row count.
// Usage: npm run bench:export   (BENCH_QUICK=1: 100,000 rows; BENCH_JSON=<file>)
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashPassword, serviceEnv, type ServiceName } from '@sentinel/platform';
import { REPO_ROOT, freePort, stackEnv, startLocalStack } from '#local-stack';
import { allLinesStatement } from '#worker-pipeline';
import { knob, writeResult } from './result.js';
import { startProcess, stopProcess } from './wrk-harness.js';

const ROWS = knob('BENCH_EXPORT_ROWS', 1_000_000, 100_000);
const HEAP_MB = Number(process.env.BENCH_WORKER_HEAP_MB ?? 96);
const dir = await mkdtemp(join(tmpdir(), 'sentinel-bench-export-'));
const stack = await startLocalStack({ dir, database: 'sentinel_bench', persistent: false });
const env = {
  PATH: process.env.PATH!,
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  HOST: '127.0.0.1',
  CORS_ORIGINS: 'https://console.example.com',
  ...stackEnv(stack),
  QUEUE_PREFIX: '{bench-export}',
  SMTP_URL: 'smtp://127.0.0.1:9', // never used: this worker consumes only the exports queue
  RATE_LIMIT_ENTERPRISE: '10000000',
};

/** A compiled service with only its own variables (the worker refuses the JWT secret), once `readyUrl` answers. */
const start = (service: ServiceName, extra: Record<string, string>, readyUrl: string) =>
  startProcess([join(REPO_ROOT, `services/${service}/dist/main.js`)], serviceEnv(service, { ...env, ...extra }), readyUrl);

/** Resident set size now (VmRSS) and at its peak (VmHWM), MiB (Linux /proc). */
async function rss(pid: number): Promise<{ now: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { now: kb('VmRSS'), peak: kb('VmHWM') };
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const owner = new pg.Client({ connectionString: stack.urls.ownerUrl });
owner.on('error', () => {});
await owner.connect();
const children: ChildProcess[] = [];
try {
  const slug = 'bench-export';
  const tenantId = (await owner.query<{ id: string }>(`INSERT INTO tenants (slug, display_name, plan) VALUES ($1, 'Bench', 'enterprise') RETURNING id`, [slug]))
    .rows[0]!.id;
  await owner.query(`INSERT INTO users (tenant_id, email, display_name, role, password_hash) VALUES ($1, 'admin@bench.example', 'Admin', 'tenant_admin', $2)`, [
    tenantId,
    await hashPassword('bench-admin-password', 12),
  ]);

  // Seeding: one INSERT ... SELECT generate_series, with audit_logs' indexes dropped and rebuilt
  // from their own definitions afterwards (as bench/scale-curves.ts does: several times faster).
  console.log(`seeding ${ROWS.toLocaleString('en')} audit rows in one tenant...`);
  const s0 = performance.now();
  const indexes = (
    await owner.query<{ name: string; def: string; constraint: string | null; condef: string | null }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def, c.conname AS constraint, pg_get_constraintdef(c.oid) AS condef
       FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid WHERE i.indrelid = 'audit_logs'::regclass`,
    )
  ).rows;
  for (const ix of indexes) await owner.query(ix.constraint ? `ALTER TABLE audit_logs DROP CONSTRAINT ${ix.constraint}` : `DROP INDEX ${ix.name}`);
  await owner.query(
    `INSERT INTO audit_logs (tenant_id, actor_kind, action, target_type, target_id, changes, request_id, client_ip, created_at)
     SELECT $1::uuid, 'user', (ARRAY['user.create','user.update','auth.login','user.delete'])[1 + g % 4], 'user', 'u' || g,
            jsonb_build_object('displayName', jsonb_build_object('from', 'User ' || g, 'to', 'Renamed ' || g)), 'req-' || g, '10.0.' || (g % 250) || '.' || (g % 200),
            now() - make_interval(secs => random() * 365 * 86400)
     FROM generate_series(1, $2::int) g`,
    [tenantId, ROWS],
  );
  await owner.query(`SET maintenance_work_mem = '256MB'`);
  for (const ix of indexes) await owner.query(ix.constraint ? `ALTER TABLE audit_logs ADD CONSTRAINT ${ix.constraint} ${ix.condef}` : ix.def);
  await owner.query('ANALYZE audit_logs');
  const seedSeconds = seconds(s0);
  console.log(`  seeded in ${seedSeconds.toFixed(1)} s`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  children.push(await start('api', { PORT: String(port) }, `${base}/api/v1/health`));
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: slug, email: 'admin@bench.example', password: 'bench-admin-password' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };

  const wport = await freePort();
  const worker = await start(
    'worker',
    {
      WORKER_PORT: String(wport),
      WORKER_QUEUES: 'exports',
      WORKER_CONCURRENCY: '1',
      ...(HEAP_MB > 0 ? { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` } : {}),
    },
    `http://127.0.0.1:${wport}/ready`,
  );
  children.push(worker);
  await new Promise((r) => setTimeout(r, 2_000));
  const idle = await rss(worker.pid!);

  const t0 = performance.now();
  const created = await fetch(`${base}/api/v1/tenants/${tenantId}/exports`, { method: 'POST', headers: auth });
  const { id } = (await created.json()) as { id: string };
  type View = { state: string; download: string | null; archive: { bytes: number } | null; files: { name: string; rows: number; bytes: number }[] | null };
  let view: View = { state: 'queued', download: null, archive: null, files: null };
  while (view.state !== 'completed' && view.state !== 'failed') {
    await new Promise((r) => setTimeout(r, 250));
    view = (await (await fetch(`${base}/api/v1/tenants/${tenantId}/exports/${id}`, { headers: auth })).json()) as View;
    if (seconds(t0) > 1_800) throw new Error('the export did not finish in 30 minutes');
  }
  const exportSeconds = seconds(t0);
  const during = await rss(worker.pid!);
  if (view.state !== 'completed') throw new Error(`the export ended ${JSON.stringify(view)}`);
  const audit = view.files!.find((f) => f.name === 'audit-log.ndjson')!;
  // The seeded rows, and the few the run itself wrote (the admin's sign-in, the export's request).
  if (audit.rows < ROWS || audit.rows > ROWS + 10) throw new Error(`the export holds ${audit.rows} audit rows, not ${ROWS} and a few`);

  const d0 = performance.now();
  const res = await fetch(base + view.download!, { headers: auth });
  let downloaded = 0;
  for await (const c of res.body!) downloaded += (c as Uint8Array).length;
  const downloadSeconds = seconds(d0);
  if (downloaded !== view.archive!.bytes) throw new Error(`downloaded ${downloaded} bytes of ${view.archive!.bytes}`);

  // Floor: the same audit lines by the same SELECT, in one COPY through gzip on the server.
  const su = new URL(stack.superuserUrl);
  su.pathname = '/sentinel_bench';
  const superuser = new pg.Client({ connectionString: su.toString() });
  superuser.on('error', () => {});
  await superuser.connect();
  // The server writes it as its own OS user: into /tmp itself, not this run's private folder.
  const floorFile = join(tmpdir(), `sentinel-bench-export-floor-${process.pid}.gz`);
  const f0 = performance.now();
  await superuser.query(`COPY (${allLinesStatement('audit-log.ndjson').replace('$1::uuid', `'${tenantId}'::uuid`)}) TO PROGRAM 'gzip -6 > ${floorFile}'`);
  const floorSeconds = seconds(f0);
  const floorBytes = (await stat(floorFile)).size;
  await rm(floorFile, { force: true });
  await superuser.end();

  const mib = (b: number) => (b / 2 ** 20).toFixed(1);
  const totalRaw = view.files!.reduce((n, f) => n + f.bytes, 0);
  console.log(
    `${ROWS.toLocaleString('en')} audit rows: export ${exportSeconds.toFixed(1)} s (${(ROWS / exportSeconds).toFixed(0)} rows/s), archive ${mib(view.archive!.bytes)} MiB (${mib(totalRaw)} MiB of NDJSON); download ${downloadSeconds.toFixed(1)} s; worker RSS idle ${idle.now.toFixed(0)} MiB, peak ${during.peak.toFixed(0)} MiB; floor COPY | gzip ${floorSeconds.toFixed(1)} s (${mib(floorBytes)} MiB)`,
  );
  writeResult('export', {
    rows: ROWS,
    heapMiB: HEAP_MB,
    seedSeconds,
    exportSeconds,
    downloadSeconds,
    archiveBytes: view.archive!.bytes,
    ndjsonBytes: totalRaw,
    idleRssMiB: idle.now,
    peakRssMiB: during.peak,
    floorSeconds,
    floorBytes,
  });
  const cpu = cpus();
  console.log(`
Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; worker concurrency 1, consuming only the exports queue, V8 heap ${HEAP_MB > 0 ? `capped at ${HEAP_MB} MiB` : "V8's default size"}.

| Audit rows | NDJSON | Archive | Export (s) | Rows/s | Download (s) | Worker RSS idle → peak (MiB) | Floor: COPY \\| gzip (s) |
|---|---|---|---|---|---|---|---|
| ${ROWS.toLocaleString('en')} | ${mib(totalRaw)} MiB | ${mib(view.archive!.bytes)} MiB | ${exportSeconds.toFixed(1)} | ${(ROWS / exportSeconds).toFixed(0)} | ${downloadSeconds.toFixed(1)} | ${idle.now.toFixed(0)} → ${during.peak.toFixed(0)} | ${floorSeconds.toFixed(1)} |
`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  for (const c of children) await stopProcess(c);
  await owner.end().catch(() => {});
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}
