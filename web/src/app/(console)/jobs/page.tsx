import type { Metadata } from 'next';
import Form from 'next/form';
import { JobsList, type JobRow } from '@/components/jobs-list';
import { Empty, Notice, PageHeader, secondaryButtonClass } from '@/components/ui';
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
        <div className="flex flex-col gap-1">
          <label htmlFor="state" className="text-sm font-medium">
            State
          </label>
          <select
            id="state"
            name="state"
            defaultValue={state ?? ''}
            className="rounded-md border border-slate-400 bg-white px-3 py-2 dark:border-slate-500 dark:bg-slate-900"
          >
            <option value="">Any state</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
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
