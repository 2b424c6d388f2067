import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { Empty, Notice, PageHeader, Table, buttonClass, cellClass, hiddenCellClass, linkClass, secondaryButtonClass } from '@/components/ui';
import { endSessionOn401, getMe, sessionClient } from '@/server/api';
import { NotAllowed } from '../not-allowed';

export const metadata: Metadata = { title: 'Tenants' };

const STATUSES = ['active', 'suspended'] as const;
const PLANS = ['free', 'pro', 'enterprise'] as const;
const select = 'rounded-md border border-slate-400 bg-white px-3 py-2 dark:border-slate-500 dark:bg-slate-900';

export default async function TenantsPage({ searchParams }: { searchParams: Promise<{ q?: string; status?: string; plan?: string; deleted?: string }> }) {
  const me = await getMe();
  if (me.user.role !== 'platform_admin') return <NotAllowed what="Managing tenants" platform />;
  const sp = await searchParams;
  const q = (sp.q ?? '').trim().toLowerCase();
  const status = STATUSES.find((s) => s === sp.status);
  const plan = PLANS.find((p) => p === sp.plan);
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/tenants', {
    params: { query: { limit: 100, ...(q ? { slugPrefix: q } : {}), ...(status ? { status } : {}), ...(plan ? { plan } : {}) } },
  });
  endSessionOn401(response, error);
  const items = data?.items ?? [];
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Tenants">
        <Link href="/tenants/new" className={buttonClass}>
          New tenant
        </Link>
      </PageHeader>
      {sp.deleted === '1' && <Notice kind="info">The tenant was deleted.</Notice>}
      <Form action="/tenants" role="search" aria-label="Filter tenants" className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor="q" className="text-sm font-medium">
            Short name starts with
          </label>
          <input id="q" name="q" type="search" defaultValue={q} className={`${select} w-56 max-w-full`} />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="status" className="text-sm font-medium">
            Status
          </label>
          <select id="status" name="status" defaultValue={status ?? ''} className={select}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="plan" className="text-sm font-medium">
            Plan
          </label>
          <select id="plan" name="plan" defaultValue={plan ?? ''} className={select}>
            <option value="">Any plan</option>
            {PLANS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </div>
        <button type="submit" className={secondaryButtonClass}>
          Filter
        </button>
      </Form>
      {error && <Notice kind="error">{error.detail ?? error.title}</Notice>}
      {items.length === 0 ? (
        <Empty>No tenants match.</Empty>
      ) : (
        <Table caption="Tenants" columns={['Short name', ['Name', 'hide'], 'Plan', 'Status', ['Managed by', 'hide']]}>
          {items.map((t) => (
            <tr key={t.id}>
              <td className={cellClass}>
                <Link href={`/tenants/${t.id}`} className={linkClass}>
                  {t.slug}
                </Link>
              </td>
              <td className={hiddenCellClass}>{t.displayName}</td>
              <td className={cellClass}>{t.plan}</td>
              <td className={cellClass}>{t.status}</td>
              <td className={hiddenCellClass}>{t.managedBy === 'kubernetes' ? 'Kubernetes' : 'API'}</td>
            </tr>
          ))}
        </Table>
      )}
      {data?.nextCursor && <p className="text-sm">Showing the first 100; filter to narrow the list.</p>}
    </div>
  );
}
