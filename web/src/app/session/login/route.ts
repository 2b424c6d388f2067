// Sign-in as JSON (backend-for-frontend): the tokens the API answers with go into httpOnly
// cookies and never reach script; problems pass through unchanged (with Retry-After). The
// sign-in page posts its plain form to itself (pages/sign-in.tsx); this route serves what signs
// in by script (the benches and tests, a client of its own).
import { NextResponse, type NextRequest } from 'next/server';
import { startSession } from '@/server/start-session';

export function POST(req: NextRequest): Promise<NextResponse> {
  return startSession(req, '/api/v1/auth/login');
}
