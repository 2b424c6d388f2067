import type { Metadata } from 'next';
import { ApiKeysManager } from '@/components/api-keys';
import { PageHeader } from '@/components/ui';
import { endSessionOn401, getMe, sessionClient } from '@/server/api';
import { NotAllowed } from '../not-allowed';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const me = await getMe();
  if (me.user.role !== 'tenant_admin') return <NotAllowed what="Your organisation's API keys" />;
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/api-keys');
  endSessionOn401(response, error);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="API keys" />
      <p className="max-w-2xl text-sm">
        A key lets a program call Sentinel for your organisation, limited to the scopes you give it. It is shown once, when it is created or rotated: store it
        in your secret manager. Send it as <code>Authorization: Bearer &lt;key&gt;</code>, never in a URL.
      </p>
      {data ? <ApiKeysManager items={data.items} /> : <p role="alert">The keys could not be loaded: {error?.detail ?? error?.title}.</p>}
    </div>
  );
}
