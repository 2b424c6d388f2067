// What the API needs from the outside world, built once at boot and closed once at
// shutdown. Tests build their own (real PostgreSQL and Redis) and pass them to buildApp.
import {
  AppDb,
  Cache,
  JobProducer,
  PlatformDb,
  RedisHealth,
  UsageCounter,
  WindowLimiter,
  createLogger,
  createMetrics,
  openRedisSide,
  type Config,
  type Logger,
  type Metrics,
  type RedisClient,
} from '@sentinel/platform';

export interface ApiDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  appDb: AppDb;
  /** Reaches only the platform-admin paths (tenants, cross-tenant audit); see app.ts. */
  platformDb: PlatformDb;
  redis: RedisClient;
  redisHealth: RedisHealth;
  cache: Cache;
  limiter: WindowLimiter;
  /** The clock TOTP codes are checked against; tests set it to walk the window edges. Default Date.now. */
  clock?: () => number;
  /** Counts API requests per tenant and day (the usage rollup's input). */
  usage: UsageCounter;
  /** Enqueues background jobs (its own Redis connection, as BullMQ wants). */
  producer: JobProducer;
  close(): Promise<void>;
}

export function createDeps(config: Config, overrides: { logger?: Logger } = {}): ApiDeps {
  const logger = overrides.logger ?? createLogger({ level: config.LOG_LEVEL, service: 'api' });
  const metrics = createMetrics('api');
  const appDb = new AppDb(config, logger, metrics);
  const platformDb = new PlatformDb(config, logger, metrics);
  const { redis, redisHealth, cache, producer, ...redisSide } = openRedisSide(config, logger, metrics);
  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    metrics,
    appDb,
    platformDb,
    redis,
    redisHealth,
    cache,
    limiter: new WindowLimiter(redis, redisHealth),
    usage: new UsageCounter(redis, redisHealth),
    producer,
    close: () => (closing ??= Promise.allSettled([appDb.close(), platformDb.close(), redisSide.close()]).then(() => undefined)),
  };
}
