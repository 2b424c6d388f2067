// Runs before every page, route handler and BFF call (not static assets): security headers
// with a per-request CSP nonce, the CSRF check for cookie-authenticated writes, and the
// session's silent refresh. See docs/web.md.
import { NextResponse, type NextRequest } from 'next/server';
import {
  ACCESS_COOKIE,
  REFRESH_COOKIE,
  REFRESH_MARGIN_S,
  clearSessionCookies,
  forwardedFor,
  refreshSession,
  secondsLeft,
  secureCookies,
  setSessionCookies,
} from '@/server/session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // strict-dynamic: scripts the nonce'd bootstrap loads are trusted, nothing inline else is.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(res: NextResponse, csp: string): NextResponse {
  res.headers.set('Content-Security-Policy', csp);
  res.headers.set('X-Content-Type-Options', 'nosniff');
  res.headers.set('Referrer-Policy', 'no-referrer');
  res.headers.set('X-Frame-Options', 'DENY');
  res.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  res.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (process.env.NODE_ENV === 'production') res.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  return res;
}

/** The origin the browser used to reach this server (behind the ingress: its forwarded host). */
function expectedOrigins(req: NextRequest): Set<string> {
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host') ?? req.nextUrl.host;
  return new Set([`https://${host}`, `http://${host}`]);
}

/**
 * A write from a page of this origin. Script's requests carry the page's Origin. A plain form's
 * post (the sign-in page) carries `Origin: null`, because Referrer-Policy: no-referrer tells the
 * browser to hide it; then Sec-Fetch-Site, which the browser sets and a page cannot, says where
 * it came from. A browser that sends neither is refused.
 */
function sameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get('origin');
  if (origin === 'null') return req.headers.get('sec-fetch-site') === 'same-origin';
  return !!origin && expectedOrigins(req).has(origin);
}

const problem = (status: number, code: string, title: string) =>
  NextResponse.json({ type: 'about:blank', title, status, code }, { status, headers: { 'content-type': 'application/problem+json' } });

export async function proxy(req: NextRequest): Promise<NextResponse> {
  const dev = process.env.NODE_ENV === 'development';
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const csp = contentSecurityPolicy(nonce, dev);
  const secure = secureCookies(req);
  const path = req.nextUrl.pathname;

  // CSRF: every write here is cookie-authenticated (or sets the cookies), so it must come from
  // a page of this origin. SameSite=Strict already keeps the cookies off cross-site requests;
  // this refuses the request itself, including the sign-in that would plant a session.
  if (!SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
    return securityHeaders(problem(403, 'SENTINEL_FORBIDDEN', 'Cross-origin request refused'), csp);
  }

  const requestHeaders = new Headers(req.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);

  // Silent refresh: before the access token expires, rotate the pair and hand the new access
  // token both to this request (its cookie header) and to the browser (Set-Cookie).
  const refreshToken = req.cookies.get(REFRESH_COOKIE)?.value;
  const access = req.cookies.get(ACCESS_COOKIE)?.value;
  const isSessionRoute = path.startsWith('/session/');
  if (refreshToken && !isSessionRoute && secondsLeft(access) < REFRESH_MARGIN_S) {
    const r = await refreshSession(refreshToken, forwardedFor(req));
    if (!r.ok) {
      // The family is revoked (reuse, logout elsewhere), the user is gone, the tenant is
      // suspended (401) or now requires single sign-on of this member (403): the session is
      // over, and the sign-in page says why.
      const code = r.status === 401 || r.status === 403 ? r.problem.code : undefined;
      if (!code) return securityHeaders(problem(503, 'SENTINEL_UNAVAILABLE', 'Could not renew the session; try again'), csp);
      const res = path.startsWith('/bff/')
        ? NextResponse.json({ ...r.problem }, { status: 401, headers: { 'x-sentinel-session-ended': code } })
        : NextResponse.redirect(new URL(`/sign-in?ended=${encodeURIComponent(code)}`, req.url)); // Next's middleware makes a same-host Location relative
      clearSessionCookies(res, secure);
      return securityHeaders(res, csp);
    }
    const cookies = req.cookies.getAll().filter((c) => c.name !== ACCESS_COOKIE && c.name !== REFRESH_COOKIE);
    cookies.push({ name: ACCESS_COOKIE, value: r.body.accessToken }, { name: REFRESH_COOKIE, value: r.body.refreshToken });
    requestHeaders.set('cookie', cookies.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; '));
    const res = NextResponse.next({ request: { headers: requestHeaders } });
    setSessionCookies(res, r.body, secure);
    return securityHeaders(res, csp);
  }
  return securityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|openapi.json|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
