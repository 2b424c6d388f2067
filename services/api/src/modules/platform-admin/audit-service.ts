import type { PlatformDb } from '@sentinel/platform';
import type { AuditRepository } from '../audit/repository.js';
import type { ListAuditQuery } from '../audit/schemas.js';
import { toAuditDto } from '../audit/service.js';

/** Platform admins' view of every tenant's audit log (platform pool). */
export class AuditAdminService {
  constructor(
    private readonly db: PlatformDb,
    private readonly repo: AuditRepository,
  ) {}

  async list(q: ListAuditQuery) {
    const page = await this.db.run((db) => this.repo.page(db, q, q.tenantId));
    return { items: page.items.map(toAuditDto), nextCursor: page.nextCursor };
  }
}
