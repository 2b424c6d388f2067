import { z } from 'zod';
import { cursorParam, filterText, isoDate, limitParam, pageOf } from '../../http/route.js';

export const jobState = z.enum(['queued', 'active', 'completed', 'failed']);

export const jobView = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  name: z.string(),
  state: jobState,
  progress: z.record(z.string(), z.unknown()),
  attempts: z.number().int(),
  failureReason: z.string().nullable(),
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
