import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, humanText, type WebhookEventType } from '@sentinel/platform';
import { isoDate } from '../../core/fields.js';

export const eventType = z.enum(WEBHOOK_EVENT_TYPES);

const eventTypes = z
  .array(eventType)
  .min(1, 'name at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((s) => new Set(s).size === s.length, 'each event type once')
  .meta({ uniqueItems: true })
  .describe('The events this endpoint receives (docs/webhooks.md describes each payload)');

// Parsed as a URL, no credentials, no fragment; whether http:// is allowed (not in production)
// is the service's call, which answers 400 on body.url.
const url = z
  .string()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname && !u.username && !u.password && !u.hash && s === s.trim();
    } catch {
      return false;
    }
  }, 'must be an absolute https:// URL (http:// outside production) without credentials or fragment')
  .meta({ format: 'uri' })
  .describe('Where deliveries are POSTed: https:// (http:// is accepted outside production)');

const description = humanText(0, 500);

export const webhookEndpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(eventType),
  enabled: z.boolean(),
  disabledReason: z
    .string()
    .nullable()
    .describe('Why the server disabled the endpoint (every delivery failing for WEBHOOK_DISABLE_AFTER_S); null when enabled or disabled by an admin'),
  failingSince: isoDate.nullable().describe('Every delivery has failed since then (null: the last one succeeded)'),
  rotatedAt: isoDate.nullable(),
  previousSecretExpiresAt: isoDate.nullable().describe('Until then deliveries are also signed with the secret before the last rotation'),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export const webhookEndpointList = z.object({ items: z.array(webhookEndpoint) });

export const webhookEndpointWithSecret = webhookEndpoint.extend({
  secret: z.string().describe('The signing secret (`whsec_` + base64, Standard Webhooks): shown this once, never again. Verify `webhook-signature` with it.'),
});

export const createWebhookEndpointBody = z
  .object({
    url,
    description: description.optional(),
    eventTypes,
    enabled: z.boolean().optional().describe('Default true'),
  })
  .strict();

export const updateWebhookEndpointBody = z
  .object({
    url: url.optional(),
    description: description.optional(),
    eventTypes: eventTypes.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'send at least one field to change', path: [] })
  .meta({ minProperties: 1, description: 'Send at least one field to change.' });

export type CreateWebhookEndpointBody = z.output<typeof createWebhookEndpointBody>;
export type UpdateWebhookEndpointBody = z.output<typeof updateWebhookEndpointBody>;
export type WebhookEndpointDto = z.output<typeof webhookEndpoint>;

export const deliveryParams = z.object({ id: z.uuid({ message: 'must be a UUID' }), deliveryId: z.uuid({ message: 'must be a UUID' }) }).strict();

export const deliveriesQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(100).default(50).describe('At most this many, newest first (1 to 100, default 50)') })
  .strict();

export const webhookDelivery = z.object({
  id: z.uuid(),
  eventId: z.uuid().describe('The event: every attempt carries it as `webhook-id`'),
  eventType: eventType,
  state: z
    .enum(['pending', 'succeeded', 'failed', 'skipped'])
    .describe('pending: attempts left (next at nextAttemptAt); failed: none left or refused; skipped: the endpoint was disabled'),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable().describe("The receiver's HTTP status at the last attempt (null: no answer)"),
  lastError: z.string().nullable(),
  latencyMs: z.number().int().nullable().describe('How long the last attempt took'),
  nextAttemptAt: isoDate.nullable(),
  deliveredAt: isoDate.nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export const webhookDeliveryList = z.object({ items: z.array(webhookDelivery) });
export type WebhookDeliveryDto = z.output<typeof webhookDelivery>;

// The payloads Sentinel sends (version 1): the OpenAPI document's `webhooks` (routes.ts) and docs/webhooks.md.
const user = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['platform_admin', 'tenant_admin', 'member']),
  hasPassword: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
const change = z.object({ from: z.unknown(), to: z.unknown() }).or(z.object({ changed: z.literal(true) }));
const job = (...names: [string, ...string[]]) => z.object({ id: z.uuid(), name: z.enum(names), result: z.record(z.string(), z.unknown()).nullable() });
const tenant = z.object({ id: z.uuid(), slug: z.string(), displayName: z.string(), status: z.enum(['active', 'suspended']) });

export const WEBHOOK_EVENT_DATA: Record<WebhookEventType, [string, z.ZodType]> = {
  'user.created': ['A user was created', z.object({ user })],
  'user.updated': ['A user was changed: the user after the change, and each changed field', z.object({ user, changes: z.record(z.string(), change) })],
  'user.deleted': [
    'A user was deleted, or erased (POST /users/{id}/erase: `email` is then the pseudonym and `erased` is true; erase your copy)',
    z.object({
      user: user.pick({ id: true, tenantId: true, email: true, role: true }).extend({ erased: z.literal(true).optional() }),
    }),
  ],
  'user.invited': [
    'A user was invited by email (created without a password, or invited again)',
    z.object({ user: z.object({ id: z.uuid(), email: z.string() }), invitation: z.object({ id: z.uuid(), expiresAt: isoDate }) }),
  ],
  'import.completed': ['A bulk user import finished', z.object({ job: job('users.import') })],
  'export.completed': [
    'An export finished: an audit log export (`audit.export`: GET /api/v1/audit-logs/exports/{id}) or a full tenant export (`tenant.export`: GET /api/v1/tenants/{tenantId}/exports/{id})',
    z.object({ job: job('audit.export', 'tenant.export') }),
  ],
  'tenant.suspended': ['The tenant was suspended', z.object({ tenant })],
  'tenant.resumed': ['The tenant was made active again', z.object({ tenant })],
};

/** The body Sentinel POSTs for `type` (what the OpenAPI document states). */
export const webhookEventBody = (type: WebhookEventType) =>
  z.object({
    type: z.literal(type),
    version: z.literal(1).describe('The payload version: a change that is not backwards compatible bumps it'),
    timestamp: isoDate.describe('When the event happened'),
    data: WEBHOOK_EVENT_DATA[type][1],
  });
