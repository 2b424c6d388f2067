// Accepting an invitation sets the password and signs in: the same cookies as sign-in.
import { NextResponse, type NextRequest } from 'next/server';
import { startSession } from '@/server/start-session';

export function POST(req: NextRequest): Promise<NextResponse> {
  return startSession(req, '/api/v1/auth/accept-invite');
}
