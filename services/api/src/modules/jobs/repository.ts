import { keyset, toPage, type AppDb, type PlatformDb, type SortSpec, type Tx } from '@sentinel/platform';
import type { ListJobsQuery } from './schemas.js';

const sorts = {
  createdAt: { field: 'createdAt', direction: 'asc', unique: false, kind: 'date' },
  '-createdAt': { field: 'createdAt', direction: 'desc', unique: false, kind: 'date' },
} as const satisfies Record<string, SortSpec>;

function findPage(tx: Pick<Tx, 'job'>, q: ListJobsQuery, tenantId: string | undefined) {
  const spec = sorts[q.sort];
  const ks = keyset(q.sort, spec, q.cursor);
  return tx.job
    .findMany({
      where: { ...(tenantId ? { tenantId } : {}), ...ks.where, ...(q.state ? { state: q.state } : {}), ...(q.name ? { name: q.name } : {}) },
      orderBy: ks.orderBy,
      take: q.limit + 1,
    })
    .then((rows) => toPage(rows, q.limit, q.sort, spec));
}

/** One tenant's jobs, under RLS. */
export class TenantJobsRepository {
  constructor(private readonly db: AppDb) {}
  list(tenantId: string, q: ListJobsQuery) {
    return this.db.withTenant(tenantId, (tx) => findPage(tx, q, tenantId));
  }
  get(tenantId: string, id: string) {
    return this.db.withTenant(tenantId, (tx) => tx.job.findUnique({ where: { tenantId_id: { tenantId, id } } }));
  }
}

/** Every tenant's jobs: platform admins only (platform pool). */
export class PlatformJobsRepository {
  constructor(private readonly db: PlatformDb) {}
  list(q: ListJobsQuery) {
    return findPage(this.db.prisma, q, q.tenantId);
  }
  get(id: string) {
    return this.db.prisma.job.findFirst({ where: { id } });
  }
  markRequeued(tenantId: string, id: string) {
    return this.db.prisma.job.update({
      where: { tenantId_id: { tenantId, id } },
      data: { state: 'queued', failureCode: null, failureReason: null, finishedAt: null },
    });
  }
}
