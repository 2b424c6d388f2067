import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { uuidParam } from '../../core/fields.js';
import type { TenantsService } from './service.js';
import { tenant } from './schemas.js';

/** What any user may ask of tenants: their own. Everything else is platform-admin/routes.ts. */
export function createTenantsRouter(deps: RouteDeps, tenants: TenantsService): Router {
  const r = apiRouter();
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/tenants/:id',
    summary: 'Get a tenant (platform admins: any; others: their own)',
    tag: 'tenants',
    access: 'authenticated',
    params: uuidParam,
    responses: { 200: { description: 'The tenant', schema: tenant } },
    handler: async ({ ctx, params }) => ({ body: await tenants.get(ctx, params.id) }),
  });
  return r;
}
