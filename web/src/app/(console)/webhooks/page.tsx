import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateEndpointForm } from '@/components/webhooks';
import { Empty, Notice, PageHeader, Table, cellClass, hiddenCellClass, linkClass } from '@/components/ui';
import { endSessionOn401, getMe, sessionClient } from '@/server/api';
import { NotAllowed } from '../not-allowed';

export const metadata: Metadata = { title: 'Webhooks' };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const me = await getMe();
  if (me.user.role !== 'tenant_admin') return <NotAllowed what="Your organisation's webhooks" />;
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/webhooks/endpoints');
  endSessionOn401(response, error);
  const deleted = (await searchParams).deleted === '1';
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Webhooks" />
      <p className="max-w-2xl text-sm">
        Sentinel POSTs the events you choose to your endpoints as they happen, signed with each endpoint’s secret (Standard Webhooks), and retries for about 17
        hours until your receiver answers 2xx. An endpoint whose deliveries all fail for 5 days is disabled.
      </p>
      {deleted && <Notice kind="info">The endpoint was deleted.</Notice>}
      <CreateEndpointForm />
      <section aria-labelledby="endpoints-title" className="flex flex-col gap-3">
        <h2 id="endpoints-title" className="text-lg font-semibold">
          Endpoints
        </h2>
        {!data ? (
          <p role="alert">The endpoints could not be loaded: {error?.detail ?? error?.title}.</p>
        ) : data.items.length === 0 ? (
          <Empty>No endpoints yet: add one above.</Empty>
        ) : (
          <Table caption="Your organisation's webhook endpoints, newest first" columns={['URL', ['Description', 'hide'], 'Events', 'Status']}>
            {data.items.map((e) => (
              <tr key={e.id}>
                <td className={`${cellClass} break-all`}>
                  <Link href={`/webhooks/${e.id}`} className={linkClass}>
                    {e.url}
                  </Link>
                </td>
                <td className={hiddenCellClass}>{e.description || '—'}</td>
                <td className={cellClass}>
                  <ul>
                    {e.eventTypes.map((t) => (
                      <li key={t}>
                        <code>{t}</code>
                      </li>
                    ))}
                  </ul>
                </td>
                <td className={cellClass}>
                  {e.enabled ? 'Enabled' : 'Disabled'}
                  {e.disabledReason && <span className="block text-xs text-red-700 dark:text-red-300">{e.disabledReason}</span>}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </div>
  );
}
