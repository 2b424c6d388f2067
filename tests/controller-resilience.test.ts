// The Tenant controller when things fail. Real: kube-apiserver + etcd (restarted here),
// PostgreSQL (cut off from the controller by closing a TCP relay in front of it),
// controller processes started from controllers/tenant/dist/main.js and SIGKILLed.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '../scripts/local-stack.js';
import {
  applyTenant,
  condition,
  controllerEnv,
  DbRelay,
  eventNames,
  getTenant,
  startTestCluster,
  startTestController,
  tenantManifest,
  waitReady,
  type TestCluster,
} from './helpers/kube.js';
import { uniq } from './helpers/stack.js';
import { createLogger } from '@sentinel/platform';
import { KubeClient, tenantPath } from '@sentinel/tenant-controller';
import { LeaderElector, LeadershipLostError } from '../controllers/tenant/src/runtime/leader.js';
import { waitFor } from './helpers/wait.js';

let cluster: TestCluster;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  cluster = await startTestCluster();
}, 120_000);
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await cluster?.stop();
});

const apply = (name: string, spec: Record<string, unknown>) => applyTenant(cluster, name, spec);

/** The controller as production runs it: its own process, its ServiceAccount's kubeconfig. With `log`, its log lines land there. */
function spawnController(o: { log?: string[] } = {}): ChildProcess {
  const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'node'), [join(REPO_ROOT, 'controllers', 'tenant', 'dist', 'main.js')], {
    env: { PATH: process.env.PATH, KUBECONFIG: cluster.controllerKubeconfig, ...controllerEnv(o.log ? { LOG_LEVEL: 'info' } : {}) },
    stdio: ['ignore', o.log ? 'pipe' : 'ignore', 'ignore'],
  });
  if (o.log) child.stdout!.on('data', (b: Buffer) => o.log!.push(b.toString()));
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

interface Lease {
  spec: { holderIdentity?: string; leaseTransitions?: number };
}
const lease = () => cluster.admin.get<Lease>('/apis/coordination.k8s.io/v1/namespaces/sentinel-system/leases/sentinel-tenant-controller');

test('two replicas: one leads; when it is killed the other takes over within the lease duration', async () => {
  const a = spawnController();
  const b = spawnController();
  const holder = await waitFor('a leader', async () => (await lease()).spec.holderIdentity || undefined);
  const leader = holder.endsWith(`_${a.pid}`) ? a : b;
  const standby = leader === a ? b : a;
  expect([a.pid, b.pid].map((p) => holder.endsWith(`_${p}`))).toContain(true);

  const first = uniq('ha').toLowerCase();
  await apply(first, { displayName: 'HA one' });
  await waitReady(cluster.admin, first);

  await killHard(leader);
  const killedAt = Date.now();
  const next = await waitFor('the standby leads', async () => {
    const h = (await lease()).spec.holderIdentity;
    return h && h.endsWith(`_${standby.pid}`) ? h : undefined;
  });
  const failover = Date.now() - killedAt;
  expect(next).not.toBe(holder);
  // Lease duration 3 s in these tests; take-over must come within it (+ one retry period and polling).
  expect(failover).toBeLessThan(3_000 + 1_500);

  const second = uniq('ha').toLowerCase();
  await apply(second, { displayName: 'HA two' });
  await waitReady(cluster.admin, second);
  await killHard(standby);
});

test('fencing: a leader whose last renewal is older than the renew deadline (it was paused) refuses writes at once and gives up leadership', async () => {
  const kube = KubeClient.fromFile(cluster.controllerKubeconfig);
  const leases = '/apis/coordination.k8s.io/v1/namespaces/sentinel-system/leases';
  const name = uniq('fence').toLowerCase();
  const witness = (n: string) => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: `${name}-${n}`, namespace: 'sentinel-system' },
    spec: {},
  });
  let skew = 0; // what a pause looks like from inside: the monotonic clock jumps, no timer has run
  const said: string[] = [];
  const elector = new LeaderElector(kube, {
    namespace: 'sentinel-system',
    name,
    identity: 'fence-test',
    leaseDurationMs: 3_000,
    renewDeadlineMs: 2_000,
    retryPeriodMs: 300,
    logger: createLogger({ level: 'silent', service: 'fence-test' }),
    onStartedLeading: () => said.push('started'),
    onStoppedLeading: () => said.push('stopped'),
    now: () => performance.now() + skew,
  });
  const guarded = kube.guarded(() => elector.fence());
  try {
    elector.start();
    await waitFor('leading', () => elector.holds() || undefined);
    await guarded.create(leases, witness('before'));

    skew += 20_000;
    expect(elector.holds()).toBe(false);
    await expect(guarded.create(leases, witness('paused'))).rejects.toBeInstanceOf(LeadershipLostError);
    expect(said).toEqual(['started', 'stopped']); // given up at the refused write, not at the next renewal
    await expect(kube.get(`${leases}/${name}-paused`)).rejects.toMatchObject({ status: 404 });
    // Reads are not fenced.
    expect((await guarded.get<{ metadata: { name: string } }>(`${leases}/${name}-before`)).metadata.name).toBe(`${name}-before`);

    // Campaigning again (still the holder): it leads and may write again.
    elector.start();
    await waitFor('leading again', () => elector.holds() || undefined);
    await guarded.create(leases, witness('after'));
    expect(said).toEqual(['started', 'stopped', 'started']);
  } finally {
    await elector.stop();
  }
});

