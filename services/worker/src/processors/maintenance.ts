// Scheduled maintenance. Cross-tenant by nature, so it runs on the platform pool,
// which the architecture grants to scheduled maintenance. Deletes go in bounded
// batches so no run holds long locks or builds one huge transaction.
import { usageKey, utcDay, type WorkerConfig, type JobPayload, type PlatformDb, type Redis } from '@sentinel/platform';

export interface MaintenanceDeps {
  config: Pick<WorkerConfig, 'EXPORT_RETENTION_DAYS'>;
  platformDb: PlatformDb;
  redis: Redis;
}

const BATCH = 5_000;

async function deleteInBatches(db: PlatformDb, statement: string): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.prisma.$executeRawUnsafe(statement, BATCH);
    total += n;
    if (n < BATCH) return total;
  }
}

export async function purgeExpired(deps: MaintenanceDeps): Promise<{ refreshTokens: number; invitations: number; jobChunks: number }> {
  const refreshTokens = await deleteInBatches(
    deps.platformDb,
    `DELETE FROM refresh_tokens WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM refresh_tokens WHERE expires_at < now() LIMIT $1)`,
  );
  // Accepted invitations have done their work; unaccepted ones are dead once expired.
  const invitations = await deleteInBatches(
    deps.platformDb,
    `DELETE FROM invitations WHERE (tenant_id, id) IN (SELECT tenant_id, id FROM invitations WHERE expires_at < now() LIMIT $1)`,
  );
  // Export files after their retention; an import's upload once its job has finished.
  const jobChunks = await deleteInBatches(
    deps.platformDb,
    `DELETE FROM job_chunks WHERE (tenant_id, job_id, kind, seq) IN (
       SELECT c.tenant_id, c.job_id, c.kind, c.seq FROM job_chunks c JOIN jobs j ON j.tenant_id = c.tenant_id AND j.id = c.job_id
       WHERE (c.kind = 'output' AND c.created_at < now() - make_interval(days => ${deps.config.EXPORT_RETENTION_DAYS}))
          OR (c.kind = 'input' AND j.state IN ('completed', 'failed'))
       LIMIT $1)`,
  );
  return { refreshTokens, invitations, jobChunks };
}

export async function auditRetention(deps: MaintenanceDeps): Promise<{ deleted: number }> {
  const deleted = await deleteInBatches(
    deps.platformDb,
    `DELETE FROM audit_logs WHERE (tenant_id, id) IN (
       SELECT a.tenant_id, a.id FROM audit_logs a JOIN tenants t ON t.id = a.tenant_id
       WHERE a.created_at < now() - make_interval(days => t.audit_retention_days) LIMIT $1)`,
  );
  return { deleted };
}

/**
 * One row per tenant for a UTC day: users at the time of the run, users who logged in
 * that day (audit log), API requests (Redis counters kept 8 days). Re-running a day
 * overwrites its rows.
 */
export async function usageRollup(deps: MaintenanceDeps, p: JobPayload<'maintenance.usage-rollup'>): Promise<{ day: string; tenants: number }> {
  const day = p.day ?? utcDay(new Date(Date.now() - 86_400_000));
  const tenants = await deps.platformDb.prisma.tenant.findMany({ select: { id: true } });
  for (let i = 0; i < tenants.length; i += 500) {
    const chunk = tenants.slice(i, i + 500);
    const counts = await deps.redis.mget(...chunk.map((t) => usageKey(t.id, day)));
    const ids = chunk.map((t) => t.id);
    const requests = counts.map((c) => Number(c ?? 0));
    await deps.platformDb.prisma.$executeRaw`
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
  return { day, tenants: tenants.length };
}
