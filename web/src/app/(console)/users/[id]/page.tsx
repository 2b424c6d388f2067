import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { endSessionOn401, getMe, isAdmin, sessionClient } from '@/server/api';
import { NotAllowed } from '../../not-allowed';

export const metadata: Metadata = { title: 'User' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
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
  return (
    <div className="flex flex-col gap-4">
      <p>
        <Link href="/users" className="text-sm text-blue-800 underline dark:text-blue-300">
          ← All users
        </Link>
      </p>
      <h1 className="text-2xl font-bold break-all">{data.displayName}</h1>
      <dl className="grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium">Email</dt>
        <dd className="break-all">{data.email}</dd>
        <dt className="font-medium">Role</dt>
        <dd>{data.role}</dd>
        <dt className="font-medium">Status</dt>
        <dd>{data.hasPassword ? 'Active' : 'Invited (no password yet)'}</dd>
        <dt className="font-medium">Created</dt>
        <dd>{new Date(data.createdAt).toUTCString()}</dd>
      </dl>
    </div>
  );
}
