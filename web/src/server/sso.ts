// Single sign-on through the tenant's identity provider (docs/security.md, "Single sign-on
// (OIDC)"). GET /session/sso/start?tenant=SLUG asks the API for the provider's authorization
// URL and sends the browser there (a page that moves on, not a redirect: see moveOn); the provider sends it back to GET /session/sso/callback,
// which hands the code and state to the API and sets the session cookies as a password
// sign-in does. Both are plain GETs, so a link or an HTML form (no script) starts a sign-in.
// The sign-in's `state` is also kept in an httpOnly cookie of this browser and must match at
// the callback: a callback URL with someone else's code (login CSRF) signs nobody in here.
import { NextResponse, type NextRequest } from 'next/server';
import { SLUG } from '@/lib/rules';
import { callApi, forwardedFor, secureCookies, seeOther, setSessionCookies, type TokenPair } from './session';

export const SSO_COOKIE = 'sentinel_sso';
const SSO_COOKIE_PATH = '/session/sso';

/** The answers the sign-in page has words for (lib/problem.ts, sessionEndedMessage); any other is a sign-in that did not complete. */
const SAID = new Set([
  'sso-tenant',
  'SENTINEL_AUTH_SSO_INVALID',
  'SENTINEL_AUTH_SSO_DENIED',
  'SENTINEL_SSO_PROVIDER_UNAVAILABLE',
  'SENTINEL_AUTH_TENANT_SUSPENDED',
  'SENTINEL_TENANT_USER_LIMIT',
  'SENTINEL_LOGIN_THROTTLED',
  'SENTINEL_UNAVAILABLE',
]);

/** Back to the sign-in page, which says why. */
const failed = (code: string) => seeOther(`/sign-in?ended=${SAID.has(code) ? code : 'SENTINEL_AUTH_SSO_INVALID'}`);

function forget(res: NextResponse, secure: boolean): NextResponse {
  res.cookies.set(SSO_COOKIE, '', { httpOnly: true, secure, sameSite: 'lax', path: SSO_COOKIE_PATH, maxAge: 0 });
  return res;
}

export async function startSso(req: NextRequest): Promise<NextResponse> {
  const tenant = (req.nextUrl.searchParams.get('tenant') ?? '').trim().toLowerCase();
  if (!SLUG.test(tenant)) return failed('sso-tenant');
  // Started from another site (a link or a form there): back to the sign-in page with the
  // organisation filled in, where the person chooses to continue. Otherwise any site could
  // start a sign-in at a provider of its choosing in this browser, and plant that session
  // (login CSRF). A typed or bookmarked URL (no Sec-Fetch-Site, or "none") goes on.
  const site = req.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') return seeOther(`/sign-in?tenant=${encodeURIComponent(tenant)}&sso=1`);
  const r = await callApi<{ authorizationUrl: string; state: string; expiresIn: number }>('GET', `/api/v1/auth/sso/${tenant}/start`, {
    forwardedFor: forwardedFor(req),
  });
  if (!r.ok) return failed(r.status === 404 ? 'sso-tenant' : r.problem.code);
  // The provider's URL comes from its discovery document: only a web address is followed.
  if (!/^https?:\/\//i.test(r.body.authorizationUrl)) return failed('SENTINEL_SSO_PROVIDER_UNAVAILABLE');
  const res = moveOn(r.body.authorizationUrl, 'Continue to your organisation’s sign-in');
  // SameSite=Lax: the provider's redirect back is a top-level navigation from another site.
  res.cookies.set(SSO_COOKIE, r.body.state, { httpOnly: true, secure: secureCookies(req), sameSite: 'lax', path: SSO_COOKIE_PATH, maxAge: r.body.expiresIn });
  return res;
}

export async function finishSso(req: NextRequest): Promise<NextResponse> {
  const q = req.nextUrl.searchParams;
  const secure = secureCookies(req);
  const state = q.get('state') ?? '';
  const code = q.get('code') ?? '';
  const iss = q.get('iss');
  const expected = req.cookies.get(SSO_COOKIE)?.value;
  // The provider refused (the person cancelled, or was not allowed), or this browser did not start this sign-in.
  if (q.get('error') || !code || !state || state !== expected) return forget(failed('SENTINEL_AUTH_SSO_INVALID'), secure);
  const r = await callApi<TokenPair>('POST', '/api/v1/auth/sso/callback', {
    body: { code, state, ...(iss ? { iss } : {}) },
    forwardedFor: forwardedFor(req),
  });
  if (!r.ok) return forget(failed(r.problem.code), secure);
  const res = continueHome();
  setSessionCookies(res, r.body, secure);
  return forget(res, secure);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A page that moves on to `url` by itself (meta refresh, with a link) rather than a redirect:
 * - to the provider: a sign-in started by a form would otherwise be stopped by the console's
 *   `form-action 'self'` (browsers apply it to the redirects after a form too);
 * - home after the callback: that request came through a redirect chain that began at the
 *   provider (another site), and browsers withhold SameSite=Strict cookies along such a chain;
 *   a navigation this page starts is same-site, so the new session's cookies go with it.
 */
function moveOn(url: string, label: string): NextResponse {
  const href = escapeHtml(url);
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}"><title>Sentinel</title></head>` +
    `<body><p><a href="${href}">${escapeHtml(label)}</a></p></body></html>`;
  return new NextResponse(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

const continueHome = () => moveOn('/', 'Signed in: continue to Sentinel');