test("a leader paused past its lease (SIGSTOP) writes nothing when it resumes; the new leader's work stands", async () => {
  const aLog: string[] = [];
  const a = spawnController({ log: aLog });
  await waitFor('A leads', async () => ((await lease()).spec.holderIdentity ?? '').endsWith(`_${a.pid}`) || undefined);
  const name = uniq('paused').toLowerCase();
  await apply(name, { displayName: 'Paused one' });
  await waitReady(cluster.admin, name);

  a.kill('SIGSTOP');
  const b = spawnController();
  await waitFor('B takes the lease', async () => ((await lease()).spec.holderIdentity ?? '').endsWith(`_${b.pid}`) || undefined, 15_000);
  await apply(name, { displayName: 'Paused two' }); // generation 2: A's informer will hear of it when it wakes
  await waitFor('B reconciled generation 2', async () => (await getTenant(cluster.admin, name))?.status?.observedGeneration === 2 || undefined);
  b.kill('SIGSTOP'); // B's lease stays valid for its duration: A must not take it back before then

  // A witness that any status write by A would replace: a phase and generation no controller would write now.
  await cluster.admin.mergePatch(`${tenantPath(name)}/status`, { status: { phase: 'Pending', observedGeneration: 1 } });
  const before = aLog.length;
  a.kill('SIGCONT');
  await new Promise((r) => setTimeout(r, 1_500)); // < the lease duration (3 s) since B's last renewal
  const t = await getTenant(cluster.admin, name);
  expect(t?.status?.phase).toBe('Pending');
  expect(t?.status?.observedGeneration).toBe(1);
  const woke = aLog.slice(before).join('');
  expect(woke).toContain('leadership lost');
  expect(woke).not.toMatch(/"msg":"(became leader|acquired the lease)"/);

  b.kill('SIGCONT');
  await killHard(a);
  await killHard(b);
});

test('a controller killed mid-reconcile converges after a restart', async () => {
  const names = Array.from({ length: 30 }, () => uniq('burst').toLowerCase());
  const first = spawnController();
  await waitFor('a leader', async () => ((await lease()).spec.holderIdentity ?? '').endsWith(`_${first.pid}`) || undefined);
  const input = names.map((n) => tenantManifest(n, { displayName: `Burst ${n}`, database: { directAccess: true } })).join('\n');
  const r = await cluster.cp.kubectl(['apply', '-f', '-'], { input });
  expect(r.code).toBe(0);
  // Kill it as soon as it has started on them, long before it can have finished.
  await waitFor('the first reconcile', async () => {
    for (const n of names) if ((await getTenant(cluster.admin, n))?.metadata.finalizers?.length) return true;
    return undefined;
  });
  await killHard(first);
  const settledBefore = (await Promise.all(names.map((n) => getTenant(cluster.admin, n)))).filter((t) => condition(t, 'Ready')?.status === 'True').length;
  expect(settledBefore).toBeLessThan(names.length);

  const second = spawnController();
  for (const n of names) {
    const t = await waitReady(cluster.admin, n, 30_000);
    expect(condition(t, 'DirectAccessReady')?.status).toBe('True');
  }
  await killHard(second);
});

test('a quiet watch is resumed, so a change after a long silence is still seen at once', async () => {
  const controller = startTestController(cluster, { CONTROLLER_WATCH_IDLE_MS: '1000', CONTROLLER_RESYNC_MS: '600000' });
  try {
    const warm = uniq('quiet').toLowerCase();
    await apply(warm, { displayName: 'Warm' });
    await waitReady(cluster.admin, warm);
    await new Promise((r) => setTimeout(r, 3_500)); // three idle periods without a single event
    const restarts = await controller.metrics.registry.getSingleMetric('sentinel_controller_watch_restarts_total')!.get();
    expect(restarts.values.find((v) => v.labels.reason === 'ended')?.value ?? 0).toBeGreaterThanOrEqual(2);
    const name = uniq('quiet').toLowerCase();
    const t = Date.now();
    await apply(name, { displayName: 'After the silence' });
    await waitReady(cluster.admin, name);
    expect(Date.now() - t).toBeLessThan(2_000); // not the resync (10 min here)
  } finally {
    await controller.close();
  }
});

