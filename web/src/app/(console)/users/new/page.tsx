import type { Metadata } from 'next';
import { UserForm } from '@/components/user-form';
import { BackLink, PageHeader } from '@/components/ui';
import { getMe, isAdmin } from '@/server/api';
import { NotAllowed } from '../../not-allowed';

export const metadata: Metadata = { title: 'New user' };

export default async function NewUserPage() {
  const me = await getMe();
  if (!isAdmin(me)) return <NotAllowed what="Managing users" />;
  return (
    <div className="flex flex-col gap-4">
      <BackLink href="/users">All users</BackLink>
      <PageHeader title="New user" />
      <UserForm />
    </div>
  );
}
