import { forbidden } from '@sentinel/platform';
import type { Principal } from './route.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Lists that span tenants for platform admins and one tenant for tenant admins. A
 * tenant admin asking for another tenant gets an empty page, as RLS would answer;
 * members are refused.
 */
export async function listForAdmins<T>(
  ctx: Principal,
  tenantIdFilter: string | undefined,
  refusal: string,
  list: { platform: () => Promise<Page<T>>; tenant: () => Promise<Page<T>> },
): Promise<Page<T>> {
  if (ctx.role === 'platform_admin') return list.platform();
  if (ctx.role !== 'tenant_admin') throw forbidden(refusal);
  if (tenantIdFilter && tenantIdFilter !== ctx.tenantId) return { items: [], nextCursor: null };
  return list.tenant();
}
