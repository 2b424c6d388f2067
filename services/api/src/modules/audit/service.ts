import { forbidden } from '@sentinel/platform';
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
    let page;
    if (ctx.role === 'platform_admin') page = await this.platformRepo.list(q);
    else if (ctx.role === 'tenant_admin') {
      // Another tenant's id filters to nothing, as RLS would.
      if (q.tenantId && q.tenantId !== ctx.tenantId) return { items: [], nextCursor: null };
      page = await this.tenantRepo.list(ctx.tenantId, q);
    } else throw forbidden('Only admins read the audit log');
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }
}
