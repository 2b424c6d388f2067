// A tenant's daily usage as its admins see it, through the app pool under RLS.
// (Platform admins read any tenant's: platform-admin/usage-service.ts.)
import { forbidden, type AppDb, type UsageDailyRepository, type UsageDay } from '@sentinel/platform';
import type { Principal } from '../../core/context.js';
import type { UsageQuery } from './schemas.js';

export class UsageService {
  constructor(
    private readonly db: AppDb,
    private readonly repo: UsageDailyRepository,
  ) {}

  async own(ctx: Principal, q: UsageQuery): Promise<{ items: UsageDay[] }> {
    if (ctx.role !== 'tenant_admin') throw forbidden("Only tenant admins see their tenant's usage");
    // The replica when there is one (docs/scaling.md): the rollup is written once a day.
    return { items: await this.db.reads.withTenant(ctx.tenantId, (tx) => this.repo.range(tx, ctx.tenantId, q.from, q.to)) };
  }
}
