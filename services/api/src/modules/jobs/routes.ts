import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import type { EventStreams } from '../../http/sse.js';
import { uuidParam } from '../../core/fields.js';
import type { JobsService } from './service.js';
import { isFinalJob, jobEvents, jobPage, jobView, listJobsQuery } from './schemas.js';

/** Tenant admins' routes; platform admins' answers to the same paths come from platform-admin/routes.ts. */
export function createJobsRouter(deps: RouteDeps, jobs: JobsService, streams: EventStreams): Router {
  const r = apiRouter();
  const base = '/api/v1';
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/jobs',
    scope: 'jobs:read',
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
    scope: 'jobs:read',
    summary: 'A job: state, progress, attempts, failure reason',
    tag: 'jobs',
    access: ['tenant_admin', 'platform_admin'],
    params: uuidParam,
    responses: { 200: { description: 'The job', schema: jobView } },
    handler: async ({ ctx, params }) => ({ body: await jobs.get(ctx, params.id) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/jobs/:id/events',
    scope: 'jobs:read',
    summary: "A job's progress as server-sent events, until it completes or fails (tenant admins: their tenant's jobs; platform admins: any)",
    tag: 'jobs',
    access: ['tenant_admin', 'platform_admin'],
    params: uuidParam,
    responses: {
      200: { description: 'The event stream', schema: jobEvents },
      429: { description: 'or the tenant already has JOB_STREAMS_PER_TENANT streams open on this server (SENTINEL_STREAMS_BUSY)' },
    },
    handler: async ({ ctx, params, res }) => {
      // Read (and checked) before the stream starts: an unknown or foreign job is a plain 404.
      const first = await jobs.get(ctx, params.id);
      streams.start(ctx.tenantId, res, { event: 'job', first, load: () => jobs.get(ctx, params.id), done: isFinalJob });
      return { sent: true };
    },
  });
  return r;
}
