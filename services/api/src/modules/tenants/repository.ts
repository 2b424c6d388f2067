import type { TenantRecord, Tx } from '@sentinel/platform';

/** A tenant's own row, read in its tenant transaction (RLS shows a tenant its own row only). */
export class TenantsRepository {
  get(tx: Tx, id: string): Promise<TenantRecord | null> {
    return tx.tenant.findUnique({ where: { id } });
  }
}
