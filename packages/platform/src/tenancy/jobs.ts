// Recorded tenant jobs and their files: the `jobs` rows the API lists and the worker
// keeps in step, and the `job_chunks` an import reads and an export writes. Which
// tenants a call sees is the caller's transaction's: a tenant transaction (AppDb,
// under RLS) one, the platform pool all.
import { randomUUID } from 'node:crypto';
import type { Prisma, TenantSql, Tx } from '../db/index.js';
import { createdAtSorts, keyset, toPage } from '../pagination.js';

const sorts = createdAtSorts;

export type JobState = 'queued' | 'active' | 'completed' | 'failed';

export interface JobListQuery {
  limit: number;
  cursor?: string | undefined;
  sort: keyof typeof sorts;
  state?: JobState | undefined;
  name?: string | undefined;
}

export class JobsRepository {
  /** One page; `tenantId` narrows it to one tenant (always given under RLS, for the index). */
  page(tx: Tx, q: JobListQuery, tenantId: string | undefined) {
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

  /** Keeps a job's row in step with its run (the worker). */
  async record(tx: Tx, tenantId: string, id: string, data: Prisma.JobUpdateManyMutationInput): Promise<void> {
    await tx.job.updateMany({ where: { tenantId, id }, data });
  }

  /** A running job's progress, in the transaction whose work it reports (the bulk import's batches). */
  async recordProgress(sql: TenantSql, tenantId: string, id: string, progress: Record<string, number>): Promise<void> {
    await sql.query('UPDATE jobs SET progress = $3::jsonb, updated_at = now() WHERE tenant_id = $1::uuid AND id = $2::uuid', [
      tenantId,
      id,
      JSON.stringify(progress),
    ]);
  }

  /**
   * Starts the one download of a downloaded-once file: a lease (`result.downloadingUntil`, and
   * `result.downloadLease`, a token only this download knows) for `leaseSeconds`, taken
   * atomically, so two downloads at once cannot both stream a file the first to finish deletes.
   * 'taken': already downloaded; 'busy': another download holds it.
   */
  async claimOutput(tx: Tx, tenantId: string, id: string, leaseSeconds: number): Promise<{ lease: string } | 'taken' | 'busy'> {
    const lease = randomUUID();
    const n = await tx.$executeRaw`UPDATE jobs
      SET result = coalesce(result, '{}'::jsonb)
          || jsonb_build_object('downloadingUntil', now() + make_interval(secs => ${leaseSeconds}), 'downloadLease', ${lease}::text),
        updated_at = now()
      WHERE tenant_id = ${tenantId}::uuid AND id = ${id}::uuid AND NOT coalesce(result ? 'downloadedAt', false)
        AND (NOT coalesce(result ? 'downloadingUntil', false) OR (result ->> 'downloadingUntil')::timestamptz < now())`;
    if (n === 1) return { lease };
    const rows = await tx.$queryRaw<{ taken: boolean }[]>`SELECT coalesce(result ? 'downloadedAt', false) AS taken FROM jobs
      WHERE tenant_id = ${tenantId}::uuid AND id = ${id}::uuid`;
    return rows[0]?.taken === false ? 'busy' : 'taken';
  }

  /**
   * Gives a claimed download back (the client went away, or reading failed): the file may be
   * downloaded again. Only the holder of `lease` can: a download whose lease ran out and was
   * taken by another leaves that one alone.
   */
  async releaseOutput(tx: Tx, tenantId: string, id: string, lease: string): Promise<void> {
    await tx.$executeRaw`UPDATE jobs SET result = result - 'downloadingUntil' - 'downloadLease', updated_at = now()
      WHERE tenant_id = ${tenantId}::uuid AND id = ${id}::uuid AND result ->> 'downloadLease' = ${lease}`;
  }

  /**
   * Marks a downloaded-once file as taken (`result.downloadedAt`) and drops its chunks, in
   * the caller's transaction, for the holder of `lease` only; false when it no longer holds it
   * (the lease ran out and another download took the file).
   */
  async consumeOutput(tx: Tx, tenantId: string, id: string, lease: string): Promise<boolean> {
    const n = await tx.$executeRaw`UPDATE jobs
      SET result = (coalesce(result, '{}'::jsonb) - 'downloadingUntil' - 'downloadLease') || jsonb_build_object('downloadedAt', now()), updated_at = now()
      WHERE tenant_id = ${tenantId}::uuid AND id = ${id}::uuid AND NOT coalesce(result ? 'downloadedAt', false)
        AND result ->> 'downloadLease' = ${lease}`;
    if (n === 0) return false;
    await tx.jobChunk.deleteMany({ where: { tenantId, jobId: id, kind: 'output' } });
    return true;
  }

  markRequeued(tx: Tx, tenantId: string, id: string) {
    return tx.job.update({
      where: { tenantId_id: { tenantId, id } },
      data: { state: 'queued', failureCode: null, failureReason: null, finishedAt: null },
    });
  }
}

export type JobRow = NonNullable<Awaited<ReturnType<JobsRepository['get']>>>;

/** A job's file, in numbered chunks: `input` (an import's upload) or `output` (an export). */
export type ChunkKind = 'input' | 'output';

export class JobChunksRepository {
  async chunk(tx: Tx, tenantId: string, jobId: string, kind: ChunkKind, seq: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
    const c = await tx.jobChunk.findUnique({ where: { tenantId_jobId_kind_seq: { tenantId, jobId, kind, seq } }, select: { data: true } });
    return c?.data;
  }

  async append(tx: Tx, tenantId: string, jobId: string, kind: ChunkKind, seq: number, data: Uint8Array<ArrayBuffer>): Promise<void> {
    await tx.jobChunk.create({ data: { tenantId, jobId, kind, seq, data } });
  }

  async clear(tx: Tx, tenantId: string, jobId: string, kind: ChunkKind): Promise<void> {
    await tx.jobChunk.deleteMany({ where: { tenantId, jobId, kind } });
  }
}
