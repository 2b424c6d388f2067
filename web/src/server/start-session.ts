import { NextResponse, type NextRequest } from 'next/server';
import { callApi, forwardedFor, secureCookies, setSessionCookies, type TokenPair } from './session';

/**
 * The sign-in challenge while a second factor is awaited: httpOnly like the session, sent only
 * to the routes that take the code. The sign-in page's own code step (pages/sign-in.tsx) holds
 * it under /sign-in; the JSON routes (/session/mfa/*, the forced enrolment) under /session/mfa.
 */
export const MFA_COOKIE = 'sentinel_mfa';
export type MfaCookiePath = '/session/mfa' | '/sign-in';

export type LoginAnswer = TokenPair | { mfaRequired: true; challenge: string; challengeExpiresIn: number; enrolmentRequired: boolean };

function problemResponse(r: { status: number; problem: unknown; headers: Headers }): NextResponse {
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  const retryAfter = r.headers.get('retry-after');
  if (retryAfter) headers['retry-after'] = retryAfter;
  return NextResponse.json(r.problem, { status: r.status, headers });
}

export function setMfaCookie(res: NextResponse, challenge: string, maxAge: number, secure: boolean, path: MfaCookiePath = '/session/mfa'): void {
  res.cookies.set(MFA_COOKIE, challenge, { httpOnly: true, secure, sameSite: 'strict', path, maxAge });
}

export function clearMfaCookie(res: NextResponse, secure: boolean, path: MfaCookiePath = '/session/mfa'): void {
  res.cookies.set(MFA_COOKIE, '', { httpOnly: true, secure, sameSite: 'strict', path, maxAge: 0 });
}

/** Posts the browser's JSON body to a token-issuing API endpoint and turns the pair into cookies. */
export async function startSession(req: NextRequest, apiPath: '/api/v1/auth/login' | '/api/v1/auth/accept-invite'): Promise<NextResponse> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return NextResponse.json(
      { type: 'about:blank', title: 'The request is not valid', status: 400, code: 'SENTINEL_VALIDATION_FAILED', detail: 'Send a JSON body' },
      { status: 400, headers: { 'content-type': 'application/problem+json' } },
    );
  }
  const r = await callApi<LoginAnswer>('POST', apiPath, { body, forwardedFor: forwardedFor(req) });
  if (!r.ok) return problemResponse(r);
  if ('mfaRequired' in r.body) {
    // The password was right; the challenge waits in a cookie for the code (script never holds it).
    const res = NextResponse.json({ mfaRequired: true, enrolmentRequired: r.body.enrolmentRequired }, { status: 200 });
    setMfaCookie(res, r.body.challenge, r.body.challengeExpiresIn, secureCookies(req));
    return res;
  }
  const res = new NextResponse(null, { status: 204 });
  setSessionCookies(res, r.body, secureCookies(req));
  return res;
}

/**
 * The second step of a sign-in: the code (POST /session/mfa/verify) or, when the tenant
 * requires MFA of a user without it, starting the enrolment (POST /session/mfa/enrolment), each
 * with the challenge from the cookie. A verified sign-in sets the session cookies; the recovery
 * codes of an enrolment made here pass through to be shown once.
 */
export async function continueSignIn(req: NextRequest, step: 'verify' | 'enrolment'): Promise<NextResponse> {
  const challenge = req.cookies.get(MFA_COOKIE)?.value;
  const secure = secureCookies(req);
  if (!challenge) {
    return NextResponse.json(
      { type: 'about:blank', title: 'The sign-in has expired; sign in again', status: 401, code: 'SENTINEL_MFA_CHALLENGE_INVALID' },
      { status: 401, headers: { 'content-type': 'application/problem+json' } },
    );
  }
  if (step === 'enrolment') {
    const r = await callApi<{ secret: string; otpauthUri: string }>('POST', '/api/v1/auth/mfa/challenge/enrolment', {
      body: { challenge },
      forwardedFor: forwardedFor(req),
    });
    return r.ok ? NextResponse.json(r.body, { status: 201 }) : problemResponse(r);
  }
  let code: unknown;
  try {
    code = ((await req.json()) as { code?: unknown }).code;
  } catch {
    code = undefined;
  }
  const r = await callApi<TokenPair & { recoveryCodes?: string[] }>('POST', '/api/v1/auth/mfa/verify', {
    body: { challenge, code },
    forwardedFor: forwardedFor(req),
  });
  if (!r.ok) {
    const res = problemResponse(r);
    if (r.problem && (r.problem as { code?: string }).code === 'SENTINEL_MFA_CHALLENGE_INVALID') clearMfaCookie(res, secure);
    return res;
  }
  const res = r.body.recoveryCodes ? NextResponse.json({ recoveryCodes: r.body.recoveryCodes }, { status: 200 }) : new NextResponse(null, { status: 204 });
  setSessionCookies(res, r.body, secure);
  clearMfaCookie(res, secure);
  return res;
}
