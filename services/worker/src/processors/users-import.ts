// Bulk user import. Streams the uploaded CSV (kept as the job's input chunks) with flat
// memory, validates every row, creates valid users BATCH (2,000) at a time under RLS as the
// tenant and invites them; rows whose email already exists (in the tenant, or earlier
// in the same file) are skipped, so running the same file again creates nobody twice.
// Each batch is one tenant transaction of set-based statements (AppDb.sql: INSERT ...
// SELECT FROM unnest), its progress written to the job's row in the same transaction.
// Nothing is kept per row beyond the batches in flight (three at most: one read, one written,
// one's mail jobs being queued), so memory does not grow with the file.
// Per-row errors (the first 1,000) and the counts go to the job's result.
// A row without a role is a member. A privileged role is only ever named, row by row:
// in the platform tenant, which holds platform admins only, a row must say platform_admin.
import { z } from 'zod';
import {
  PLATFORM_TENANT_ID,
  InvitationsRepository,
  JobChunksRepository,
  JobFailure,
  JobsRepository,
  UsersRepository,
  recordAudit,
  type AppDb,
  type WorkerConfig,
  type JobPayload,
  type JobProducer,
  remainingUserCapacity,
  userDisplayName,
  userEmail,
} from '@sentinel/platform';
import { CsvReader } from '../csv.js';
import type { JobRun } from '../job-run.js';

// Rows per transaction: large enough that the per-batch round trips and BullMQ's addBulk call
// are small beside the rows, small enough that a batch holds its locks briefly and a retry
// redoes little.
const BATCH = 2_000;

const users = new UsersRepository();
const invitations = new InvitationsRepository();
const jobs = new JobsRepository();
const chunks = new JobChunksRepository();
const MAX_ERRORS = 1_000;

const roleColumn = (tenantId: string) =>
  tenantId === PLATFORM_TENANT_ID
    ? z.literal('platform_admin', { error: 'must be platform_admin: the platform tenant holds platform admins only' })
    : z.enum(['member', 'tenant_admin'], { error: 'must be member or tenant_admin' }).default('member');

const row = (tenantId: string) =>
  z.object({
    // The API's own user fields (platform text.ts); a CSV cell may carry spaces around an email.
    email: z.string().trim().pipe(userEmail),
    displayName: userDisplayName,
    role: roleColumn(tenantId),
  });

type Row = { line: number; email: string; displayName: string; role: string };

export interface ImportResult {
  processed: number;
  created: number;
  skipped: number;
  failed: number;
  errors: { line: number; field: string; message: string }[];
}

