import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { uuidParam } from '../../core/fields.js';
import type { TenantsService } from './service.js';
import { patchTenantBody, tenant } from './schemas.js';

/**
 * What users other than platform admins may do with tenants: read their own, and (tenant
 * admins) rename it. Platform admins are answered on the same paths by
 * platform-admin/routes.ts (mounted first); these declarations document both.
 */
export function createTenantsRouter(deps: RouteDeps, tenants: TenantsService): Router {
  const r = apiRouter();
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/tenants/:id',
    summary: "Get a tenant (platform admins: any; others: their own). API keys: platform keys with `tenants:read` only (a tenant's keys: 403)",
    tag: 'tenants',
    access: 'authenticated',
    params: uuidParam,
    responses: { 200: { description: 'The tenant', schema: tenant } },
    handler: async ({ ctx, params }) => ({ body: await tenants.get(ctx, params.id) }),
  });
  defineRoute(r, '/api/v1', deps, {
    method: 'patch',
    path: '/tenants/:id',
    summary:
      "Change some fields of a tenant. Platform admins: any field of any tenant; status=suspended stops its tokens at once. Tenant admins: their own tenant's displayName only (other fields: 403 naming each). API keys: platform keys with `tenants:write` only (a tenant's keys: 403)",
    tag: 'tenants',
    access: ['tenant_admin', 'platform_admin'],
    params: uuidParam,
    body: patchTenantBody,
    responses: {
      200: { description: 'Updated', schema: tenant },
      403: { description: 'or a tenant admin sent a field other than displayName (`errors` names each: `body.plan`, `body.status`, ...)' },
      409: { description: 'The platform tenant, or a tenant owned by a Tenant resource, or TENANT_SOURCE=kubernetes (SENTINEL_TENANTS_MANAGED_BY_KUBERNETES)' },
    },
    handler: async ({ ctx, params, body }) => ({ body: await tenants.update(ctx, params.id, body) }),
  });
  return r;
}
