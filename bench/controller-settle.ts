// Benchmark: how fast the Tenant controller settles Tenants, against the floor of the
// same API server, in the same run.
//   floor       N bare status patches (merge patch on /status, CONTROLLER_CONCURRENCY in
//               flight) on N existing Tenants: the API-server cost the controller cannot beat
//   ceiling     (information) N Tenants created as in the burst, each then given a finalizer
//               patch and a status patch, no controller: the API writes any controller that
//               keeps a finalizer makes, with nothing else
//   single      apply one Tenant, time until Ready=True is seen on a watch; 20 in a row
//   burst       N Tenants created at once; each one's create → Ready=True, and the time
//               until the last one settles
//   memory      the controller process's RSS before, right after settling, 30 and 60 s later
// The controller runs as production runs it: its own process (controllers/tenant/dist/main.js)
// with its ServiceAccount; real PostgreSQL, Redis, etcd and kube-apiserver.
// Usage: npm run bench:controller   (BENCH_TENANTS=1000; BENCH_QUICK=1: 200 Tenants, RSS
// 5 and 10 s after settling; BENCH_JSON=<file>)
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { KubeClient, TENANTS_PATH, tenantPath, type Tenant } from '@sentinel/tenant-controller';
import { startLocalStack, REPO_ROOT } from '#local-stack';
import { installTenantController, startControlPlane } from '#control-plane';
import type { HeapSummary } from './heap-summary.js';
import { knob, writeResult } from './result.js';

const N = knob('BENCH_TENANTS', 1_000, 200);
const SINGLES = knob('BENCH_SINGLES', 20, 10);
const SETTLE_WAIT_MS = knob('BENCH_RSS_WAIT_S', 30, 5) * 1000;
const CONCURRENCY = 4;

const dir = await mkdtemp(join(tmpdir(), 'sentinel-bench-controller-'));
const stack = await startLocalStack({ dir, database: 'sentinel_bench', persistent: false });
const cp = await startControlPlane();
const saKubeconfig = await installTenantController(cp);
const kube = KubeClient.fromFile(cp.kubeconfig);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const manifest = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'sentinel.io/v1beta1',
  kind: 'Tenant',
  metadata: { name, labels },
  spec: { displayName: `Bench ${name}`, plan: 'pro' },
});
async function pool<T>(items: T[], width: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (i < items.length) await fn(items[i++]!);
  })); // prettier-ignore
}
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);

/** A merge patch of /status that makes a Tenant Ready, as the floor and the ceiling write it. */
const readyStatus = (message: string) => ({
  status: {
    phase: 'Ready',
    observedGeneration: 1,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'Bench',
        message,
        lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        observedGeneration: 1,
      },
    ],
  },
});

// ---------------------------------------------------------------- floor
const floorNames = names('floor', N);
await pool(floorNames, 16, async (n) => void (await kube.create(TENANTS_PATH, manifest(n, { bench: 'floor' }))));
const patchMs: number[] = [];
const f0 = performance.now();
await pool(floorNames, CONCURRENCY, async (n) => {
  const t = performance.now();
  await kube.mergePatch(`${tenantPath(n)}/status`, readyStatus('floor'));
  patchMs.push(performance.now() - t);
});
const floorS = (performance.now() - f0) / 1000;
await kube.delete(`${TENANTS_PATH}?labelSelector=bench%3Dfloor`);

// ---------------------------------------------------------------- ceiling (information)
// The burst as the least a controller that keeps a finalizer could handle it: the same
// creates (16 in flight) and, as each create returns, a finalizer patch and a status patch
// (CONCURRENCY in flight); no database, no Event, no watch. Not what the target is judged
// on (that is the floor): it shows how much of Sentinel's distance to the floor is the API
// writes every such controller makes.
const CEILING_FINALIZER = 'bench.sentinel.io/ceiling';
const ceilingNames = names('ceiling', N);
const createdNames: string[] = [];
const waiters: (() => void)[] = [];
let creating = true;
const c0 = performance.now();
const creates = pool(ceilingNames, 16, async (n) => {
  await kube.create(TENANTS_PATH, manifest(n, { bench: 'ceiling' }));
  createdNames.push(n);
  waiters.shift()?.();
}).finally(() => {
  creating = false;
  for (const w of waiters.splice(0)) w();
});
const nextCreated = async (): Promise<string | undefined> => {
  while (!createdNames.length && creating) await new Promise<void>((r) => waiters.push(r));
  return createdNames.shift();
};
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let n = await nextCreated(); n !== undefined; n = await nextCreated()) {
      await kube.mergePatch(tenantPath(n), { metadata: { finalizers: [CEILING_FINALIZER] } });
      await kube.mergePatch(`${tenantPath(n)}/status`, readyStatus('ceiling'));
    }
  }),
);
await creates;
const ceilingS = (performance.now() - c0) / 1000;
await pool(ceilingNames, 16, async (n) => void (await kube.mergePatch(tenantPath(n), { metadata: { finalizers: null } })));
await kube.delete(`${TENANTS_PATH}?labelSelector=bench%3Dceiling`);

