// `npm run test:contract`: the OpenAPI document checked against the running API by
// schemathesis (PyPI), as each role, every check, every phase (stateful included).
//   Python:  a venv in ~/.cache/sentinel-schemathesis/venv-<version>, created once, reused after
//   Stack:   embedded PostgreSQL + redis-server + migrations (startLocalStack), then the API and
//            the worker as processes, exactly as `npm run dev` starts them
//   Seed:    a platform admin, a tenant with a tenant admin and a member (random strong passwords)
//   Runs:    member, tenant admin, platform admin (in that order: later roles may delete what
//            earlier roles log in as), each with a fresh access token and the document filtered
//            to the operations its role may call (x-sentinel-roles); public operations run once
// Ends with "N passed, N failed": one count per role x (operation, check) pair schemathesis
// reported, plus one failure per run that could not complete; exits 1 on any failure.
// Deterministic: fixed seed, --generation-deterministic, a bounded number of examples.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLATFORM_TENANT_ID, PlatformDb, Provisioning, createLogger, hashPassword, loadConfig, serviceEnv } from '@sentinel/platform';
import { REPO_ROOT, freePort, stackEnv, startLocalStack } from './local-stack.js';

export const SCHEMATHESIS_VERSION = '4.32.5';
const ROLES = ['member', 'tenant_admin', 'platform_admin'] as const;
type Role = (typeof ROLES)[number];

const log = (m: string) => console.log(`[schemathesis] ${m}`);
const contractDir = join(REPO_ROOT, 'tests', 'contract');
const maxExamples = process.env.SCHEMATHESIS_MAX_EXAMPLES ?? '12';
const seed = process.env.SCHEMATHESIS_SEED ?? '20261201';

function python(): string {
  for (const c of [process.env.PYTHON, 'python3']) if (c && spawnSync(c, ['--version']).status === 0) return c;
  throw new Error('python3 is required (Debian: apt-get install -y python3 python3-venv)');
}

