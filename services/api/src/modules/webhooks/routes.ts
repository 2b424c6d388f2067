import type { Router } from 'express';
import type { WebhookEventType } from '@sentinel/platform';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { uuidParam } from '../../core/fields.js';
import type { WebhooksService } from './service.js';
import {
  WEBHOOK_EVENT_DATA,
  createWebhookEndpointBody,
  deliveriesQuery,
  deliveryParams,
  updateWebhookEndpointBody,
  webhookDelivery,
  webhookDeliveryList,
  webhookEndpoint,
  webhookEndpointList,
  webhookEndpointWithSecret,
  webhookEventBody,
} from './schemas.js';

const UNCONFIGURED = { description: 'Webhooks are not configured on this server (WEBHOOK_ENCRYPTION_KEY)' };

// No route here declares an API key scope: keys cannot manage webhook endpoints (route.ts refuses them).
export function createWebhooksRouter(deps: RouteDeps, webhooks: WebhooksService): Router {
  const r = apiRouter();
  const base = '/api/v1';
  const admins = ['tenant_admin'] as const;
  // What the endpoints receive: OpenAPI `webhooks`, one per event type.
  for (const type of Object.keys(WEBHOOK_EVENT_DATA) as WebhookEventType[])
    deps.registry.addWebhook(type, `${WEBHOOK_EVENT_DATA[type][0]} (\`${type}\`, version 1)`, webhookEventBody(type));
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/webhooks/endpoints',
    summary: 'Register a webhook endpoint of your tenant; its signing secret is in the answer this once (docs/webhooks.md)',
    tag: 'webhooks',
    access: admins,
    body: createWebhookEndpointBody,
    responses: {
      201: { description: 'Created: `secret` verifies the signatures, shown only now', schema: webhookEndpointWithSecret },
      409: { description: 'The tenant has 50 endpoints already (SENTINEL_WEBHOOK_ENDPOINT_LIMIT)' },
      503: UNCONFIGURED,
    },
    handler: async ({ ctx, body }) => ({ status: 201, body: await webhooks.create(ctx, body) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/webhooks/endpoints',
    summary: "List your tenant's webhook endpoints (newest first; never their secrets)",
    tag: 'webhooks',
    access: admins,
    responses: { 200: { description: 'The endpoints', schema: webhookEndpointList } },
    handler: async ({ ctx }) => ({ body: await webhooks.list(ctx) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/webhooks/endpoints/:id',
    summary: 'Get a webhook endpoint of your tenant (never its secret)',
    tag: 'webhooks',
    access: admins,
    params: uuidParam,
    responses: { 200: { description: 'The endpoint', schema: webhookEndpoint } },
    handler: async ({ ctx, params }) => ({ body: await webhooks.get(ctx, params.id) }),
  });
  defineRoute(r, base, deps, {
    method: 'patch',
    path: '/webhooks/endpoints/:id',
    summary: "Change a webhook endpoint's URL, description, event types, or whether it is enabled",
    tag: 'webhooks',
    access: admins,
    params: uuidParam,
    body: updateWebhookEndpointBody,
    responses: { 200: { description: 'The endpoint as changed', schema: webhookEndpoint } },
    handler: async ({ ctx, params, body }) => ({ body: await webhooks.update(ctx, params.id, body) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/webhooks/endpoints/:id/rotate-secret',
    summary:
      'Rotate the signing secret: the new one is in the answer this once; the previous one keeps signing (both signatures sent) until `previousSecretExpiresAt` (WEBHOOK_SECRET_OVERLAP_S, 24 h by default)',
    tag: 'webhooks',
    access: admins,
    params: uuidParam,
    responses: { 200: { description: 'Rotated: `secret` is the new secret, shown only now', schema: webhookEndpointWithSecret }, 503: UNCONFIGURED },
    handler: async ({ ctx, params }) => ({ body: await webhooks.rotate(ctx, params.id) }),
  });
  defineRoute(r, base, deps, {
    method: 'delete',
    path: '/webhooks/endpoints/:id',
    summary: 'Delete a webhook endpoint (nothing more is delivered to it)',
    tag: 'webhooks',
    access: admins,
    params: uuidParam,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ ctx, params }) => {
      await webhooks.remove(ctx, params.id);
      return { status: 204 };
    },
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/webhooks/endpoints/:id/deliveries',
    summary: "An endpoint's deliveries, newest first: the event, attempts, the receiver's last status, latency, the next retry",
    tag: 'webhooks',
    access: admins,
    params: uuidParam,
    query: deliveriesQuery,
    responses: { 200: { description: 'The deliveries', schema: webhookDeliveryList } },
    handler: async ({ ctx, params, query }) => ({ body: await webhooks.deliveries(ctx, params.id, query.limit) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/webhooks/endpoints/:id/deliveries/:deliveryId/redeliver',
    summary: 'Send a delivery again: a fresh series of attempts with the same event (same `webhook-id`), whatever became of the last one',
    tag: 'webhooks',
    access: admins,
    params: deliveryParams,
    responses: {
      202: { description: 'Queued again', schema: webhookDelivery },
      409: { description: 'The endpoint is disabled (SENTINEL_WEBHOOK_ENDPOINT_DISABLED)' },
    },
    handler: async ({ ctx, params }) => ({ status: 202, body: await webhooks.redeliver(ctx, params.id, params.deliveryId) }),
  });
  return r;
}
