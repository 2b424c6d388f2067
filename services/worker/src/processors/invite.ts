import {
  AppError,
  InvitationsRepository,
  JobFailure,
  grantTenantAdmin,
  TenantsRepository,
  UsersRepository,
  invitationToken,
  type AppDb,
  type WorkerConfig,
  type JobPayload,
} from '@sentinel/platform';
import type { Mailer } from '../mailer.js';

const invitations = new InvitationsRepository();
const users = new UsersRepository();
const tenants = new TenantsRepository();

/**
 * Mails an invitation link, under RLS as the invitation's tenant. Idempotent: an
 * invitation already sent is not mailed again, so a retry or a duplicate enqueue sends
 * one mail. A crash between the SMTP hand-off and the commit of sent_at can still send
 * twice; the stable Message-ID lets mail clients fold that duplicate.
 */
export async function processInvite(
  deps: { config: WorkerConfig; appDb: AppDb; mailer: Mailer },
  p: JobPayload<'user.invite'>,
): Promise<'sent' | 'already-sent' | 'accepted'> {
  const { tenantId, invitationId } = p;
  const found = await deps.appDb.withTenant(tenantId, async (tx) => {
    const inv = await invitations.get(tx, tenantId, invitationId);
    if (!inv) return undefined;
    const user = await users.get(tx, tenantId, inv.userId);
    const tenant = await tenants.get(tx, tenantId);
    return user && tenant ? { inv, user, tenant } : undefined;
  });
  // Gone (re-invited, user or tenant deleted) or another tenant's id: retrying cannot help.
  if (!found) throw new JobFailure('SENTINEL_JOB_TARGET_GONE', 'The invitation no longer exists: a newer one replaced it, or its user was deleted');
  const { inv, user, tenant } = found;
  if (inv.acceptedAt) return 'accepted';
  if (inv.sentAt) return 'already-sent';
  if (inv.expiresAt.getTime() <= Date.now())
    throw new JobFailure('SENTINEL_INVITATION_INVALID', 'The invitation expired before it could be sent; invite the user again');

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
  await deps.appDb.withTenant(tenantId, (tx) => invitations.markSent(tx, tenantId, invitationId));
  return 'sent';
}

/**
 * The admin a Tenant resource names (spec.admin.email), by the same rule as a platform
 * admin's request (grantTenantAdmin): created within limits.maxUsers, or promoted, and
 * invited while they have no password. Idempotent: a retry reuses the pending invitation
 * and its link, and a user who has already set a password is not invited again.
 */
export async function processInviteAdmin(
  deps: { config: WorkerConfig; appDb: AppDb; mailer: Mailer },
  p: JobPayload<'tenant.invite-admin'>,
): Promise<'sent' | 'already-sent' | 'accepted' | 'has-password'> {
  const { tenantId } = p;
  const invitationId = await deps.appDb.withTenant(tenantId, async (tx) => {
    if (!(await tenants.get(tx, tenantId))) throw new JobFailure('SENTINEL_JOB_TARGET_GONE', 'The tenant no longer exists (deleted, or not yet visible)');
    try {
      const grant = await grantTenantAdmin(
        tx,
        tenantId,
        { email: p.email },
        { actor: { tenantId, userId: null }, tag: { via: 'Tenant resource' }, settings: deps.config, invitation: 'reuse' },
      );
      return grant.invitationId;
    } catch (err) {
      // A full tenant stays full until someone acts: no retry can help.
      if (err instanceof AppError && err.code === 'SENTINEL_TENANT_USER_LIMIT') throw new JobFailure(err.code, err.message);
      throw err;
    }
  });
  if (!invitationId) return 'has-password';
  return processInvite(deps, { tenantId, invitationId });
}
