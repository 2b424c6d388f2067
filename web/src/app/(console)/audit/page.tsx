import type { Metadata } from 'next';
import Form from 'next/form';
import { AuditExport } from '@/components/audit-export';
import { AuditLog, type AuditFilter } from '@/components/audit-log';
import { FilterInput, Notice, PageHeader, secondaryButtonClass } from '@/components/ui';
import { fieldErrors } from '@/lib/problem';
import { endSessionOn401, getMe, isAdmin, sessionClient } from '@/server/api';
import { NotAllowed } from '../not-allowed';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE_SIZE = 50;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
type Search = { tenant?: string; actor?: string; action?: string; targetType?: string; targetId?: string; from?: string; to?: string };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const me = await getMe();
  if (!isAdmin(me)) return <NotAllowed what="The audit log" />;
  const sp = await searchParams;
  const text = (v?: string) => (v ?? '').trim();
  const api = await sessionClient();

  // The actor is typed as an email and looked up among the tenant's users.
  const filter: AuditFilter = {};
  let actorMissing = false;
  if (text(sp.actor)) {
    const { data } = await api.GET('/api/v1/users', { params: { query: { emailPrefix: text(sp.actor), limit: 2, sort: 'email' } } });
    const exact = data?.items.find((u) => u.email.toLowerCase() === text(sp.actor).toLowerCase()) ?? (data?.items.length === 1 ? data.items[0] : undefined);
    if (exact) filter.actorId = exact.id;
    else actorMissing = true;
  }
  // Platform admins see every tenant's entries; a tenant's short name narrows them to it.
  const platform = me.user.role === 'platform_admin';
  let tenantMissing = false;
  if (platform && text(sp.tenant)) {
    const slug = text(sp.tenant).toLowerCase();
    const { data } = await api.GET('/api/v1/tenants', { params: { query: { slugPrefix: slug, limit: 100 } } });
    const t = data?.items.find((x) => x.slug === slug);
    if (t) filter.tenantId = t.id;
    else tenantMissing = true;
  }
  if (text(sp.action)) filter.action = text(sp.action);
  if (text(sp.targetType)) filter.targetType = text(sp.targetType);
  if (text(sp.targetId)) filter.targetId = text(sp.targetId);
  if (DAY.test(text(sp.from))) filter.from = `${text(sp.from)}T00:00:00.000Z`;
  if (DAY.test(text(sp.to))) filter.to = `${text(sp.to)}T23:59:59.999Z`;

  const { data, error, response } =
    actorMissing || tenantMissing
      ? { data: { items: [], nextCursor: null }, error: undefined, response: undefined }
      : await api.GET('/api/v1/audit-logs', { params: { query: { ...filter, limit: PAGE_SIZE } } });
  if (response) endSessionOn401(response, error);
  const errors = error ? fieldErrors(error) : {};

  // Actors shown by email: one lookup per distinct actor on the first page.
  const ids = [...new Set((data?.items ?? []).map((r) => r.actorId).filter((x): x is string => !!x))];
  const actors: Record<string, string> = {};
  await Promise.all(
    ids.map(async (id) => {
      const { data: u } = await api.GET('/api/v1/users/{id}', { params: { path: { id } } });
      if (u) actors[id] = u.email;
    }),
  );

  const fieldsOf: [keyof Search, string, string][] = [
    ...(platform ? [['tenant', 'Tenant (short name)', 'text'] as [keyof Search, string, string]] : []),
    ['actor', 'Actor email', 'email'],
    ['action', 'Action', 'text'],
    ['targetType', 'Target type', 'text'],
    ['targetId', 'Target id', 'text'],
    ['from', 'From', 'date'],
    ['to', 'To', 'date'],
  ];
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Audit log" />
      <Form action="/audit" role="search" aria-label="Filter the audit log" className="grid grid-cols-1 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        {fieldsOf.map(([name, label, type]) => (
          <FilterInput
            key={name}
            id={name}
            label={label}
            type={type}
            value={sp[name]}
            error={
              errors[name === 'actor' ? 'actorId' : name === 'tenant' ? 'tenantId' : name] ??
              (name === 'actor' && actorMissing ? 'No user of your organisation has this email.' : undefined) ??
              (name === 'tenant' && tenantMissing ? 'No tenant has this short name.' : undefined)
            }
          />
        ))}
        <div className="flex items-end">
          <button type="submit" className={secondaryButtonClass}>
            Filter
          </button>
        </div>
      </Form>
      {error && !Object.keys(errors).length && <Notice kind="error">{error.detail ?? error.title}</Notice>}
      <AuditLog key={JSON.stringify(filter)} initial={data ?? { items: [], nextCursor: null }} filter={filter} actors={actors} pageSize={PAGE_SIZE} />
      {me.user.role === 'tenant_admin' && <AuditExport filter={filter} />}
    </div>
  );
}
