// Every Redis connection Sentinel opens is made here, by redisConnection: an ioredis `Redis` for
// REDIS_URL or an ioredis `Cluster` for REDIS_CLUSTER_NODES, tuned for what it is used for. Then
// the Redis side of a process that serves or reconciles (the API, the Tenant controller): one
// client for the cache and the limits, its health, the cache, and a BullMQ producer on a
// connection of its own (BullMQ wants its own). The worker and the scheduler build theirs around
// BullMQ's Worker instead, from the same factory.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { parseClusterNodes, type Config } from '../config.js';
import type { ProcessMetrics } from '../telemetry/metrics.js';
import type { Logger } from '../telemetry/logger.js';
import { JobProducer } from '../queues/index.js';
import { Cache } from './cache.js';
import { REDIS_SOCKET_TIMEOUT_MS, RedisHealth, type RedisClient } from './index.js';

/** Where Redis is: a service's configuration, or a bare redis:// URL (tests, tools). */
export type RedisTarget = string | Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>;

/**
 * What a connection is for:
 * - `commands`: cache, quotas, throttles, usage counters. Fails fast while Redis is unreachable
 *   (no offline queue, one retry, short command timeout) so callers degrade instead of waiting;
 *   reconnects in the background.
 * - `queue`: a BullMQ producer (Queue). Fails an enqueue rather than queueing it offline (the
 *   job relay enqueues it later).
 * - `worker`: BullMQ's consumers (Worker, QueueEvents). Blocking commands: no retry limit and an
 *   offline queue, so a Redis away for a moment holds a job's bookkeeping instead of failing it.
 */
export type RedisRole = 'commands' | 'queue' | 'worker';

const backoff = (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2_000);

function nodeOptions(role: RedisRole): RedisOptions {
  switch (role) {
    case 'commands':
      return {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 500,
        socketTimeout: REDIS_SOCKET_TIMEOUT_MS,
        connectTimeout: 2_000,
      };
    // No socket timeout for BullMQ: a worker waits in blocking commands for seconds, and with one
    // on the producer, tests/worker-scale.test.ts lost jobs across a Redis crash (1 run in 4).
    case 'queue':
      return { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
    case 'worker':
      return { maxRetriesPerRequest: null, enableOfflineQueue: true, connectTimeout: 2_000 };
  }
}

/**
 * How long a cluster command keeps retrying while its master is away (connection closed,
 * CLUSTERDOWN, TRYAGAIN, a MOVED that points back at a node still rejoining): about
 * maxRedirections × the delay. The cache and limits give up within half a second and degrade,
 * as on one Redis; a producer within a few seconds (the job relay enqueues later); BullMQ's
 * consumers wait out a master restart (about 30 s), so a job that finishes meanwhile is
 * recorded as completed once instead of stalling and running again.
 */
const clusterPatience: Record<RedisRole, Partial<ClusterOptions>> = {
  commands: { maxRedirections: 6, retryDelayOnFailover: 100, retryDelayOnClusterDown: 100, retryDelayOnTryAgain: 100, retryDelayOnMoved: 0 },
  queue: { maxRedirections: 16, retryDelayOnFailover: 250, retryDelayOnClusterDown: 250, retryDelayOnTryAgain: 250, retryDelayOnMoved: 50 },
  worker: { maxRedirections: 60, retryDelayOnFailover: 500, retryDelayOnClusterDown: 500, retryDelayOnTryAgain: 500, retryDelayOnMoved: 100 },
};

/**
 * The one factory of Redis connections. One Redis: exactly the options each role always had.
 * A cluster: the same per-node options, the seed nodes of REDIS_CLUSTER_NODES (the rest of the
 * cluster is discovered from them) with their credentials and TLS; reads and writes go to the
 * masters. ioredis follows MOVED/ASK redirections and refreshes its slot table on its own.
 */
export function redisConnection(target: RedisTarget, role: RedisRole): RedisClient {
  const node = nodeOptions(role);
  const url = typeof target === 'string' ? target : target.REDIS_URL;
  const clusterNodes = typeof target === 'string' ? undefined : target.REDIS_CLUSTER_NODES;
  let client: RedisClient;
  if (clusterNodes !== undefined) {
    const c = parseClusterNodes(clusterNodes);
    const redisOptions: RedisOptions = {
      ...node,
      ...(c.username ? { username: c.username } : {}),
      ...(c.password ? { password: c.password } : {}),
      ...(c.tls ? { tls: {} } : {}),
    };
    const options: ClusterOptions = {
      redisOptions,
      // The cluster-level queue: commands issued while the slot table is (re)loading.
      enableOfflineQueue: role === 'worker',
      clusterRetryStrategy: backoff,
      slotsRefreshTimeout: 2_000,
      ...clusterPatience[role],
      ...(role === 'commands' ? { enableAutoPipelining: true } : {}),
      // With TLS the nodes are reached by the addresses the cluster announces; keep them as they
      // are (no DNS lookup) so certificates issued for those addresses verify.
      ...(c.tls ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) } : {}),
    };
    client = new Cluster(c.nodes, options);
  } else {
    if (!url) throw new Error('Redis: neither REDIS_URL nor REDIS_CLUSTER_NODES is set');
    client =
      role === 'commands'
        ? new Redis(url, {
            ...node,
            retryStrategy: backoff,
            lazyConnect: false,
            // Commands issued in the same tick (a request's cache lookup and quota hit) share one write.
            enableAutoPipelining: true,
          })
        : new Redis(url, node);
  }
  // Without a listener ioredis logs every failed reconnect attempt itself.
  client.on('error', () => {});
  return client;
}

/** A Redis client for cache, quotas and throttling (role `commands`). */
export function createRedis(target: RedisTarget, logger: Logger): RedisClient {
  const redis = redisConnection(target, 'commands');
  redis.on('ready', () => logger.debug('redis ready'));
  return redis;
}

/** A Redis connection for BullMQ: a producer's (`queue`), or a consumer's (`worker`). */
export function bullConnection(target: RedisTarget, opts: { forWorker: boolean }): RedisClient {
  return redisConnection(target, opts.forWorker ? 'worker' : 'queue');
}

export interface RedisSide {
  redis: RedisClient;
  redisHealth: RedisHealth;
  cache: Cache;
  producer: JobProducer;
  /** Quits both connections; bounded, since BullMQ waits forever for an unreachable Redis. */
  close(): Promise<void>;
}

export function openRedisSide(
  config: Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'CACHE_TTL_S' | 'QUEUE_PREFIX'>,
  logger: Logger,
  metrics: ProcessMetrics,
  closeWithinMs = 2_000,
): RedisSide {
  const redis = createRedis(config, logger);
  const redisHealth = new RedisHealth(redis, logger, metrics);
  const bull = bullConnection(config, { forWorker: false });
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
