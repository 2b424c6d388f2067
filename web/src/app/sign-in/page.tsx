import type { Metadata } from 'next';
import { SignInForm } from '@/components/sign-in-form';
import { AuthCard } from '@/components/ui';
import { sessionEndedMessage } from '@/lib/problem';

export const metadata: Metadata = { title: 'Sign in' };

type Search = Promise<{ ended?: string; next?: string; tenant?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const { ended, next, tenant } = await searchParams;
  return (
    <AuthCard title="Sign in">
      <SignInForm ended={sessionEndedMessage(ended)} next={next} tenant={tenant} />
    </AuthCard>
  );
}
