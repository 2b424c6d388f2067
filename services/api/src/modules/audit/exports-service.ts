// Audit-log exports. Asking for one records an `audit.export` job in the same
// transaction as its audit row; the worker writes the file as chunks; the download
// streams the chunks back one query at a time, so memory stays flat for any size.
import {
  AppError,
  JobChunksRepository,
  JobsRepository,
  forbidden,
  notFound,
  recordAudit,
  recordTenantJob,
  type AppDb,
  type JobPayload,
  type JobProducer,
  type Logger,
} from '@sentinel/platform';
import { isAdmin as canExport, type Principal } from '../../core/context.js';

type Filters = JobPayload<'audit.export'>['filters'];

/** A completed export's file: what the route writes, chunk by chunk. */
export interface ExportFile {
  format: 'ndjson' | 'csv';
  /** Read one query at a time as the response drains. */
  chunks: AsyncIterable<Uint8Array>;
}

export class AuditExportsService {
  private readonly jobs = new JobsRepository();
  private readonly chunks = new JobChunksRepository();

  constructor(
    private readonly db: AppDb,
    private readonly producer: JobProducer,
    private readonly log: Logger,
  ) {}

  async create(ctx: Principal, body: { format: 'ndjson' | 'csv' } & Filters) {
    if (!canExport(ctx)) throw forbidden('Only admins export the audit log');
    const { format, ...filters } = body;
    const payload = { tenantId: ctx.tenantId, format, filters };
    const id = await this.db.withTenant(ctx.tenantId, async (tx) => {
      const jobId = await recordTenantJob(tx, ctx.tenantId, ctx.userId, 'audit.export', payload);
      await recordAudit(tx, ctx, { action: 'audit.export', targetType: 'export', targetId: jobId, changes: { format, filters } });
      return jobId;
    });
    try {
      await this.producer.enqueue('audit.export', payload, id, { record: id });
    } catch (err) {
      // Recorded but not queued: it shows as queued, and a platform admin can retry it.
      this.log.warn({ err: { message: (err as Error).message }, jobId: id }, 'could not queue the export');
    }
    return this.get(ctx, id);
  }

  async get(ctx: Principal, id: string) {
    const job = await this.find(ctx, id);
    return {
      id: job.id,
      state: job.state as 'queued' | 'active' | 'completed' | 'failed',
      format: (job.payload as { format: 'ndjson' | 'csv' }).format,
      progress: job.progress as Record<string, unknown>,
      failureCode: job.failureCode,
      failureReason: job.failureReason,
      result: job.result ?? null,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
      download: job.state === 'completed' ? `/api/v1/audit-logs/exports/${job.id}/download` : null,
    };
  }

  /** The file of a completed export; its chunks are read lazily, so memory stays flat. */
  async download(ctx: Principal, id: string): Promise<ExportFile> {
    const job = await this.find(ctx, id);
    if (job.state !== 'completed') throw new AppError('SENTINEL_EXPORT_NOT_READY', `The export is ${job.state}`);
    const format = (job.payload as { format: 'ndjson' | 'csv' }).format;
    const { db, chunks } = this;
    async function* read() {
      for (let seq = 0; ; seq++) {
        const chunk = await db.withTenant(ctx.tenantId, (tx) => chunks.chunk(tx, ctx.tenantId, id, 'output', seq));
        if (!chunk) return;
        yield chunk;
      }
    }
    return { format, chunks: read() };
  }

  /** The caller's own tenant's export: another tenant's id, or another kind of job, is a 404. */
  private async find(ctx: Principal, id: string) {
    if (!canExport(ctx)) throw forbidden('Only admins export the audit log');
    const job = await this.db.withTenant(ctx.tenantId, (tx) => this.jobs.get(tx, ctx.tenantId, id));
    if (!job || job.name !== 'audit.export') throw notFound('export');
    return job;
  }
}
