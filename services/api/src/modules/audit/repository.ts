import { keyset, toPage, type SortSpec, type Tx } from '@sentinel/platform';
import type { ListAuditQuery } from './schemas.js';

const sorts = {
  createdAt: { field: 'createdAt', direction: 'asc', unique: false, kind: 'date' },
  '-createdAt': { field: 'createdAt', direction: 'desc', unique: false, kind: 'date' },
} as const satisfies Record<string, SortSpec>;

/**
 * The audit log. Which tenants a call sees is the caller's transaction's: a tenant
 * transaction (AppDb, under RLS) sees one; the platform-admin module's pool sees all.
 */
export class AuditRepository {
  /** One page; `tenantId` narrows it to one tenant (always given under RLS, for the index). */
  page(tx: Tx, q: ListAuditQuery, tenantId: string | undefined) {
    const spec = sorts[q.sort];
    const ks = keyset(q.sort, spec, q.cursor);
    return tx.auditLog
      .findMany({
        where: {
          ...(tenantId ? { tenantId } : {}),
          ...ks.where,
          ...(q.actorId ? { actorId: q.actorId } : {}),
          ...(q.action ? { action: q.action } : {}),
          ...(q.targetType ? { targetType: q.targetType } : {}),
          ...(q.targetId ? { targetId: q.targetId } : {}),
          ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
        },
        orderBy: ks.orderBy,
        take: q.limit + 1,
      })
      .then((rows) => toPage(rows, q.limit, q.sort, spec));
  }
}

export type AuditRow = Awaited<ReturnType<AuditRepository['page']>>['items'][number];
