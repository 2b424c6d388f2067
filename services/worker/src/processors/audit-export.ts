// Streams a tenant's audit rows into an export, under RLS as that tenant. Memory stays
// bounded whatever the row count: one page of rows (keyset, 1,000 at a time) and one
// chunk (EXPORT_CHUNK_BYTES) at most. A retried run starts the file over.
import {
  AuditLogRepository,
  JobChunksRepository,
  JobFailure,
  JobsRepository,
  type AppDb,
  type AuditExportRow,
  type WorkerConfig,
  type JobPayload,
} from '@sentinel/platform';
import { rowsOf, totalOrUnknown, type JobRun } from '../job-run.js';
import { JobOutputWriter } from '../repositories/job-output.js';

const PAGE = 1_000;
const COLUMNS = ['id', 'createdAt', 'actorId', 'action', 'targetType', 'targetId', 'changes', 'requestId', 'clientIp'] as const;

type Row = AuditExportRow;

const jobs = new JobsRepository();
const chunks = new JobChunksRepository();
const audit = new AuditLogRepository();

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula is prefixed with '. */
function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function line(format: 'ndjson' | 'csv', r: Row): string {
  if (format === 'csv') return COLUMNS.map((c) => csvCell(r[c])).join(',') + '\r\n';
  return JSON.stringify({ ...r, createdAt: r.createdAt.toISOString() }) + '\n';
}

export async function processAuditExport(
  deps: { config: WorkerConfig; appDb: AppDb },
  p: JobPayload<'audit.export'>,
  run: JobRun,
): Promise<{ rows: number; bytes: number; chunks: number }> {
  const jobId = run.recordId;
  if (!jobId) throw new JobFailure('SENTINEL_JOB_INPUT_INVALID', 'An export must be a recorded job');
  const { tenantId, format, filters } = p;
  const db = deps.appDb;
  const exists = await db.withTenant(tenantId, async (tx) => {
    if (!(await jobs.get(tx, tenantId, jobId))) return false;
    await chunks.clear(tx, tenantId, jobId, 'output');
    return true;
  });
  if (!exists) throw new JobFailure('SENTINEL_JOB_TARGET_GONE', 'The export no longer exists');
  // Its own transaction: a count cancelled by the statement timeout leaves the total unknown.
  const total = await totalOrUnknown(() => db.withTenant(tenantId, (tx) => audit.count(tx, tenantId, filters)));

  const out = new JobOutputWriter(db, tenantId, jobId, deps.config.EXPORT_CHUNK_BYTES);
  const push = (s: string) => out.write(Buffer.from(s, 'utf8'));

  if (format === 'csv') await push(COLUMNS.join(',') + '\r\n');
  let rows = 0;
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const page: Row[] = await db.withTenant(tenantId, (tx) => audit.exportBatch(tx, tenantId, filters, after, PAGE));
    for (const r of page) await push(line(format, r));
    rows += page.length;
    await run.progress(rowsOf(rows, total));
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
  await out.flush();
  return { rows, bytes: out.bytes, chunks: out.chunks };
}
