// The controller's own metrics, on the registry the platform's pool metrics use
// (one /metrics for the process). docs/controller.md lists them.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ReconcileMetrics } from './runtime/controller.js';

export interface ControllerMetrics extends ReconcileMetrics {
  drift: Counter<'kind'>;
  watchRestarts: Counter<'reason'>;
}

export interface ControllerState {
  queueDepth(): number;
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
  return {
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
  };
}
