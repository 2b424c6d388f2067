import {
  AppError,
  notFound,
  recordedJobId,
  recordAudit,
  type JobName,
  type JobPayload,
  type JobProducer,
  type JobsRepository,
  type PlatformDb,
} from '@sentinel/platform';
import type { Principal } from '../../core/context.js';
import type { ListJobsQuery } from '../jobs/schemas.js';
import { toJobDto } from '../jobs/service.js';

/** Platform admins' view of every tenant's jobs, and retries (platform pool). */
export class JobsAdminService {
  constructor(
    private readonly db: PlatformDb,
    private readonly repo: JobsRepository,
    private readonly producer: JobProducer,
  ) {}

  async list(q: ListJobsQuery) {
    const page = await this.db.run((db) => this.repo.page(db, q, q.tenantId));
    return { items: page.items.map(toJobDto), nextCursor: page.nextCursor };
  }

  async get(id: string) {
    const row = await this.db.run((db) => this.repo.find(db, id));
    if (!row) throw notFound('job');
    return toJobDto(row);
  }

  /**
   * Retries a failed job: the BullMQ job again if it is still kept, else a new one from
   * the recorded payload, under the same id.
   */
  async retry(ctx: Principal, id: string) {
    const row = await this.db.run((db) => this.repo.find(db, id));
    if (!row) throw notFound('job');
    if (row.state !== 'failed') throw new AppError('SENTINEL_JOB_NOT_FAILED', `The job is ${row.state}`);
    const name = row.name as JobName;
    await this.db.run((db) => this.repo.markRequeued(db, row.tenantId, id));
    const queued = await this.producer.find(name, recordedJobId(name, id));
    if (queued && (await queued.getState()) === 'failed') await queued.retry('failed');
    else {
      await queued?.remove();
      await this.producer.enqueue(name, row.payload as JobPayload<typeof name>, id, { record: id });
    }
    await this.db.transaction((tx) =>
      recordAudit(tx, ctx, { action: 'job.retry', targetType: 'job', targetId: id, changes: { name, tenantId: row.tenantId } }),
    );
    return this.get(id);
  }
}
