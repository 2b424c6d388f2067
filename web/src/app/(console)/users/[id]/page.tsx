import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EraseUser } from '@/components/erase-user';
import { UserActions } from '@/components/user-actions';
import { UserForm } from '@/components/user-form';
import { BackLink, Notice, PageHeader, ROLE_LABEL, when } from '@/components/ui';
import { endSessionOn401, getMe, isAdmin, sessionClient } from '@/server/api';
import { NotAllowed } from '../../not-allowed';

export const metadata: Metadata = { title: 'User' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function UserPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> }) {
  const me = await getMe();
  if (!isAdmin(me)) return <NotAllowed what="Managing users" />;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/users/{id}', { params: { path: { id } } });
  endSessionOn401(response, error);
  // Another tenant's user answers 404 exactly like one that never existed (RLS).
  if (response.status === 404) notFound();
  if (!data) throw new Error(`GET /api/v1/users/{id} answered ${response.status}`);
  const created = (await searchParams).created === '1';
  return (
    <div className="flex flex-col gap-6">
      <BackLink href="/users">All users</BackLink>
      <PageHeader title={data.displayName} />
      {created && (
        <Notice kind="info">
          {data.hasPassword ? 'The user was created and can sign in.' : `The user was created and an invitation is on its way to ${data.email}.`}
        </Notice>
      )}
      <dl className="grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium">Email</dt>
        <dd className="break-all">{data.email}</dd>
        <dt className="font-medium">Role</dt>
        <dd>{ROLE_LABEL[data.role] ?? data.role}</dd>
        <dt className="font-medium">Status</dt>
        <dd>{data.hasPassword ? 'Active' : 'Invited (no password yet)'}</dd>
        <dt className="font-medium">Created</dt>
        <dd>{when(data.createdAt)}</dd>
        <dt className="font-medium">Changed</dt>
        <dd>{when(data.updatedAt)}</dd>
      </dl>
      {data.role !== 'platform_admin' && (
        <section aria-labelledby="edit-title" className="flex flex-col gap-3">
          <h2 id="edit-title" className="text-lg font-semibold">
            Edit
          </h2>
          <UserForm user={data} />
        </section>
      )}
      <UserActions user={data} self={data.id === me.user.id} />
      {data.id !== me.user.id && <EraseUser user={data} />}
    </div>
  );
}
