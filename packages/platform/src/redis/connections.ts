// The Redis side of a process that serves or reconciles (the API, the Tenant controller):
// one ioredis client for the cache and the limits, its health, the cache, and a BullMQ
// producer on a connection of its own (BullMQ wants its own). The worker and the scheduler
// build theirs around BullMQ's Worker instead.
import type { Config } from '../config.js';
import type { ProcessMetrics } from '../telemetry/metrics.js';
import type { Logger } from '../telemetry/logger.js';
import { JobProducer, bullConnection } from '../queues/index.js';
import { Cache } from './cache.js';
import { RedisHealth, createRedis, type Redis } from './index.js';

export interface RedisSide {
  redis: Redis;
  redisHealth: RedisHealth;
  cache: Cache;
  producer: JobProducer;
  /** Quits both connections; bounded, since BullMQ waits forever for an unreachable Redis. */
  close(): Promise<void>;
}

export function openRedisSide(
  config: Pick<Config, 'REDIS_URL' | 'CACHE_TTL_S' | 'QUEUE_PREFIX'>,
  logger: Logger,
  metrics: ProcessMetrics,
  closeWithinMs = 2_000,
): RedisSide {
  const redis = createRedis(config.REDIS_URL, logger);
  const redisHealth = new RedisHealth(redis, logger, metrics);
  const bull = bullConnection(config.REDIS_URL, { forWorker: false });
  const producer = new JobProducer(bull, config.QUEUE_PREFIX);
  let closing: Promise<void> | undefined;
  return {
    redis,
    redisHealth,
    cache: new Cache(redis, config.CACHE_TTL_S, redisHealth, metrics),
    producer,
    close: () =>
      (closing ??= (async () => {
        const quit = Promise.allSettled([producer.close().then(() => bull.quit()), redis.quit()]);
        await Promise.race([quit, new Promise((r) => setTimeout(r, closeWithinMs).unref())]);
        bull.disconnect();
        redis.disconnect();
      })()),
  };
}
