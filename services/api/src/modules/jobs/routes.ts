import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { uuidParam } from '../../core/fields.js';
import type { JobsService } from './service.js';
import { jobPage, jobView, listJobsQuery } from './schemas.js';

/** Tenant admins' routes; platform admins' answers to the same paths come from platform-admin/routes.ts. */
export function createJobsRouter(deps: RouteDeps, jobs: JobsService): Router {
  const r = apiRouter();
  const base = '/api/v1';
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/jobs',
    summary: "Background jobs: tenant admins see their tenant's, platform admins any tenant's",
    tag: 'jobs',
    access: ['tenant_admin', 'platform_admin'],
    query: listJobsQuery,
    responses: { 200: { description: 'One page, newest first by default', schema: jobPage } },
    handler: async ({ ctx, query }) => ({ body: await jobs.list(ctx, query) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/jobs/:id',
    summary: 'A job: state, progress, attempts, failure reason',
    tag: 'jobs',
    access: ['tenant_admin', 'platform_admin'],
    params: uuidParam,
    responses: { 200: { description: 'The job', schema: jobView } },
    handler: async ({ ctx, params }) => ({ body: await jobs.get(ctx, params.id) }),
  });
  return r;
}
