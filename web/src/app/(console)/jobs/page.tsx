import type { Metadata } from 'next';
import Form from 'next/form';
import { JobsList, type JobRow } from '@/components/jobs-list';
import { Empty, FilterSelect, Notice, PageHeader, secondaryButtonClass } from '@/components/ui';
import { endSessionOn401, getMe, isAdmin, sessionClient } from '@/server/api';
import { NotAllowed } from '../not-allowed';

export const metadata: Metadata = { title: 'Jobs' };

const STATES = ['queued', 'active', 'completed', 'failed'] as const;
type State = (typeof STATES)[number];

export default async function JobsPage({ searchParams }: { searchParams: Promise<{ state?: string }> }) {
  const me = await getMe();
  if (!isAdmin(me)) return <NotAllowed what="Jobs" />;
  const sp = await searchParams;
  const state = STATES.includes(sp.state as State) ? (sp.state as State) : undefined;
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/jobs', { params: { query: { limit: 100, ...(state ? { state } : {}) } } });
  endSessionOn401(response, error);
  const items = (data?.items ?? []) as JobRow[];
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Jobs" />
      <Form action="/jobs" role="search" aria-label="Filter jobs" className="flex flex-wrap items-end gap-2">
        <FilterSelect id="state" label="State" any="Any state" options={STATES} value={state} />
        <button type="submit" className={secondaryButtonClass}>
          Filter
        </button>
      </Form>
      {error && <Notice kind="error">{error.detail ?? error.title}</Notice>}
      {items.length === 0 ? (
        <Empty>No jobs{state ? ` in state ${state}` : ''}.</Empty>
      ) : (
        <JobsList items={items} platform={me.user.role === 'platform_admin'} />
      )}
      {data?.nextCursor && <p className="text-sm">Showing the newest 100; filter by state to find older ones.</p>}
    </div>
  );
}
