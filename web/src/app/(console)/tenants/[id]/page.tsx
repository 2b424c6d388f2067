import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TenantExportSection } from '@/components/tenant-export';
import { TenantActions } from '@/components/tenant-forms';
import { UsageCharts } from '@/components/usage-chart';
import { BackLink, Notice, PageHeader, Table, cellClass, hiddenCellClass, when } from '@/components/ui';
import { endSessionOn401, getMe, sessionClient } from '@/server/api';
import { NotAllowed } from '../../not-allowed';

export const metadata: Metadata = { title: 'Tenant' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function TenantPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> }) {
  const me = await getMe();
  if (me.user.role !== 'platform_admin') return <NotAllowed what="Managing tenants" platform />;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const api = await sessionClient();
  const { data: t, error, response } = await api.GET('/api/v1/tenants/{id}', { params: { path: { id } } });
  endSessionOn401(response, error);
  if (response.status === 404) notFound();
  if (!t) throw new Error(`GET /api/v1/tenants/{id} answered ${response.status}`);
  const created = (await searchParams).created === '1';
  const usage = t.slug === 'platform' ? undefined : (await api.GET('/api/v1/tenants/{id}/usage', { params: { path: { id } } })).data;
  return (
    <div className="flex flex-col gap-6">
      <BackLink href="/tenants">All tenants</BackLink>
      <PageHeader title={t.displayName} />
      {created && <Notice kind="info">The tenant was created.</Notice>}
      <dl className="grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium">Short name</dt>
        <dd>{t.slug}</dd>
        <dt className="font-medium">Plan</dt>
        <dd>{t.plan}</dd>
        <dt className="font-medium">Status</dt>
        <dd>{t.status === 'active' ? 'Active' : 'Suspended'}</dd>
        <dt className="font-medium">Users at most</dt>
        <dd>{t.maxUsers ?? 'no limit'}</dd>
        <dt className="font-medium">Audit kept for</dt>
        <dd>{t.auditRetentionDays} days</dd>
        <dt className="font-medium">Managed by</dt>
        <dd>{t.managedBy === 'kubernetes' ? 'a Kubernetes Tenant resource' : 'this console and the API'}</dd>
        <dt className="font-medium">Created</dt>
        <dd>{when(t.createdAt)}</dd>
      </dl>
      {t.slug === 'platform' ? (
        <Notice kind="info">This is the platform tenant, where platform admins live. It cannot be suspended, changed or deleted.</Notice>
      ) : t.managedBy === 'kubernetes' ? (
        <>
          <section aria-labelledby="controller-title" className="flex flex-col gap-2">
            <h2 id="controller-title" className="text-lg font-semibold">
              Controller status
            </h2>
            {t.resource ? (
              <>
                <p className="text-sm">
                  Phase <strong>{t.resource.phase}</strong>, generation {t.resource.observedGeneration} of {t.resource.generation} applied
                  {t.resource.observedGeneration < t.resource.generation ? ' (a change is being applied)' : ''}; reported {when(t.resource.reportedAt)}.
                </p>
                <Table caption="Conditions of the Tenant resource" columns={['Condition', 'Status', 'Reason', ['Message', 'hide'], ['Since', 'hide']]}>
                  {t.resource.conditions.map((c) => (
                    <tr key={c.type}>
                      <th scope="row" className={`${cellClass} font-medium`}>
                        {c.type}
                      </th>
                      <td className={cellClass}>{c.status}</td>
                      <td className={cellClass}>{c.reason}</td>
                      <td className={hiddenCellClass}>{c.message}</td>
                      <td className={`${hiddenCellClass} whitespace-nowrap`}>{when(c.lastTransitionTime)}</td>
                    </tr>
                  ))}
                </Table>
              </>
            ) : (
              <p className="text-sm">The controller has not reported on this tenant yet.</p>
            )}
          </section>
          <section aria-labelledby="kubectl-title" className="flex flex-col gap-2">
            <h2 id="kubectl-title" className="text-lg font-semibold">
              Change it with kubectl
            </h2>
            <p className="max-w-2xl text-sm">
              A Tenant resource owns this tenant, so the API refuses changes here (409, SENTINEL_TENANTS_MANAGED_BY_KUBERNETES): the controller would put its
              spec back. Change the resource instead:
            </p>
            <pre className="overflow-x-auto rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-900">
              <code>{`# phase, conditions, observedGeneration
kubectl get tenant ${t.slug} -o yaml
kubectl patch tenant ${t.slug} --type merge -p '{"spec":{"suspended":true}}'
kubectl patch tenant ${t.slug} --type merge -p '{"spec":{"plan":"pro"}}'
# honours spec.deletionPolicy
kubectl delete tenant ${t.slug}`}</code>
            </pre>
          </section>
        </>
      ) : (
        <TenantActions tenant={t} />
      )}
      {t.slug !== 'platform' && <TenantExportSection tenantId={t.id} whose="this tenant's" />}
      {usage && (
        <section aria-labelledby="usage-title" className="flex flex-col gap-2">
          <h2 id="usage-title" className="text-lg font-semibold">
            Usage, last 30 days
          </h2>
          <UsageCharts days={usage.items} />
        </section>
      )}
    </div>
  );
}