/** The pinned schemathesis in a cached venv; created on first use. */
function schemathesisBinary(): string {
  const venv = join(process.env.SENTINEL_SCHEMATHESIS_CACHE ?? join(homedir(), '.cache', 'sentinel-schemathesis'), `venv-${SCHEMATHESIS_VERSION}`);
  const st = join(venv, 'bin', 'st');
  if (existsSync(st) && spawnSync(st, ['--version'], { encoding: 'utf8' }).stdout.includes(SCHEMATHESIS_VERSION)) return st;
  log(`creating ${venv} (schemathesis ${SCHEMATHESIS_VERSION})`);
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
  };
  run(python(), ['-m', 'venv', '--clear', venv]);
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]);
  return st;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function login(base: string, tenant: string, email: string, password: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, email, password }),
  });
  if (r.status !== 200) throw new Error(`login as ${email} answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

type Doc = { paths: Record<string, Record<string, { 'x-sentinel-roles'?: string[]; security?: unknown[] }>> };

/** The document as one role sees it: the operations it may call (public ones only in the first run). */
function documentFor(doc: Doc, role: Role, withPublic: boolean): Doc {
  const paths: Doc['paths'] = {};
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      if (isPublic ? withPublic : (op['x-sentinel-roles'] ?? []).includes(role)) (paths[p] ??= {})[method] = op;
    }
  }
  return { ...doc, paths };
}

interface Tally {
  passed: number;
  failed: number;
}

/** Counts (operation, check) pairs from schemathesis' ndjson event stream. */
async function tally(ndjson: string): Promise<Tally & { failures: string[] }> {
  const results = new Map<string, boolean>();
  const failures: string[] = [];
  if (!existsSync(ndjson)) return { passed: 0, failed: 0, failures };
  for (const line of (await readFile(ndjson, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as Record<string, unknown>;
    const finished = event.ScenarioFinished as { recorder?: { label?: string; checks?: Record<string, { name: string; status: string }[]> } } | undefined;
    if (!finished?.recorder?.checks) continue;
    for (const checks of Object.values(finished.recorder.checks)) {
      for (const c of checks) {
        const key = `${finished.recorder.label ?? '?'} ${c.name}`;
        const ok = c.status === 'SUCCESS' || c.status === 'success';
        const skipped = c.status === 'SKIP' || c.status === 'skip';
        if (skipped) continue;
        if (!ok && results.get(key) !== false) failures.push(key);
        results.set(key, (results.get(key) ?? true) && ok);
      }
    }
  }
  const values = [...results.values()];
  return { passed: values.filter(Boolean).length, failed: values.filter((v) => !v).length, failures };
}

/** Run in `cwd` (a temporary folder): schemathesis keeps a crash cache in `.schemathesis/` there, which would make later runs replay old failures. */
function runSchemathesis(st: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((res) => {
    const p: ChildProcess = spawn(st, args, { stdio: 'inherit', env, cwd });
    p.on('exit', (code) => res(code ?? 1));
  });
}

async function main(): Promise<number> {
  const st = schemathesisBinary();
  const work = await mkdtemp(join(tmpdir(), 'sentinel-schemathesis-'));
  const stack = await startLocalStack({ dir: work, database: 'sentinel', persistent: false, log });
  const children: ChildProcess[] = [];
  const total: Tally = { passed: 0, failed: 0 };
  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...stackEnv(stack),
      BCRYPT_COST: '4',
      // Generated requests come fast and from one address: raise quotas and throttles for this run.
      RATE_LIMIT_FREE: '10000000',
      RATE_LIMIT_PRO: '10000000',
      RATE_LIMIT_ENTERPRISE: '10000000',
      LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
      LOGIN_MAX_FAILURES_PER_CLIENT: '1000',
      JWT_ACCESS_TTL_S: '3600',
    };
    const { PATH, HOME } = process.env;
    for (const service of ['api', 'worker'] as const)
      children.push(
        spawn(process.execPath, [join(REPO_ROOT, `services/${service}/dist/main.js`)], {
          // Each service gets only the variables it reads (a worker given JWT_SECRET refuses to start).
          env: { PATH, HOME, ...serviceEnv(service, { ...env, ...(service === 'worker' ? { WORKER_PORT: String(await freePort()) } : {}) }) },
          stdio: ['ignore', 'inherit', 'inherit'],
        }),
      );
    await waitFor(`${base}/api/v1/health`, 30_000);

    const config = loadConfig(env);
    const db = new PlatformDb(config, createLogger({ level: 'warn', service: 'schemathesis-seed' }));
    const strong = () => `${randomBytes(18).toString('base64url')}-Aa1`;
    const accounts = {} as Record<Role, { tenant: string; email: string; password: string }>;
    try {
      const provisioning = new Provisioning(db);
      const admin = { tenant: 'platform', email: 'st-platform-admin@example.com', password: strong() };
      await provisioning.createPlatformAdmin({ email: admin.email, displayName: 'Platform admin', passwordHash: await hashPassword(admin.password, 4) });
      accounts.platform_admin = admin;
      const t = await provisioning.createTenant(
        { tenantId: PLATFORM_TENANT_ID, userId: null as unknown as string },
        { slug: 'st-acme', displayName: 'Acme', plan: 'pro' },
      );
      for (const role of ['tenant_admin', 'member'] as const) {
        const a = { tenant: t.slug, email: `st-${role.replace('_', '-')}@example.com`, password: strong() };
        const passwordHash = await hashPassword(a.password, 4);
        await db.run((c) => c.user.create({ data: { tenantId: t.id, email: a.email, displayName: role, role, passwordHash } }));
        accounts[role] = a;
      }
    } finally {
      await db.close();
    }

    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as Doc;
    const reports = join(REPO_ROOT, '.sentinel', 'schemathesis');
    await rm(reports, { recursive: true, force: true });
    await mkdir(reports, { recursive: true });
    for (const [i, role] of ROLES.entries()) {
      const a = accounts[role];
      // A fresh token per run: an earlier run's stateful phase may have logged out or changed passwords.
      const token = await login(base, a.tenant, a.email, a.password);
      const file = join(work, `openapi-${role}.json`);
      await writeFile(file, JSON.stringify(documentFor(doc, role, i === 0)));
      const ndjson = join(reports, `${role}.ndjson`);
      log(`${role}: ${Object.keys(documentFor(doc, role, i === 0).paths).length} paths, ${maxExamples} examples per operation, seed ${seed}`);
      const code = await runSchemathesis(
        st,
        [
          '--config-file',
          join(contractDir, 'schemathesis.toml'),
          '--no-color',
          'run',
          file,
          '--url',
          base,
          '-H',
          `Authorization: Bearer ${token}`,
          '--checks',
          'all',
          '--phases',
          'examples,coverage,fuzzing,stateful',
          '--max-examples',
          maxExamples,
          '--seed',
          seed,
          '--generation-deterministic',
          // One worker: hypothesis parses lambda sources with Python's ast, which is not
          // thread-safe on 3.11 (a run died with 'AST constructor recursion depth mismatch').
          '--workers',
          '1',
          '--report',
          'ndjson',
          '--report-ndjson-path',
          ndjson,
        ],
        // The role tells the hooks which rules that depend on the caller apply (API key scopes).
        { PATH, HOME, SCHEMATHESIS_HOOKS: 'hooks', PYTHONPATH: contractDir, SENTINEL_CONTRACT_ROLE: role },
        work,
      );
      const t = await tally(ndjson);
      for (const f of t.failures) log(`FAILED ${role}: ${f}`);
      // A run that failed without recording a failing check (an error, a crash) still fails.
      const failed = t.failed + (code !== 0 && t.failed === 0 ? 1 : 0);
      log(`${role}: schemathesis exit ${code}; ${t.passed} passed, ${failed} failed`);
      total.passed += t.passed;
      total.failed += failed;
    }
  } finally {
    for (const c of children) {
      if (c.exitCode !== null) continue;
      c.kill('SIGTERM');
      await new Promise((r) => c.once('exit', r));
    }
    await stack.stop();
    await rm(work, { recursive: true, force: true });
  }
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
