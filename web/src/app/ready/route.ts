// Readiness (the chart's readinessProbe): 503 once the server was asked to stop, so Kubernetes
// takes the pod out of the Service's endpoints while it keeps serving for SHUTDOWN_DRAIN_MS
// (docker/web-main.mjs sets the flag on SIGTERM). Like /health, it never calls the API.
export const dynamic = 'force-dynamic';

const DRAINING = Symbol.for('sentinel.web.draining');

export function GET(): Response {
  const draining = (globalThis as Record<symbol, unknown>)[DRAINING] === true;
  return Response.json({ status: draining ? 'draining' : 'ready' }, { status: draining ? 503 : 200, headers: { 'cache-control': 'no-store' } });
}
