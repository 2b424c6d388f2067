import { z } from 'zod';
import { cursorParam, dateInput, filterText, isoDate, limitParam, pageOf } from '../../core/fields.js';

export const auditLog = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  actorId: z.uuid().nullable().describe('A user id, or an API key id when actorKind is api_key'),
  actorKind: z.enum(['user', 'api_key']),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  clientIp: z.string().nullable(),
  createdAt: isoDate,
});
export const auditPage = pageOf(auditLog);

// A cross-field rule JSON Schema cannot state: in the descriptions, and as `x-sentinel-after` on `to`.
const RANGE_RULE = 'When both are given, `to` must be after `from` (400 naming `query.to` / `body.to` otherwise).';
const from = dateInput.meta({ ...dateInput.meta(), description: `Inclusive lower bound on createdAt. ${dateInput.description ?? ''}` });
const to = dateInput.meta({
  ...dateInput.meta(),
  'x-sentinel-after': 'from',
  description: `Exclusive upper bound on createdAt; after \`from\` when both are given. ${dateInput.description ?? ''}`,
});
const toAfterFrom = (q: { from?: string | undefined; to?: string | undefined }) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to);

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
    from: from.optional(),
    to: to.optional(),
  })
  .strict()
  .refine(toAfterFrom, { message: 'must be after `from`', path: ['to'] })
  .meta({ description: RANGE_RULE });

export type ListAuditQuery = z.output<typeof listAuditQuery>;

export const exportBody = z
  .object({
    format: z.enum(['ndjson', 'csv']).default('ndjson'),
    actorId: z.uuid().optional(),
    action: filterText(100).optional(),
    targetType: filterText(100).optional(),
    targetId: filterText(200).optional(),
    from: from.optional(),
    to: to.optional(),
  })
  .strict()
  .refine(toAfterFrom, { message: 'must be after `from`', path: ['to'] })
  .meta({ description: RANGE_RULE });

export const exportView = z.object({
  id: z.uuid().describe('The export, which is also a job: GET /api/v1/jobs/{id}'),
  state: z.enum(['queued', 'active', 'completed', 'failed']),
  format: z.enum(['ndjson', 'csv']),
  progress: z
    .record(z.string(), z.unknown())
    .describe('`rows` written so far of `total`; `total` is left out when counting the rows took longer than the statement timeout'),
  failureCode: z.string().nullable().describe('As on GET /api/v1/jobs/{id}: a stable code when the last attempt failed'),
  failureReason: z.string().nullable(),
  result: z.unknown().nullable(),
  createdAt: isoDate,
  finishedAt: isoDate.nullable(),
  download: z.string().nullable().describe('Where to fetch the file once completed'),
});

/** A completed export's file: one JSON object per line, or CSV with a header row. */
export const exportFile = z.string().meta({ 'x-media-types': ['application/x-ndjson', 'text/csv'], description: 'NDJSON (format ndjson) or CSV (format csv)' });
