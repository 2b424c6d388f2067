import {
  InvitationsRepository,
  JobFailure,
  TenantsRepository,
  UsersRepository,
  invitationToken,
  recordAudit,
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
 * The first admin of a tenant created from a Tenant resource. Idempotent: an existing
 * user with that email is reused, a pending invitation is reused, and a user who has
 * already set a password is not invited again.
 */
export async function processInviteAdmin(
  deps: { config: WorkerConfig; appDb: AppDb; mailer: Mailer },
  p: JobPayload<'tenant.invite-admin'>,
): Promise<'sent' | 'already-sent' | 'accepted' | 'has-password'> {
  const { tenantId } = p;
  const email = p.email.toLowerCase();
  const invitationId = await deps.appDb.withTenant(tenantId, async (tx) => {
    const tenant = await tenants.get(tx, tenantId);
    if (!tenant) throw new JobFailure('SENTINEL_JOB_TARGET_GONE', 'The tenant no longer exists (deleted, or not yet visible)');
    const user =
      (await users.byEmail(tx, tenantId, email)) ??
      (await users.create(tx, tenantId, { email, displayName: email.split('@')[0]!, role: 'tenant_admin', passwordHash: null }));
    if (user.passwordHash !== null) return undefined;
    const pending = await invitations.pendingId(tx, tenantId, user.id);
    if (pending) return pending;
    // Mailed right here, below: no mail job of its own.
    const { invitationId: id } = await invitations.create(tx, deps.config, tenantId, user.id, { createdBy: null, mailJob: false });
    await recordAudit(
      tx,
      { tenantId, userId: null },
      { action: 'user.invite', targetType: 'user', targetId: user.id, changes: { invitationId: id, via: 'Tenant resource' } },
    );
    return id;
  });
  if (!invitationId) return 'has-password';
  return processInvite(deps, { tenantId, invitationId });
}
