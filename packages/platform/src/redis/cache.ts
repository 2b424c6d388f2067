import type { ProcessMetrics } from '../telemetry/metrics.js';
import { delMany, getMany, type RedisClient, type RedisHealth } from './index.js';

/**
 * Cache-aside over Redis for hot lookups. Every Redis failure degrades to a miss
 * (reads) or a no-op (writes): the database stays the source of truth, and the
 * API keeps serving while Redis is down.
 */
export class Cache {
  constructor(
    private readonly redis: RedisClient,
    private readonly ttlSeconds: number,
    private readonly health: RedisHealth,
    private readonly metrics?: ProcessMetrics,
  ) {}

  /** One round trip for several keys (in a cluster, one per master). `cache` names the lookup in metrics. */
  async getMany<T>(cache: string, keys: string[]): Promise<(T | undefined)[]> {
    try {
      const raw = await getMany(this.redis, keys);
      return raw.map((v) => {
        this.metrics?.cacheRequests.inc({ cache, result: v === null ? 'miss' : 'hit' });
        return v === null ? undefined : (JSON.parse(v) as T);
      });
    } catch (err) {
      this.health.degraded('cache.get', err);
      this.metrics?.cacheRequests.inc({ cache, result: 'error' }, keys.length);
      return keys.map(() => undefined);
    }
  }

  /** `ttlSeconds` overrides the cache's own (negative entries live shorter). */
  async set(key: string, value: unknown, ttlSeconds = this.ttlSeconds): Promise<void> {
    try {
      await this.redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
    } catch (err) {
      this.health.degraded('cache.set', err);
    }
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await delMany(this.redis, keys);
    } catch (err) {
      this.health.degraded('cache.del', err);
    }
  }

  async getOrLoad<T>(cache: string, key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const [hit] = await this.getMany<T>(cache, [key]);
    if (hit !== undefined) return hit;
    const value = await load();
    if (value !== undefined) await this.set(key, value);
    return value;
  }
}

/** Cache keys, in one place so writers and readers agree. */
export const cacheKeys = {
  tenantById: (id: string) => `sentinel:cache:tenant:id:${id}`,
  tenantBySlug: (slug: string) => `sentinel:cache:tenant:slug:${slug}`,
  user: (tenantId: string, userId: string) => `sentinel:cache:user:${tenantId}:${userId}`,
  apiKey: (tenantId: string, keyId: string) => `sentinel:cache:apikey:${tenantId}:${keyId}`,
};
