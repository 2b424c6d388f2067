import { UnrecoverableError, invitationToken, type AppDb, type Config, type JobPayload } from '@sentinel/platform';
import type { Mailer } from '../mailer.js';

/**
 * Mails an invitation link, under RLS as the invitation's tenant. Idempotent: an
 * invitation already sent is not mailed again, so a retry or a duplicate enqueue sends
 * one mail. A crash between the SMTP hand-off and the commit of sent_at can still send
 * twice; the stable Message-ID lets mail clients fold that duplicate.
 */
export async function processInvite(
  deps: { config: Config; appDb: AppDb; mailer: Mailer },
  p: JobPayload<'user.invite'>,
): Promise<'sent' | 'already-sent' | 'accepted'> {
  const { tenantId, invitationId } = p;
  const found = await deps.appDb.withTenant(tenantId, async (tx) => {
    const inv = await tx.invitation.findUnique({ where: { tenantId_id: { tenantId, id: invitationId } } });
    if (!inv) return undefined;
    const user = await tx.user.findUnique({ where: { tenantId_id: { tenantId, id: inv.userId } }, select: { email: true, displayName: true } });
    const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { displayName: true, slug: true } });
    return user && tenant ? { inv, user, tenant } : undefined;
  });
  // Gone (re-invited, user or tenant deleted) or another tenant's id: retrying cannot help.
  if (!found) throw new UnrecoverableError('invitation not found');
  const { inv, user, tenant } = found;
  if (inv.acceptedAt) return 'accepted';
  if (inv.sentAt) return 'already-sent';
  if (inv.expiresAt.getTime() <= Date.now()) throw new UnrecoverableError('invitation expired before it could be sent');

  const token = invitationToken(deps.config.INVITATION_SECRET, tenantId, invitationId);
  const link = new URL(`/accept-invite?token=${encodeURIComponent(token)}`, deps.config.PUBLIC_URL).toString();
  await deps.mailer.send({
    to: user.email,
    subject: `You are invited to ${tenant.displayName} on Sentinel`,
    text: [
      `Hello ${user.displayName},`,
      '',
      `You have been invited to join ${tenant.displayName} (tenant "${tenant.slug}") on Sentinel.`,
      `Set your password here: ${link}`,
      '',
      `The link expires on ${inv.expiresAt.toISOString()}.`,
    ].join('\n'),
    messageId: `<invitation-${invitationId}@sentinel>`,
  });
  await deps.appDb.withTenant(tenantId, (tx) =>
    tx.invitation.updateMany({ where: { tenantId, id: invitationId, sentAt: null }, data: { sentAt: new Date() } }),
  );
  return 'sent';
}
