import type { Metadata } from 'next';
import Form from 'next/form';
import { Empty, FilterInput, PageHeader, Table, cellClass, secondaryButtonClass } from '@/components/ui';
import { endSessionOn401, sessionClient } from '@/server/api';

export const metadata: Metadata = { title: 'Directory' };

/** Everyone in the organisation, by name and email: what any member may see. */
export default async function DirectoryPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const q = ((await searchParams).q ?? '').trim();
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/users', { params: { query: { limit: 100, sort: 'email', ...(q ? { emailPrefix: q } : {}) } } });
  endSessionOn401(response, error);
  const items = data?.items ?? [];
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Directory" />
      <Form action="/directory" role="search" className="flex flex-wrap items-end gap-2">
        <FilterInput id="q" label="Search by email" value={q} wide />
        <button type="submit" className={secondaryButtonClass}>
          Search
        </button>
      </Form>
      {items.length === 0 ? (
        <Empty>{q ? 'Nobody matches this search.' : 'Nobody is here yet.'}</Empty>
      ) : (
        <Table caption="People in your organisation" columns={['Name', 'Email']}>
          {items.map((u) => (
            <tr key={u.id}>
              <td className={cellClass}>{u.displayName}</td>
              <td className={`${cellClass} break-all`}>{u.email}</td>
            </tr>
          ))}
        </Table>
      )}
      {data?.nextCursor && <p className="text-sm">Showing the first 100; search to narrow the list.</p>}
    </div>
  );
}
