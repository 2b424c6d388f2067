import type { Metadata } from 'next';
import { MfaPolicyForm } from '@/components/mfa';
import { SettingsForm } from '@/components/settings-form';
import { TenantExportSection } from '@/components/tenant-export';
import { Notice, PageHeader } from '@/components/ui';
import { endSessionOn401, getMe, sessionClient } from '@/server/api';
import { NotAllowed } from '../not-allowed';
import { SsoSection } from './sso-section';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const me = await getMe();
  if (me.user.role !== 'tenant_admin') return <NotAllowed what="Your organisation's settings" />;
  const api = await sessionClient();
  const { data: t, error, response } = await api.GET('/api/v1/tenants/{id}', { params: { path: { id: me.tenant.id } } });
  endSessionOn401(response, error);
  if (!t) throw new Error(`GET /api/v1/tenants/{id} answered ${response.status}`);
  const policy = await api.GET('/api/v1/tenants/{id}/mfa-policy', { params: { path: { id: me.tenant.id } } });
  endSessionOn401(policy.response, policy.error);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Settings" />
      {t.managedBy === 'kubernetes' ? (
        <Notice kind="info">
          Your organisation is managed by your platform team through Kubernetes, so its settings are changed there, not here. Its name is {t.displayName}.
        </Notice>
      ) : (
        <SettingsForm id={t.id} displayName={t.displayName} />
      )}
      {policy.data && <MfaPolicyForm tenantId={t.id} required={policy.data.required} />}
      <SsoSection slug={t.slug} />
      <TenantExportSection tenantId={t.id} whose="your organisation's" />
      <section aria-labelledby="plan-title" className="flex flex-col gap-2">
        <h2 id="plan-title" className="text-lg font-semibold">
          Set by your Sentinel administrator
        </h2>
        <dl className="grid max-w-lg grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
          <dt className="font-medium">Short name</dt>
          <dd>{t.slug} (what people type to sign in)</dd>
          <dt className="font-medium">Plan</dt>
          <dd>{t.plan}</dd>
          <dt className="font-medium">Users at most</dt>
          <dd>{t.maxUsers ?? 'no limit'}</dd>
          <dt className="font-medium">Audit log kept for</dt>
          <dd>{t.auditRetentionDays} days</dd>
        </dl>
      </section>
    </div>
  );
}
