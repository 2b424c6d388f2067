// The controller's own metrics, on the registry the platform's pool metrics use
// (one /metrics for the process). docs/controller.md lists them. The work queue's are
// also published under client-go's names (workqueue_*, label name="tenant"), which the
// usual controller dashboards and alerts read.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ReconcileMetrics } from './runtime/controller.js';
import type { QueueMetrics } from './runtime/queue.js';

export interface ControllerMetrics extends ReconcileMetrics {
  drift: Counter<'kind'>;
  watchRestarts: Counter<'reason'>;
  directSessionsEnded: Counter<'action' | 'reason'>;
  queue: QueueMetrics;
}

export interface ControllerState {
  queueDepth(): number;
  /** How long each reconcile in flight has run so far, in seconds. */
  inFlightSeconds(): number[];
  leading(): boolean;
  /** Tenant resources in the informer's cache, by status.phase ("" before a first status). */
  phases(): Iterable<string>;
  /** The last wall check this replica made (only the leader checks). */
  wall(): { ok: boolean | undefined; checkedAt?: number };
}

/** The gauges read the manager's state when scraped. */
export function registerControllerMetrics(registry: Registry, state: ControllerState): ControllerMetrics {
  const registers = [registry];
  new Gauge({ name: 'sentinel_controller_queue_depth', help: 'Keys waiting in the work queue', registers, collect() { this.set(state.queueDepth()); } }); // prettier-ignore
  new Gauge({ name: 'sentinel_controller_leader', help: '1 while this replica leads', registers, collect() { this.set(state.leading() ? 1 : 0); } }); // prettier-ignore
  new Gauge({
    name: 'sentinel_tenants',
    help: 'Tenant resources by phase (Pending, Ready, Suspended, Failed, Deleting; Unknown before a first status)',
    labelNames: ['phase'] as const,
    registers,
    collect() {
      this.reset();
      const n = new Map<string, number>();
      for (const p of state.phases()) n.set(p || 'Unknown', (n.get(p || 'Unknown') ?? 0) + 1);
      for (const [phase, count] of n) this.set({ phase }, count);
    },
  });
  new Gauge({
    name: 'sentinel_controller_wall_ok',
    help: 'The last tenant wall check: 1 intact (or repaired), 0 failed, -1 not checked by this replica (a standby)',
    registers,
    collect() {
      const w = state.wall().ok;
      this.set(w === undefined ? -1 : w ? 1 : 0);
    },
  });
  new Gauge({
    name: 'sentinel_controller_wall_last_check_timestamp_seconds',
    help: 'When this replica last finished a tenant wall check (Unix time; 0: never)',
    registers,
    collect() {
      this.set(state.wall().checkedAt ?? 0);
    },
  });
  const queue = registerWorkqueueMetrics(registry, 'tenant', state);
  return {
    queue,
    reconciles: new Counter({ name: 'sentinel_controller_reconcile_total', help: 'Reconciles by result', labelNames: ['result'] as const, registers }),
    duration: new Histogram({
      name: 'sentinel_controller_reconcile_duration_seconds',
      help: 'Reconcile duration',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    retries: new Counter({ name: 'sentinel_controller_retries_total', help: 'Reconciles requeued with backoff after an error', registers }),
    drift: new Counter({
      name: 'sentinel_controller_drift_repairs_total',
      help: 'Tenant wall drift repaired, by kind',
      labelNames: ['kind'] as const,
      registers,
    }),
    watchRestarts: new Counter({
      name: 'sentinel_controller_watch_restarts_total',
      help: 'Watch restarts by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    directSessionsEnded: new Counter({
      name: 'sentinel_controller_direct_sessions_ended_total',
      help: 'Direct-access sessions the watchdog cancelled or terminated, by action and reason (statement, idle_in_transaction, idle)',
      labelNames: ['action', 'reason'] as const,
      registers,
    }),
  };
}

/** client-go's workqueue metrics (k8s.io/component-base/metrics/prometheus/workqueue), same names, label and buckets. */
function registerWorkqueueMetrics(registry: Registry, name: string, state: ControllerState): QueueMetrics {
  const registers = [registry];
  const labelNames = ['name'] as const;
  const buckets = Array.from({ length: 10 }, (_, i) => Number((1e-8 * 10 ** i).toPrecision(1))); // 10 ns to 10 s
  new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue', labelNames, registers, collect() { this.set({ name }, state.queueDepth()); } }); // prettier-ignore
  new Gauge({
    name: 'workqueue_unfinished_work_seconds',
    help: "How many seconds of work has been done that is in progress and hasn't been observed by work_duration",
    labelNames,
    registers,
    collect() {
      this.set(
        { name },
        state.inFlightSeconds().reduce((a, b) => a + b, 0),
      );
    },
  });
  new Gauge({
    name: 'workqueue_longest_running_processor_seconds',
    help: 'How many seconds has the longest running processor for workqueue been running',
    labelNames,
    registers,
    collect() {
      this.set({ name }, Math.max(0, ...state.inFlightSeconds()));
    },
  });
  const adds = new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames, registers });
  const retries = new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames, registers });
  const waited = new Histogram({
    name: 'workqueue_queue_duration_seconds',
    help: 'How long in seconds an item stays in workqueue before being requested',
    labelNames,
    buckets,
    registers,
  });
  const worked = new Histogram({
    name: 'workqueue_work_duration_seconds',
    help: 'How long in seconds processing an item from workqueue takes',
    labelNames,
    buckets,
    registers,
  });
  // Zero series from the start, as client-go's: a rate() over a counter that appears late misses its first increase.
  adds.inc({ name }, 0);
  retries.inc({ name }, 0);
  return {
    added: () => adds.inc({ name }),
    retried: () => retries.inc({ name }),
    waited: (s) => waited.observe({ name }, s),
    worked: (s) => worked.observe({ name }, s),
  };
}
