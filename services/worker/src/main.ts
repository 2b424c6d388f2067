// Production entry point: `node services/worker/dist/main.js`.
// Configuration, then tracing, then everything tracing instruments; a small HTTP
// server answers /health, /ready and /metrics on WORKER_PORT.
import { configOrExit, loadWorkerConfig, startTracing } from '@sentinel/platform/bootstrap';

// Its own schema: no JWT secret nor owner URL (refused if given); the invitation secret,
// since it builds invitation links; in production, a real SMTP server.
const config = configOrExit('sentinel-worker', () => loadWorkerConfig());

const tracing = config.tracingEnabled ? startTracing({ serviceName: config.OTEL_SERVICE_NAME ?? 'sentinel-worker' }) : undefined;
const { AppDb, PlatformDb, createLogger, createMetrics, createRedis, startOpsServer } = await import('@sentinel/platform');
const { createMailer } = await import('./mailer.js');
const { startWorkers } = await import('./worker.js');

const logger = createLogger({ level: config.LOG_LEVEL, service: 'worker' });
const metrics = createMetrics('worker');
const appDb = new AppDb(config, logger, metrics);
const platformDb = new PlatformDb(config, logger, metrics);
const redis = createRedis(config, logger);
const mailer = createMailer(config, logger);
const running = startWorkers({ config, logger, metrics, appDb, platformDb, redis, mailer });
let draining = false;

const server = startOpsServer({
  port: config.WORKER_PORT,
  host: config.HOST,
  metrics,
  ready: () => !draining && running.workers.every((w) => w.isRunning()),
  onListening: () => logger.info({ port: config.WORKER_PORT, concurrency: config.WORKER_CONCURRENCY }, 'sentinel-worker running'),
});

let stopping: Promise<void> | undefined;
/**
 * Graceful and idempotent: stop taking jobs and let in-flight ones finish (up to
 * SHUTDOWN_TIMEOUT_MS; after that the process exits and BullMQ's stalled-job check
 * hands them to another worker), then close connections. A second signal exits at once.
 */
function shutdown(signal: string) {
  if (stopping) {
    logger.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  logger.info({ signal }, 'draining');
  draining = true;
  const force = setTimeout(() => {
    logger.warn('drain timeout: exiting with jobs in flight');
    logger.flush(() => process.exit(1));
  }, config.SHUTDOWN_TIMEOUT_MS);
  force.unref();
  stopping = running
    .close()
    .then(() => new Promise<void>((r) => server.close(() => r())))
    .then(() => Promise.allSettled([appDb.close(), platformDb.close(), redis.quit()]))
    .then(() => mailer.close())
    .then(() => tracing?.shutdown())
    .then(() => {
      logger.info('stopped');
      logger.flush(() => process.exit(0));
    });
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
