import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import {
  Empty,
  FilterInput,
  FilterSelect,
  Notice,
  PageHeader,
  Table,
  buttonClass,
  cellClass,
  hiddenCellClass,
  linkClass,
  secondaryButtonClass,
} from '@/components/ui';
import { endSessionOn401, getMe, sessionClient } from '@/server/api';
import { NotAllowed } from '../not-allowed';

export const metadata: Metadata = { title: 'Tenants' };

const STATUSES = ['active', 'suspended'] as const;
const PLANS = ['free', 'pro', 'enterprise'] as const;

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
        <FilterInput id="q" label="Short name starts with" value={q} />
        <FilterSelect id="status" label="Status" any="Any status" options={STATUSES} value={status} />
        <FilterSelect id="plan" label="Plan" any="Any plan" options={PLANS} value={plan} />
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
