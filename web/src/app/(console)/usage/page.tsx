import type { Metadata } from 'next';
import Form from 'next/form';
import { UsageCharts } from '@/components/usage-chart';
import { FilterInput, Notice, PageHeader, secondaryButtonClass } from '@/components/ui';
import { fieldErrors } from '@/lib/problem';
import { endSessionOn401, getMe, sessionClient } from '@/server/api';
import { NotAllowed } from '../not-allowed';

export const metadata: Metadata = { title: 'Usage' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export default async function UsagePage({ searchParams }: { searchParams: Promise<{ from?: string; to?: string }> }) {
  const me = await getMe();
  if (me.user.role !== 'tenant_admin') return <NotAllowed what="Usage" />;
  const sp = await searchParams;
  const from = DAY.test(sp.from ?? '') ? sp.from : undefined;
  const to = DAY.test(sp.to ?? '') ? sp.to : undefined;
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/usage', { params: { query: { ...(from ? { from } : {}), ...(to ? { to } : {}) } } });
  endSessionOn401(response, error);
  const errors = error ? fieldErrors(error) : {};
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Usage" />
      <p className="max-w-2xl text-sm">Per day, as the daily rollup counted it: the last 30 days unless you choose a range (at most 366 days).</p>
      <Form action="/usage" role="search" aria-label="Choose the period" className="flex flex-wrap items-end gap-3">
        <FilterInput id="from" label="From" type="date" value={sp.from} error={errors.from} />
        <FilterInput id="to" label="To" type="date" value={sp.to} error={errors.to} />
        <button type="submit" className={secondaryButtonClass}>
          Show
        </button>
      </Form>
      {error && !Object.keys(errors).length && <Notice kind="error">{error.detail ?? error.title}</Notice>}
      {data && <UsageCharts days={data.items} />}
    </div>
  );
}
