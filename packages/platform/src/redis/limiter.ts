import type { RedisClient, RedisHealth } from './index.js';

export interface WindowState {
  /** Hits in the current window, including this one for `hit`. */
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

// INCR then set the expiry on the first hit: a fixed window per key, atomic.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

const MEMORY_MAX_KEYS = 50_000;

/**
 * Fixed-window counters in Redis, shared by every API instance. While Redis is
 * unreachable the same counters live in this process's memory (bounded), so
 * quotas and login throttling keep working per instance instead of failing open.
 */
export class WindowLimiter {
  private readonly memory = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly redis: RedisClient,
    private readonly health: RedisHealth,
  ) {
    redis.defineCommand('sentinelHit', { numberOfKeys: 1, lua: HIT });
  }

  async hit(key: string, windowMs: number): Promise<WindowState> {
    try {
      const [count, resetMs] = await (this.redis as unknown as { sentinelHit(k: string, w: number): Promise<[number, number]> }).sentinelHit(key, windowMs);
      return { count, resetMs };
    } catch (err) {
      this.health.degraded('limiter.hit', err);
      return this.memoryHit(key, windowMs);
    }
  }

  async peek(key: string): Promise<WindowState> {
    try {
      const [v, ttl] = await this.redis
        .multi()
        .get(key)
        .pttl(key)
        .exec()
        .then((r) => (r ?? []).map((x) => x[1]));
      return { count: Number(v ?? 0), resetMs: Math.max(Number(ttl ?? 0), 0) };
    } catch (err) {
      this.health.degraded('limiter.peek', err);
      const m = this.memory.get(key);
      const now = Date.now();
      return m && m.resetAt > now ? { count: m.count, resetMs: m.resetAt - now } : { count: 0, resetMs: 0 };
    }
  }

  /** Sets a marker that `peek` reads as a count of 1 for `ttlMs` (renewed by each call). */
  async remember(key: string, ttlMs: number): Promise<void> {
    this.memorySet(key, 1, ttlMs);
    try {
      await this.redis.set(key, '1', 'PX', ttlMs);
    } catch (err) {
      this.health.degraded('limiter.remember', err);
    }
  }

  async reset(key: string): Promise<void> {
    this.memory.delete(key);
    try {
      await this.redis.del(key);
    } catch (err) {
      this.health.degraded('limiter.reset', err);
    }
  }

  private memorySet(key: string, count: number, ttlMs: number): void {
    const now = Date.now();
    if (!this.memory.has(key) && this.memory.size >= MEMORY_MAX_KEYS) this.evict(now);
    this.memory.set(key, { count, resetAt: now + ttlMs });
  }

  private memoryHit(key: string, windowMs: number): WindowState {
    const now = Date.now();
    let m = this.memory.get(key);
    if (!m || m.resetAt <= now) {
      if (this.memory.size >= MEMORY_MAX_KEYS) this.evict(now);
      m = { count: 0, resetAt: now + windowMs };
      this.memory.set(key, m);
    }
    m.count++;
    return { count: m.count, resetMs: m.resetAt - now };
  }

  private evict(now: number): void {
    for (const [k, v] of this.memory) if (v.resetAt <= now) this.memory.delete(k);
    // Still full: drop the oldest windows (Map keeps insertion order).
    for (const k of this.memory.keys()) {
      if (this.memory.size < MEMORY_MAX_KEYS * 0.9) break;
      this.memory.delete(k);
    }
  }
}
