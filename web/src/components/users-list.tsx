'use client';
import Form from 'next/form';
import Link from 'next/link';
import { browserApi } from '@/api/browser';
import { FilterInput, FilterSelect, secondaryButtonClass } from './ui';
import { usePages } from './use-pages';

type Page = { items: User[]; nextCursor: string | null };
type User = { id: string; email: string; displayName: string; role: string; hasPassword: boolean; createdAt: string };

// The status column gives way on narrow screens (375 px): email, name and role stay.
const COLUMNS = [
  ['Email', ''],
  ['Name', ''],
  ['Role', ''],
  ['Status', 'hidden sm:table-cell'],
] as const;

const ROLE: Record<string, string> = { platform_admin: 'Platform admin', tenant_admin: 'Admin', member: 'Member' };

/** The first page comes from the server; "Load more" follows the API's keyset cursor from the browser. */
export function UsersList({
  q,
  role,
  pageSize,
  initial,
  searchError,
}: {
  q: string;
  role?: 'tenant_admin' | 'member';
  pageSize: number;
  initial: Page;
  searchError?: string;
}) {
  const { items, footer } = usePages(
    initial,
    (cursor) =>
      browserApi.GET('/api/v1/users', {
        params: { query: { limit: pageSize, sort: 'email', cursor, ...(q ? { emailPrefix: q } : {}), ...(role ? { role } : {}) } },
      }),
    ['user', 'users'],
  );

  return (
    <>
      <Form action="/users" role="search" className="flex flex-wrap items-end gap-2">
        <FilterInput id="q" label="Search by email" value={q} error={searchError} wide />
        <FilterSelect
          id="role"
          label="Role"
          any="Any role"
          options={[
            ['tenant_admin', 'Admin'],
            ['member', 'Member'],
          ]}
          value={role}
        />
        <button type="submit" className={secondaryButtonClass}>
          Search
        </button>
      </Form>
      {items.length === 0 ? (
        <p role="status" className="rounded-md border border-dashed border-slate-400 p-6 text-center text-slate-700 dark:text-slate-300">
          {q || role ? 'No users match this search.' : 'There are no users yet.'}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Users{q ? ` whose email starts with ${q}` : ''}</caption>
            <thead className="bg-slate-100 dark:bg-slate-900">
              <tr>
                {COLUMNS.map(([label, extra]) => (
                  <th key={label} scope="col" className={`px-3 py-2 ${extra}`}>
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((u) => (
                <tr key={u.id} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="px-3 py-2 break-all">
                    <Link href={`/users/${u.id}`} className="text-blue-800 underline dark:text-blue-300">
                      {u.email}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{u.displayName}</td>
                  <td className="px-3 py-2">{ROLE[u.role] ?? u.role}</td>
                  <td className="hidden px-3 py-2 sm:table-cell">{u.hasPassword ? 'Active' : 'Invited'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {footer}
    </>
  );
}
