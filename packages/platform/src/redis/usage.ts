import type { RedisClient, RedisHealth } from './index.js';

/** `sentinel:usage:<tenantId>:<YYYY-MM-DD>`: API requests of one tenant on one UTC day. */
export const usageKey = (tenantId: string, day: string) => `sentinel:usage:${tenantId}:${day}`;
export const utcDay = (d = new Date()) => d.toISOString().slice(0, 10);

const KEEP_S = 8 * 86_400;

// INCR and the expiry as one command: with auto-pipelining it shares the write that carries the
// request's cache lookup and quota hit (a MULTI/EXEC was a second write and four commands).
const COUNT = `
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])`;

/**
 * Counts API requests per tenant per UTC day in Redis, for the nightly usage rollup.
 * Fire-and-forget: a request never waits for it, and while Redis is down the count is
 * lost (usage is a statistic, not billing).
 */
export class UsageCounter {
  constructor(
    private readonly redis: RedisClient,
    private readonly health: RedisHealth,
  ) {
    redis.defineCommand('sentinelCountUsage', { numberOfKeys: 1, lua: COUNT });
  }

  count(tenantId: string): void {
    (this.redis as unknown as { sentinelCountUsage(k: string, keepS: number): Promise<unknown> })
      .sentinelCountUsage(usageKey(tenantId, utcDay()), KEEP_S)
      .catch((err: unknown) => this.health.degraded('usage.count', err));
  }
}
