// Production entry point: `node controllers/tenant/dist/main.js`.
// Kubernetes credentials: KUBECONFIG, else the in-cluster service account, else
// ~/.kube/config. /health, /ready and /metrics on CONTROLLER_PORT.
import { configOrExit, loadControllerConfig, startTracing } from '@sentinel/platform/bootstrap';

const config = configOrExit('sentinel-tenant-controller', () => loadControllerConfig());
const tracing = config.tracingEnabled ? startTracing({ serviceName: config.OTEL_SERVICE_NAME ?? 'sentinel-tenant-controller' }) : undefined;
const { createLogger, startOpsServer } = await import('@sentinel/platform');
const { KubeClient } = await import('./runtime/kube.js');
const { startController } = await import('./manager.js');

const logger = createLogger({ level: config.LOG_LEVEL, service: 'tenant-controller' });
const controller = startController({ config, kube: KubeClient.fromDefault(), logger });
const server = startOpsServer({
  port: config.CONTROLLER_PORT,
  host: config.HOST,
  metrics: controller.metrics,
  ready: () => controller.ready(),
  onListening: () => logger.info({ port: config.CONTROLLER_PORT, identity: controller.identity }, 'sentinel-tenant-controller running'),
});

let stopping = false;
/** In-flight reconciles finish, the lease is released (a standby takes over at once), connections close. */
function shutdown(signal: string) {
  if (stopping) process.exit(1);
  stopping = true;
  logger.info({ signal }, 'stopping');
  const force = setTimeout(() => logger.flush(() => process.exit(1)), config.SHUTDOWN_TIMEOUT_MS);
  force.unref();
  void controller
    .close()
    .then(() => new Promise<void>((r) => server.close(() => r())))
    .then(() => tracing?.shutdown())
    .then(() => logger.flush(() => process.exit(0)));
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
