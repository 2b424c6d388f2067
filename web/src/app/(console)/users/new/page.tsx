import type { Metadata } from 'next';
import Link from 'next/link';
import { UserForm } from '@/components/user-form';
import { PageHeader, linkClass } from '@/components/ui';
import { getMe, isAdmin } from '@/server/api';
import { NotAllowed } from '../../not-allowed';

export const metadata: Metadata = { title: 'New user' };

export default async function NewUserPage() {
  const me = await getMe();
  if (!isAdmin(me)) return <NotAllowed what="Managing users" />;
  return (
    <div className="flex flex-col gap-4">
      <p>
        <Link href="/users" className={`text-sm ${linkClass}`}>
          ← All users
        </Link>
      </p>
      <PageHeader title="New user" />
      <UserForm />
    </div>
  );
}