test('health, readiness and metrics endpoints; SIGTERM releases the lease and exits 0', async () => {
  const port = await freePort();
  const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'node'), [join(REPO_ROOT, 'controllers', 'tenant', 'dist', 'main.js')], {
    env: { PATH: process.env.PATH, KUBECONFIG: cluster.controllerKubeconfig, ...controllerEnv({ CONTROLLER_PORT: String(port) }) },
    stdio: 'ignore',
  });
  children.add(child);
  const base = `http://127.0.0.1:${port}`;
  await waitFor('ready', async () => (await fetch(`${base}/ready`)).status === 200);
  expect((await fetch(`${base}/health`)).status).toBe(200);
  await waitFor('leading', async () => ((await lease()).spec.holderIdentity ?? '').endsWith(`_${child.pid}`) || undefined);
  const one = uniq('metered').toLowerCase();
  await apply(one, { displayName: 'Metered' });
  await waitReady(cluster.admin, one);
  // The cache has seen the Ready status once the gauge counts it.
  const metrics = await waitFor('the Ready tenant counted', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    return /^sentinel_tenants\{[^}]*phase="Ready"[^}]*\} [1-9]/m.test(text) ? text : undefined;
  });
  for (const name of [
    'sentinel_controller_reconcile_total',
    'sentinel_controller_reconcile_duration_seconds',
    'sentinel_controller_queue_depth',
    'sentinel_controller_retries_total',
    'sentinel_controller_drift_repairs_total',
  ])
    expect(metrics).toContain(name);
  expect(metrics).toMatch(/^sentinel_controller_leader\{[^}]*\} 1$/m);
  // client-go's work queue names, for the dashboards written for Go controllers; the API's metrics are not the controller's.
  expect(metrics).toMatch(/^workqueue_adds_total\{[^}]*name="tenant"[^}]*\} [1-9]/m);
  expect(metrics).not.toMatch(/^(http_request_duration_seconds|sentinel_rate_limited_total)/m);
  // Tenants by phase, from the cache: the same count as the API server's, once the cache has caught up.
  const readyIn = (text: string) => Number(/^sentinel_tenants\{[^}]*phase="Ready"[^}]*\} (\d+)$/m.exec(text)?.[1]);
  const apiReady = async () =>
    (await cluster.admin.get<{ items: { status?: { phase?: string } }[] }>('/apis/sentinel.io/v1beta1/tenants')).items.filter(
      (t) => t.status?.phase === 'Ready',
    ).length;
  await waitFor(
    'the gauge agrees with the API server',
    async () => readyIn(await (await fetch(`${base}/metrics`)).text()) === (await apiReady()) || undefined,
    10_000,
  );
  // The leader checked the wall, and says when.
  expect(metrics).toMatch(/^sentinel_controller_wall_ok\{[^}]*\} 1$/m);
  const checkedAt = Number(/^sentinel_controller_wall_last_check_timestamp_seconds\{[^}]*\} ([\d.e+]+)$/m.exec(metrics)?.[1]);
  expect(Date.now() / 1000 - checkedAt).toBeLessThan(60);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect((await lease()).spec.holderIdentity).toBe('');
});

