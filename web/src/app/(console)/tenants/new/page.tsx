import type { Metadata } from 'next';
import Link from 'next/link';
import { NewTenantForm } from '@/components/tenant-forms';
import { PageHeader, linkClass } from '@/components/ui';
import { getMe } from '@/server/api';
import { NotAllowed } from '../../not-allowed';

export const metadata: Metadata = { title: 'New tenant' };

export default async function NewTenantPage() {
  const me = await getMe();
  if (me.user.role !== 'platform_admin') return <NotAllowed what="Managing tenants" platform />;
  return (
    <div className="flex flex-col gap-4">
      <p>
        <Link href="/tenants" className={`text-sm ${linkClass}`}>
          ← All tenants
        </Link>
      </p>
      <PageHeader title="New tenant" />
      <NewTenantForm />
    </div>
  );
}
