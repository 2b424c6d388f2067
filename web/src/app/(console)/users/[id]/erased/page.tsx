import type { Metadata } from 'next';
import Link from 'next/link';
import { BackLink, Notice, PageHeader, linkClass } from '@/components/ui';

export const metadata: Metadata = { title: 'Personal data erased' };

const PSEUDONYM = /^erased-user-[0-9a-f]{32}$/;

/** Where the console lands after an erasure (components/erase-user.tsx): the user is gone, the pseudonym is what remains. */
export default async function ErasedPage({ searchParams }: { searchParams: Promise<{ pseudonym?: string }> }) {
  const { pseudonym } = await searchParams;
  return (
    <div className="flex flex-col gap-6">
      <BackLink href="/users">All users</BackLink>
      <PageHeader title="Personal data erased" />
      <Notice kind="info">
        The user was erased.
        {pseudonym && PSEUDONYM.test(pseudonym) && (
          <>
            {' '}
            The audit log now names them <span className="font-mono break-all">{pseudonym}</span>.
          </>
        )}
      </Notice>
      <p className="text-sm">
        <Link href="/audit" className={linkClass}>
          See the audit log
        </Link>
      </p>
    </div>
  );
}
