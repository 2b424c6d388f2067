import type { Metadata } from 'next';
import { NameForm, PasswordForm } from '@/components/profile-forms';
import { PageHeader, ROLE_LABEL } from '@/components/ui';
import { getMe } from '@/server/api';

export const metadata: Metadata = { title: 'Your profile' };

export default async function ProfilePage() {
  const me = await getMe();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Your profile" />
      <dl className="grid max-w-lg grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium">Email</dt>
        <dd className="break-all">{me.user.email}</dd>
        <dt className="font-medium">Role</dt>
        <dd>{ROLE_LABEL[me.user.role] ?? me.user.role}</dd>
        <dt className="font-medium">Organisation</dt>
        <dd>
          {me.tenant.displayName} ({me.tenant.slug})
        </dd>
      </dl>
      <NameForm id={me.user.id} displayName={me.user.displayName} />
      <PasswordForm id={me.user.id} />
    </div>
  );
}
