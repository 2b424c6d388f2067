// Wires the Tenant controller together: deps, metrics, the informer, the reconcile
// controller, leader election and the wall and resync timers. The informer runs on every
// replica (a standby has a warm cache and takes over at once); only the leader reconciles.
//
// Leadership lost (the lease could not be renewed in time): the term ends at once, its
// in-flight reconciles are aborted (their signal fires), and once they have returned the
// replica campaigns again with a fresh queue. Nothing acts on stale leadership; the new
// leader, whoever it is, relists and resyncs everything.
import { hostname } from 'node:os';
import { trace } from '@opentelemetry/api';
import type { ControllerConfig, Logger, ProcessMetrics } from '@sentinel/platform';
import { FINALIZER, TENANTS_PATH, isPaused, reconcileRequest, rotateRequest, type Tenant } from './api/tenant.js';
import { createDeps } from './deps.js';
import { registerControllerMetrics } from './metrics.js';
import { TenantReconciler, directAccessEndpoint } from './reconcile/tenant.js';
import { WallListener } from './reconcile/wall-listener.js';
import { WallState, describeDrift } from './reconcile/wall.js';
import { ReconcileController } from './runtime/controller.js';
import { Informer } from './runtime/informer.js';
import type { KubeClient } from './runtime/kube.js';
import { LeaderElector } from './runtime/leader.js';
import { LeaderTerms } from './runtime/terms.js';

export interface ControllerOptions {
  config: ControllerConfig;
  kube: KubeClient;
  logger: Logger;
  identity?: string;
}

export interface Controller {
  identity: string;
  metrics: ProcessMetrics;
  ready(): boolean;
  close(): Promise<void>;
}

const tracer = trace.getTracer('sentinel-tenant-controller');
const WALL_NOTIFY_DEBOUNCE_MS = 100;

/**
 * Which watch events wake a reconcile: a new or vanished object, a spec change (the
 * generation moves), a deletion starting, another object under the same name, the pause
 * annotation set or removed, or a new reconcile or rotation request. Status and other metadata-only
 * updates (most of them the controller's own writes) do not; the periodic resync still
 * reconciles everything, so nothing depends on an event.
 */
function worthReconciling(before: Tenant | undefined, after: Tenant | undefined): boolean {
  if (!before || !after) return true;
  return (
    before.metadata.uid !== after.metadata.uid ||
    before.metadata.generation !== after.metadata.generation ||
    Boolean(before.metadata.deletionTimestamp) !== Boolean(after.metadata.deletionTimestamp) ||
    (!after.metadata.finalizers?.includes(FINALIZER) && !isPaused(after)) ||
    isPaused(before) !== isPaused(after) ||
    reconcileRequest(before) !== reconcileRequest(after) ||
    rotateRequest(before) !== rotateRequest(after)
  );
}

