// The one way to invite users: an invitation row per user and, unless the caller mails
// it itself, the record of its `user.invite` mail job, written in the caller's
// transaction so they commit (or roll back) with the users they are for. The API's
// users module, tenant provisioning (a tenant's first admin), the worker's bulk import
// and its Tenant-resource admin invitation all come through here.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/index.js';
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

/**
 * Invitations for users who have no password yet. `createdBy` is who asked (it owns
 * the mail jobs); `mailJob: false` writes no job record, for a caller that mails the
 * invitation itself (the worker).
 */
export async function createInvitations(
  tx: Tx,
  settings: InvitationSettings,
  tenantId: string,
  userIds: readonly string[],
  o: { createdBy: string | null; mailJob?: boolean },
): Promise<PendingInvitation[]> {
  if (userIds.length === 0) return [];
  const expiresAt = new Date(Date.now() + settings.INVITATION_TTL_S * 1000);
  const items = userIds.map((userId) => ({ userId, invitationId: randomUUID(), jobId: randomUUID(), expiresAt }));
  await tx.invitation.createMany({
    data: items.map((i) => ({
      tenantId,
      id: i.invitationId,
      userId: i.userId,
      expiresAt,
      tokenHash: invitationTokenHash(invitationToken(settings.INVITATION_SECRET, tenantId, i.invitationId)),
    })),
  });
  if (o.mailJob !== false)
    await tx.job.createMany({
      data: items.map((i) => ({
        tenantId,
        id: i.jobId,
        name: 'user.invite',
        payload: jobs['user.invite'].payload.parse({ tenantId, invitationId: i.invitationId }),
        createdBy: o.createdBy,
      })),
    });
  return items;
}

export async function createInvitation(
  tx: Tx,
  settings: InvitationSettings,
  tenantId: string,
  userId: string,
  o: { createdBy: string | null; mailJob?: boolean },
): Promise<PendingInvitation> {
  const [one] = await createInvitations(tx, settings, tenantId, [userId], o);
  return one!;
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
