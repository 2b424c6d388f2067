// Scheduled maintenance: the worker's only cross-tenant jobs, and so its only
// processors given the platform pool (through MaintenanceRepository).
import { getMany, usageKey, utcDay, type WorkerConfig, type JobPayload, type PlatformDb, type RedisClient } from '@sentinel/platform';
import { MaintenanceRepository } from '../repositories/maintenance.js';

export interface MaintenanceDeps {
  config: Pick<WorkerConfig, 'EXPORT_RETENTION_DAYS'>;
  platformDb: PlatformDb;
  redis: RedisClient;
}

const repo = new MaintenanceRepository();

export function purgeExpired(deps: MaintenanceDeps): Promise<{ refreshTokens: number; invitations: number; jobChunks: number }> {
  return deps.platformDb.run(async (db) => {
    const refreshTokens = await repo.expiredRefreshTokens(db);
    const invitations = await repo.expiredInvitations(db);
    const jobChunks = await repo.spentJobChunks(db, deps.config.EXPORT_RETENTION_DAYS);
    return { refreshTokens, invitations, jobChunks };
  });
}

export async function auditRetention(deps: MaintenanceDeps): Promise<{ deleted: number }> {
  return { deleted: await deps.platformDb.run((db) => repo.expiredAuditRows(db)) };
}

/**
 * One row per tenant for a UTC day: users at the time of the run, users who logged in
 * that day (audit log), API requests (Redis counters kept 8 days). Re-running a day
 * overwrites its rows.
 */
export async function usageRollup(deps: MaintenanceDeps, p: JobPayload<'maintenance.usage-rollup'>): Promise<{ day: string; tenants: number }> {
  const day = p.day ?? utcDay(new Date(Date.now() - 86_400_000));
  const tenants = await deps.platformDb.run((db) => repo.tenantIds(db));
  for (let i = 0; i < tenants.length; i += 500) {
    const ids = tenants.slice(i, i + 500);
    // Each tenant's counter is in a slot of its own on a cluster (the write path spreads over the
    // masters); getMany reads them with one MGET on one Redis, one GET per key on a cluster.
    const counts = await getMany(
      deps.redis,
      ids.map((id) => usageKey(id, day)),
    );
    const requests = counts.map((c) => Number(c ?? 0));
    await deps.platformDb.run((db) => repo.writeUsage(db, day, ids, requests));
  }
  return { day, tenants: tenants.length };
}
