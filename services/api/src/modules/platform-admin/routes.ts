import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import type { EventStreams } from '../../http/sse.js';
import { uuidParam } from '../../core/fields.js';
import { auditPage, listAuditQuery } from '../audit/schemas.js';
import { isFinalJob, jobEvents, jobPage, jobView, listJobsQuery } from '../jobs/schemas.js';
import { usageQuery, usageSeries } from '../usage/schemas.js';
import {
  adminBody,
  adminGrant,
  createTenantBody,
  createdTenant,
  deleteTenantQuery,
  listTenantsQuery,
  patchTenantBody,
  replaceTenantBody,
  tenant,
  tenantPage,
} from '../tenants/schemas.js';
import type { AuditAdminService } from './audit-service.js';
import { erasurePage, listErasuresQuery } from '../erasures/schemas.js';
import type { ErasuresAdminService } from './erasures-service.js';
import type { JobsAdminService } from './jobs-service.js';
import type { TenantsAdminService } from './tenants-service.js';
import type { UsageAdminService } from './usage-service.js';

export interface PlatformAdminServices {
  tenants: TenantsAdminService;
  jobs: JobsAdminService;
  audit: AuditAdminService;
  usage: UsageAdminService;
  erasures: ErasuresAdminService;
}

/**
 * Everything only platform admins do, and the only routes whose services hold the
 * platform pool. Mounted before the tenant-scoped routers: a path both answer (GET
 * /jobs, /jobs/{id}, /jobs/{id}/events, /audit-logs, /erasures, /tenants/{id}, PATCH /tenants/{id}) is declared here with `othersPassOn`,
 * so a platform admin is answered here and anyone else passes on to the tenant-scoped
 * route, which documents the operation.
 * Platform keys (the platform tenant's API keys, auth.ts) are admitted where a route
 * names a platform scope they hold; retrying a job names none, so only people do it.
 */
