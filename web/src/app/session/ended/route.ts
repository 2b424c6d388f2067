// Where a page goes when the API answered 401 to its session (revoked, user deleted, tenant
// suspended): the cookies are cleared (a server component cannot) and the sign-in page says why.
// It only ever removes a session, so a cross-site link to it can do no more than sign out.
import type { NextRequest, NextResponse } from 'next/server';
import { clearSessionCookies, secureCookies, seeOther } from '@/server/session';

export function GET(req: NextRequest): NextResponse {
  const code = (req.nextUrl.searchParams.get('code') ?? '').replace(/[^A-Za-z_-]/g, '').slice(0, 64);
  const res = seeOther(`/sign-in${code ? `?ended=${code}` : ''}`);
  clearSessionCookies(res, secureCookies(req));
  return res;
}
