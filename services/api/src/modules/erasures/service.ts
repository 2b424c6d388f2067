import {
  ErasureRepository,
  UsersRepository,
  cacheKeys,
  enqueueDeliveries,
  forbidden,
  notFound,
  recordAudit,
  recordWebhookEvent,
  type AppDb,
  type Cache,
  type ErasureCounts,
  type ErasureRow,
  type JobProducer,
  type Logger,
  type WindowLimiter,
} from '@sentinel/platform';
import { isAdmin, listOwnTenant, type Principal } from '../../core/context.js';
import { loginKeysOf } from '../auth/service.js';
import type { ListErasuresQuery } from './schemas.js';

/**
 * An erasure reads and rewrites every row of the tenant that names the person, in one
 * transaction: more than a request's statement timeout allows on a large tenant (20,000 audit
 * rows among 220,000 took about 4 s on a loaded 2-core machine: docs/data-rights.md).
 */
const ERASURE_TIMEOUT_MS = 120_000;

export const toErasureDto = (r: ErasureRow) => ({
  id: r.id,
  tenantId: r.tenantId,
  pseudonym: r.pseudonym,
  pseudonymId: r.pseudonymId,
  subjectHash: r.subjectHash,
  requestedBy: r.requestedBy,
  requestedByKind: r.requestedByKind === 'api_key' ? ('api_key' as const) : ('user' as const),
  counts: r.counts as ErasureCounts,
  erasedAt: r.createdAt.toISOString(),
});

/**
 * A user's erasure on request (GDPR art. 17) and the tenant's tombstones. Deleting a user
 * (DELETE /users/{id}) keeps who they were in the audit trail; erasing removes the person
 * from every row of the tenant (packages/platform tenancy/erasure.ts, docs/data-rights.md).
 */
export class ErasuresService {
  private readonly erasures = new ErasureRepository();
  private readonly users = new UsersRepository();

  constructor(
    private readonly db: AppDb,
    private readonly cache: Cache,
    private readonly limiter: WindowLimiter,
    private readonly producer: JobProducer,
    private readonly log: Logger,
  ) {}

  async erase(ctx: Principal, id: string) {
    if (!isAdmin(ctx)) throw forbidden('Only tenant admins erase users');
    if (id === ctx.userId) throw forbidden('You cannot erase yourself: another admin of your tenant can');
    const { row, deliveries, signIns } = await this.db.withTenant(
      ctx.tenantId,
      async (tx) => {
        const u = await this.users.getForUpdate(tx, ctx.tenantId, id);
        if (!u) throw notFound('user');
        const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { slug: true } });
        // Read before the rewrite: afterwards the audit trail no longer holds their former emails.
        const addresses = await this.erasures.clientAddresses(tx, ctx.tenantId, id);
        const signIns = (await this.erasures.emailsOf(tx, ctx.tenantId, u)).flatMap((e) => loginKeysOf(tenant.slug, e, addresses));
        const row = await this.erasures.erase(tx, ctx.tenantId, u, { id: ctx.userId, kind: ctx.actorKind ?? 'user' });
        // After the rewrite, so this row names the pseudonym only.
        await recordAudit(tx, ctx, {
          action: 'user.erase',
          targetType: 'user',
          targetId: row.pseudonymId,
          changes: { erasureId: row.id, pseudonym: row.pseudonym, counts: row.counts },
        });
        // Receivers know the user by its id: they are told to erase their copy (GDPR art. 19). No email, no name.
        const deliveries = await recordWebhookEvent(tx, ctx.tenantId, 'user.deleted', {
          user: { id, tenantId: ctx.tenantId, email: row.pseudonym, role: u.role, erased: true },
        });
        return { row, deliveries, signIns };
      },
      { timeoutMs: ERASURE_TIMEOUT_MS },
    );
    // Until this, a cached principal could still authenticate the erased user's access token.
    await this.cache.del(cacheKeys.user(ctx.tenantId, id));
    // Sign-in counters are keyed by the (lower-cased) email, per address: those of every email they had are forgotten too.
    await Promise.all(signIns.map((k) => this.limiter.reset(k)));
    await enqueueDeliveries(this.producer, this.log, ctx.tenantId, deliveries);
    return toErasureDto(row);
  }

  async list(ctx: Principal, q: ListErasuresQuery) {
    const page = await listOwnTenant(ctx, q.tenantId, 'Only admins read erasures', () =>
      this.db.withTenant(ctx.tenantId, (tx) => this.erasures.page(tx, q, ctx.tenantId)),
    );
    return { items: page.items.map(toErasureDto), nextCursor: page.nextCursor };
  }
}