export function createPlatformAdminRouter(deps: RouteDeps, { tenants, jobs, audit, usage, erasures }: PlatformAdminServices, streams: EventStreams): Router {
  const r = apiRouter();
  const base = '/api/v1';
  const platformAdmins = ['platform_admin'] as const;
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/tenants',
    scope: 'tenants:write',
    summary: 'Create a tenant, optionally with its first admin (invited by email) (409 SENTINEL_TENANTS_MANAGED_BY_KUBERNETES when TENANT_SOURCE=kubernetes)',
    tag: 'tenants',
    access: platformAdmins,
    body: createTenantBody,
    responses: {
      201: { description: 'Created', schema: createdTenant },
      409: { description: 'The slug is taken (SENTINEL_TENANT_SLUG_TAKEN), or tenants are Kubernetes resources here' },
    },
    handler: async ({ ctx, body }) => ({ status: 201, body: await tenants.create(ctx, body) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/tenants',
    scope: 'tenants:read',
    summary: 'List tenants',
    tag: 'tenants',
    access: platformAdmins,
    query: listTenantsQuery,
    responses: { 200: { description: 'One page', schema: tenantPage } },
    handler: async ({ ctx, query }) => ({ body: await tenants.list(ctx, query) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/tenants/:id',
    scope: 'tenants:read',
    summary: 'Get any tenant',
    tag: 'tenants',
    access: platformAdmins,
    othersPassOn: true,
    params: uuidParam,
    responses: { 200: { description: 'The tenant', schema: tenant } },
    handler: async ({ params }) => ({ body: await tenants.get(params.id) }),
  });
  for (const [method, body, summary] of [
    ['put', replaceTenantBody, "Replace a tenant's display name, plan and status (409 for tenants owned by a Tenant resource)"],
    ['patch', patchTenantBody, 'Change some fields of a tenant; status=suspended stops its tokens at once (409 for tenants owned by a Tenant resource)'],
  ] as const) {
    defineRoute(r, base, deps, {
      method,
      path: '/tenants/:id',
      scope: 'tenants:write',
      summary,
      tag: 'tenants',
      access: platformAdmins,
      // Tenant admins rename their own tenant on the same path: tenants/routes.ts documents both.
      othersPassOn: method === 'patch',
      params: uuidParam,
      body,
      responses: {
        200: { description: 'Updated', schema: tenant },
        409: { description: 'The platform tenant, or a tenant owned by a Tenant resource (SENTINEL_TENANTS_MANAGED_BY_KUBERNETES)' },
      },
      handler: async ({ ctx, params, body: patch }) => ({ body: await tenants.update(ctx, params.id, patch) }),
    });
  }
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/tenants/:id/admins',
    scope: 'tenants:write',
    summary:
      'Make a user a tenant admin: a new user is created and invited by email, a member is promoted, a user without a password is invited again (platform admins; 409 for tenants owned by a Tenant resource: set its spec.admin)',
    tag: 'tenants',
    access: platformAdmins,
    params: uuidParam,
    body: adminBody,
    responses: {
      201: { description: 'A new user, invited', schema: adminGrant },
      200: { description: 'An existing user, now a tenant admin (invited again if it has no password)', schema: adminGrant },
      409: {
        description:
          "The platform tenant (SENTINEL_TENANT_RESERVED), a tenant owned by a Tenant resource or TENANT_SOURCE=kubernetes, or the plan's user limit (SENTINEL_TENANT_USER_LIMIT)",
      },
    },
    handler: async ({ ctx, params, body }) => {
      const grant = await tenants.addAdmin(ctx, params.id, body);
      return { status: grant.created ? 201 : 200, body: grant };
    },
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/tenants/:id/usage',
    scope: 'tenants:read',
    summary: "A tenant's usage per day (users, active users, API requests), from the daily rollup; default: the last 30 days",
    tag: 'usage',
    access: platformAdmins,
    params: uuidParam,
    query: usageQuery,
    responses: { 200: { description: 'The days of the range that have been rolled up', schema: usageSeries } },
    handler: async ({ params, query }) => ({ body: await usage.of(params.id, query) }),
  });
  defineRoute(r, base, deps, {
    method: 'delete',
    path: '/tenants/:id',
    scope: 'tenants:write',
    summary:
      'Delete a tenant and all its data, as a Tenant resource with deletionPolicy Delete does (the platform audit row stays); ' +
      '`confirm` must be its slug. Export it first if anyone may need the data (docs/data-rights.md). ' +
      '409 for tenants owned by a Tenant resource: kubectl delete tenant',
    tag: 'tenants',
    access: platformAdmins,
    params: uuidParam,
    query: deleteTenantQuery,
    responses: {
      204: { description: 'Deleted' },
      400: { description: "`confirm` missing or not the tenant's slug (naming `query.confirm`)" },
      409: { description: 'The platform tenant, or a tenant owned by a Tenant resource: kubectl delete tenant' },
    },
    handler: async ({ ctx, params, query }) => {
      await tenants.delete(ctx, params.id, query.confirm);
      return { status: 204 };
    },
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/jobs',
    scope: 'jobs:read',
    summary: "Any tenant's background jobs",
    tag: 'jobs',
    access: platformAdmins,
    othersPassOn: true,
    query: listJobsQuery,
    responses: { 200: { description: 'One page, newest first by default', schema: jobPage } },
    handler: async ({ query }) => ({ body: await jobs.list(query) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/jobs/:id',
    scope: 'jobs:read',
    summary: "Any tenant's job",
    tag: 'jobs',
    access: platformAdmins,
    othersPassOn: true,
    params: uuidParam,
    responses: { 200: { description: 'The job', schema: jobView } },
    handler: async ({ params }) => ({ body: await jobs.get(params.id) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/jobs/:id/events',
    scope: 'jobs:read',
    summary: "Any tenant's job's progress as server-sent events",
    tag: 'jobs',
    access: platformAdmins,
    othersPassOn: true,
    params: uuidParam,
    responses: { 200: { description: 'The event stream', schema: jobEvents } },
    handler: async ({ ctx, params, res }) => {
      const first = await jobs.get(params.id);
      // Counted against the platform tenant: platform admins share one tenant's share of streams.
      streams.start(ctx.tenantId, res, { event: 'job', first, load: () => jobs.get(params.id), done: isFinalJob });
      return { sent: true };
    },
  });
  defineRoute(r, base, deps, {
    method: 'post',
    path: '/jobs/:id/retry',
    summary: 'Retry a failed job',
    tag: 'jobs',
    access: platformAdmins,
    params: uuidParam,
    responses: { 202: { description: 'Queued again', schema: jobView }, 409: { description: 'The job has not failed (SENTINEL_JOB_NOT_FAILED)' } },
    handler: async ({ ctx, params }) => ({ status: 202, body: await jobs.retry(ctx, params.id) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/audit-logs',
    scope: 'audit:read',
    summary: "Any tenant's audit log",
    tag: 'audit',
    access: platformAdmins,
    othersPassOn: true,
    query: listAuditQuery,
    responses: { 200: { description: 'One page, newest first by default', schema: auditPage } },
    handler: async ({ query }) => ({ body: await audit.list(query) }),
  });
  defineRoute(r, base, deps, {
    method: 'get',
    path: '/erasures',
    scope: 'audit:read',
    summary: "Any tenant's erasure tombstones",
    tag: 'users',
    access: platformAdmins,
    othersPassOn: true,
    query: listErasuresQuery,
    responses: { 200: { description: 'One page, newest first by default', schema: erasurePage } },
    handler: async ({ query }) => ({ body: await erasures.list(query) }),
  });
  return r;
}
