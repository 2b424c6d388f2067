// Scheduled maintenance's SQL. Cross-tenant by nature, so it runs on the platform pool,
// which the architecture grants to scheduled maintenance (and, in the worker, to
// nothing else). Deletes go in bounded batches so no run holds long locks or builds one
// huge transaction; every value travels as a bind parameter.
import type { Tx } from '@sentinel/platform';

const BATCH = 5_000;

/** Every method takes the platform pool's handle (PlatformDb.run): each batch is its own statement, not one long transaction. */
export class MaintenanceRepository {
  /** Runs `statement` ($1 = the batch size, then `params` as $2...) until a batch deletes less than a full one. */
  private async deleteInBatches(db: Tx, statement: string, ...params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await db.$executeRawUnsafe(statement, BATCH, ...params);
      total += n;
      if (n < BATCH) return total;
    }
  }

  expiredRefreshTokens(db: Tx): Promise<number> {
    return this.deleteInBatches(
      db,
      `DELETE FROM refresh_tokens WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM refresh_tokens WHERE expires_at < now() LIMIT $1)`,
    );
  }

  /** Accepted invitations have done their work; unaccepted ones are dead once expired. */
  expiredInvitations(db: Tx): Promise<number> {
    return this.deleteInBatches(
      db,
      `DELETE FROM invitations WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM invitations WHERE expires_at < now() LIMIT $1)`,
    );
  }

  /**
   * Export files after their retention (a full tenant export: once past its `expiresAt`, or
   * downloaded), an import's upload once its job has finished.
   */
  spentJobChunks(db: Tx, exportRetentionDays: number): Promise<number> {
    return this.deleteInBatches(
      db,
      `DELETE FROM job_chunks WHERE (tenant_id, job_id, kind, seq) IN (
         SELECT c.tenant_id, c.job_id, c.kind, c.seq FROM job_chunks c JOIN jobs j ON j.tenant_id = c.tenant_id AND j.id = c.job_id
         WHERE (c.kind = 'output' AND j.name <> 'tenant.export' AND c.created_at < now() - make_interval(days => $2::int))
            OR (c.kind = 'output' AND j.name = 'tenant.export' AND ((j.payload->>'expiresAt')::timestamptz < now() OR j.result ? 'downloadedAt'))
            OR (c.kind = 'input' AND j.state IN ('completed', 'failed'))
         LIMIT $1)`,
      exportRetentionDays,
    );
  }

  /** Audit rows older than their tenant's audit_retention_days. */
  expiredAuditRows(db: Tx): Promise<number> {
    return this.deleteInBatches(
      db,
      `DELETE FROM audit_logs WHERE (tenant_id, id) IN (
         SELECT a.tenant_id, a.id FROM audit_logs a JOIN tenants t ON t.id = a.tenant_id
         WHERE a.created_at < now() - make_interval(days => t.audit_retention_days) LIMIT $1)`,
    );
  }

  async tenantIds(db: Tx): Promise<string[]> {
    return (await db.tenant.findMany({ select: { id: true } })).map((t) => t.id);
  }

  /** Writes (or overwrites) the usage rows of `day` for these tenants, with their API request counts. */
  async writeUsage(db: Tx, day: string, ids: string[], requests: number[]): Promise<void> {
    await db.$executeRaw`
      INSERT INTO tenant_usage_daily (tenant_id, day, users, active_users, api_requests, computed_at)
      SELECT t.id, ${day}::date,
             (SELECT count(*) FROM users u WHERE u.tenant_id = t.id),
             (SELECT count(DISTINCT a.actor_id) FROM audit_logs a
               WHERE a.tenant_id = t.id AND a.action = 'auth.login'
                 AND a.created_at >= ${day}::date AND a.created_at < ${day}::date + 1),
             r.n, now()
      FROM unnest(${ids}::uuid[], ${requests}::bigint[]) AS r(id, n) JOIN tenants t ON t.id = r.id
      ON CONFLICT (tenant_id, day) DO UPDATE
        SET users = EXCLUDED.users, active_users = EXCLUDED.active_users, api_requests = EXCLUDED.api_requests, computed_at = now()`;
  }
}
