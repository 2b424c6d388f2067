// Streams a tenant's audit rows into an export, under RLS as that tenant. Memory stays
// bounded whatever the row count: one page of rows (keyset, 1,000 at a time) and one
// chunk (EXPORT_CHUNK_BYTES) at most. A retried run starts the file over.
import { JobFailure, type AppDb, type WorkerConfig, type JobPayload } from '@sentinel/platform';
import type { JobRun } from '../job-run.js';

const PAGE = 1_000;
const COLUMNS = ['id', 'createdAt', 'actorId', 'action', 'targetType', 'targetId', 'changes', 'requestId', 'clientIp'] as const;

type Row = {
  id: string;
  createdAt: Date;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  changes: unknown;
  requestId: string | null;
  clientIp: string | null;
};

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
  const where = {
    tenantId,
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.targetType ? { targetType: filters.targetType } : {}),
    ...(filters.targetId ? { targetId: filters.targetId } : {}),
    ...(filters.from || filters.to
      ? { createdAt: { ...(filters.from ? { gte: new Date(filters.from) } : {}), ...(filters.to ? { lt: new Date(filters.to) } : {}) } }
      : {}),
  };
  const total = await db.withTenant(tenantId, async (tx) => {
    if (!(await tx.job.findUnique({ where: { tenantId_id: { tenantId, id: jobId } } }))) return undefined;
    await tx.jobChunk.deleteMany({ where: { tenantId, jobId, kind: 'output' } });
    return tx.auditLog.count({ where });
  });
  if (total === undefined) throw new JobFailure('SENTINEL_JOB_TARGET_GONE', 'The export no longer exists');

  let parts: Buffer[] = [];
  let size = 0;
  let seq = 0;
  let bytes = 0;
  const flush = async () => {
    if (size === 0) return;
    const data = Buffer.concat(parts, size);
    const n = seq++;
    await db.withTenant(tenantId, (tx) => tx.jobChunk.create({ data: { tenantId, jobId, kind: 'output', seq: n, data } }));
    bytes += size;
    parts = [];
    size = 0;
  };
  const push = async (s: string) => {
    const b = Buffer.from(s, 'utf8');
    parts.push(b);
    size += b.length;
    if (size >= deps.config.EXPORT_CHUNK_BYTES) await flush();
  };

  if (format === 'csv') await push(COLUMNS.join(',') + '\r\n');
  let rows = 0;
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const page: Row[] = await db.withTenant(tenantId, (tx) =>
      tx.auditLog.findMany({
        where: after ? { AND: [where, { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] } : where,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: PAGE,
        select: { id: true, createdAt: true, actorId: true, action: true, targetType: true, targetId: true, changes: true, requestId: true, clientIp: true },
      }),
    );
    for (const r of page) await push(line(format, r));
    rows += page.length;
    await run.progress({ rows, total });
    if (page.length < PAGE) break;
    const last = page[page.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
  }
  await flush();
  return { rows, bytes, chunks: seq };
}
