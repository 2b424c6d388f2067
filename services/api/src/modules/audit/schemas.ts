import { z } from 'zod';
import { cursorParam, filterText, isoDate, limitParam, pageOf } from '../../http/route.js';

export const auditLog = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  actorId: z.uuid().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  clientIp: z.string().nullable(),
  createdAt: isoDate,
});
export const auditPage = pageOf(auditLog);

export const listAuditQuery = z
  .object({
    limit: limitParam,
    cursor: cursorParam,
    sort: z.enum(['-createdAt', 'createdAt']).default('-createdAt'),
    tenantId: z.uuid().optional().describe('Platform admins: one tenant (default: all)'),
    actorId: z.uuid().optional(),
    action: filterText(100).optional(),
    targetType: filterText(100).optional(),
    targetId: filterText(200).optional(),
    from: isoDate.optional().describe('Inclusive lower bound on createdAt'),
    to: isoDate.optional().describe('Exclusive upper bound on createdAt'),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be after `from`', path: ['to'] });

export type ListAuditQuery = z.output<typeof listAuditQuery>;

export const exportBody = z
  .object({
    format: z.enum(['ndjson', 'csv']).default('ndjson'),
    actorId: z.uuid().optional(),
    action: filterText(100).optional(),
    targetType: filterText(100).optional(),
    targetId: filterText(200).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be after `from`', path: ['to'] });

export const exportView = z.object({
  id: z.uuid().describe('The export, which is also a job: GET /api/v1/jobs/{id}'),
  state: z.enum(['queued', 'active', 'completed', 'failed']),
  format: z.enum(['ndjson', 'csv']),
  progress: z.record(z.string(), z.unknown()),
  failureCode: z.string().nullable().describe('As on GET /api/v1/jobs/{id}: a stable code when the last attempt failed'),
  failureReason: z.string().nullable(),
  result: z.unknown().nullable(),
  createdAt: isoDate,
  finishedAt: isoDate.nullable(),
  download: z.string().nullable().describe('Where to fetch the file once completed'),
});
