// limits.maxUsers of a Tenant resource, enforced where users are created (the API and
// the bulk import). Runs inside the caller's tenant transaction: the advisory lock
// makes concurrent creations of one tenant take turns, so the limit cannot be raced.
import { AppError } from '../errors.js';
import type { Tx } from '../db/index.js';

/** How many more users the tenant may have; null: no limit. Locks until the transaction ends. */
export async function remainingUserCapacity(tx: Tx, tenantId: string): Promise<number | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${'users:' + tenantId}))`;
  const [row] = await tx.$queryRaw<{ max_users: number | null; n: bigint }[]>`
    SELECT t.max_users, (SELECT count(*) FROM users u WHERE u.tenant_id = t.id) AS n FROM tenants t WHERE t.id = ${tenantId}::uuid`;
  if (!row || row.max_users === null) return null;
  return Math.max(0, row.max_users - Number(row.n));
}

export function userLimitReached(): AppError {
  return new AppError('SENTINEL_TENANT_USER_LIMIT', "The tenant has as many users as its Tenant resource's spec.limits.maxUsers allows");
}
