// The webhook outbox: an event is recorded in the transaction of the change that causes it,
// with one delivery row per enabled endpoint of the tenant that subscribes to its type (none
// and nothing is written). After commit the caller enqueues the deliveries (enqueueDeliveries);
// the worker sends them (services/worker/src/processors/webhook-deliver.ts).
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/index.js';
import type { Logger } from '../telemetry/logger.js';
import type { JobProducer } from '../queues/index.js';
import type { WebhookEventType } from './signing.js';

/** The payload version of each event type (docs/webhooks.md); a breaking change bumps it. */
export const WEBHOOK_EVENT_VERSION = 1;

/** Records `type` with `data` for the tenant's subscribed endpoints; the new deliveries' ids. */
export async function recordWebhookEvent(tx: Tx, tenantId: string, type: WebhookEventType, data: Record<string, unknown>): Promise<string[]> {
  const endpoints = await tx.webhookEndpoint.findMany({ where: { tenantId, enabled: true, eventTypes: { has: type } }, select: { id: true } });
  if (endpoints.length === 0) return [];
  const eventId = randomUUID();
  await tx.webhookEvent.create({ data: { tenantId, id: eventId, type, version: WEBHOOK_EVENT_VERSION, payload: data as object } });
  const rows = endpoints.map((e) => ({ tenantId, id: randomUUID(), endpointId: e.id, eventId }));
  await tx.webhookDelivery.createMany({ data: rows });
  return rows.map((r) => r.id);
}

/**
 * Enqueues deliveries after their transaction committed. Redis being down loses no event:
 * the rows stay `pending` (a redelivery sends them again); the failure is logged.
 */
export async function enqueueDeliveries(
  producer: JobProducer,
  log: Logger,
  tenantId: string,
  deliveryIds: readonly string[],
  /** Set for a redelivery: a new job beside any the first series left. */
  round?: string,
): Promise<void> {
  if (deliveryIds.length === 0) return;
  try {
    await producer.enqueueMany(
      'webhook.deliver',
      deliveryIds.map((deliveryId) => ({ payload: { tenantId, deliveryId }, key: round ? `${deliveryId}-${round}` : deliveryId })),
    );
  } catch (err) {
    log.warn({ err: { message: (err as Error).message }, tenantId, deliveries: deliveryIds.length }, 'could not queue webhook deliveries');
  }
}
