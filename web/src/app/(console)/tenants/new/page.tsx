import type { Metadata } from 'next';
import { NewTenantForm } from '@/components/tenant-forms';
import { BackLink, PageHeader } from '@/components/ui';
import { getMe } from '@/server/api';
import { NotAllowed } from '../../not-allowed';

export const metadata: Metadata = { title: 'New tenant' };

export default async function NewTenantPage() {
  const me = await getMe();
  if (me.user.role !== 'platform_admin') return <NotAllowed what="Managing tenants" platform />;
  return (
    <div className="flex flex-col gap-4">
      <BackLink href="/tenants">All tenants</BackLink>
      <PageHeader title="New tenant" />
      <NewTenantForm />
    </div>
  );
}
