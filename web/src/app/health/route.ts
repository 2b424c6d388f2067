// Liveness and readiness of the web server itself (the chart's probes, the compose healthcheck):
// it answers when Next serves requests, without calling the API, so an API outage does not take
// the console's pods out of rotation (pages then show the API's problem) or restart them.
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
