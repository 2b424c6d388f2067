// Sign-in (backend-for-frontend): the browser posts the form here; the tokens the API answers
// with go into httpOnly cookies and never reach script. Problems pass through unchanged (with
// Retry-After) so the form can show the API's message and its field errors.
import { NextResponse, type NextRequest } from 'next/server';
import { startSession } from '@/server/start-session';

export function POST(req: NextRequest): Promise<NextResponse> {
  return startSession(req, '/api/v1/auth/login');
}
