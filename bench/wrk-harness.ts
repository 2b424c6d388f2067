// The wrk harness shared by the API benchmarks (bench/api-list-users.ts, bench/api-keys.ts):
// wrk runs parsed into req/s and latencies, the median of several runs after a warm-up,
// servers started as child processes, and tenants seeded straight into PostgreSQL.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type pg from 'pg';
import { stackEnv, type LocalStack } from '#local-stack';
import { knob } from './result.js';

export const DURATION_S = knob('BENCH_DURATION_S', 6, 3);
export const RUNS = knob('BENCH_RUNS', 3, 1);
export const WARMUP_S = knob('BENCH_WARMUP_S', 2, 1);
export const CONNECTIONS = 32;

export function requireWrk(): void {
  if (spawnSync('sh', ['-c', 'command -v wrk']).stdout.toString().trim()) return;
  console.error('wrk is required: apt-get install -y wrk');
  process.exit(1);
}

export interface Result {
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
  /** req/s of every run, the median's included */
  runs?: number[];
}
/** How wrk loads a server: extra headers, a Lua script (method, body, path), connections. */
export interface Load {
  headers?: string[];
  script?: string;
  connections?: number;
  seconds?: number;
}

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v);
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

export function wrk(url: string, seconds: number, load: Load = {}): Result {
  const args = [
    '-t2',
    `-c${load.connections ?? CONNECTIONS}`,
    `-d${seconds}s`,
    '--timeout',
    '30s',
    '--latency',
    ...(load.headers ?? []).flatMap((h) => ['-H', h]),
    ...(load.script ? ['-s', load.script] : []),
    url,
  ];
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
export function measure(label: string, url: string, load: Load = {}): Result {
  return measureInterleaved([{ label, url, load }])[0];
}

/** One server and how to load it, for measureInterleaved. */
export interface Target {
  label: string;
  url: string;
  load?: Load;
}

/**
 * The servers compared with one another, measured in turns: each warmed up, then `rounds`
 * (RUNS unless given) of one run per server (A, B, C, A, B, C, ...), and each server's median
 * with its runs in the order they ran.
 * Run one after the other, two floors moved by 10-15% between them on shared cores (the
 * machine's load, not the servers); in turns, a slow minute falls on every server alike.
 */
export function measureInterleaved<T extends Target[]>(targets: [...T], rounds = RUNS): { [K in keyof T]: Result } {
  for (const t of targets) wrk(t.url, WARMUP_S, t.load);
  const runs: Result[][] = targets.map(() => []);
  for (let r = 0; r < rounds; r++) targets.forEach((t, i) => runs[i]!.push(wrk(t.url, t.load?.seconds ?? DURATION_S, t.load)));
  const runsLabel = targets.length > 1 ? 'runs, in turns' : 'runs';
  const medians = targets.map((t, i) => {
    const sorted = [...runs[i]!].sort((a, b) => a.rps - b.rps);
    // `runs` in the order they ran, so that round r of one server pairs with round r of another.
    const median = { ...sorted[Math.floor(sorted.length / 2)]!, runs: runs[i]!.map((x) => x.rps) };
    console.log(
      `  ${t.label.padEnd(44)} ${median.rps.toFixed(median.rps < 100 ? 1 : 0).padStart(6)} req/s  p50 ${median.p50ms.toFixed(2)} ms  p99 ${median.p99ms.toFixed(2)} ms  non-2xx/errors ${median.errors}  (${runsLabel}: ${median.runs.map((x) => x.toFixed(0)).join(', ')})`,
    );
    return median;
  });
  return medians as { [K in keyof T]: Result };
}

/**
 * Starts a server and waits until `readyUrl` answers. Its output goes to /dev/null:
 * a pipe that this process stops draining while spawnSync(wrk) runs would fill up and
 * block the server's synchronous log writes, measuring the harness instead.
 */
export async function startProcess(args: string[], env: Record<string, string>, readyUrl: string): Promise<ChildProcess> {
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

export async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const done = new Promise((r) => p.once('exit', r));
  p.kill('SIGTERM');
  await done;
}

export async function seedTenants(owner: pg.Client, count: number, offset: number, bigEvery: number, hash: string): Promise<string[]> {
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

/**
 * The API's environment as production runs it (compiled, NODE_ENV=production, info logs),
 * on a local stack, a tenant quota no benchmark reaches, and `extra` on top.
 */
export function productionApiEnv(stack: LocalStack, port: number, poolMax: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PORT: String(port),
    HOST: '127.0.0.1',
    CORS_ORIGINS: 'https://console.example.com',
    ...stackEnv(stack),
    DB_POOL_MAX: String(poolMax),
    RATE_LIMIT_ENTERPRISE: '10000000',
    ...extra,
  };
}
