// Bulk user import. Streams the uploaded CSV (kept as the job's input chunks) with flat
// memory, validates every row, creates valid users 500 at a time under RLS as the
// tenant and invites them; rows whose email already exists (in the tenant, or earlier
// in the same file) are skipped, so running the same file again creates nobody twice.
// Nothing is kept per row beyond the current batch, so memory does not grow with the file. Per-row errors (the first 1,000) and the
// counts go to the job's result; progress is reported after every batch.
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

const BATCH = 500;

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
  let batch: { line: number; email: string; displayName: string; role: string }[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    let rows = batch;
    batch = [];
    const invites = await db.withTenant(tenantId, async (tx) => {
      // limits.maxUsers: rows past the tenant's capacity fail (duplicates of existing users count too).
      const left = await remainingUserCapacity(tx, tenantId);
      if (left !== null && rows.length > left) {
        for (const r of rows.slice(left)) fail(r.line, 'email', "the tenant's user limit (spec.limits.maxUsers) is reached");
        rows = rows.slice(0, left);
      }
      const created = await users.createMany(
        tx,
        tenantId,
        rows.map((r) => ({ email: r.email, displayName: r.displayName, role: r.role as 'member', passwordHash: null })),
      );
      const items = await invitations.createMany(
        tx,
        deps.config,
        tenantId,
        created.map((u) => u.id),
        { createdBy: job.createdBy },
      );
      await recordAudit(tx, job.createdBy ? { tenantId, userId: job.createdBy } : { tenantId, userId: null }, {
        action: 'users.import',
        targetType: 'job',
        targetId: jobId,
        changes: { created: created.map((u) => u.id) },
      });
      result.created += created.length;
      result.skipped += rows.length - created.length;
      return items;
    });
    await deps.producer.enqueueMany(
      'user.invite',
      invites.map((i) => ({ payload: { tenantId, invitationId: i.invitationId }, key: i.jobId, record: i.jobId })),
    );
    await run.progress({ processed: result.processed, created: result.created, skipped: result.skipped, failed: result.failed, bytesRead });
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
  await run.progress({ processed: result.processed, created: result.created, skipped: result.skipped, failed: result.failed, bytesRead });
  return result;
}
