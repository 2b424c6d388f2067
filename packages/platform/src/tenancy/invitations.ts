// The one way to invite users: an invitation row per user and, unless the caller mails
// it itself, the record of its `user.invite` mail job, written in the caller's
// transaction so they commit (or roll back) with the users they are for. The API's
// users and auth modules, tenant provisioning (a tenant's first admin), the worker's bulk
// import, its invitation mails and its Tenant-resource admin invitation all come through here.
import { randomUUID } from 'node:crypto';
import { TenantSql, type Tx } from '../db/index.js';
import { invitationToken, invitationTokenHash } from '../auth/invitations.js';
import { jobs, type JobProducer } from '../queues/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../telemetry/logger.js';

/** What invitation creation needs of the configuration (the API's and the worker's). */
export type InvitationSettings = Pick<Config, 'INVITATION_SECRET' | 'INVITATION_TTL_S'>;

export interface PendingInvitation {
  userId: string;
  invitationId: string;
  /** The `jobs` row of its mail; enqueue it after commit with {@link queueInvitation}. */
  jobId: string;
  expiresAt: Date;
}

export class InvitationsRepository {
  /**
   * Invitations for users who have no password yet. `createdBy` is who asked (it owns
   * the mail jobs); `mailJob: false` writes no job record, for a caller that mails the
   * invitation itself (the worker).
   */
  async createMany(
    tx: Tx | TenantSql,
    settings: InvitationSettings,
    tenantId: string,
    userIds: readonly string[],
    o: { createdBy: string | null; mailJob?: boolean },
  ): Promise<PendingInvitation[]> {
    if (userIds.length === 0) return [];
    const expiresAt = new Date(Date.now() + settings.INVITATION_TTL_S * 1000);
    const items = userIds.map((userId) => ({ userId, invitationId: randomUUID(), jobId: randomUUID(), expiresAt }));
    const tokenHash = (invitationId: string) => invitationTokenHash(invitationToken(settings.INVITATION_SECRET, tenantId, invitationId));
    const payload = (invitationId: string) => jobs['user.invite'].payload.parse({ tenantId, invitationId });
    if (tx instanceof TenantSql) {
      // Set-based, for the bulk import: one statement for the invitations and their job records.
      const ids = items.map((i) => i.invitationId);
      const mailed = o.mailJob !== false ? items : [];
      await tx.query(
        `WITH new_invitations AS (
           INSERT INTO invitations (tenant_id, id, user_id, token_hash, expires_at)
           SELECT $1::uuid, i.id, i.user_id, i.token_hash, $5::timestamptz FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS i(id, user_id, token_hash)
         )
         INSERT INTO jobs (tenant_id, id, name, payload, created_by)
         SELECT $1::uuid, j.id, 'user.invite', j.payload, $7::uuid FROM unnest($6::uuid[], $8::jsonb[]) AS j(id, payload)`,
        [
          tenantId,
          ids,
          items.map((i) => i.userId),
          ids.map(tokenHash),
          expiresAt,
          mailed.map((i) => i.jobId),
          o.createdBy,
          mailed.map((i) => JSON.stringify(payload(i.invitationId))),
        ],
      );
      return items;
    }
    await tx.invitation.createMany({
      data: items.map((i) => ({ tenantId, id: i.invitationId, userId: i.userId, expiresAt, tokenHash: tokenHash(i.invitationId) })),
    });
    if (o.mailJob !== false)
      await tx.job.createMany({
        data: items.map((i) => ({ tenantId, id: i.jobId, name: 'user.invite', payload: payload(i.invitationId), createdBy: o.createdBy })),
      });
    return items;
  }

  async create(
    tx: Tx,
    settings: InvitationSettings,
    tenantId: string,
    userId: string,
    o: { createdBy: string | null; mailJob?: boolean },
  ): Promise<PendingInvitation> {
    const [one] = await this.createMany(tx, settings, tenantId, [userId], o);
    return one!;
  }

  get(tx: Tx, tenantId: string, id: string) {
    return tx.invitation.findUnique({ where: { tenantId_id: { tenantId, id } } });
  }

  /** A live invitation of the user (not accepted, not expired), if any. */
  async pendingId(tx: Tx, tenantId: string, userId: string): Promise<string | undefined> {
    const p = await tx.invitation.findFirst({ where: { tenantId, userId, acceptedAt: null, expiresAt: { gt: new Date() } }, select: { id: true } });
    return p?.id;
  }

  /** Ends the user's unaccepted invitations: their links stop working (before a new one is made). */
  async revokePending(tx: Tx, tenantId: string, userId: string): Promise<void> {
    await tx.invitation.deleteMany({ where: { tenantId, userId, acceptedAt: null } });
  }

  /** Once its mail is handed over; an invitation already marked keeps its first time. */
  async markSent(tx: Tx, tenantId: string, id: string): Promise<void> {
    await tx.invitation.updateMany({ where: { tenantId, id, sentAt: null }, data: { sentAt: new Date() } });
  }

  async markAccepted(tx: Tx, tenantId: string, id: string): Promise<void> {
    await tx.invitation.update({ where: { tenantId_id: { tenantId, id } }, data: { acceptedAt: new Date() } });
  }
}

/**
 * After commit. If Redis is down the invitation stays unsent (sent_at NULL) and an
 * admin can invite again (or a platform admin retry the job); the BullMQ job id derives
 * from the job record's id, so a second enqueue of the same job is a no-op.
 */
export async function queueInvitation(
  producer: JobProducer,
  log: Logger,
  tenantId: string,
  inv: Pick<PendingInvitation, 'invitationId' | 'jobId'>,
): Promise<boolean> {
  const { invitationId, jobId } = inv;
  try {
    await producer.enqueue('user.invite', { tenantId, invitationId }, jobId, { record: jobId });
    return true;
  } catch (err) {
    log.warn({ err: { message: (err as Error).message }, tenantId, invitationId }, 'could not queue the invitation mail');
    return false;
  }
}
