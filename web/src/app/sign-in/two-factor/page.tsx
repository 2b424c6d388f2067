import type { Metadata } from 'next';
import { SignInCode } from '@/components/mfa';
import { AuthCard } from '@/components/ui';
import { safeNext } from '@/lib/session-client';

export const metadata: Metadata = { title: 'Set up two-factor authentication' };

// Where the sign-in page (pages/sign-in.tsx) sends a user whose organisation requires two-factor
// authentication and who has not set it up: the password was right, the challenge waits in an
// httpOnly cookie for /session/mfa/*, and the QR code is drawn here in the browser.
export default async function TwoFactorSetupPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <AuthCard title="Set up two-factor authentication">
      <SignInCode enrolmentRequired next={safeNext(next)} />
    </AuthCard>
  );
}
