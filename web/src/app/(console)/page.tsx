import type { Metadata } from 'next';
import Link from 'next/link';
import { getMe } from '@/server/api';
import { navigation } from '@/lib/navigation';

export const metadata: Metadata = { title: 'Overview' };

const ROLE: Record<string, string> = { platform_admin: 'Platform admin', tenant_admin: 'Tenant admin', member: 'Member' };

export default async function Overview() {
  const me = await getMe();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Welcome, {me.user.displayName}</h1>
      <dl className="grid max-w-lg grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium">Organisation</dt>
        <dd>
          {me.tenant.displayName} ({me.tenant.slug}, {me.tenant.plan} plan)
        </dd>
        <dt className="font-medium">Your role</dt>
        <dd>{ROLE[me.user.role] ?? me.user.role}</dd>
      </dl>
      <ul className="flex list-disc flex-col gap-1 pl-5">
        {navigation(me.user.role)
          .filter((n) => n.href !== '/')
          .map((n) => (
            <li key={n.href}>
              <Link href={n.href} className="font-medium text-blue-800 underline dark:text-blue-300">
                {n.label}
              </Link>
            </li>
          ))}
      </ul>
    </div>
  );
}
