import type { Metadata } from 'next';
import { ImportForm } from '@/components/import-form';
import { BackLink, PageHeader } from '@/components/ui';
import { getMe, isAdmin } from '@/server/api';
import { NotAllowed } from '../../not-allowed';

export const metadata: Metadata = { title: 'Import users' };

export default async function ImportPage() {
  const me = await getMe();
  if (!isAdmin(me)) return <NotAllowed what="Importing users" />;
  return (
    <div className="flex flex-col gap-4">
      <BackLink href="/users">All users</BackLink>
      <PageHeader title="Import users" />
      <p className="max-w-2xl text-sm">
        A UTF-8 CSV file whose first line is <code className="font-mono">email,displayName</code> (optionally with a <code className="font-mono">role</code>{' '}
        column: <code className="font-mono">member</code> or <code className="font-mono">tenant_admin</code>). Each new user is emailed an invitation. Rows that
        are not valid are listed with their line and field; the others are imported. Emails already in use are skipped.
      </p>
      <ImportForm />
    </div>
  );
}
