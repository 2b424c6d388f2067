import {
  AppError,
  forbidden,
  notFound,
  recordedJobId,
  recordAudit,
  type JobName,
  type JobPayload,
  type JobProducer,
  type PlatformDb,
} from '@sentinel/platform';
import type { Principal } from '../../http/route.js';
import { listForAdmins } from '../../http/scope.js';
import type { PlatformJobsRepository, TenantJobsRepository } from './repository.js';
import type { ListJobsQuery } from './schemas.js';

type Row = NonNullable<Awaited<ReturnType<TenantJobsRepository['get']>>>;

const toDto = (r: Row) => ({
  id: r.id,
  tenantId: r.tenantId,
  name: r.name,
  state: r.state as 'queued' | 'active' | 'completed' | 'failed',
  progress: r.progress as Record<string, unknown>,
  attempts: r.attempts,
  failureCode: r.failureCode,
  failureReason: r.failureReason,
  result: r.result ?? null,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

export class JobsService {
  constructor(
    private readonly tenantRepo: TenantJobsRepository,
    private readonly platformRepo: PlatformJobsRepository,
    private readonly platformDb: PlatformDb,
    private readonly producer: JobProducer,
  ) {}

  async list(ctx: Principal, q: ListJobsQuery) {
    const page = await listForAdmins(ctx, q.tenantId, 'Only admins see jobs', {
      platform: () => this.platformRepo.list(q),
      tenant: () => this.tenantRepo.list(ctx.tenantId, q),
    });
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  async get(ctx: Principal, id: string) {
    const row = ctx.role === 'platform_admin' ? await this.platformRepo.get(id) : await this.tenantRepo.get(ctx.tenantId, id);
    if (!row) throw notFound('job');
    if (ctx.role === 'member') throw forbidden('Only admins see jobs');
    return toDto(row);
  }

  /**
   * Platform admins retry a failed job: the BullMQ job again if it is still kept, else
   * a new one from the recorded payload, under the same id.
   */
  async retry(ctx: Principal, id: string) {
    if (ctx.role !== 'platform_admin') {
      if (!(await this.tenantRepo.get(ctx.tenantId, id))) throw notFound('job');
      throw forbidden('Only platform admins retry jobs');
    }
    const row = await this.platformRepo.get(id);
    if (!row) throw notFound('job');
    if (row.state !== 'failed') throw new AppError('SENTINEL_JOB_NOT_FAILED', `The job is ${row.state}`);
    const name = row.name as JobName;
    await this.platformRepo.markRequeued(row.tenantId, id);
    const queued = await this.producer.find(name, recordedJobId(name, id));
    if (queued && (await queued.getState()) === 'failed') await queued.retry('failed');
    else {
      await queued?.remove();
      await this.producer.enqueue(name, row.payload as JobPayload<typeof name>, id, { record: id });
    }
    await this.platformDb.transaction((tx) =>
      recordAudit(tx, ctx, { action: 'job.retry', targetType: 'job', targetId: id, changes: { name, tenantId: row.tenantId } }),
    );
    return toDto((await this.platformRepo.get(id))!);
  }
}
