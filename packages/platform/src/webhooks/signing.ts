// Webhooks (issue #16): the events a tenant can subscribe to, the endpoints' signing secrets
// and the Standard Webhooks signature (https://www.standardwebhooks.com): a receiver checks
// `webhook-signature: v1,<base64 HMAC-SHA-256 of "<webhook-id>.<webhook-timestamp>.<body>">`
// under the secret's bytes (the base64 after `whsec_`).
import { createHmac, randomBytes } from 'node:crypto';
import { SecretBox } from '../auth/totp.js';

/** What a tenant can subscribe to; docs/webhooks.md describes each payload. */
export const WEBHOOK_EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deleted',
  'user.invited',
  'import.completed',
  'export.completed',
  'tenant.suspended',
  'tenant.resumed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: `whsec_` + base64 of 32 random bytes. */
export const newWebhookSecret = () => SECRET_PREFIX + randomBytes(32).toString('base64');

/** The key bytes of a `whsec_` secret. */
export const webhookSecretBytes = (secret: string) => Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');

/** One `v1,<base64>` signature of a delivery: what `webhook-signature` lists (space-separated, one per live secret). */
export function signWebhook(secret: string, id: string, timestampS: number, body: string): string {
  const mac = createHmac('sha256', webhookSecretBytes(secret)).update(`${id}.${timestampS}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/**
 * Endpoint secrets at rest: AES-256-GCM (the MFA code's SecretBox) under WEBHOOK_ENCRYPTION_KEY,
 * bound to the tenant and endpoint ids, so a sealed secret copied onto another endpoint does not open.
 */
export class WebhookSecrets {
  private readonly box: SecretBox;
  constructor(keyMaterial: string) {
    this.box = new SecretBox(keyMaterial);
  }
  private static owner = (tenantId: string, endpointId: string) => `webhook:${tenantId}:${endpointId}`;
  seal(secret: string, tenantId: string, endpointId: string): string {
    return this.box.seal(Buffer.from(secret), WebhookSecrets.owner(tenantId, endpointId));
  }
  /** The secret, or undefined when sealed for another endpoint, altered, or under another key. */
  open(sealed: string, tenantId: string, endpointId: string): string | undefined {
    return this.box.open(sealed, WebhookSecrets.owner(tenantId, endpointId))?.toString();
  }
}

/**
 * The key of sealed webhook secrets: WEBHOOK_ENCRYPTION_KEY. Outside production, unset, a
 * fixed development key (the API seals and the worker opens, and the worker holds no
 * JWT_SECRET to derive one from). Undefined in production without it: endpoints are refused (503)
 * and the worker delivers nothing.
 */
export function webhookKey(config: { NODE_ENV: string; WEBHOOK_ENCRYPTION_KEY?: string | undefined }): string | undefined {
  if (config.WEBHOOK_ENCRYPTION_KEY) return config.WEBHOOK_ENCRYPTION_KEY;
  return config.NODE_ENV === 'production' ? undefined : 'sentinel-development-webhook-key: never used in production';
}
