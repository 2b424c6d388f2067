import { Router } from 'express';
import { defineRoute, type RouteDeps } from '../../http/route.js';
import type { AuditService } from './service.js';
import { auditPage, listAuditQuery } from './schemas.js';

export function createAuditRouter(deps: RouteDeps, audit: AuditService): Router {
  const r = Router();
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/audit-logs',
    summary: "Audit log: tenant admins see their tenant's, platform admins any tenant's",
    tag: 'audit',
    access: ['tenant_admin', 'platform_admin'],
    query: listAuditQuery,
    responses: { 200: { description: 'One page, newest first by default', schema: auditPage } },
    handler: async ({ ctx, query }) => ({ body: await audit.list(ctx, query) }),
  });
  return r;
}
