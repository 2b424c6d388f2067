import { Redis } from 'ioredis';
import type { Logger } from '../telemetry/logger.js';
import type { ProcessMetrics } from '../telemetry/metrics.js';

export { Redis };

/**
 * A connection that sent a command and has heard nothing for this long is destroyed and made
 * again. Redis answers in milliseconds; silence this long means the peer is gone without a
 * word (its pod replaced under the same Service, a node lost): no RST arrives, and without this
 * the socket would wait for TCP to give up (minutes) while every command times out.
 */
export const REDIS_SOCKET_TIMEOUT_MS = 3_000;

/**
 * A Redis client for cache, quotas and throttling. Commands fail fast while Redis
 * is unreachable (no offline queue, short command timeout) so that callers can
 * degrade instead of waiting; the client keeps reconnecting in the background.
 */
export function createRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    socketTimeout: REDIS_SOCKET_TIMEOUT_MS,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
    lazyConnect: false,
    // Commands issued in the same tick (a request's cache lookup and quota hit) share one write.
    enableAutoPipelining: true,
  });
  // Without a listener ioredis logs every failed reconnect attempt itself.
  redis.on('error', () => {});
  redis.on('ready', () => logger.debug('redis ready'));
  return redis;
}

/**
 * Tracks whether Redis is usable and turns an outage into one warning (and one
 * "back" line), however many operations hit it in between.
 */
export class RedisHealth {
  private down = false;
  constructor(
    redis: Redis,
    private readonly logger: Logger,
    private readonly metrics?: ProcessMetrics,
  ) {
    redis.on('ready', () => {
      if (this.down) {
        this.down = false;
        this.logger.info('redis is reachable again; cache, quotas and throttling use it again');
      }
    });
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
