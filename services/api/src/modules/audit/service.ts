import type { AppDb, AuditLogRepository, AuditRow } from '@sentinel/platform';
import { listOwnTenant, type Principal } from '../../core/context.js';
import type { ListAuditQuery } from './schemas.js';

export const toAuditDto = (r: AuditRow) => ({
  id: r.id,
  tenantId: r.tenantId,
  actorId: r.actorId,
  actorKind: r.actorKind === 'api_key' ? ('api_key' as const) : ('user' as const),
  action: r.action,
  targetType: r.targetType,
  targetId: r.targetId,
  changes: r.changes as Record<string, unknown>,
  requestId: r.requestId,
  clientIp: r.clientIp,
  createdAt: r.createdAt.toISOString(),
});

/** A tenant admin's view of their own tenant's audit log (platform admins: platform-admin/audit-service.ts). */
export class AuditService {
  constructor(
    private readonly db: AppDb,
    private readonly repo: AuditLogRepository,
  ) {}

  async list(ctx: Principal, q: ListAuditQuery) {
    const page = await listOwnTenant(ctx, q.tenantId, 'Only admins read the audit log', () =>
      // The replica when there is one (docs/scaling.md): the log is history, a moment stale at worst.
      this.db.reads.withTenant(ctx.tenantId, (tx) => this.repo.page(tx, q, ctx.tenantId)),
    );
    return { items: page.items.map(toAuditDto), nextCursor: page.nextCursor };
  }
}
