import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import type { UsageService } from './service.js';
import { usageQuery, usageSeries } from './schemas.js';

export function createUsageRouter(deps: RouteDeps, usage: UsageService): Router {
  const r = apiRouter();
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/usage',
    summary: "Your tenant's usage per day (users, active users, API requests), from the daily rollup; default: the last 30 days",
    tag: 'usage',
    access: ['tenant_admin'],
    query: usageQuery,
    responses: { 200: { description: 'The days of the range that have been rolled up', schema: usageSeries } },
    handler: async ({ ctx, query }) => ({ body: await usage.own(ctx, query) }),
  });
  return r;
}