export function startController(o: ControllerOptions): Controller {
  const { config, kube, logger } = o;
  const identity = o.identity ?? `${hostname()}_${process.pid}`;
  // Every write of a leader-only step goes through the fence: once this replica cannot be sure
  // it still leads (its renewal is older than the renew deadline), the write is refused.
  const fence = () => elector?.fence();
  const deps = createDeps({ config, kube, logger, identity, fence });
  /** The current term's controller, once it has started; undefined while not leading. */
  let controller: ReconcileController | undefined;
  const terms = new LeaderTerms({ prepare, start, logger });
  const m = registerControllerMetrics(deps.metrics.registry, {
    queueDepth: () => controller?.depth ?? 0,
    inFlightSeconds: () => controller?.inFlightSeconds() ?? [],
    leading: () => terms.leading,
    phases: () => informer.list().map((t) => t.status?.phase ?? ''),
    wall: () => wall.current(),
  });

  const informer: Informer<Tenant> = new Informer<Tenant>(kube, {
    path: TENANTS_PATH,
    idleMs: config.CONTROLLER_WATCH_IDLE_MS,
    logger,
    onChange: (name, before, after) => terms.leading && worthReconciling(before, after) && controller?.add(name),
    onWatchRestart: (reason) => m.watchRestarts.inc({ reason }),
  });
  const enqueueAll = () => {
    if (!terms.leading || !controller) return;
    for (const t of informer.list()) controller.add(t.metadata.name);
  };

  const wall = new WallState({
    owner: deps.owner,
    direct: deps.direct,
    logger,
    onRepaired: (drifts) => {
      for (const d of drifts) m.drift.inc({ kind: d.kind });
      // Where an operator looks: on each Tenant whose isolation the drift touched. A drift of
      // one tenant's direct-access role concerns that Tenant; anything else (a policy, an RLS
      // flag, a grant, a function, a shared role) is the wall of every tenant.
      const tenants = informer.list();
      const byTenant = new Map<Tenant, string[]>();
      for (const d of drifts) {
        const own = d.role ? tenants.filter((t) => t.status?.directAccessRole === d.role) : [];
        const affected = own.length ? own : tenants;
        for (const t of affected) byTenant.set(t, [...(byTenant.get(t) ?? []), describeDrift(d)]);
      }
      for (const [t, what] of byTenant) deps.events.warning(t, 'WallRepaired', 'RepairWall', `the tenant wall drifted and was repaired: ${what.join(', ')}`);
    },
    onChange: enqueueAll,
    fence,
  });
  // One wall check at a time: a timer tick while one runs joins it. A change notified while a
  // check runs may have come after that check looked: it gets a check of its own afterwards.
  let wallCheck: Promise<unknown> | undefined;
  let wallTermActive = false;
  let wallRecheck = false;
  const checkWall = (): Promise<unknown> =>
    (wallCheck ??= wall.check().finally(() => {
      wallCheck = undefined;
      if (wallRecheck && wallTermActive) {
        wallRecheck = false;
        void checkWall();
      }
    }));
  // Notifications come in bursts (a migration, a repair's own DDL): one check per ~100 ms.
  let wallDebounce: NodeJS.Timeout | undefined;
  const wallChanged = () => {
    if (!wallTermActive || wallDebounce) return;
    wallDebounce = setTimeout(() => {
      wallDebounce = undefined;
      if (!wallTermActive) return;
      if (wallCheck) wallRecheck = true;
      else void checkWall();
    }, WALL_NOTIFY_DEBOUNCE_MS);
  };

  // Role drift fires no event trigger: a one-query look at the roles every
  // CONTROLLER_ROLE_CHECK_MS, which starts a full check (as a notification does) on drift.
  let roleCheck = false;
  const checkRoles = async () => {
    if (!wallTermActive || wallCheck || roleCheck) return;
    roleCheck = true;
    try {
      if ((await wall.rolesDrifted()) && wallTermActive) wallChanged();
    } finally {
      roleCheck = false;
    }
  };

  const reconciler = new TenantReconciler({
    kube: kube.guarded(fence),
    fence,
    provisioning: deps.provisioning,
    direct: deps.direct,
    producer: deps.producer,
    wall,
    events: deps.events,
    logger,
    namespace: config.CONTROLLER_NAMESPACE,
    endpoint: directAccessEndpoint(config),
    read: (name) => informer.get(name),
  });

  // The statement bound a direct-access session cannot SET away: one sweep at a time, leader only.
  let sweeping = false;
  async function watchdog(): Promise<void> {
    if (sweeping || !terms.leading) return;
    sweeping = true;
    try {
      fence();
      for (const s of await deps.direct.watchdog()) {
        m.directSessionsEnded.inc({ action: s.action, reason: s.reason });
        const what =
          s.reason === 'statement'
            ? `a statement of role ${s.role} ran ${(s.ms / 1000).toFixed(1)} s, over the ${config.DIRECT_ACCESS_STATEMENT_TIMEOUT_MS / 1000} s bound`
            : s.reason === 'idle'
              ? `a session of role ${s.role} was idle ${(s.ms / 1000).toFixed(1)} s, over the ${config.DIRECT_ACCESS_IDLE_SESSION_TIMEOUT_MS / 1000} s bound`
              : `a transaction of role ${s.role} was idle ${(s.ms / 1000).toFixed(1)} s, over the ${config.DIRECT_ACCESS_STATEMENT_TIMEOUT_MS / 1000} s bound`;
        const message = `${what}: ${s.action === 'cancel' ? 'statement cancelled' : 'session terminated'} (pid ${s.pid})`;
        logger.info({ tenant: s.slug, role: s.role, pid: s.pid, action: s.action, reason: s.reason, ms: s.ms }, 'direct-access session past its bound');
        const t = informer.get(s.slug);
        if (t && t.status?.tenantId === s.tenantId)
          deps.events.warning(t, s.action === 'cancel' ? 'DirectStatementCancelled' : 'DirectSessionTerminated', 'Watchdog', message);
      }
    } catch (err) {
      logger.warn({ err: { message: (err as Error).message } }, 'direct-access watchdog sweep failed');
    } finally {
      sweeping = false;
    }
  }

  async function prepare(signal: AbortSignal): Promise<void> {
    await informer.waitForSync(signal);
    signal.throwIfAborted();
    await checkWall();
  }

  function start() {
    const mine = new ReconcileController({
      kind: 'Tenant',
      keyName: 'tenant',
      reconciler,
      concurrency: config.CONTROLLER_CONCURRENCY,
      queue: {
        backoffBaseMs: config.CONTROLLER_BACKOFF_BASE_MS,
        backoffMaxMs: config.CONTROLLER_BACKOFF_MAX_MS,
        qps: config.CONTROLLER_QPS,
        burst: config.CONTROLLER_BURST,
        metrics: m.queue,
      },
      metrics: m,
      tracer,
      logger,
    });
    controller = mine;
    mine.start();
    enqueueAll();
    // The timer is the safety net; the listener makes a change to the wall a check at once.
    const timers = [
      setInterval(enqueueAll, config.CONTROLLER_RESYNC_MS),
      setInterval(() => void checkWall(), config.CONTROLLER_WALL_CHECK_MS),
      setInterval(() => void checkRoles(), config.CONTROLLER_ROLE_CHECK_MS),
      setInterval(() => void watchdog(), config.DIRECT_ACCESS_WATCHDOG_MS),
    ];
    wallTermActive = true;
    const listener = new WallListener({
      url: config.DATABASE_URL,
      logger,
      onNotify: (payload) => {
        logger.debug({ payload }, 'the tenant wall changed');
        wallChanged();
      },
      onConnected: ({ reconnected }) => reconnected && wallChanged(),
    });
    listener.start();
    return {
      async stop(lost?: Error) {
        for (const t of timers) clearInterval(t);
        wallTermActive = false;
        clearTimeout(wallDebounce);
        wallDebounce = undefined;
        await listener.stop();
        if (controller === mine) controller = undefined;
        await mine.stop(lost);
        await wallCheck;
      },
    };
  }

  let stopping = false;
  const elector = config.CONTROLLER_LEADER_ELECTION
    ? new LeaderElector(kube, {
        namespace: config.CONTROLLER_NAMESPACE,
        name: config.CONTROLLER_LEASE_NAME,
        identity,
        leaseDurationMs: config.CONTROLLER_LEASE_DURATION_MS,
        renewDeadlineMs: config.CONTROLLER_RENEW_DEADLINE_MS,
        retryPeriodMs: config.CONTROLLER_RETRY_PERIOD_MS,
        logger,
        onStartedLeading: () => !stopping && terms.begin(),
        onStoppedLeading: () => void terms.end(new Error('leadership lost')).then(() => !stopping && elector?.start()),
      })
    : undefined;

  informer.start();
  if (elector) elector.start();
  else terms.begin();
  logger.info({ identity, leaderElection: config.CONTROLLER_LEADER_ELECTION }, 'tenant controller started');

  let closing: Promise<void> | undefined;
  return {
    identity,
    metrics: deps.metrics,
    ready: () => informer.hasSynced,
    close: () =>
      (closing ??= (async () => {
        stopping = true;
        await terms.end(); // in-flight reconciles finish
        await elector?.stop(); // release the lease so a successor starts at once
        await informer.close();
        await deps.close();
      })()),
  };
}
