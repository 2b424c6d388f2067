// The controller's runtime: informer → work queue → reconcile workers, gated by
// leader election, with resync and wall-check timers, metrics and traces. The
// informer runs on every replica (a standby has a warm cache and takes over at
// once); only the leader reconciles.
import { hostname } from 'node:os';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { Counter, Gauge, Histogram } from 'prom-client';
import {
  Cache,
  DirectAccess,
  JobProducer,
  OwnerDb,
  PlatformDb,
  Provisioning,
  RedisHealth,
  bullConnection,
  createMetrics,
  createRedis,
  type ControllerConfig,
  type Logger,
  type Metrics,
} from '@sentinel/platform';
import { FINALIZER, TENANTS_PATH, type Tenant } from './api/tenant.js';
import { TenantReconciler, type DirectAccessEndpoint } from './reconcile/tenant.js';
import { WallState } from './reconcile/wall.js';
import { EventRecorder } from './runtime/events.js';
import { Informer } from './runtime/informer.js';
import type { KubeClient } from './runtime/kube.js';
import { LeaderElector } from './runtime/leader.js';
import { WorkQueue } from './runtime/queue.js';

export interface ControllerOptions {
  config: ControllerConfig;
  kube: KubeClient;
  logger: Logger;
  identity?: string;
}

export interface Controller {
  identity: string;
  metrics: Metrics;
  ready(): boolean;
  close(): Promise<void>;
}

const tracer = trace.getTracer('sentinel-tenant-controller');

function endpointFrom(config: ControllerConfig): DirectAccessEndpoint {
  const u = new URL(config.DATABASE_PLATFORM_URL);
  return {
    host: config.DIRECT_ACCESS_HOST ?? u.hostname,
    port: config.DIRECT_ACCESS_PORT ?? Number(u.port || 5432),
    database: config.DIRECT_ACCESS_DATABASE ?? decodeURIComponent(u.pathname.slice(1)),
  };
}

/**
 * Which watch events wake a reconcile: a new or vanished object, a spec change (the
 * generation moves), a deletion starting, or another object under the same name. Status
 * and metadata-only updates (most of them the controller's own writes) do not; the
 * periodic resync still reconciles everything, so nothing depends on an event.
 */
function worthReconciling(before: Tenant | undefined, after: Tenant | undefined): boolean {
  if (!before || !after) return true;
  return (
    before.metadata.uid !== after.metadata.uid ||
    before.metadata.generation !== after.metadata.generation ||
    Boolean(before.metadata.deletionTimestamp) !== Boolean(after.metadata.deletionTimestamp) ||
    !after.metadata.finalizers?.includes(FINALIZER)
  );
}

