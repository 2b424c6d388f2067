import { NextResponse, type NextRequest } from 'next/server';
import { callApi, forwardedFor, secureCookies, setSessionCookies, type TokenPair } from './session';

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
  const r = await callApi<TokenPair>('POST', apiPath, { body, forwardedFor: forwardedFor(req) });
  if (!r.ok) {
    const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
    const retryAfter = r.headers.get('retry-after');
    if (retryAfter) headers['retry-after'] = retryAfter;
    return NextResponse.json(r.problem, { status: r.status, headers });
  }
  const res = new NextResponse(null, { status: 204 });
  setSessionCookies(res, r.body, secureCookies(req));
  return res;
}
