import type { Metadata } from 'next';
import { ApiKeysManager } from '@/components/api-keys';
import { PageHeader } from '@/components/ui';
import { endSessionOn401, getMe, sessionClient } from '@/server/api';
import { NotAllowed } from '../not-allowed';

export const metadata: Metadata = { title: 'API keys' };

export default async function ApiKeysPage() {
  const me = await getMe();
  const platform = me.user.role === 'platform_admin';
  if (me.user.role !== 'tenant_admin' && !platform) return <NotAllowed what="Your organisation's API keys" />;
  const api = await sessionClient();
  const { data, error, response } = await api.GET('/api/v1/api-keys');
  endSessionOn401(response, error);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="API keys" />
      <p className="max-w-2xl text-sm">
        {platform
          ? 'A platform key lets a program run the platform (tenants, every tenant’s audit log and jobs), limited to the scopes you give it; it never acts inside a tenant.'
          : 'A key lets a program call Sentinel for your organisation, limited to the scopes you give it.'}{' '}
        It is shown once, when it is created or rotated: store it in your secret manager. Send it as <code>Authorization: Bearer &lt;key&gt;</code>, never in a
        URL.
      </p>
      {data ? <ApiKeysManager items={data.items} platform={platform} /> : <p role="alert">The keys could not be loaded: {error?.detail ?? error?.title}.</p>}
    </div>
  );
}
