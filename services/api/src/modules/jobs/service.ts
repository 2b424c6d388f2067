import { forbidden, notFound, type AppDb, type JobRow, type JobsRepository } from '@sentinel/platform';
import { listOwnTenant, type Principal } from '../../core/context.js';
import type { ListJobsQuery } from './schemas.js';

export const toJobDto = (r: JobRow) => ({
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

/** A tenant admin's view of their own tenant's jobs (platform admins: platform-admin/jobs-service.ts). */
export class JobsService {
  constructor(
    private readonly db: AppDb,
    private readonly repo: JobsRepository,
  ) {}

  async list(ctx: Principal, q: ListJobsQuery) {
    const page = await listOwnTenant(ctx, q.tenantId, 'Only admins see jobs', () =>
      this.db.withTenant(ctx.tenantId, (tx) => this.repo.page(tx, q, ctx.tenantId)),
    );
    return { items: page.items.map(toJobDto), nextCursor: page.nextCursor };
  }

  async get(ctx: Principal, id: string) {
    const row = await this.db.withTenant(ctx.tenantId, (tx) => this.repo.get(tx, ctx.tenantId, id));
    if (!row) throw notFound('job');
    if (ctx.role === 'member') throw forbidden('Only admins see jobs');
    return toJobDto(row);
  }
}