export function startController(o: ControllerOptions): Controller {
  const { config, kube, logger } = o;
  const identity = o.identity ?? `${hostname()}_${process.pid}`;
  const metrics = createMetrics('tenant-controller');
  const m = {
    reconciles: new Counter({
      name: 'sentinel_controller_reconcile_total',
      help: 'Reconciles by result',
      labelNames: ['result'] as const,
      registers: [metrics.registry],
    }),
    duration: new Histogram({
      name: 'sentinel_controller_reconcile_duration_seconds',
      help: 'Reconcile duration',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    }),
    retries: new Counter({ name: 'sentinel_controller_retries_total', help: 'Reconciles requeued with backoff after an error', registers: [metrics.registry] }),
    drift: new Counter({
      name: 'sentinel_controller_drift_repairs_total',
      help: 'Tenant wall drift repaired, by kind',
      labelNames: ['kind'] as const,
      registers: [metrics.registry],
    }),
    watchRestarts: new Counter({
      name: 'sentinel_controller_watch_restarts_total',
      help: 'Watch restarts by reason',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    }),
  };
  const newQueue = () =>
    new WorkQueue({
      backoffBaseMs: config.CONTROLLER_BACKOFF_BASE_MS,
      backoffMaxMs: config.CONTROLLER_BACKOFF_MAX_MS,
      qps: config.CONTROLLER_QPS,
      burst: config.CONTROLLER_BURST,
    });
  let queue = newQueue();
  let leader = !config.CONTROLLER_LEADER_ELECTION;
  new Gauge({ name: 'sentinel_controller_queue_depth', help: 'Keys waiting in the work queue', registers: [metrics.registry], collect() { this.set(queue.depth); } }); // prettier-ignore
  new Gauge({ name: 'sentinel_controller_leader', help: '1 while this replica leads', registers: [metrics.registry], collect() { this.set(leader ? 1 : 0); } }); // prettier-ignore

  const owner = new OwnerDb(config, logger, metrics);
  const platformDb = new PlatformDb(config, logger, metrics);
  const redis = createRedis(config.REDIS_URL, logger);
  const cache = new Cache(redis, config.CACHE_TTL_S, new RedisHealth(redis, logger, metrics), metrics);
  const bull = bullConnection(config.REDIS_URL, { forWorker: false });
  const producer = new JobProducer(bull, config.QUEUE_PREFIX);
  const events = new EventRecorder(kube, { controller: 'sentinel.io/tenant-controller', instance: identity, logger });

  const informer: Informer<Tenant> = new Informer<Tenant>(kube, {
    path: TENANTS_PATH,
    idleMs: config.CONTROLLER_WATCH_IDLE_MS,
    logger,
    onChange: (name, before, after) => leader && worthReconciling(before, after) && queue.add(name),
    onWatchRestart: (reason) => m.watchRestarts.inc({ reason }),
  });
  const enqueueAll = () => {
    for (const t of informer.list()) queue.add(t.metadata.name);
  };
  const leaseRef = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: config.CONTROLLER_LEASE_NAME, namespace: config.CONTROLLER_NAMESPACE },
  };
  const direct = new DirectAccess(owner);
  const wall = new WallState({
    owner,
    direct,
    logger,
    onRepaired: (drifts) => {
      for (const d of drifts) m.drift.inc({ kind: d.kind });
      events.warning(leaseRef, 'PolicyDriftRepaired', 'RepairWall', drifts.map((d) => `${d.kind} ${d.table}${d.policy ? `.${d.policy}` : ''}`).join(', '));
    },
    onChange: enqueueAll,
  });
  const reconciler = new TenantReconciler({
    kube,
    provisioning: new Provisioning(platformDb, cache),
    direct,
    producer,
    wall,
    events,
    logger,
    namespace: config.CONTROLLER_NAMESPACE,
    endpoint: endpointFrom(config),
    read: (name) => informer.get(name),
  });

  let stopping = false;
  const workers: Promise<void>[] = [];
  const timers: NodeJS.Timeout[] = [];

  async function worker(): Promise<void> {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      const end = m.duration.startTimer();
      await tracer.startActiveSpan('reconcile Tenant', { attributes: { 'sentinel.tenant': key } }, async (span) => {
        try {
          const r = await reconciler.reconcile(key);
          queue.forget(key);
          if (r.requeueAfterMs !== undefined) queue.addAfter(key, r.requeueAfterMs);
          m.reconciles.inc({ result: r.requeueAfterMs !== undefined ? 'requeue' : 'success' });
        } catch (err) {
          const delay = queue.addRateLimited(key);
          m.reconciles.inc({ result: 'error' });
          m.retries.inc();
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
          logger.warn({ err: { message: (err as Error).message }, tenant: key, retryInMs: delay, attempt: queue.retries(key) }, 'reconcile failed; will retry');
        } finally {
          span.end();
          end();
          queue.done(key);
        }
      });
    }
  }

  async function stopLeading(): Promise<void> {
    leader = false;
    for (const t of timers.splice(0)) clearInterval(t);
    queue.shutdown();
    await Promise.all(workers.splice(0));
    queue = newQueue();
  }

  async function startLeading(): Promise<void> {
    leader = true;
    await informer.waitForSync();
    await wall.check();
    if (stopping) return;
    for (let i = 0; i < config.CONTROLLER_CONCURRENCY; i++) workers.push(worker());
    enqueueAll();
    timers.push(setInterval(enqueueAll, config.CONTROLLER_RESYNC_MS));
    timers.push(setInterval(() => void wall.check(), config.CONTROLLER_WALL_CHECK_MS));
  }

  const elector = config.CONTROLLER_LEADER_ELECTION
    ? new LeaderElector(kube, {
        namespace: config.CONTROLLER_NAMESPACE,
        name: config.CONTROLLER_LEASE_NAME,
        identity,
        leaseDurationMs: config.CONTROLLER_LEASE_DURATION_MS,
        renewDeadlineMs: config.CONTROLLER_RENEW_DEADLINE_MS,
        retryPeriodMs: config.CONTROLLER_RETRY_PERIOD_MS,
        logger,
        onStartedLeading: () => void startLeading(),
        // Renewal failed (API server unreachable, partition): stop reconciling at once, let
        // in-flight reconciles finish, and campaign again with a fresh queue. Nothing acts
        // on stale leadership; the new leader, whoever it is, relists and resyncs everything.
        onStoppedLeading: () => void stopLeading().then(() => !stopping && elector?.start()),
      })
    : undefined;

  informer.start();
  if (elector) elector.start();
  else void startLeading();
  logger.info({ identity, leaderElection: config.CONTROLLER_LEADER_ELECTION }, 'tenant controller started');

  return {
    identity,
    metrics,
    ready: () => informer.hasSynced,
    async close() {
      if (stopping) return;
      stopping = true;
      for (const t of timers.splice(0)) clearInterval(t);
      queue.shutdown();
      await Promise.all(workers.splice(0)); // in-flight reconciles finish
      await elector?.stop(); // release the lease so a successor starts at once
      leader = false;
      await informer.close();
      await Promise.allSettled([owner.close(), platformDb.close()]);
      // With Redis unreachable, BullMQ's close waits for a connection that never comes: bound it.
      const redisClosed = Promise.allSettled([producer.close(), bull.quit(), redis.quit()]);
      await Promise.race([redisClosed, new Promise((r) => setTimeout(r, 2_000).unref())]);
      bull.disconnect();
      redis.disconnect();
    },
  };
}
