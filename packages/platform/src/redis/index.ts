import { Cluster, Redis } from 'ioredis';
import type { Logger } from '../telemetry/logger.js';
import type { ProcessMetrics } from '../telemetry/metrics.js';

export { Cluster, Redis };

/**
 * What every Redis user holds: one Redis (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES).
 * Made by redisConnection (connections.ts). The commands Sentinel sends work on both as long as
 * each multi-key command, MULTI and script keeps its keys in one hash slot (docs/scaling.md).
 */
export type RedisClient = Redis | Cluster;

/**
 * A connection that sent a command and has heard nothing for this long is destroyed and made
 * again. Redis answers in milliseconds; silence this long means the peer is gone without a
 * word (its pod replaced under the same Service, a node lost): no RST arrives, and without this
 * the socket would wait for TCP to give up (minutes) while every command times out.
 */
export const REDIS_SOCKET_TIMEOUT_MS = 3_000;

/**
 * GET of several keys in one round trip. One Redis: MGET. A cluster refuses an MGET whose keys
 * sit in different hash slots (CROSSSLOT), so there it is one GET per key: ioredis's
 * auto-pipelining still sends them in one write per master.
 */
export function getMany(redis: RedisClient, keys: string[]): Promise<(string | null)[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return redis instanceof Cluster ? Promise.all(keys.map((k) => redis.get(k))) : redis.mget(...keys);
}

/** DEL of several keys: one command on one Redis, one per key on a cluster (keys in different slots). */
export async function delMany(redis: RedisClient, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  if (redis instanceof Cluster) await Promise.all(keys.map((k) => redis.del(k)));
  else await redis.del(...keys);
}

/**
 * Tracks whether Redis is usable and turns an outage into one warning (and one
 * "back" line), however many operations hit it in between.
 */
export class RedisHealth {
  private down = false;
  constructor(
    redis: RedisClient,
    private readonly logger: Logger,
    private readonly metrics?: ProcessMetrics,
  ) {
    const back = () => {
      if (this.down) {
        this.down = false;
        this.logger.info('redis is reachable again; cache, quotas and throttling use it again');
      }
    };
    redis.on('ready', back);
    // A cluster stays "ready" while one master is away; a master it reconnects to is a new node.
    if (redis instanceof Cluster) redis.on('+node', back);
  }

  /** Record a failed operation that the caller has worked around. */
  degraded(operation: string, err: unknown): void {
    this.metrics?.redisUnavailable.inc({ operation });
    if (!this.down) {
      this.down = true;
      this.logger.warn(
        { err: { message: (err as Error)?.message }, operation },
        'redis unavailable: cache bypassed, quotas and login throttling enforced per instance in memory',
      );
    }
  }
}
