// The daily usage rollup (tenant_usage_daily, written by the worker's usage-rollup
// maintenance job), read in the caller's transaction: under RLS a tenant's own rows, on
// the platform pool any tenant's.
import type { Tx } from '../db/index.js';

export interface UsageDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  users: number;
  activeUsers: number;
  /** Stored as bigint; a day's count stays far below 2^53. */
  apiRequests: number;
}

export class UsageDailyRepository {
  /** One tenant's rows from `from` to `to` (YYYY-MM-DD, both included), by day; days never rolled up are absent. */
  async range(tx: Tx, tenantId: string, from: string, to: string): Promise<UsageDay[]> {
    const rows = await tx.tenantUsageDaily.findMany({
      where: { tenantId, day: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${to}T00:00:00Z`) } },
      orderBy: { day: 'asc' },
      select: { day: true, users: true, activeUsers: true, apiRequests: true },
    });
    return rows.map((r) => ({ day: r.day.toISOString().slice(0, 10), users: r.users, activeUsers: r.activeUsers, apiRequests: Number(r.apiRequests) }));
  }
}
