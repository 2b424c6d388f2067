// The web image's entry (docker/Dockerfile, target `web`): Next's standalone server.js beside it,
// with the shutdown every Sentinel service has. Next's own SIGTERM handler exits 143 at once and
// cuts the requests in flight; instead, after SIGTERM this keeps serving SHUTDOWN_DRAIN_MS (while
// the ingress and kube-proxy stop routing to the pod), then stops accepting, lets the requests in
// flight finish (at most SHUTDOWN_TIMEOUT_MS) and exits 0 (1 when it had to cut requests).
// Meanwhile GET /ready (web/src/app/ready/route.ts) answers 503, so the pod leaves the endpoints.
// The servers are those Next creates through http.createServer (start-server.js), collected here.
import http from 'node:http';

process.env.NEXT_MANUAL_SIG_HANDLE = 'true'; // Next then registers no signal handler of its own

const servers = [];
const createServer = http.createServer;
http.createServer = function sentinelCreateServer(...args) {
  const server = createServer.apply(this, args);
  servers.push(server);
  return server;
};

function millis(name, fallback) {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

let stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  globalThis[Symbol.for('sentinel.web.draining')] = true; // GET /ready answers 503 from now on
  const drain = millis('SHUTDOWN_DRAIN_MS', 0);
  const timeout = millis('SHUTDOWN_TIMEOUT_MS', 10_000);
  console.log(JSON.stringify({ level: 'info', msg: `sentinel-web: ${signal}, serving ${drain} ms more, then draining`, signal }));
  setTimeout(() => {
    const cut = setTimeout(() => {
      console.log(JSON.stringify({ level: 'warn', msg: `sentinel-web: requests still in flight after ${timeout} ms; exiting` }));
      process.exit(1);
    }, timeout);
    cut.unref();
    Promise.all(
      servers.map(
        (s) =>
          new Promise((resolve) => {
            s.close(() => resolve());
            s.closeIdleConnections();
          }),
      ),
    ).then(() => process.exit(0));
  }, drain).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

await import('./server.js');
