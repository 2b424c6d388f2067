// Reading the audit log: the API's lists and the worker's exports share one filter.
// (Rows are written by recordAudit, audit.ts, in the transaction of the change.) Which
// tenants a call sees is the caller's transaction's, as for every repository.
import type { Prisma, Tx } from '../db/index.js';
import { createdAtSorts, keyset, toPage } from '../pagination.js';

const sorts = createdAtSorts;

/** What an audit list or export may filter on; `from` inclusive, `to` exclusive. */
export interface AuditFilters {
  actorId?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditListQuery extends AuditFilters {
  limit: number;
  cursor?: string | undefined;
  sort: keyof typeof sorts;
}

const exportColumns = {
  id: true,
  createdAt: true,
  actorId: true,
  action: true,
  targetType: true,
  targetId: true,
  changes: true,
  requestId: true,
  clientIp: true,
} as const;

export type AuditExportRow = Prisma.AuditLogGetPayload<{ select: typeof exportColumns }>;

function matching(tenantId: string | undefined, f: AuditFilters): Prisma.AuditLogWhereInput {
  return {
    ...(tenantId ? { tenantId } : {}),
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } } : {}),
  };
}

export class AuditLogRepository {
  /** One page; `tenantId` narrows it to one tenant (always given under RLS, for the index). */
  page(tx: Tx, q: AuditListQuery, tenantId: string | undefined) {
    const spec = sorts[q.sort];
    const ks = keyset(q.sort, spec, q.cursor);
    return tx.auditLog
      .findMany({ where: { ...matching(tenantId, q), ...ks.where }, orderBy: ks.orderBy, take: q.limit + 1 })
      .then((rows) => toPage(rows, q.limit, q.sort, spec));
  }

  count(tx: Tx, tenantId: string, f: AuditFilters): Promise<number> {
    return tx.auditLog.count({ where: matching(tenantId, f) });
  }

  /** The next `take` rows of an export, oldest first, after the last one of the previous batch. */
  exportBatch(tx: Tx, tenantId: string, f: AuditFilters, after: { createdAt: Date; id: string } | undefined, take: number): Promise<AuditExportRow[]> {
    const where = matching(tenantId, f);
    return tx.auditLog.findMany({
      where: after ? { AND: [where, { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] } : where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take,
      select: exportColumns,
    });
  }
}

export type AuditRow = Awaited<ReturnType<AuditLogRepository['page']>>['items'][number];
