// Full tenant exports (docs/data-export.md). Asking for one records a `tenant.export` job in
// the tenant's own tables, with its audit row, in one transaction; the worker writes the
// archive as the job's output chunks (the audit export's storage); the download streams
// them back one query at a time, once: a complete download deletes the chunks and marks
// the job, so a second one, or one after `expiresAt`, is 410 Gone. Tenant admins reach their
// own tenant only (any other id is a 404, as RLS would answer); platform admins any tenant.
// Either way every query runs under RLS as the exported tenant.
import {
  AppError,
  JobChunksRepository,
  JobsRepository,
  notFound,
  recordAudit,
  recordTenantJob,
  type AppDb,
  type JobProducer,
  type JobRow,
  type Logger,
} from '@sentinel/platform';
import type { Principal } from '../../core/context.js';
import type { TenantExportDto } from './schemas.js';

/** What the worker stores as the job's result (services/worker/src/processors/tenant-export.ts), plus the download mark. */
interface ExportResult {
  files?: { name: string; rows: number; bytes: number; sha256: string }[];
  archive?: { bytes: number; sha256: string; chunks: number };
  downloadedAt?: string;
}

export interface TenantExportFile {
  bytes: number;
  sha256: string;
  /** Read one query at a time as the response drains; throws if the file went away meanwhile. */
  chunks: AsyncIterable<Uint8Array>;
  /** Call before the file's last byte goes out: marks it downloaded (audited) and deletes it. */
  done(): Promise<void>;
  /** Call when the download did not complete: the file may be downloaded again. */
  release(): Promise<void>;
}

/**
 * How long one download may hold an export before another may start: a client that stalls
 * longer (or a process that died mid-way) no longer blocks the file.
 */
const DOWNLOAD_LEASE_S = 900;

export class TenantExportsService {
  private readonly jobs = new JobsRepository();
  private readonly chunks = new JobChunksRepository();

  constructor(
    private readonly db: AppDb,
    private readonly producer: JobProducer,
    private readonly log: Logger,
    private readonly ttlHours: number,
  ) {}

  async create(ctx: Principal, tenantId: string): Promise<TenantExportDto> {
    this.reach(ctx, tenantId);
    const expiresAt = new Date(Date.now() + this.ttlHours * 3_600_000).toISOString();
    const payload = { tenantId, expiresAt };
    const id = await this.db.withTenant(tenantId, async (tx) => {
      if (!(await tx.tenant.findUnique({ where: { id: tenantId }, select: { id: true } }))) return undefined;
      const jobId = await recordTenantJob(tx, tenantId, ctx.userId, 'tenant.export', payload);
      // In the exported tenant's log, whoever asked (a platform admin too): the tenant sees who took its data.
      await recordAudit(tx, { ...ctx, tenantId }, { action: 'tenant.export', targetType: 'export', targetId: jobId, changes: { expiresAt } });
      return jobId;
    });
    if (!id) throw notFound('tenant');
    try {
      await this.producer.enqueue('tenant.export', payload, id, { record: id });
    } catch (err) {
      // Recorded but not queued: it shows as queued; the scheduler's job relay queues it.
      this.log.warn({ err: { message: (err as Error).message }, jobId: id }, 'could not queue the tenant export');
    }
    return this.get(ctx, tenantId, id);
  }

  async get(ctx: Principal, tenantId: string, id: string): Promise<TenantExportDto> {
    return view(await this.find(ctx, tenantId, id));
  }

