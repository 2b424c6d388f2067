// The sign-in page's form posts (pages/sign-in.tsx): plain HTML forms that work without script.
// The password step calls the API's login; when the account has a second factor, the code step
// follows on the same page, its challenge in an httpOnly cookie sent only to /sign-in. A user
// whose organisation requires a second factor they have not set up continues on
// /sign-in/two-factor (the QR code is drawn there), with the challenge where /session/mfa/* reads it.
// The cross-origin check is proxy.ts's, as for every write: a form posted from elsewhere never gets here.
import type { IncomingMessage } from 'node:http';
import { NextRequest, NextResponse } from 'next/server';
import { fieldErrors, formMessage, type Problem } from '@/lib/problem';
import { safeNext } from '@/lib/session-client';
import { callApi, forwardedFor, secureCookies, setSessionCookies, type TokenPair } from './session';
import { MFA_COOKIE, clearMfaCookie, setMfaCookie, type LoginAnswer } from './start-session';

/** What the page shows: the password form or the code form, with the API's message and field errors. */
export type SignInView = {
  step: 'password' | 'code';
  tenant: string;
  email: string;
  message: string | null;
  fields: Record<string, string>;
  /** The organisation requires single sign-on: the page opens its SSO form. */
  sso?: true;
};

/**
 * A form post's outcome: a redirect (signed in, or on to the enrolment) or the page again, with
 * the status to answer and the cookies to set (in `res`'s headers).
 */
export type SignInOutcome = { res: NextResponse } & ({ redirect: string } | { view: SignInView });

export const TWO_FACTOR_SETUP = '/sign-in/two-factor';
const FORM_LIMIT = 16 * 1024; // three fields and a path: far more than any real form

export function emptyView(tenant = ''): SignInView {
  return { step: 'password', tenant, email: '', message: null, fields: {} };
}

/** The page's request as the session code reads it (headers, cookies, the address used). */
export function asNextRequest(req: IncomingMessage): NextRequest {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let url: URL;
  try {
    url = new URL(req.url ?? '/sign-in', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    url = new URL(req.url ?? '/sign-in', 'http://localhost');
  }
  return new NextRequest(url, { headers });
}

/** The url-encoded form body, or why it cannot be read (wrong type, too large). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams | { status: 413 | 415 }> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return { status: 415 };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > FORM_LIMIT) return { status: 413 };
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function failed(p: Problem, retryAfter: string | null): Pick<SignInView, 'message' | 'fields'> {
  const wait = Number(retryAfter);
  return { message: formMessage(p, wait > 0 ? wait : undefined), fields: fieldErrors(p) };
}

function withStatus(status: number, retryAfter?: string | null): NextResponse {
  const res = new NextResponse(null, { status });
  if (retryAfter) res.headers.set('retry-after', retryAfter);
  return res;
}

/** One post of the sign-in page: `step=code` sends the code, anything else the password. */
export async function signInPost(req: NextRequest, form: URLSearchParams): Promise<SignInOutcome> {
  const next = safeNext(form.get('next'));
  const secure = secureCookies(req);
  if (form.get('step') === 'code') return verifyCode(req, form, next, secure);

  const tenant = form.get('tenant') ?? '';
  const email = form.get('email') ?? '';
  const r = await callApi<LoginAnswer>('POST', '/api/v1/auth/login', {
    body: { tenant, email, password: form.get('password') ?? '' },
    forwardedFor: forwardedFor(req),
  });
  if (!r.ok) {
    const retryAfter = r.headers.get('retry-after');
    const sso = r.problem.code === 'SENTINEL_AUTH_SSO_REQUIRED' ? { sso: true as const } : {};
    return { res: withStatus(r.status, retryAfter), view: { step: 'password', tenant, email, ...failed(r.problem, retryAfter), ...sso } };
  }
  const res = withStatus(200);
  if ('mfaRequired' in r.body) {
    if (r.body.enrolmentRequired) {
      setMfaCookie(res, r.body.challenge, r.body.challengeExpiresIn, secure, '/session/mfa');
      return { res, redirect: `${TWO_FACTOR_SETUP}?next=${encodeURIComponent(next)}` };
    }
    setMfaCookie(res, r.body.challenge, r.body.challengeExpiresIn, secure, '/sign-in');
    return { res, view: { step: 'code', tenant, email, message: null, fields: {} } };
  }
  setSessionCookies(res, r.body, secure);
  return { res, redirect: next };
}

async function verifyCode(req: NextRequest, form: URLSearchParams, next: string, secure: boolean): Promise<SignInOutcome> {
  const challenge = req.cookies.get(MFA_COOKIE)?.value;
  if (!challenge) {
    return { res: withStatus(401), view: { ...emptyView(), message: 'The sign-in has expired: sign in again.' } };
  }
  const r = await callApi<TokenPair>('POST', '/api/v1/auth/mfa/verify', {
    body: { challenge, code: (form.get('code') ?? '').trim() },
    forwardedFor: forwardedFor(req),
  });
  if (!r.ok) {
    const retryAfter = r.headers.get('retry-after');
    const res = withStatus(r.status, retryAfter);
    if (r.problem.code === 'SENTINEL_MFA_CHALLENGE_INVALID') {
      // Too many wrong codes, or too late: the password step again.
      clearMfaCookie(res, secure, '/sign-in');
      return { res, view: { ...emptyView(), ...failed(r.problem, retryAfter) } };
    }
    return { res, view: { step: 'code', tenant: '', email: '', ...failed(r.problem, retryAfter) } };
  }
  const res = withStatus(200);
  setSessionCookies(res, r.body, secure);
  clearMfaCookie(res, secure, '/sign-in');
  return { res, redirect: next };
}
