import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * A registry per service instance (tests build several apps in one process).
 * Label values are bounded: route templates, never raw ids.
 */
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * What every process reports: Node's default metrics, its pools, its cache and Redis.
 * A process that serves no API (the Tenant controller) uses this alone.
 */
export function createProcessMetrics(service: string) {
  const registry = new Registry();
  const pools = new Map<string, PoolStats>();
  let replica: (() => { up: boolean; lagSeconds: number | null }) | undefined;
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    cacheRequests: new Counter({
      name: 'sentinel_cache_requests_total',
      help: 'Cache lookups by cache name and result (hit, miss, error)',
      labelNames: ['cache', 'result'] as const,
      registers: [registry],
    }),
    redisUnavailable: new Counter({
      name: 'sentinel_redis_unavailable_total',
      help: 'Operations that went on without Redis (cache bypassed, quota or throttle degraded)',
      labelNames: ['operation'] as const,
      registers: [registry],
    }),
    dbPoolConnections: new Gauge({
      name: 'sentinel_db_pool_connections',
      help: 'Database pool connections by pool and state (total, idle, waiting = queued clients)',
      labelNames: ['pool', 'state'] as const,
      registers: [registry],
      // Sampled on scrape rather than on every checkout.
      collect() {
        for (const [pool, p] of pools) {
          this.set({ pool, state: 'total' }, p.totalCount);
          this.set({ pool, state: 'idle' }, p.idleCount);
          this.set({ pool, state: 'waiting' }, p.waitingCount);
        }
      },
    }),
    dbReplicaLag: new Gauge({
      name: 'sentinel_db_replica_lag_seconds',
      help: 'How far the read replica (DATABASE_READ_URL) is behind the primary, from its last probe: the age of the oldest primary WAL position it has not replayed (0 when none)',
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        this.reset();
        const r = replica?.();
        if (r && r.lagSeconds !== null) this.set({ pool: 'replica' }, r.lagSeconds);
      },
    }),
    dbReplicaUp: new Gauge({
      name: 'sentinel_db_replica_up',
      help: '1 while the read replica serves reads; 0 while they fall back to the primary (unreachable, or lagging more than DB_READ_MAX_LAG_MS)',
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        this.reset();
        const r = replica?.();
        if (r) this.set({ pool: 'replica' }, r.up ? 1 : 0);
      },
    }),
    dbReads: new Counter({
      name: 'sentinel_db_routed_reads_total',
      help: 'Reads that may go to the read replica, by where they ran (replica, or primary as the fallback)',
      labelNames: ['target'] as const,
      registers: [registry],
    }),
    /** Report the read replica's state on /metrics. */
    trackReplica(probe: () => { up: boolean; lagSeconds: number | null }) {
      replica = probe;
    },
    /** Report a pool's connections on /metrics. */
    trackPool(name: string, pool: PoolStats) {
      pools.set(name, pool);
    },
  };
}

export type ProcessMetrics = ReturnType<typeof createProcessMetrics>;

/** The process's metrics and the HTTP API's: request durations and refusals by quota or throttle. */
export function createMetrics(service: string) {
  const base = createProcessMetrics(service);
  const registers = [base.registry];
  return {
    ...base,
    httpRequestDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    rateLimited: new Counter({
      name: 'sentinel_rate_limited_total',
      help: 'Requests refused by a quota or throttle',
      labelNames: ['limit'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