// ---------------------------------------------------------------- the controller
const env = {
  PATH: process.env.PATH,
  KUBECONFIG: saKubeconfig,
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: stack.urls.ownerUrl,
  DATABASE_PLATFORM_URL: stack.urls.platformUrl,
  REDIS_URL: stack.redisUrl,
  CONTROLLER_PORT: '0',
  CONTROLLER_CONCURRENCY: String(CONCURRENCY),
};
// The heap capped as a container's memory limit would cap it: without a limit V8 collects
// lazily and RSS says more about the machine than about the controller. A small young
// generation (--max-semi-space-size, MiB) keeps the garbage of a burst from piling up in
// it; 256 + 4 settles as fast as 512 with V8's default (16) and holds ~100 MiB less.
const HEAP_MB = Number(process.env.BENCH_CONTROLLER_HEAP_MB ?? 256);
const SEMI_SPACE_MB = Number(process.env.BENCH_CONTROLLER_SEMI_SPACE_MB ?? 4);
const SNAPSHOT = process.env.BENCH_CONTROLLER_HEAP_SNAPSHOT === '1';
const child = spawn(
  join(REPO_ROOT, 'node_modules', '.bin', 'node'),
  // BENCH_CONTROLLER_NODE_FLAGS: e.g. --trace-gc, to see the live heap after each collection.
  [
    `--max-old-space-size=${HEAP_MB}`,
    ...(SEMI_SPACE_MB > 0 ? [`--max-semi-space-size=${SEMI_SPACE_MB}`] : []),
    // BENCH_CONTROLLER_HEAP_SNAPSHOT=1: a heap snapshot after settling, summarised by bench/heap-summary.ts.
    ...(SNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2'] : []),
    ...(process.env.BENCH_CONTROLLER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
    join(REPO_ROOT, 'controllers', 'tenant', 'dist', 'main.js'),
  ],
  { env, cwd: dir, stdio: ['ignore', process.env.BENCH_CONTROLLER_NODE_FLAGS ? 'inherit' : 'ignore', 'inherit'] },
);
const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;

// Ready=True times, from one watch.
const readyAt = new Map<string, number>();
const stop = new AbortController();
const list = await kube.get<{ metadata: { resourceVersion: string } }>(TENANTS_PATH);
void (async () => {
  let rv = list.metadata.resourceVersion;
  while (!stop.signal.aborted) {
    for await (const ev of kube.watch<Tenant>(TENANTS_PATH, { resourceVersion: rv, allowWatchBookmarks: true }, { signal: stop.signal, idleMs: 60_000 })) {
      rv = ev.object.metadata.resourceVersion ?? rv;
      const t = ev.object;
      const ready = t.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status === 'True' && t.status?.observedGeneration === t.metadata.generation && !readyAt.has(t.metadata.name))
        readyAt.set(t.metadata.name, performance.now());
    }
  }
})();
const settled = async (ns: string[], timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (ns.some((n) => !readyAt.has(n))) {
    if (Date.now() > deadline) throw new Error(`${ns.filter((n) => !readyAt.has(n)).length} Tenants not Ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

// Leader and warm: one Tenant through the whole path first.
await kube.create(TENANTS_PATH, manifest('warmup'));
await settled(['warmup'], 60_000);
const rssStart = rssMiB();

const singleMs: number[] = [];
for (const n of names('single', SINGLES)) {
  const t = performance.now();
  await kube.create(TENANTS_PATH, manifest(n));
  await settled([n], 30_000);
  singleMs.push(readyAt.get(n)! - t);
}

const burst = names('burst', N);
const createdAt = new Map<string, number>();
const b0 = performance.now();
await pool(burst, 16, async (n) => {
  createdAt.set(n, performance.now());
  await kube.create(TENANTS_PATH, manifest(n));
});
const createS = (performance.now() - b0) / 1000;
await settled(burst, 300_000);
const burstS = (Math.max(...burst.map((n) => readyAt.get(n)!)) - b0) / 1000;
const burstMs = burst.map((n) => readyAt.get(n)! - createdAt.get(n)!);
const rssSettled = rssMiB();
await new Promise((r) => setTimeout(r, SETTLE_WAIT_MS));
const rssLater = rssMiB();
await new Promise((r) => setTimeout(r, SETTLE_WAIT_MS));
const rssLatest = rssMiB();

// Where the memory goes: V8 writes the snapshot into its working directory on SIGUSR2.
let heap: HeapSummary | undefined;
if (SNAPSHOT) {
  const snapshotFile = () => readdirSync(dir).find((f) => f.endsWith('.heapsnapshot'));
  child.kill('SIGUSR2');
  let lastSize = -1;
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const f = snapshotFile();
    if (!f) continue;
    const size = statSync(join(dir, f)).size;
    if (size > 0 && size === lastSize) break;
    lastSize = size;
  }
  const f = snapshotFile();
  if (f) {
    const out = spawnSync(process.execPath, ['--max-old-space-size=8192', join(REPO_ROOT, 'bench', 'dist', 'heap-summary.js'), join(dir, f), '15'], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (out.status === 0) heap = JSON.parse(out.stdout) as HeapSummary;
    else console.error(`heap-summary failed: ${out.stderr}`);
    await rm(join(dir, f), { force: true });
  } else console.error('no heap snapshot was written');
}

stop.abort();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await cp.stop();
await stack.stop();

writeResult('controller', {
  tenants: N,
  concurrency: CONCURRENCY,
  heapMiB: HEAP_MB,
  semiSpaceMiB: SEMI_SPACE_MB,
  floor: { seconds: floorS, perS: N / floorS, patchP50ms: pct(patchMs, 50), patchP99ms: pct(patchMs, 99) },
  ceiling: { seconds: ceilingS, perS: N / ceilingS },
  burst: { seconds: burstS, perS: N / burstS, createSeconds: createS, p50ms: pct(burstMs, 50), p99ms: pct(burstMs, 99) },
  single: { runs: SINGLES, p50ms: pct(singleMs, 50), p99ms: pct(singleMs, 99) },
  heap,
  rssMiB: { idle: rssStart, settled: rssSettled, later: rssLater, latest: rssLatest, laterAfterS: SETTLE_WAIT_MS / 1000 },
});
const fmt = (x: number) => x.toFixed(1);
console.log(`\nTenant controller benchmark: ${N} Tenants, controller concurrency ${CONCURRENCY}`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log('');
console.log('| measure | floor (bare status patches) | controller |');
console.log('|---|---|---|');
console.log(
  `| ${N} Tenants | ${fmt(floorS)} s for ${N} patches (${fmt(N / floorS)}/s) | ${fmt(burstS)} s to settle all (${fmt(N / burstS)}/s); creates took ${fmt(createS)} s |`,
);
console.log(
  `| ${N} Tenants, the least a controller with a finalizer does (create, finalizer patch, status patch) | ${fmt(ceilingS)} s (${fmt(N / ceilingS)}/s) | ${fmt((N / burstS / (N / ceilingS)) * 100)}% of it |`,
);
console.log(
  `| per Tenant p50 / p99 | ${fmt(pct(patchMs, 50))} / ${fmt(pct(patchMs, 99))} ms per patch | ${fmt(pct(burstMs, 50))} / ${fmt(pct(burstMs, 99))} ms create → Ready |`,
);
console.log(`| one Tenant alone p50 / p99 (${SINGLES} runs) | | ${fmt(pct(singleMs, 50))} / ${fmt(pct(singleMs, 99))} ms apply → Ready |`);
console.log(
  `| controller RSS (heap capped at ${HEAP_MB} MiB, semi-space ${SEMI_SPACE_MB || 'default'}) | | ${fmt(rssStart)} MiB before, ${fmt(rssSettled)} MiB settled, ${fmt(rssLater)} / ${fmt(rssLatest)} MiB ${SETTLE_WAIT_MS / 1000} / ${(2 * SETTLE_WAIT_MS) / 1000} s later |`,
);
if (heap)
  console.log(
    `\nheap snapshot after settling: ${fmt(heap.totalMiB)} MiB in ${heap.nodes} nodes; by self size: ${heap.top.map((g) => `${g.group} ${fmt(g.MiB)} MiB (${g.count})`).join(', ')}; largest single nodes: ${heap.largest.map((n) => `${n.type} "${n.name}" ${fmt(n.MiB)} MiB`).join(', ')}`,
  );
process.exit(0);
