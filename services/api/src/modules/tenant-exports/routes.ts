import type { Router } from 'express';
import { apiRouter, defineRoute, type RouteDeps } from '../../http/route.js';
import { uuidParam } from '../../core/fields.js';
import { ClientGone, writeChunk } from '../../http/stream.js';
import type { TenantExportsService } from './service.js';
import { exportParams, tenantExportFile, tenantExportView } from './schemas.js';

/**
 * A tenant's full data export (docs/data-export.md). Tenant admins: their own tenant (any
 * other id answers 404); platform admins: any tenant. People only: API keys get 403.
 */
export function createTenantExportsRouter(deps: RouteDeps, exports: TenantExportsService): Router {
  const r = apiRouter();
  const admins = ['tenant_admin', 'platform_admin'] as const;
  defineRoute(r, '/api/v1', deps, {
    method: 'post',
    path: '/tenants/:id/exports',
    summary:
      "Export all of a tenant's data (tenant, users, invitations, audit log, jobs, usage, API keys, webhook endpoints; never a secret) as a .tar.gz of NDJSON files with a manifest; runs in the background. Audited",
    tag: 'tenants',
    access: admins,
    params: uuidParam,
    responses: {
      202: { description: 'Queued; follow it with GET /api/v1/jobs/{id}/events, or poll the export', schema: tenantExportView },
      404: { description: 'No such tenant, or not yours' },
    },
    handler: async ({ ctx, params }) => ({ status: 202, body: await exports.create(ctx, params.id) }),
  });
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/tenants/:id/exports/:exportId',
    summary: 'A tenant export: state, progress, its files once completed, and its download link while it can be downloaded',
    tag: 'tenants',
    access: admins,
    params: exportParams,
    responses: { 200: { description: 'The export', schema: tenantExportView }, 404: { description: 'No such export in the tenant, or not your tenant' } },
    handler: async ({ ctx, params }) => ({ body: await exports.get(ctx, params.id, params.exportId) }),
  });
  defineRoute(r, '/api/v1', deps, {
    method: 'get',
    path: '/tenants/:id/exports/:exportId/download',
    summary:
      'Download a completed tenant export (application/gzip, streamed), once: a complete download deletes the file. `Repr-Digest` carries its SHA-256. Audited',
    tag: 'tenants',
    access: admins,
    params: exportParams,
    responses: {
      200: { description: 'The archive, streamed', schema: tenantExportFile },
      404: { description: 'No such export in the tenant, or not your tenant' },
      409: {
        description:
          'The export has not completed (SENTINEL_EXPORT_NOT_READY), or another download of it is in progress (SENTINEL_EXPORT_BUSY, with Retry-After)',
      },
      410: { description: 'Already downloaded, or expired (SENTINEL_EXPORT_GONE): start a new export' },
    },
    handler: async ({ ctx, params, req, res }) => {
      const head = req.method === 'HEAD';
      const file = await exports.download(ctx, params.id, params.exportId, { claim: !head });
      res.status(200);
      res.setHeader('Content-Type', 'application/gzip');
      res.setHeader('Content-Length', String(file.bytes));
      res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
      res.setHeader('Content-Disposition', `attachment; filename="tenant-export-${params.exportId}.tar.gz"`);
      res.setHeader('Cache-Control', 'no-store');
      // HEAD describes the file without taking it.
      if (head) {
        res.end();
        return { sent: true };
      }
      // The file is marked downloaded (and deleted) before its last byte is sent: a client
      // holding the whole file can then never find it still downloadable, and one that gets
      // every byte but the last has a short body it can tell from a complete one (the length).
      try {
        let last: Uint8Array | undefined;
        for await (const chunk of file.chunks) {
          if (last) await writeChunk(res, last);
          last = chunk;
        }
        if (!last || last.length === 0) throw new Error('the export has no bytes');
        await writeChunk(res, last.subarray(0, last.length - 1));
        if (res.destroyed) throw new ClientGone();
        await file.done();
        res.end(last.subarray(last.length - 1));
      } catch (err) {
        // Not taken: another download may start at once. Headers are out, so the only honest
        // signal left to this client is a cut connection (the length falls short).
        await file.release().catch(() => undefined);
        res.destroy(err as Error);
      }
      return { sent: true };
    },
  });
  return r;
}
