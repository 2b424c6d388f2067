// Benchmark: resident memory of each service at rest. The compiled api, worker and
// scheduler are started as production starts them (NODE_ENV=production, each with only
// its own variables) against an embedded PostgreSQL and redis-server, and their RSS
// (VmRSS) read once they answer /ready and have sat idle for BENCH_IDLE_S seconds
// (10; BENCH_QUICK=1: 5). The controller's idle RSS needs an API server and is measured by
// bench/controller-settle.ts. No floor: the figure for comparison is an empty Node
// process (`node -e` with a timer), measured in the same run.
// Usage: node bench/dist/services-idle.js   (BENCH_JSON=<file>)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceEnv, type ServiceName } from '@sentinel/platform';
import { REPO_ROOT, freePort, stackEnv, startLocalStack } from '#local-stack';
import { knob, rssMiB, writeResult } from './result.js';

const IDLE_S = knob('BENCH_IDLE_S', 10, 5);
const dir = await mkdtemp(join(tmpdir(), 'sentinel-bench-idle-'));
const stack = await startLocalStack({ dir, database: 'sentinel_bench', persistent: false });
const env = {
  PATH: process.env.PATH!,
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  HOST: '127.0.0.1',
  CORS_ORIGINS: 'https://console.example.com',
  ...stackEnv(stack),
  SMTP_URL: 'smtp://127.0.0.1:9',
};

async function waitReady(url: string, p: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (p.exitCode !== null) throw new Error(`${url}: process exited ${p.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

const children: ChildProcess[] = [];
try {
  const services: { name: ServiceName; portVar: string; ready: string }[] = [
    { name: 'api', portVar: 'PORT', ready: '/api/v1/ready' },
    { name: 'worker', portVar: 'WORKER_PORT', ready: '/ready' },
    { name: 'scheduler', portVar: 'SCHEDULER_PORT', ready: '/ready' },
  ];
  const started: { name: string; pid: number }[] = [];
  for (const s of services) {
    const port = await freePort();
    const p = spawn(process.execPath, [join(REPO_ROOT, `services/${s.name}/dist/main.js`)], {
      env: serviceEnv(s.name, { ...env, [s.portVar]: String(port) }),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(p);
    await waitReady(`http://127.0.0.1:${port}${s.ready}`, p);
    started.push({ name: s.name, pid: p.pid! });
  }
  const empty = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(empty);
  started.push({ name: 'empty node process', pid: empty.pid! });
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const rss: Record<string, number> = {};
  for (const s of started) rss[s.name] = await rssMiB(s.pid);
  for (const [name, mib] of Object.entries(rss)) console.log(`${name.padEnd(20)} ${mib.toFixed(0)} MiB`);
  writeResult('idle', { idleS: IDLE_S, rssMiB: rss });
} finally {
  for (const c of children) {
    if (c.exitCode !== null) continue;
    const done = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await done;
  }
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
}
