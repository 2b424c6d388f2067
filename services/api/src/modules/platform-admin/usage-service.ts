import { notFound, type PlatformDb, type UsageDailyRepository, type UsageDay } from '@sentinel/platform';
import type { UsageQuery } from '../usage/schemas.js';

/** Platform admins' view of any tenant's daily usage (platform pool). */
export class UsageAdminService {
  constructor(
    private readonly db: PlatformDb,
    private readonly repo: UsageDailyRepository,
  ) {}

  async of(tenantId: string, q: UsageQuery): Promise<{ items: UsageDay[] }> {
    const items = await this.db.run(async (db) => {
      if (!(await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } }))) return undefined;
      return this.repo.range(db, tenantId, q.from, q.to);
    });
    if (!items) throw notFound('tenant');
    return { items };
  }
}
