// Where the identity provider sends the browser back: the session cookies are set and the console opens.
import type { NextRequest, NextResponse } from 'next/server';
import { finishSso } from '@/server/sso';

export function GET(req: NextRequest): Promise<NextResponse> {
  return finishSso(req);
}
