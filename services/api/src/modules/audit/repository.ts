import { keyset, toPage, type AppDb, type PlatformDb, type SortSpec, type Tx } from '@sentinel/platform';
import type { ListAuditQuery } from './schemas.js';

const sorts = {
  createdAt: { field: 'createdAt', direction: 'asc', unique: false, kind: 'date' },
  '-createdAt': { field: 'createdAt', direction: 'desc', unique: false, kind: 'date' },
} as const satisfies Record<string, SortSpec>;

function findPage(tx: Pick<Tx, 'auditLog'>, q: ListAuditQuery, tenantId: string | undefined) {
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

/** One tenant's audit log, under RLS. */
export class TenantAuditRepository {
  constructor(private readonly db: AppDb) {}
  list(tenantId: string, q: ListAuditQuery) {
    return this.db.withTenant(tenantId, (tx) => findPage(tx, q, tenantId));
  }
}

/** Every tenant's audit log: platform admins only (platform pool). */
export class PlatformAuditRepository {
  constructor(private readonly db: PlatformDb) {}
  list(q: ListAuditQuery) {
    return findPage(this.db.prisma, q, q.tenantId);
  }
}
