import { createServer, type Server } from 'node:http';
import type { ProcessMetrics } from './metrics.js';

/**
 * The worker's and scheduler's operations endpoints: /health (the process is up),
 * /ready (200 while `ready()` holds, else 503) and /metrics. The API serves the same
 * three paths from its own router.
 */
export function startOpsServer(o: { port: number; host: string; metrics: ProcessMetrics; ready: () => boolean; onListening?: () => void }): Server {
  const json = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });
  const server = createServer(async (req, res) => {
    if (req.url === '/metrics') {
      res.setHeader('content-type', o.metrics.registry.contentType);
      return res.end(await o.metrics.registry.metrics());
    }
    const r =
      req.url === '/health'
        ? json(200, { status: 'ok' })
        : req.url === '/ready'
          ? o.ready()
            ? json(200, { status: 'ok' })
            : json(503, { status: 'fail' })
          : undefined;
    if (!r) return res.writeHead(404).end();
    res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body);
  });
  server.listen(o.port, o.host, o.onListening);
  return server;
}
