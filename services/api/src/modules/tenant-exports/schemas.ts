import { z } from 'zod';
import { isoDate } from '../../core/fields.js';

export const exportParams = z.object({ id: z.uuid({ message: 'must be a UUID' }), exportId: z.uuid({ message: 'must be a UUID' }) }).strict();

const file = z.object({
  name: z.string().describe('The file in the archive, e.g. `users.ndjson`'),
  rows: z.number().int().describe('Lines (one JSON object each)'),
  bytes: z.number().int(),
  sha256: z.string().describe('Hex SHA-256 of the file, as `sha256sum` prints it'),
});

export const tenantExportView = z.object({
  id: z.uuid().describe('The export, which is also a job: GET /api/v1/jobs/{id} and its progress events GET /api/v1/jobs/{id}/events'),
  tenantId: z.uuid(),
  state: z.enum(['queued', 'active', 'completed', 'failed']),
  progress: z
    .record(z.string(), z.unknown())
    .describe('`rows` written so far of `total`; `total` is left out when counting the rows took longer than the statement timeout'),
  failureCode: z.string().nullable().describe('As on GET /api/v1/jobs/{id}: a stable code when the last attempt failed'),
  failureReason: z.string().nullable(),
  files: z.array(file).nullable().describe("Once completed: the archive's files, as its manifest.json lists them"),
  archive: z
    .object({ bytes: z.number().int(), sha256: z.string().describe('Hex SHA-256 of the .tar.gz') })
    .nullable()
    .describe('Once completed: the .tar.gz itself'),
  createdAt: isoDate,
  finishedAt: isoDate.nullable(),
  expiresAt: isoDate.describe('After this the file is deleted and its download answers 410'),
  downloadedAt: isoDate.nullable().describe('When it was downloaded: an export downloads once, later attempts answer 410'),
  download: z.string().nullable().describe('Where to fetch the archive, while it is completed, not yet downloaded and not expired'),
});
export type TenantExportDto = z.output<typeof tenantExportView>;

/** The archive: a gzip-compressed ustar tar (docs/data-export.md). */
export const tenantExportFile = z
  .string()
  .meta({ 'x-media-types': ['application/gzip'], description: 'A .tar.gz: one NDJSON file per table and manifest.json' });
