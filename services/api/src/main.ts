// Production entry point: `node services/api/dist/main.js`.
// Order matters: configuration, then tracing, then everything that tracing instruments.
import { createServer } from 'node:http';
import { loadConfigOrExit, startTracing } from '@sentinel/platform/bootstrap';

const config = loadConfigOrExit('sentinel-api');

const tracing = config.tracingEnabled ? startTracing({ serviceName: config.OTEL_SERVICE_NAME ?? 'sentinel-api' }) : undefined;
const { createDeps } = await import('./deps.js');
const { buildApp } = await import('./app.js');

const deps = createDeps(config);
const { app, setDraining } = buildApp(deps);
// Slow clients cannot hold connections open: headers and whole requests have deadlines,
// checked every second (Node's default check runs every 30 s).
const server = createServer(
  { headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS, requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
  app,
);
server.keepAliveTimeout = 65_000; // longer than common load-balancer idle timeouts
server.listen(config.PORT, config.HOST, () => {
  deps.logger.info({ port: config.PORT, host: config.HOST, env: config.NODE_ENV, tracing: config.tracingEnabled }, 'sentinel-api listening');
});

let stopping: Promise<void> | undefined;
/**
 * Graceful and idempotent. Readiness turns 503 and every response says `Connection: close`
 * (keep-alive clients reconnect, to another replica); for SHUTDOWN_DRAIN_MS the listener still
 * accepts, while kube-proxy or the load balancer stops sending here (Kubernetes removes the pod's
 * endpoints at the same time as it sends SIGTERM, and routing catches up a moment later). Then the
 * listener closes with the idle sockets, in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS),
 * and pools and Redis close. A second signal exits at once.
 */
function shutdown(signal: string): Promise<void> {
  if (stopping) {
    deps.logger.warn({ signal }, 'second signal: exiting now');
    process.exit(1);
  }
  deps.logger.info({ signal, drainMs: config.SHUTDOWN_DRAIN_MS }, 'draining');
  setDraining(true);
  stopping = new Promise<void>((resolve) => setTimeout(resolve, config.SHUTDOWN_DRAIN_MS))
    .then(
      () =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => {
            deps.logger.warn('drain timeout: closing remaining connections');
            server.closeAllConnections();
          }, config.SHUTDOWN_TIMEOUT_MS);
          force.unref();
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          server.closeIdleConnections();
        }),
    )
    .then(() => deps.close())
    .then(() => tracing?.shutdown())
    .then(() => {
      deps.logger.info('stopped');
      deps.logger.flush(() => process.exit(0));
    });
  return stopping;
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
