import { z } from 'zod';
import { cursorParam, filterText, isoDate, limitParam, pageOf } from '../../core/fields.js';

export const jobState = z.enum(['queued', 'active', 'completed', 'failed']);

/** States a job leaves only by a platform admin's retry: a job event stream ends after sending one. */
export const isFinalJob = (job: { state: string }) => job.state === 'completed' || job.state === 'failed';

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

/** One event of GET /jobs/{id}/events (text/event-stream): its fields as the SSE format names them. */
export const jobEvents = z
  .object({
    event: z.literal('job'),
    id: z.string().describe('Counts the events of this stream: 1, 2, ...'),
    data: z.string().meta({
      contentMediaType: 'application/json',
      description: 'The job as JSON, exactly as GET /api/v1/jobs/{id} answers it',
    }),
  })
  .meta({
    'x-media-types': ['text/event-stream'],
    description:
      'Server-sent events, each `event: job` with the job in `data`: first its current state, then again each time it changes ' +
      '(checked every 500 ms). After a `completed` or `failed` job is sent, the stream ends. A `: keepalive` comment comes every ' +
      '15 s while nothing changes. The stream also ends when the job can no longer be read, and when the server shuts down ' +
      '(it starts with `retry: 2000`: an EventSource reconnects after 2 s).',
  });

export type ListJobsQuery = z.output<typeof listJobsQuery>;
