import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { uuidParam } from '../../core/fields.js';
import type { ErasuresService } from './service.js';
import { erasure, erasurePage, listErasuresQuery } from './schemas.js';

export function createErasuresRouter(deps: RouteDeps, erasures: ErasuresService): Router {
  const r = apiRouter();
  const base = '/api/v1';
  const admins = ['tenant_admin', 'platform_admin'] as const;
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/users/:id/erase',
    // No scope: erasure cannot be undone, so only people ask for it; API keys are refused (route.ts).
    summary:
      "Erase a user's personal data (GDPR right to erasure): the account, sessions, invitations and MFA are deleted; " +
      'every audit row, webhook event, delivery and job that named them is rewritten to a pseudonym, in one transaction. ' +
      'Unlike DELETE /users/{id}, which keeps the email in the audit trail. Cannot be undone.',
    tag: 'users',
    access: admins,
    params: uuidParam,
    responses: {
      200: { description: 'Erased: the tombstone, with the pseudonym the user became', schema: erasure },
      403: { description: 'Erasing yourself; a member erasing anyone' },
    },
    handler: async ({ ctx, params }) => ({ body: await erasures.erase(ctx, params.id) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/erasures',
    scope: 'audit:read',
    summary: "Erasure tombstones (the pseudonym, when, by whom, what was rewritten): tenant admins see their tenant's, platform admins any tenant's",
    // Platform admins' answer comes from platform-admin/routes.ts, mounted first.
    tag: 'users',
    access: admins,
    query: listErasuresQuery,
    responses: { 200: { description: 'One page, newest first by default', schema: erasurePage } },
    handler: async ({ ctx, query }) => ({ body: await erasures.list(ctx, query) }),
  });
  return r;
}
