// Production entry point: `node services/worker/dist/main.js`.
// Configuration, then tracing, then everything tracing instruments; a small HTTP
// server answers /health, /ready and /metrics on WORKER_PORT.
import { ConfigError, loadConfig, startTracing, type Config } from '@sentinel/platform/bootstrap';

let config: Config;
try {
  // The worker sends invitation mail: in production it needs a real SMTP server.
  config = loadConfig(process.env, { requiredInProduction: ['SMTP_URL'] });
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`sentinel-worker: refusing to start.\n${err.message}\n`);
    process.exit(78);
  }
  throw err;
}

const tracing = config.tracingEnabled ? startTracing({ serviceName: config.OTEL_SERVICE_NAME ?? 'sentinel-worker' }) : undefined;
const { createServer } = await import('node:http');
const { AppDb, PlatformDb, createLogger, createMetrics, createRedis } = await import('@sentinel/platform');
const { createMailer } = await import('./mailer.js');
const { startWorkers } = await import('./worker.js');

const logger = createLogger({ level: config.LOG_LEVEL, service: 'worker' });
const metrics = createMetrics('worker');
const appDb = new AppDb(config, logger, metrics);
const platformDb = new PlatformDb(config, logger, metrics);
const redis = createRedis(config.REDIS_URL, logger);
const mailer = createMailer(config, logger);
const running = startWorkers({ config, logger, metrics, appDb, platformDb, redis, mailer });
let draining = false;

const server = createServer(async (req, res) => {
  if (req.url === '/metrics') {
    res.setHeader('content-type', metrics.registry.contentType);
    return res.end(await metrics.registry.metrics());
  }
  if (req.url === '/health') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  if (req.url === '/ready') {
    const ok = !draining && running.workers.every((w) => w.isRunning());
    return res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'fail' }));
  }
  res.writeHead(404).end();
});
server.listen(config.WORKER_PORT, config.HOST, () =>
  logger.info({ port: config.WORKER_PORT, concurrency: config.WORKER_CONCURRENCY }, 'sentinel-worker running'),
);

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