  /**
   * The archive of a completed export that is neither downloaded nor expired. With `claim`
   * (a GET, not a HEAD) the download holds the file until it completes or is released, so
   * a second download meanwhile is 409 SENTINEL_EXPORT_BUSY rather than a cut connection.
   */
  async download(ctx: Principal, tenantId: string, id: string, opts: { claim: boolean }): Promise<TenantExportFile> {
    const job = await this.find(ctx, tenantId, id);
    if (job.state !== 'completed') throw new AppError('SENTINEL_EXPORT_NOT_READY', `The export is ${job.state}`);
    const result = (job.result ?? {}) as ExportResult;
    if (result.downloadedAt) throw new AppError('SENTINEL_EXPORT_GONE', 'The export was already downloaded; start a new one');
    if (expired(job)) throw new AppError('SENTINEL_EXPORT_GONE', 'The export has expired; start a new one');
    const archive = result.archive;
    if (!archive) throw new AppError('SENTINEL_EXPORT_GONE', 'The export has no file; start a new one');
    const { db, chunks, jobs } = this;
    let lease: string | undefined;
    if (opts.claim) {
      const claim = await db.withTenant(tenantId, (tx) => jobs.claimOutput(tx, tenantId, id, DOWNLOAD_LEASE_S));
      if (claim === 'taken') throw new AppError('SENTINEL_EXPORT_GONE', 'The export was already downloaded; start a new one');
      if (claim === 'busy')
        throw new AppError('SENTINEL_EXPORT_BUSY', 'Another download of this export is in progress; it can be downloaded once', { retryAfterSeconds: 5 });
      lease = claim.lease;
    }
    const held = () => {
      if (!lease) throw new Error('a download that did not claim the export cannot take or give it back');
      return lease;
    };
    async function* read() {
      for (let seq = 0; seq < archive!.chunks; seq++) {
        const chunk = await db.withTenant(tenantId, (tx) => chunks.chunk(tx, tenantId, id, 'output', seq));
        // Taken by a concurrent download, or expired and purged, mid-stream.
        if (!chunk) throw new AppError('SENTINEL_EXPORT_GONE', 'The export went away during the download');
        yield chunk;
      }
    }
    return {
      bytes: archive.bytes,
      sha256: archive.sha256,
      chunks: read(),
      done: () =>
        db.withTenant(tenantId, async (tx) => {
          // Its lease ran out and another download took the file: this one must not complete.
          if (!(await jobs.consumeOutput(tx, tenantId, id, held()))) throw new AppError('SENTINEL_EXPORT_GONE', 'The export was taken by another download');
          await recordAudit(
            tx,
            { ...ctx, tenantId },
            { action: 'tenant.export.download', targetType: 'export', targetId: id, changes: { bytes: archive.bytes } },
          );
        }),
      release: () => db.withTenant(tenantId, (tx) => jobs.releaseOutput(tx, tenantId, id, held())),
    };
  }

  /** Tenant admins reach their own tenant only; another id is a 404, as if it did not exist. */
  private reach(ctx: Principal, tenantId: string): void {
    if (ctx.role === 'platform_admin') return;
    if (ctx.role !== 'tenant_admin' || tenantId !== ctx.tenantId) throw notFound('tenant');
  }

  private async find(ctx: Principal, tenantId: string, id: string): Promise<JobRow> {
    this.reach(ctx, tenantId);
    const job = await this.db.withTenant(tenantId, (tx) => this.jobs.get(tx, tenantId, id));
    if (!job || job.name !== 'tenant.export') throw notFound('export');
    return job;
  }
}

const expired = (job: JobRow) => Date.parse((job.payload as { expiresAt: string }).expiresAt) <= Date.now();

function view(job: JobRow): TenantExportDto {
  const result = (job.result ?? {}) as ExportResult;
  const { expiresAt } = job.payload as { expiresAt: string };
  const ready = job.state === 'completed' && !result.downloadedAt && !expired(job);
  return {
    id: job.id,
    tenantId: job.tenantId,
    state: job.state as TenantExportDto['state'],
    progress: job.progress as Record<string, unknown>,
    failureCode: job.failureCode,
    failureReason: job.failureReason,
    files: result.files ?? null,
    archive: result.archive ? { bytes: result.archive.bytes, sha256: result.archive.sha256 } : null,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    expiresAt,
    downloadedAt: result.downloadedAt ? new Date(result.downloadedAt).toISOString() : null,
    download: ready ? `/api/v1/tenants/${job.tenantId}/exports/${job.id}/download` : null,
  };
}
