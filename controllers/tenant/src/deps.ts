// What the controller needs from the outside world, built once at start and closed once
// at shutdown (as services/api/src/deps.ts). The controller holds the schema owner's pool
// (the wall, direct-access roles) and the platform pool (provisioning); never the app role's.
import {
  DirectAccess,
  JobProducer,
  OwnerDb,
  PlatformDb,
  Provisioning,
  createProcessMetrics,
  openRedisSide,
  type ControllerConfig,
  type Logger,
  type ProcessMetrics,
} from '@sentinel/platform';
import { EventRecorder } from './runtime/events.js';
import type { KubeClient } from './runtime/kube.js';

export interface ControllerDeps {
  config: ControllerConfig;
  logger: Logger;
  /** The process's registry: pool metrics here, the controller's own added by metrics.ts. */
  metrics: ProcessMetrics;
  kube: KubeClient;
  events: EventRecorder;
  owner: OwnerDb;
  direct: DirectAccess;
  provisioning: Provisioning;
  /** Queues the worker's jobs (the first admin's invitation). */
  producer: JobProducer;
  close(): Promise<void>;
}

/** `fence`, when set, guards the Events the controller writes (see runtime/leader.ts). */
export function createDeps(o: { config: ControllerConfig; kube: KubeClient; logger: Logger; identity: string; fence?: () => void }): ControllerDeps {
  const { config, kube, logger } = o;
  const metrics = createProcessMetrics('tenant-controller');
  const owner = new OwnerDb(config, logger, metrics);
  const platformDb = new PlatformDb(config, logger, metrics);
  const redisSide = openRedisSide(config, logger, metrics);
  const { cache, producer } = redisSide;
  let closing: Promise<void> | undefined;
  return {
    config,
    logger,
    metrics,
    kube,
    events: new EventRecorder(o.fence ? kube.guarded(o.fence) : kube, { controller: 'sentinel.io/tenant-controller', instance: o.identity, logger }),
    owner,
    direct: new DirectAccess(owner, {
      connectionLimit: config.DIRECT_ACCESS_CONNECTION_LIMIT,
      statementTimeoutMs: config.DIRECT_ACCESS_STATEMENT_TIMEOUT_MS,
      idleSessionTimeoutMs: config.DIRECT_ACCESS_IDLE_SESSION_TIMEOUT_MS,
    }),
    provisioning: new Provisioning(platformDb, cache),
    producer,
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled([owner.close(), platformDb.close(), redisSide.close()]);
      })()),
  };
}
