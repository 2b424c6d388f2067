import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptInviteForm } from '@/components/accept-invite-form';
import { AuthCard, Notice } from '@/components/ui';

export const metadata: Metadata = { title: 'Accept your invitation' };

export default async function AcceptInvitePage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Accept your invitation">
      {token ? (
        <>
          <p className="mb-4 text-sm text-slate-700 dark:text-slate-300">Choose a password for your Sentinel account. You will be signed in right after.</p>
          <AcceptInviteForm token={token} />
        </>
      ) : (
        <Notice kind="error">
          This link has no invitation token. Open the link from your invitation email again, or ask your administrator to re-send it.{' '}
          <Link className="underline" href="/sign-in">
            Go to sign in
          </Link>
        </Notice>
      )}
    </AuthCard>
  );
}
