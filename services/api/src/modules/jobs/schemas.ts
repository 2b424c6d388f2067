import { z } from 'zod';
import { cursorParam, filterText, isoDate, limitParam, pageOf } from '../../core/fields.js';

export const jobState = z.enum(['queued', 'active', 'completed', 'failed']);

export const jobView = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  name: z.string(),
  state: jobState,
  progress: z.record(z.string(), z.unknown()),
  attempts: z.number().int(),
  failureCode: z
    .string()
    .nullable()
    .describe('Why the last attempt failed, as a stable error code (SENTINEL_...); null unless it failed. Kept while a retry is pending'),
  failureReason: z.string().nullable().describe('The same, as a sentence for people; never internal error text'),
  result: z.unknown().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: isoDate,
  updatedAt: isoDate,
  finishedAt: isoDate.nullable(),
});
export const jobPage = pageOf(jobView);

export const listJobsQuery = z
  .object({
    limit: limitParam,
    cursor: cursorParam,
    sort: z.enum(['-createdAt', 'createdAt']).default('-createdAt'),
    state: jobState.optional(),
    name: filterText(100).optional(),
    tenantId: z.uuid().optional().describe('Platform admins: one tenant (default: all)'),
  })
  .strict();

export type ListJobsQuery = z.output<typeof listJobsQuery>;
