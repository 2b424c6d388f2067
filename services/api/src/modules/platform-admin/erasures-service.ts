import type { ErasureRepository, PlatformDb } from '@sentinel/platform';
import type { ListErasuresQuery } from '../erasures/schemas.js';
import { toErasureDto } from '../erasures/service.js';

/** Platform admins' view of every tenant's erasure tombstones (platform pool). */
export class ErasuresAdminService {
  constructor(
    private readonly db: PlatformDb,
    private readonly repo: ErasureRepository,
  ) {}

  async list(q: ListErasuresQuery) {
    const page = await this.db.run((db) => this.repo.page(db, q, q.tenantId));
    return { items: page.items.map(toErasureDto), nextCursor: page.nextCursor };
  }
}
