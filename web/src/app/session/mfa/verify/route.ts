// Sign-in's second step: the code (or a recovery code) with the challenge the login left in an
// httpOnly cookie; on success the session cookies are set as after a plain sign-in.
import type { NextRequest, NextResponse } from 'next/server';
import { continueSignIn } from '@/server/start-session';

export function POST(req: NextRequest): Promise<NextResponse> {
  return continueSignIn(req, 'verify');
}
