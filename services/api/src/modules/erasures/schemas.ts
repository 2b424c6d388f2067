import { z } from 'zod';
import { cursorParam, isoDate, limitParam, pageOf } from '../../core/fields.js';

const count = z.number().int().min(0);

/** A tombstone: what an erasure did, without anything of the person (docs/data-rights.md). */
export const erasure = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  pseudonym: z.string().describe('`erased-user-<32 hex>`: what the email and display name became in every row that named the user'),
  pseudonymId: z.uuid().describe('What the user id became (audit actorId/targetId, job and key creators)'),
  subjectHash: z.string().describe('SHA-256 (hex) of the erased user id: whoever still knows the id can check it was erased'),
  requestedBy: z.uuid().nullable().describe('The admin (user id, or API key id) who asked'),
  requestedByKind: z.enum(['user', 'api_key']),
  counts: z
    .object({
      audit_logs: count,
      webhook_events: count,
      webhook_deliveries: count,
      jobs: count,
      job_chunks: count,
      api_keys: count,
      webhook_endpoints: count,
      refresh_tokens: count,
      invitations: count,
      user_mfa: count,
    })
    .describe(
      'Rows rewritten (audit_logs, webhook_events, webhook_deliveries, jobs, api_keys, webhook_endpoints) or deleted (job_chunks, refresh_tokens, invitations, user_mfa), per table',
    ),
  erasedAt: isoDate,
});
export const erasurePage = pageOf(erasure);

export const listErasuresQuery = z
  .object({
    limit: limitParam,
    cursor: cursorParam,
    sort: z.enum(['-createdAt', 'createdAt']).default('-createdAt').describe('By the time of the erasure'),
    tenantId: z.uuid().optional().describe('Platform admins: one tenant (default: all)'),
  })
  .strict();

export type ListErasuresQuery = z.output<typeof listErasuresQuery>;
