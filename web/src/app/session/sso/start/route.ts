// Starts a single sign-on: GET /session/sso/start?tenant=SLUG (a link or a plain form) → the tenant's identity provider.
import type { NextRequest, NextResponse } from 'next/server';
import { startSso } from '@/server/sso';

export function GET(req: NextRequest): Promise<NextResponse> {
  return startSso(req);
}
