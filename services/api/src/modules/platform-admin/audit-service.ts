import type { AuditLogRepository, PlatformDb } from '@sentinel/platform';
import type { ListAuditQuery } from '../audit/schemas.js';
import { toAuditDto } from '../audit/service.js';

/** Platform admins' view of every tenant's audit log (platform pool). */
export class AuditAdminService {
  constructor(
    private readonly db: PlatformDb,
    private readonly repo: AuditLogRepository,
  ) {}

  async list(q: ListAuditQuery) {
    const page = await this.db.run((db) => this.repo.page(db, q, q.tenantId));
    return { items: page.items.map(toAuditDto), nextCursor: page.nextCursor };
  }
}
