// A tenant that requires MFA of a user without it: the sign-in challenge allows only this,
// starting an enrolment (the secret and its otpauth:// URI, for the QR code).
import type { NextRequest, NextResponse } from 'next/server';
import { continueSignIn } from '@/server/start-session';

export function POST(req: NextRequest): Promise<NextResponse> {
  return continueSignIn(req, 'enrolment');
}
