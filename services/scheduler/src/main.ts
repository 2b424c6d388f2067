// Production entry point: `node services/scheduler/dist/main.js`.
// BullMQ Job Schedulers do the timing inside Redis: each run becomes one job
// (`repeat:<id>:<time>`) however many scheduler processes upsert the same id, and the
// worker that completes a run queues the next. This service keeps Redis in line with
// the cron table in configuration: it upserts every schedule at start and every
// five minutes (healing a Redis that lost its data), and removes schedules that were
// turned off. It also runs the job relay (relay.ts): tenant jobs recorded while Redis
// was away are enqueued once it is back. Several replicas are safe.
import { configOrExit, loadSchedulerConfig, startTracing } from '@sentinel/platform/bootstrap';

// Its own schema: Redis, the cron table and the platform pool; every other credential is refused.
const config = configOrExit('sentinel-scheduler', () => loadSchedulerConfig());

const tracing = config.tracingEnabled ? startTracing({ serviceName: config.OTEL_SERVICE_NAME ?? 'sentinel-scheduler' }) : undefined;
const { Counter, Gauge } = await import('prom-client');
const { JobProducer, PlatformDb, bullConnection, createLogger, createMetrics, startOpsServer } = await import('@sentinel/platform');
const { schedulesFrom } = await import('./schedules.js');
const { RelayRepository } = await import('./relay-repository.js');
const { startJobRelay } = await import('./relay.js');

const logger = createLogger({ level: config.LOG_LEVEL, service: 'scheduler' });
const metrics = createMetrics('scheduler');
const syncs = new Counter({
  name: 'sentinel_scheduler_syncs_total',
  help: 'Schedule syncs with Redis by result',
  labelNames: ['result'] as const,
  registers: [metrics.registry],
});
const active = new Gauge({ name: 'sentinel_scheduler_schedules', help: 'Schedules configured', registers: [metrics.registry] });
const connection = bullConnection(config, { forWorker: false });
const producer = new JobProducer(connection, config.QUEUE_PREFIX);
const platformDb = new PlatformDb(config, logger, metrics);
const relay = startJobRelay({ config, repo: new RelayRepository(platformDb), producer, logger, metrics });
const schedules = schedulesFrom(config);
active.set(schedules.length);
let lastSyncOk = false;

async function sync(): Promise<void> {
  try {
    for (const s of schedules) await producer.schedule(s.id, s.pattern, s.job, {} as never);
    const removed = await producer.unscheduleOthers(new Set(schedules.map((s) => s.id)));
    lastSyncOk = true;
    syncs.inc({ result: 'ok' });
    logger.info({ schedules: schedules.map((s) => `${s.id}=${s.pattern}`), removed }, 'schedules in sync');
  } catch (err) {
    lastSyncOk = false;
    syncs.inc({ result: 'error' });
    logger.warn({ err: { message: (err as Error).message } }, 'schedule sync failed; retrying');
  }
}

const server = startOpsServer({
  port: config.SCHEDULER_PORT,
  host: config.HOST,
  metrics,
  ready: () => lastSyncOk,
  onListening: () => logger.info({ port: config.SCHEDULER_PORT }, 'sentinel-scheduler running'),
});

let timer: NodeJS.Timeout | undefined;
async function loop(): Promise<void> {
  await sync();
  if (!stopping) timer = setTimeout(() => void loop(), lastSyncOk ? 5 * 60_000 : 5_000);
}
let stopping = false;
// Not awaited: with Redis down at boot BullMQ holds the first sync until it is back, and
// the signal handlers below (and the job relay) must not wait for that.
void loop();

function shutdown(signal: string) {
  if (stopping) process.exit(1);
  stopping = true;
  logger.info({ signal }, 'stopping');
  clearTimeout(timer);
  server.close();
  void relay
    .close()
    .then(() => producer.close())
    .then(() => Promise.allSettled([connection.quit(), platformDb.close()]))
    .then(() => tracing?.shutdown())
    .finally(() => {
      logger.info('stopped');
      logger.flush(() => process.exit(0));
    });
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
