import { keyset, toPage, type SortSpec, type Tx } from '@sentinel/platform';
import type { ListJobsQuery } from './schemas.js';

const sorts = {
  createdAt: { field: 'createdAt', direction: 'asc', unique: false, kind: 'date' },
  '-createdAt': { field: 'createdAt', direction: 'desc', unique: false, kind: 'date' },
} as const satisfies Record<string, SortSpec>;

/**
 * The `jobs` rows. Which tenants a call sees is the caller's transaction's: a tenant
 * transaction (AppDb, under RLS) sees one; the platform-admin module's pool sees all.
 */
export class JobsRepository {
  /** One page; `tenantId` narrows it to one tenant (always given under RLS, for the index). */
  page(tx: Tx, q: ListJobsQuery, tenantId: string | undefined) {
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

  get(tx: Tx, tenantId: string, id: string) {
    return tx.job.findUnique({ where: { tenantId_id: { tenantId, id } } });
  }

  /** By id alone, whatever its tenant: for the platform pool. */
  find(tx: Tx, id: string) {
    return tx.job.findFirst({ where: { id } });
  }

  markRequeued(tx: Tx, tenantId: string, id: string) {
    return tx.job.update({
      where: { tenantId_id: { tenantId, id } },
      data: { state: 'queued', failureCode: null, failureReason: null, finishedAt: null },
    });
  }
}

export type JobRow = NonNullable<Awaited<ReturnType<JobsRepository['get']>>>;