test('each reconcile is a trace: a span per Tenant with the database work beneath it', async () => {
  const name = uniq('traced').toLowerCase();
  await apply(name, { displayName: 'Traced' });
  const harness = join(REPO_ROOT, 'tests', 'fixtures', 'controller-otel-harness.mjs');
  const env = controllerEnv({ CONTROLLER_LEADER_ELECTION: 'false' });
  const child = spawn(process.execPath, [harness, JSON.stringify(env), cluster.controllerKubeconfig, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.once('exit', r));
  const { spans } = JSON.parse(out) as {
    spans: { name: string; scope: string; traceId: string; spanId: string; parentSpanId?: string; attributes: Record<string, unknown> }[];
  };
  const reconcile = spans.find((s) => s.name === 'reconcile Tenant' && s.attributes['sentinel.tenant'] === name);
  expect(reconcile).toBeDefined();
  const db = spans.filter((s) => s.traceId === reconcile!.traceId && s.scope === '@opentelemetry/instrumentation-pg');
  expect(db.length).toBeGreaterThan(0);
  await waitReady(cluster.admin, name);
});

test('Redis down: the Tenant is still provisioned; only the admin invitation waits, and says so', async () => {
  const deadRedis = `redis://127.0.0.1:${await freePort()}`;
  const controller = startTestController(cluster, { REDIS_URL: deadRedis });
  try {
    const name = uniq('noredis').toLowerCase();
    await apply(name, { displayName: 'No Redis', admin: { email: 'later@example.com' } });
    const t = await waitReady(cluster.admin, name);
    expect(t.status?.adminInvited).toBeUndefined();
    const events = await waitFor('the deferral event', async () => (await eventNames(cluster, name, 'AdminInviteDeferred')) || undefined);
    expect(events).toMatch(/event/);
  } finally {
    await controller.close();
  }
});

test('the API server restarts: the watch resumes and no change is lost', async () => {
  const controller = startTestController(cluster);
  try {
    const before = uniq('restart').toLowerCase();
    await apply(before, { displayName: 'Before restart', plan: 'free' });
    await waitReady(cluster.admin, before);

    await cluster.cp.stopApiServer();
    await new Promise((r) => setTimeout(r, 1_000));
    await cluster.cp.startApiServer();

    const after = uniq('restart').toLowerCase();
    await apply(after, { displayName: 'After restart' });
    await apply(before, { displayName: 'Changed after restart', plan: 'pro' });
    await waitReady(cluster.admin, after);
    const changed = await waitFor('the change observed', async () => {
      const t = await getTenant(cluster.admin, before);
      return t?.status?.observedGeneration === 2 && condition(t, 'Ready')?.status === 'True' ? t : undefined;
    });
    expect(changed.spec.plan).toBe('pro');
    // A restarted API server's watch cache begins at etcd's current revision, which the lease
    // renewals alone keep moving: resuming from the old resourceVersion is answered 410 Gone,
    // and the informer relists.
    const restarts = await controller.metrics.registry.getSingleMetric('sentinel_controller_watch_restarts_total')!.get();
    expect(restarts.values.find((v) => v.labels.reason === 'gone')?.value ?? 0).toBeGreaterThanOrEqual(1);
  } finally {
    await controller.close();
  }
});

test('the database goes away: conditions say so, and the Tenant recovers when it returns', async () => {
  const target = new URL(process.env.DATABASE_PLATFORM_URL!);
  const relay = new DbRelay({ host: target.hostname, port: Number(target.port) });
  await relay.start();
  const controller = startTestController(cluster, {
    DATABASE_URL: relay.via(process.env.DATABASE_URL!),
    DATABASE_PLATFORM_URL: relay.via(process.env.DATABASE_PLATFORM_URL!),
    DB_CONNECT_TIMEOUT_MS: '500',
  });
  try {
    const warm = uniq('db').toLowerCase();
    await apply(warm, { displayName: 'Warm' });
    await waitReady(cluster.admin, warm);

    await relay.stop();
    const name = uniq('db').toLowerCase();
    await apply(name, { displayName: 'While the database is down' });
    const down = await waitFor('DatabaseUnavailable', async () => {
      const t = await getTenant(cluster.admin, name);
      return condition(t, 'DatabaseReady')?.reason === 'DatabaseUnavailable' ? t : undefined;
    });
    expect(condition(down, 'Ready')?.status).toBe('False');
    expect(down.status?.phase).toBe('Failed');
    // One line that says what to do, not the driver's error; and no claim that the wall is fine.
    expect(condition(down, 'DatabaseReady')?.message).toMatch(/^the database cannot be reached; retried with backoff: check that PostgreSQL is up/);
    for (const c of down.status!.conditions!) expect(c.message).not.toMatch(/\n/);
    expect(condition(down, 'PoliciesReady')).toMatchObject({ status: 'Unknown', reason: 'DatabaseUnavailable' });
    // A tenant that was Ready says so too at its next resync.
    const warmDown = await waitFor('the Ready tenant reports the outage', async () => {
      const t = await getTenant(cluster.admin, warm);
      return condition(t, 'DatabaseReady')?.reason === 'DatabaseUnavailable' ? t : undefined;
    });
    expect(condition(warmDown, 'PoliciesReady')?.status).not.toBe('True');

    await relay.start();
    const up = await waitReady(cluster.admin, name, 30_000);
    expect(condition(up, 'DatabaseReady')?.status).toBe('True');
    expect(up.status?.tenantId).toMatch(/^[0-9a-f-]{36}$/);
  } finally {
    await controller.close();
    await relay.stop();
  }
});
