import type { RedisClient, RedisHealth } from './index.js';

/** `sentinel:usage:<tenantId>:<YYYY-MM-DD>`: API requests of one tenant on one UTC day. */
export const usageKey = (tenantId: string, day: string) => `sentinel:usage:${tenantId}:${day}`;
export const utcDay = (d = new Date()) => d.toISOString().slice(0, 10);

const KEEP_S = 8 * 86_400;

/**
 * Counts API requests per tenant per UTC day in Redis, for the nightly usage rollup.
 * Fire-and-forget: a request never waits for it, and while Redis is down the count is
 * lost (usage is a statistic, not billing).
 */
export class UsageCounter {
  constructor(
    private readonly redis: RedisClient,
    private readonly health: RedisHealth,
  ) {}

  count(tenantId: string): void {
    const key = usageKey(tenantId, utcDay());
    this.redis
      .multi()
      .incr(key)
      .expire(key, KEEP_S)
      .exec()
      .catch((err: unknown) => this.health.degraded('usage.count', err));
  }
}
