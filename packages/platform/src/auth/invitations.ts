import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Invitation tokens: `<tenantId>.<invitationId>.<mac>`, the MAC an HMAC-SHA256 of the
 * two ids under INVITATION_SECRET. The API stores only SHA-256(token); the worker
 * rebuilds the token to mail it, so the token never travels through Redis, and a
 * retried send mails the same, still valid link.
 */
export function invitationToken(secret: string, tenantId: string, invitationId: string): string {
  const mac = createHmac('sha256', secret).update(`invitation:${tenantId}:${invitationId}`).digest('base64url');
  return `${tenantId}.${invitationId}.${mac}`;
}

export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseInvitationToken(token: string): { tenantId: string; invitationId: string } | undefined {
  const [tenantId, invitationId, mac, ...rest] = token.split('.');
  if (rest.length || !tenantId || !invitationId || !mac || !UUID.test(tenantId) || !UUID.test(invitationId) || !/^[A-Za-z0-9_-]{43}$/.test(mac))
    return undefined;
  return { tenantId, invitationId };
}

export function invitationTokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(invitationTokenHash(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
