// The browser's way to the API for client-side calls (load more, search): same-origin, with
// the access token from the httpOnly cookie added here as the bearer header. Only /api/v1 is
// reachable through it. A 401 means the session is over: the cookies are cleared and the
// answer says so (x-sentinel-session-ended) for the client to show the sign-in page.
import { NextResponse, type NextRequest } from 'next/server';
import { config } from '@/server/config';
import { ACCESS_COOKIE, clearSessionCookies, forwardedFor, secureCookies } from '@/server/session';

async function forward(req: NextRequest, { params }: { params: Promise<{ path: string[] }> }): Promise<NextResponse> {
  const { path } = await params;
  if (path[0] !== 'api' || path[1] !== 'v1' || path.some((p) => p === '..' || p === '.')) {
    return NextResponse.json({ type: 'about:blank', title: 'Not found', status: 404, code: 'SENTINEL_ROUTE_NOT_FOUND' }, { status: 404 });
  }
  const token = req.cookies.get(ACCESS_COOKIE)?.value;
  const headers: Record<string, string> = { accept: req.headers.get('accept') ?? 'application/json' };
  const type = req.headers.get('content-type');
  if (type) headers['content-type'] = type;
  // Step-up: a code for an action that needs a fresh second factor (docs/security.md).
  const mfaCode = req.headers.get('x-mfa-code');
  if (mfaCode) headers['x-mfa-code'] = mfaCode;
  if (token) headers.authorization = `Bearer ${token}`;
  const client = forwardedFor(req);
  if (client) headers['x-forwarded-for'] = client;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const upstream = await fetch(`${config.apiUrl}/${path.map(encodeURIComponent).join('/')}${req.nextUrl.search}`, {
    method: req.method,
    headers,
    cache: 'no-store',
    // A browser that goes away (a closed tab, a finished event stream) ends the API call too.
    signal: req.signal,
    ...(hasBody ? { body: await req.arrayBuffer() } : {}),
  });
  const out = new Headers();
  for (const h of [
    'content-type',
    'content-disposition',
    'cache-control',
    'retry-after',
    'x-request-id',
    'ratelimit-limit',
    'ratelimit-remaining',
    'ratelimit-reset',
  ]) {
    const v = upstream.headers.get(h);
    if (v) out.set(h, v);
  }
  // Event streams (job progress) and downloads pass through as they arrive, not buffered.
  if (
    upstream.ok &&
    upstream.body &&
    /^text\/event-stream|^application\/(x-ndjson|gzip|octet-stream)|^text\/csv/.test(upstream.headers.get('content-type') ?? '')
  ) {
    out.set('x-accel-buffering', 'no');
    return new NextResponse(upstream.body, { status: upstream.status, headers: out });
  }
  const body = upstream.status === 204 ? null : await upstream.arrayBuffer();
  const res = new NextResponse(body, { status: upstream.status, headers: out });
  if (upstream.status === 401) {
    let code = 'SENTINEL_AUTH_REQUIRED';
    try {
      code = (JSON.parse(new TextDecoder().decode(body ?? undefined)) as { code?: string }).code ?? code;
    } catch {
      /* not a problem document */
    }
    res.headers.set('x-sentinel-session-ended', code);
    clearSessionCookies(res, secureCookies(req));
  }
  return res;
}

export { forward as GET, forward as POST, forward as PUT, forward as PATCH, forward as DELETE };
