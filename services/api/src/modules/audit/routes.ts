import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { uuidParam } from '../../core/fields.js';
import { writeChunk } from '../../http/stream.js';
import type { AuditExportsService } from './exports-service.js';
import type { AuditService } from './service.js';
import { auditPage, exportBody, exportFile, exportView, listAuditQuery } from './schemas.js';

export function createAuditRouter(deps: RouteDeps, audit: AuditService, exports: AuditExportsService): Router {
  const r = apiRouter();
  const admins = ['tenant_admin', 'platform_admin'] as const;
  defineRoute(r, '/api/v1', deps, {
    method: 'post',
    path: '/audit-logs/exports',
    summary: "Export your tenant's audit log (filtered) as NDJSON or CSV; runs in the background",
    tag: 'audit',
    access: admins,
    body: exportBody,
    responses: { 202: { description: 'Queued; poll the export', schema: exportView } },
    handler: async ({ ctx, body }) => ({ status: 202, body: await exports.create(ctx, body) }),
  });
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/audit-logs/exports/:id',
    summary: 'An export: state, progress, and its download link once completed',
    tag: 'audit',
    access: admins,
    params: uuidParam,
    responses: { 200: { description: 'The export', schema: exportView } },
    handler: async ({ ctx, params }) => ({ body: await exports.get(ctx, params.id) }),
  });
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/audit-logs/exports/:id/download',
    summary: 'Download a completed export (application/x-ndjson or text/csv, streamed)',
    tag: 'audit',
    access: admins,
    params: uuidParam,
    responses: {
      200: { description: 'The file, streamed', schema: exportFile },
      409: { description: 'The export has not completed (SENTINEL_EXPORT_NOT_READY)' },
    },
    handler: async ({ ctx, params, res }) => {
      const file = await exports.download(ctx, params.id);
      res.status(200);
      res.setHeader('Content-Type', file.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="audit-log-${params.id}.${file.format}"`);
      // A client gone mid-file ends the loop (and the reads behind it) with ClientGone.
      for await (const chunk of file.chunks) await writeChunk(res, chunk);
      res.end();
      return { sent: true };
    },
  });
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/audit-logs',
    scope: 'audit:read',
    summary: "Audit log: tenant admins see their tenant's, platform admins any tenant's",
    // Platform admins' answer comes from platform-admin/routes.ts, mounted first.
    tag: 'audit',
    access: ['tenant_admin', 'platform_admin'],
    query: listAuditQuery,
    responses: { 200: { description: 'One page, newest first by default', schema: auditPage } },
    handler: async ({ ctx, query }) => ({ body: await audit.list(ctx, query) }),
  });
  return r;
}