export async function processUsersImport(
  deps: { config: WorkerConfig; appDb: AppDb; producer: JobProducer },
  p: JobPayload<'users.import'>,
  run: JobRun,
): Promise<ImportResult> {
  const jobId = run.recordId;
  if (!jobId) throw new JobFailure('SENTINEL_JOB_INPUT_INVALID', 'An import must be a recorded job');
  const { tenantId } = p;
  const db = deps.appDb;
  const schema = row(tenantId);
  const job = await db.withTenant(tenantId, (tx) => jobs.get(tx, tenantId, jobId));
  if (!job) throw new JobFailure('SENTINEL_JOB_TARGET_GONE', 'The import no longer exists');

  const result: ImportResult = { processed: 0, created: 0, skipped: 0, failed: 0, errors: [] };
  const fail = (line: number, field: string, message: string) => {
    result.failed++;
    if (result.errors.length < MAX_ERRORS) result.errors.push({ line, field, message });
  };
  // Bytes of the upload read so far: with the upload's size (POST /users/imports answers it) a
  // client can show a percentage, since the row count is not known until the end.
  let bytesRead = 0;
  let batch: Row[] = [];

  const counts = () => ({ processed: result.processed, created: result.created, skipped: result.skipped, failed: result.failed, bytesRead });
  // Two steps run while the next batch is read and validated: the previous batch's
  // transaction, and the mail jobs of the one before, being added to BullMQ. Each is awaited
  // before the next of its kind starts, so batches commit in order, one at a time, and a
  // failure (PostgreSQL, Redis) still fails the attempt. A retry skips the users already
  // created; the scheduler's relay queues recorded jobs BullMQ does not hold.
  let writing: Promise<void> = Promise.resolve();
  let queued: Promise<void> = Promise.resolve();
  let progressAt = 0;

  const write = async (batchRows: Row[]) => {
    let rows = batchRows;
    // One set-based transaction per batch, as the tenant under RLS: the users, their
    // invitations and mail-job records, the audit row and the job's progress commit together.
    const invites = await db.sql(tenantId, async (sql) => {
      // limits.maxUsers: rows past the tenant's capacity fail (duplicates of existing users count too).
      const left = await remainingUserCapacity(sql, tenantId);
      if (left !== null && rows.length > left) {
        for (const r of rows.slice(left)) fail(r.line, 'email', "the tenant's user limit (spec.limits.maxUsers) is reached");
        rows = rows.slice(0, left);
      }
      const created = await users.createMany(
        sql,
        tenantId,
        rows.map((r) => ({ email: r.email, displayName: r.displayName, role: r.role as 'member', passwordHash: null })),
      );
      const items = await invitations.createMany(sql, deps.config, tenantId, created, { createdBy: job.createdBy });
      await recordAudit(sql, job.createdBy ? { tenantId, userId: job.createdBy } : { tenantId, userId: null }, {
        action: 'users.import',
        targetType: 'job',
        targetId: jobId,
        changes: { created },
      });
      result.created += created.length;
      result.skipped += rows.length - created.length;
      await jobs.recordProgress(sql, tenantId, jobId, counts());
      return items;
    });
    await queued;
    queued = deps.producer.enqueueMany(
      'user.invite',
      invites.map((i) => ({ payload: { tenantId, invitationId: i.invitationId }, key: i.jobId, record: i.jobId })),
    );
    queued.catch(() => {}); // awaited later: not an unhandled rejection meanwhile
    // BullMQ's copy of the progress (the row has it already) at most once a second.
    if (Date.now() - progressAt >= 1_000) {
      progressAt = Date.now();
      await run.progress(counts(), { recorded: true });
    }
  };

  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await writing;
    writing = write(rows);
    writing.catch(() => {}); // awaited at the next batch or at the end
  };

  const reader = new CsvReader();
  // Bytes that are not UTF-8 decode to U+FFFD; a row holding one is reported, not imported.
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let header: string[] | undefined;
  let line = 0;
  const take = async (fields: string[]) => {
    line++;
    if (!header) {
      header = fields.map((f) => f.trim().replace(/^\uFEFF/, ''));
      if (!header.includes('email') || !header.includes('displayName'))
        throw new JobFailure('SENTINEL_JOB_INPUT_INVALID', 'The CSV header must name the columns email and displayName (and optionally role)');
      return;
    }
    result.processed++;
    const garbled = header.findIndex((_, i) => fields[i]?.includes('\uFFFD'));
    if (garbled !== -1) return fail(line, header[garbled]!, 'is not valid UTF-8');
    const obj = Object.fromEntries(header.map((h, i) => [h, fields[i]]).filter(([, v]) => v !== undefined && v !== ''));
    const parsed = schema.safeParse({ email: obj.email ?? '', displayName: obj.displayName ?? '', role: obj.role });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return fail(line, String(issue.path[0] ?? 'row'), issue.message);
    }
    batch.push({ line, ...parsed.data });
    if (batch.length >= BATCH) await flush();
  };

  for (let seq = 0; ; seq++) {
    const chunk = await db.withTenant(tenantId, (tx) => chunks.chunk(tx, tenantId, jobId, 'input', seq));
    if (!chunk) break;
    bytesRead += chunk.length;
    for (const fields of reader.feed(decoder.decode(chunk, { stream: true }))) await take(fields);
  }
  for (const fields of reader.feed(decoder.decode())) await take(fields);
  for (const fields of reader.end()) await take(fields);
  if (!header) throw new JobFailure('SENTINEL_JOB_INPUT_INVALID', 'The CSV is empty');
  await flush();
  await writing;
  await queued;
  await run.progress(counts());
  // A batch's capacity errors are found when it is written, after the next batch's rows were read.
  result.errors.sort((a, b) => a.line - b.line);
  return result;
}
