// limits.maxUsers of a Tenant resource, enforced where users are created (the API and
// the bulk import). Runs inside the caller's tenant transaction: the advisory lock
// makes concurrent creations of one tenant take turns, so the limit cannot be raced.
import { AppError } from '../errors.js';
import { queryRows, type TenantSql, type Tx } from '../db/index.js';

/** How many more users the tenant may have; null: no limit. Locks until the transaction ends. */
export async function remainingUserCapacity(db: Tx | TenantSql, tenantId: string): Promise<number | null> {
  // Its own statement: a statement's snapshot is taken before it runs, so the count below must come after the lock.
  await queryRows(db, 'SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext($1))', ['users:' + tenantId]);
  // Users are counted only under a limit: a large tenant without one (a bulk import's batches) pays nothing.
  const [row] = await queryRows<{ max_users: number | null; n: bigint | string | null }>(
    db,
    `SELECT t.max_users, CASE WHEN t.max_users IS NOT NULL THEN (SELECT count(*) FROM users u WHERE u.tenant_id = t.id) END AS n
     FROM tenants t WHERE t.id = $1::uuid`,
    [tenantId],
  );
  if (!row || row.max_users === null) return null;
  return Math.max(0, row.max_users - Number(row.n));
}

export function userLimitReached(): AppError {
  return new AppError('SENTINEL_TENANT_USER_LIMIT', "The tenant has as many users as its Tenant resource's spec.limits.maxUsers allows");
}
