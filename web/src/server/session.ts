// The session model (docs/web.md): the browser holds two httpOnly, SameSite=Strict cookies
// that script cannot read — the API's refresh token and its short-lived access token — and
// never sees a token in JavaScript or localStorage. This server adds the access token as a
// bearer header when it calls the API, and rotates the pair (POST /api/v1/auth/refresh)
// shortly before the access token expires.
import { NextResponse, type NextRequest } from 'next/server';
import { isProblem, type Problem } from '@/lib/problem';
import { config } from './config';

export type TokenPair = { accessToken: string; refreshToken: string; expiresIn: number; refreshExpiresIn: number };

export const ACCESS_COOKIE = 'sentinel_access';
export const REFRESH_COOKIE = 'sentinel_refresh';
/** Refresh when the access token has less than this left, so no API call races its expiry. */
export const REFRESH_MARGIN_S = 60;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Secure cookies everywhere except plain http on the loopback (local development and tests). */
export function secureCookies(req: NextRequest): boolean {
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? req.nextUrl.protocol.replace(/:$/, '');
  return !(proto === 'http' && LOOPBACK.has(req.nextUrl.hostname));
}

export function setSessionCookies(res: NextResponse, pair: TokenPair, secure: boolean): void {
  const base = { httpOnly: true, secure, sameSite: 'strict' as const, path: '/' };
  res.cookies.set(ACCESS_COOKIE, pair.accessToken, { ...base, maxAge: pair.expiresIn });
  res.cookies.set(REFRESH_COOKIE, pair.refreshToken, { ...base, maxAge: pair.refreshExpiresIn });
}

export function clearSessionCookies(res: NextResponse, secure: boolean): void {
  const gone = { httpOnly: true, secure, sameSite: 'strict' as const, path: '/', maxAge: 0 };
  res.cookies.set(ACCESS_COOKIE, '', gone);
  res.cookies.set(REFRESH_COOKIE, '', gone);
}

/** Seconds until the access token's `exp` (0 when unreadable: treat as expired). The API verifies it; this only schedules the refresh. */
export function secondsLeft(accessToken: string | undefined, now = Date.now()): number {
  const payload = accessToken?.split('.')[1];
  if (!payload) return 0;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number };
    return typeof exp === 'number' ? Math.max(0, exp - Math.floor(now / 1000)) : 0;
  } catch {
    return 0;
  }
}

export type ApiResult<T> = { ok: true; status: number; body: T; headers: Headers } | { ok: false; status: number; problem: Problem; headers: Headers };

/** A JSON call to the API from this server; a non-2xx answer comes back as its problem. */
export async function callApi<T>(
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; forwardedFor?: string | null } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.forwardedFor) headers['x-forwarded-for'] = opts.forwardedFor;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const r = await fetch(config.apiUrl + path, {
    method,
    headers,
    cache: 'no-store',
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await r.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (r.ok) return { ok: true, status: r.status, body: body as T, headers: r.headers };
  const problem: Problem = isProblem(body)
    ? body
    : { type: 'about:blank', title: 'Unexpected answer from the API', status: r.status, code: 'SENTINEL_INTERNAL' as Problem['code'] };
  return { ok: false, status: r.status, problem, headers: r.headers };
}

/**
 * The browser's address for the API, which throttles sign-ins and counts requests per client
 * address: the X-Forwarded-For chain this server received, passed on as it came. Behind the
 * ingress (or compose's nginx) that chain ends with the address the ingress saw; with no proxy
 * in front, Next sets it to the connection's peer. This server adds no hop of its own, so the
 * API's TRUST_PROXY=1 (one trusted hop: this server or the ingress) picks the same client address
 * whichever way a request came. The web must only be reachable through the ingress (the chart's
 * NetworkPolicy), or a client could name its own address.
 */
export function forwardedFor(req: NextRequest): string | null {
  return req.headers.get('x-forwarded-for');
}

type Refreshed = ApiResult<TokenPair>;

// Rotation revokes the whole family when a rotated token is presented again, so two
// requests that both find the access token near expiry must not both rotate it: they share
// one refresh, and a request that arrives a moment later with the old cookie (sent before
// the browser stored the new one) gets the same answer. Per web replica; see docs/web.md.
const inflight = new Map<string, { at: number; result: Promise<Refreshed> }>();
const REMEMBER_MS = 30_000;

export function refreshSession(refreshToken: string, client: string | null = null): Promise<Refreshed> {
  const now = Date.now();
  for (const [k, v] of inflight) if (now - v.at > REMEMBER_MS) inflight.delete(k);
  const known = inflight.get(refreshToken);
  if (known) return known.result;
  const result = callApi<TokenPair>('POST', '/api/v1/auth/refresh', { body: { refreshToken }, forwardedFor: client });
  inflight.set(refreshToken, { at: now, result });
  return result;
}

/**
 * A redirect to a path of this site with a relative Location: the browser resolves it against
 * the address it used. An absolute URL built from req.url would name the host the server thinks
 * it has (`localhost`, a pod's address behind the ingress) and leave the console's origin.
 */
export function seeOther(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location: path } });
}
