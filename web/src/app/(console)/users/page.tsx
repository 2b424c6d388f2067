import type { Metadata } from 'next';
import { UsersList } from '@/components/users-list';
import { endSessionOn401, getMe, isAdmin, sessionClient } from '@/server/api';
import { fieldErrors } from '@/lib/problem';
import { NotAllowed } from '../not-allowed';

export const metadata: Metadata = { title: 'Users' };

const PAGE_SIZE = 25;

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const me = await getMe();
  if (!isAdmin(me)) return <NotAllowed what="Managing users" />;
  const q = ((await searchParams).q ?? '').trim();
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/users', {
    params: { query: { limit: PAGE_SIZE, sort: 'email', ...(q ? { emailPrefix: q } : {}) } },
  });
  endSessionOn401(response, error);
  const searchError = error ? (fieldErrors(error).emailPrefix ?? error.detail ?? error.title) : undefined;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Users</h1>
      <UsersList key={q} q={q} pageSize={PAGE_SIZE} initial={data ?? { items: [], nextCursor: null }} searchError={searchError} />
    </div>
  );
}
