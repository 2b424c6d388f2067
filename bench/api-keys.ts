// Benchmark: GET /api/v1/users?limit=50 (tenant with 10,000 users) authenticated with an
// API key against the same with a JWT, in the same run and on the same server, plus a
// made-up key (valid checksum, unknown key id: 401) to show what a flood of bogus keys
// costs once the negative cache (auth/repository.ts MISSING_API_KEY_TTL_S) holds it.
// The key and the JWT runs alternate (key, JWT, key, JWT, ...) so that drift in the
// machine's load falls on both; the median of each is reported. Harness: bench/wrk-harness.ts
// (wrk -t2 -c32, as bench/api-list-users.ts). BENCH_JSON=<file> writes the figures
// (bench/result.ts); BENCH_QUICK=1 for short single runs.
// Usage: npm run bench:keys   (needs wrk: apt-get install -y wrk)
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashPassword, newApiKeySecret } from '@sentinel/platform';
import { REPO_ROOT, freePort, startLocalStack } from '#local-stack';
import { median, writeResult } from './result.js';
import {
  CONNECTIONS,
  DURATION_S,
  RUNS,
  measureInterleaved,
  productionApiEnv,
  requireWrk,
  seedTenants,
  startProcess,
  stopProcess,
  type Result,
} from './wrk-harness.js';

const POOL_MAX = 10;

requireWrk();

const benchDir = await mkdtemp(join(tmpdir(), 'sentinel-bench-keys-'));
const stack = await startLocalStack({ dir: benchDir, database: 'sentinel_bench_keys', persistent: false });
const { urls } = stack;
const children: ChildProcess[] = [];
try {
  const owner = new pg.Client({ connectionString: urls.ownerUrl });
  owner.on('error', () => {});
  await owner.connect();
  console.log('seeding a tenant with 10,000 users...');
  const [tenantId] = await seedTenants(owner, 1, 0, 1, await hashPassword('not-used-for-login', 4));
  const adminPassword = 'bench-admin-password';
  await owner.query(`INSERT INTO users (tenant_id, email, display_name, role, password_hash) VALUES ($1, 'admin@bench.example', 'Admin', 'tenant_admin', $2)`, [
    tenantId,
    await hashPassword(adminPassword, 12),
  ]);
  await owner.query('ANALYZE');
  await owner.end();

  const apiPort = await freePort();
  const api = await startProcess(
    [join(REPO_ROOT, 'services/api/dist/main.js')],
    productionApiEnv(stack, apiPort, POOL_MAX, { API_KEY_PEPPER: randomBytes(32).toString('hex') }),
    `http://127.0.0.1:${apiPort}/api/v1/ready`,
  );
  children.push(api);
  const base = `http://127.0.0.1:${apiPort}/api/v1`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'bench-0', email: 'admin@bench.example', password: adminPassword }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const created = await fetch(`${base}/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ name: 'bench', scopes: ['users:read'] }),
  });
  if (created.status !== 201) throw new Error(`creating the key answered ${created.status}`);
  const { key } = (await created.json()) as { key: string };
  const unknownKey = newApiKeySecret('not-the-server-pepper', tenantId!, randomUUID()).key;
  const url = `${base}/users?limit=50`;
  for (const [what, token, status] of [
    ['JWT', accessToken, 200],
    ['key', key, 200],
    ['unknown key', unknownKey, 401],
  ] as const) {
    const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status}`);
  }

  console.log(`\nGET /api/v1/users?limit=50 (wrk -t2 -c${CONNECTIONS}, ${DURATION_S}s x ${RUNS}, alternating, median)`);
  const [withKey, withJwt, unknown] = measureInterleaved([
    { label: 'API key', url, load: { headers: [`Authorization: Bearer ${key}`] } },
    { label: 'JWT', url, load: { headers: [`Authorization: Bearer ${accessToken}`] } },
    { label: 'unknown key (401, negative cache)', url, load: { headers: [`Authorization: Bearer ${unknownKey}`] } },
  ]);

  const ratio = withKey.rps / withJwt.rps;
  // Each key run against the JWT run right after it: less exposed to the machine's drift than the medians.
  const pairs = withKey.runs!.map((_, i) => withKey.runs![i]! / withJwt.runs![i]!);
  writeResult('keys', {
    wrk: { threads: 2, connections: CONNECTIONS, durationS: DURATION_S, runs: RUNS },
    jwt: withJwt,
    key: withKey,
    unknownKey: unknown,
    keyToJwt: ratio,
    keyToJwtMedianOfRuns: median(pairs),
  });
  const cpu = cpus();
  const row = (what: string, r: Result, vs = '') => `| ${what} | ${r.rps.toFixed(0)} | ${r.p50ms.toFixed(2)} | ${r.p99ms.toFixed(2)} | ${vs} |`;
  console.log(`
### API key vs JWT (${new Date().toISOString().slice(0, 10)})

Machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; wrk -t2 -c${CONNECTIONS}, ${DURATION_S} s runs, alternating, median of ${RUNS}.

| GET /api/v1/users?limit=50 | req/s | p50 ms | p99 ms | compared |
|---|---|---|---|---|
${row('JWT', withJwt)}
${row('API key', withKey, `${(ratio * 100).toFixed(0)}% of the JWT (run by run: ${pairs.map((p) => `${(p * 100).toFixed(0)}%`).join(', ')})`)}
${row('unknown key (401)', unknown, `${((unknown.rps / withJwt.rps) * 100).toFixed(0)}% of the JWT's rate, answered without PostgreSQL`)}
`);
} catch (err) {
  console.error('benchmark failed:', err);
  process.exitCode = 1;
} finally {
  for (const c of children) await stopProcess(c);
  await stack.stop();
  await rm(benchDir, { recursive: true, force: true }).catch(() => {});
}
