// Sign-out revokes this session's refresh-token family at the API, then forgets the cookies
// whatever the API said (a session the API already ended is signed out all the same).
import { NextResponse, type NextRequest } from 'next/server';
import { ACCESS_COOKIE, REFRESH_COOKIE, callApi, clearSessionCookies, forwardedFor, secureCookies } from '@/server/session';

export async function POST(req: NextRequest): Promise<NextResponse> {
  const token = req.cookies.get(ACCESS_COOKIE)?.value;
  const refreshToken = req.cookies.get(REFRESH_COOKIE)?.value;
  if (token && refreshToken)
    await callApi('POST', '/api/v1/auth/logout', { token, body: { refreshToken }, forwardedFor: forwardedFor(req) }).catch(() => undefined);
  const res = new NextResponse(null, { status: 204 });
  clearSessionCookies(res, secureCookies(req));
  return res;
}
