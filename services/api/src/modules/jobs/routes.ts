import type { Router } from 'express';
import { apiRouter, defineRoute, uuidParam, type RouteDeps } from '../../http/route.js';
import type { JobsService } from './service.js';
import { jobPage, jobView, listJobsQuery } from './schemas.js';

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
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/jobs/:id/retry',
    summary: 'Retry a failed job',
    tag: 'jobs',
    access: ['platform_admin'],
    params: uuidParam,
    responses: { 202: { description: 'Queued again', schema: jobView }, 409: { description: 'The job has not failed (SENTINEL_JOB_NOT_FAILED)' } },
    handler: async ({ ctx, params }) => ({ status: 202, body: await jobs.retry(ctx, params.id) }),
  });
  return r;
}
