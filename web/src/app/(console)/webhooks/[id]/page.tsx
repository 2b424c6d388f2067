import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DeliveriesList, EndpointManager } from '@/components/webhooks';
import { BackLink, Notice, PageHeader, when } from '@/components/ui';
import { endSessionOn401, getMe, sessionClient } from '@/server/api';
import { NotAllowed } from '../../not-allowed';

export const metadata: Metadata = { title: 'Webhook endpoint' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await getMe();
  if (me.user.role !== 'tenant_admin') return <NotAllowed what="Your organisation's webhooks" />;
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/webhooks/endpoints/{id}', { params: { path: { id } } });
  endSessionOn401(response, error);
  // Another tenant's endpoint answers 404 exactly like one that never existed (RLS).
  if (response.status === 404) notFound();
  if (!data) throw new Error(`GET /api/v1/webhooks/endpoints/{id} answered ${response.status}`);
  const deliveries = await api.GET('/api/v1/webhooks/endpoints/{id}/deliveries', { params: { path: { id }, query: { limit: 50 } } });
  endSessionOn401(deliveries.response, deliveries.error);
  return (
    <div className="flex flex-col gap-6">
      <BackLink href="/webhooks">All endpoints</BackLink>
      <PageHeader title={data.description || 'Webhook endpoint'} />
      {data.disabledReason && <Notice kind="error">Sentinel disabled this endpoint: {data.disabledReason}. Fix the receiver, then enable it again.</Notice>}
      <dl className="grid max-w-xl grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium">URL</dt>
        <dd className="break-all">{data.url}</dd>
        <dt className="font-medium">Status</dt>
        <dd>{data.enabled ? 'Enabled' : 'Disabled'}</dd>
        <dt className="font-medium">Failing since</dt>
        <dd>{data.failingSince ? when(data.failingSince) : '—'}</dd>
        <dt className="font-medium">Secret rotated</dt>
        <dd>
          {data.rotatedAt ? when(data.rotatedAt) : 'never'}
          {data.previousSecretExpiresAt && ` (the previous secret signs too until ${when(data.previousSecretExpiresAt)})`}
        </dd>
        <dt className="font-medium">Created</dt>
        <dd>{when(data.createdAt)}</dd>
      </dl>
      <EndpointManager endpoint={data} />
      {deliveries.data ? (
        <DeliveriesList endpointId={data.id} enabled={data.enabled} items={deliveries.data.items} />
      ) : (
        <p role="alert">The deliveries could not be loaded: {deliveries.error?.detail ?? deliveries.error?.title}.</p>
      )}
    </div>
  );
}
