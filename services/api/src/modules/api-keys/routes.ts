import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { uuidParam } from '../../core/fields.js';
import type { ApiKeysService } from './service.js';
import { apiKey, apiKeyList, apiKeyWithSecret, createApiKeyBody } from './schemas.js';
import { STEP_UP, mfaCodeHeader } from '../../http/step-up.js';

// No route here declares an API key scope: keys cannot manage keys (route.ts refuses them).
// Tenant admins manage their tenant's keys; platform admins, on the same routes, the
// platform's keys (platform scopes, admitted by the platform-admin routes).
export function createApiKeysRouter(deps: RouteDeps, keys: ApiKeysService): Router {
  const r = apiRouter();
  const base = '/api/v1';
  const admins = ['tenant_admin', 'platform_admin'] as const;
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/api-keys',
    summary: `Create an API key for your tenant (platform admins: a platform key, with platform scopes); the key is in the answer this once. Step-up: ${STEP_UP}`,
    tag: 'api-keys',
    access: admins,
    body: createApiKeyBody,
    responses: {
      201: { description: 'Created: `key` is the secret, shown only now', schema: apiKeyWithSecret },
      403: {
        description:
          'or a fresh second factor is needed (SENTINEL_MFA_STEP_UP_REQUIRED), the X-MFA-Code is wrong (SENTINEL_MFA_CODE_INVALID), or your tenant requires MFA and you have none (SENTINEL_MFA_ENROLMENT_REQUIRED)',
      },
    },
    handler: async ({ ctx, body, req }) => ({ status: 201, body: await keys.create(ctx, body, mfaCodeHeader(req)) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/api-keys',
    summary: "List your tenant's API keys (platform admins: the platform keys) (newest first, at most 500; never their secrets)",
    tag: 'api-keys',
    access: admins,
    responses: { 200: { description: 'The keys', schema: apiKeyList } },
    handler: async ({ ctx }) => ({ body: await keys.list(ctx) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/api-keys/:id',
    summary: 'Get an API key of your tenant (never its secret)',
    tag: 'api-keys',
    access: admins,
    params: uuidParam,
    responses: { 200: { description: 'The key', schema: apiKey } },
    handler: async ({ ctx, params }) => ({ body: await keys.get(ctx, params.id) }),
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/api-keys/:id/rotate',
    summary: `Rotate an API key: a new secret for the same key id; the old one stops working at once. Step-up: ${STEP_UP}`,
    tag: 'api-keys',
    access: admins,
    params: uuidParam,
    responses: {
      200: { description: 'Rotated: `key` is the new secret, shown only now', schema: apiKeyWithSecret },
      403: { description: 'or a fresh second factor is needed (SENTINEL_MFA_STEP_UP_REQUIRED), or the X-MFA-Code is wrong (SENTINEL_MFA_CODE_INVALID)' },
      409: { description: 'The key is revoked (SENTINEL_API_KEY_REVOKED)' },
    },
    handler: async ({ ctx, params, req }) => ({ body: await keys.rotate(ctx, params.id, mfaCodeHeader(req)) }),
  });
  defineRoute(r, base, deps, {
    method: 'delete',
    path: '/api-keys/:id',
    summary: 'Revoke an API key (final; revoking a revoked key does nothing)',
    tag: 'api-keys',
    access: admins,
    params: uuidParam,
    responses: { 204: { description: 'Revoked' } },
    handler: async ({ ctx, params }) => {
      await keys.revoke(ctx, params.id);
      return { status: 204 };
    },
  });
  return r;
}
