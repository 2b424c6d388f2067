import type { Metadata } from 'next';
import Link from 'next/link';
import { UsersList } from '@/components/users-list';
import { Notice, PageHeader, buttonClass, secondaryButtonClass } from '@/components/ui';
import { endSessionOn401, getMe, isAdmin, sessionClient } from '@/server/api';
import { fieldErrors } from '@/lib/problem';
import { NotAllowed } from '../not-allowed';

export const metadata: Metadata = { title: 'Users' };

const PAGE_SIZE = 25;
const ROLES = ['tenant_admin', 'member'] as const;
type Role = (typeof ROLES)[number];

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string; role?: string; deleted?: string }> }) {
  const me = await getMe();
  if (!isAdmin(me)) return <NotAllowed what="Managing users" />;
  const sp = await searchParams;
  const q = (sp.q ?? '').trim();
  const role = ROLES.includes(sp.role as Role) ? (sp.role as Role) : undefined;
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/users', {
    params: { query: { limit: PAGE_SIZE, sort: 'email', ...(q ? { emailPrefix: q } : {}), ...(role ? { role } : {}) } },
  });
  endSessionOn401(response, error);
  const searchError = error ? (fieldErrors(error).emailPrefix ?? error.detail ?? error.title) : undefined;
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Users">
        <Link href="/users/import" className={secondaryButtonClass}>
          Import CSV
        </Link>
        <Link href="/users/new" className={buttonClass}>
          New user
        </Link>
      </PageHeader>
      {sp.deleted === '1' && <Notice kind="info">The user was deleted.</Notice>}
      <UsersList
        key={`${q}|${role ?? ''}`}
        q={q}
        role={role}
        pageSize={PAGE_SIZE}
        initial={data ?? { items: [], nextCursor: null }}
        searchError={searchError}
      />
    </div>
  );
}
