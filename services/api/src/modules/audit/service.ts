import { listForAdmins } from '../../http/scope.js';
import type { Principal } from '../../http/route.js';
import type { PlatformAuditRepository, TenantAuditRepository } from './repository.js';
import type { ListAuditQuery } from './schemas.js';

type Row = Awaited<ReturnType<TenantAuditRepository['list']>>['items'][number];

const toDto = (r: Row) => ({
  id: r.id,
  tenantId: r.tenantId,
  actorId: r.actorId,
  action: r.action,
  targetType: r.targetType,
  targetId: r.targetId,
  changes: r.changes as Record<string, unknown>,
  requestId: r.requestId,
  clientIp: r.clientIp,
  createdAt: r.createdAt.toISOString(),
});

export class AuditService {
  constructor(
    private readonly tenantRepo: TenantAuditRepository,
    private readonly platformRepo: PlatformAuditRepository,
  ) {}

  async list(ctx: Principal, q: ListAuditQuery) {
    const page = await listForAdmins(ctx, q.tenantId, 'Only admins read the audit log', {
      platform: () => this.platformRepo.list(q),
      tenant: () => this.tenantRepo.list(ctx.tenantId, q),
    });
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }
}
