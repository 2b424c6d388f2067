// One rule for making someone a tenant's admin, whoever asks: a platform admin through
// the API (POST /tenants with {admin}, POST /tenants/{id}/admins: provisioning.ts) or a
// Tenant resource's spec.admin.email (the worker's tenant.invite-admin job). Runs in the
// caller's transaction, on whichever pool the caller holds.
import type { Tx } from '../db/index.js';
import { recordAudit } from './audit.js';
import type { TenantContext } from './context.js';
import { InvitationsRepository, type InvitationSettings, type PendingInvitation } from './invitations.js';
import { remainingUserCapacity, userLimitReached } from './limits.js';
import { UsersRepository, type UserRow } from './users.js';

/** Who acts: a platform admin, or a system actor (the Tenant controller) with no user. */
export type Actor = Pick<TenantContext, 'tenantId' | 'userId' | 'requestId' | 'clientIp'> | { tenantId: string; userId: null };

export interface AdminGrantOptions {
  /** Who the tenant's audit rows name (their tenantId is replaced by the tenant's). */
  actor: Actor;
  /** Added to every audit row's changes, saying through what the grant came. */
  tag: Record<string, string>;
  settings: InvitationSettings;
  /**
   * A user without a password needs an invitation. `renew` (an explicit request) revokes
   * the pending ones, so older links stop working, and issues a new one with its mail job
   * record; `reuse` (a job that may run again) keeps a live pending invitation, and issues
   * one without a mail job record otherwise: the caller mails it itself.
   */
  invitation: 'renew' | 'reuse';
}

export interface AdminGrantResult {
  user: UserRow;
  created: boolean;
  /** The user's live invitation, when they have no password yet. */
  invitationId: string | null;
  /** The invitation issued by this call (none when one was reused or none was needed). */
  issued: PendingInvitation | null;
}

const users = new UsersRepository();
const invitations = new InvitationsRepository();

/**
 * Makes `email` an admin of `tenantId`: a new user (no password, within limits.maxUsers)
 * is created, an existing member is promoted, and a user without a password is invited.
 * Idempotent for a tenant admin who has a password. Every change is audited in the tenant.
 */
export async function grantTenantAdmin(
  tx: Tx,
  tenantId: string,
  who: { email: string; displayName?: string },
  o: AdminGrantOptions,
): Promise<AdminGrantResult> {
  const email = who.email.toLowerCase();
  // Serialises with every user creation in the tenant (the maxUsers check takes the same lock).
  const left = await remainingUserCapacity(tx, tenantId);
  const inTenant = { ...o.actor, tenantId };
  let user = await users.byEmail(tx, tenantId, email);
  const created = !user;
  if (!user) {
    if (left === 0) throw userLimitReached();
    user = await users.create(tx, tenantId, { email, displayName: who.displayName ?? email.split('@')[0]!, role: 'tenant_admin', passwordHash: null });
    await recordAudit(tx, inTenant, {
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      changes: { email: user.email, displayName: user.displayName, role: user.role, invited: true, ...o.tag },
    });
  } else if (user.role !== 'tenant_admin') {
    const from = user.role;
    user = await users.update(tx, tenantId, user.id, { role: 'tenant_admin' });
    await recordAudit(tx, inTenant, {
      action: 'user.update',
      targetType: 'user',
      targetId: user.id,
      changes: { role: { from, to: 'tenant_admin' }, ...o.tag },
    });
  }
  if (user.passwordHash !== null) return { user, created, invitationId: null, issued: null };

  if (o.invitation === 'reuse') {
    const pending = await invitations.pendingId(tx, tenantId, user.id);
    if (pending) return { user, created, invitationId: pending, issued: null };
  } else {
    await invitations.revokePending(tx, tenantId, user.id);
  }
  const issued = await invitations.create(tx, o.settings, tenantId, user.id, { createdBy: o.actor.userId, mailJob: o.invitation === 'renew' });
  await recordAudit(tx, inTenant, {
    action: 'user.invite',
    targetType: 'user',
    targetId: user.id,
    changes: { invitationId: issued.invitationId, ...(o.invitation === 'renew' ? { jobId: issued.jobId } : {}), ...o.tag },
  });
  return { user, created, invitationId: issued.invitationId, issued };
}
