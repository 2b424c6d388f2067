// Bulk user import. Streams the uploaded CSV (kept as the job's input chunks) with flat
// memory, validates every row, creates valid users 500 at a time under RLS as the
// tenant and invites them; rows whose email already exists (in the tenant, or earlier
// in the same file) are skipped, so running the same file again creates nobody twice.
// Nothing is kept per row beyond the current batch, so memory does not grow with the file. Per-row errors (the first 1,000) and the
// counts go to the job's result; progress is reported after every batch.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  PLATFORM_TENANT_ID,
  UnrecoverableError,
  invitationToken,
  invitationTokenHash,
  recordAudit,
  type AppDb,
  type WorkerConfig,
  type JobPayload,
  type JobProducer,
  remainingUserCapacity,
} from '@sentinel/platform';
import { CsvReader } from '../csv.js';
import type { JobRun } from '../worker.js';

const BATCH = 500;
const MAX_ERRORS = 1_000;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

const row = (roles: readonly [string, ...string[]]) =>
  z.object({
    email: z
      .string()
      .trim()
      .max(254)
      .pipe(z.email({ message: 'must be an email address' }))
      .transform((s) => s.toLowerCase()),
    displayName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .refine((s) => s.isWellFormed() && !CONTROL.test(s), 'must be clean text'),
    role: z.enum(roles).default(roles[0]),
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
  if (!jobId) throw new UnrecoverableError('an import must be a recorded job');
  const { tenantId } = p;
  const db = deps.appDb;
  const roles = tenantId === PLATFORM_TENANT_ID ? (['platform_admin'] as const) : (['member', 'tenant_admin'] as const);
  const schema = row(roles);
  const job = await db.withTenant(tenantId, (tx) => tx.job.findUnique({ where: { tenantId_id: { tenantId, id: jobId } }, select: { createdBy: true } }));
  if (!job) throw new UnrecoverableError('import not found');

  const result: ImportResult = { processed: 0, created: 0, skipped: 0, failed: 0, errors: [] };
  const fail = (line: number, field: string, message: string) => {
    result.failed++;
    if (result.errors.length < MAX_ERRORS) result.errors.push({ line, field, message });
  };
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
      const created = await tx.user.createManyAndReturn({
        data: rows.map((r) => ({ tenantId, email: r.email, displayName: r.displayName, role: r.role as 'member', passwordHash: null })),
        skipDuplicates: true,
        select: { id: true },
      });
      const items = created.map((u) => ({ userId: u.id, invitationId: randomUUID(), jobId: randomUUID() }));
      const expiresAt = new Date(Date.now() + deps.config.INVITATION_TTL_S * 1000);
      await tx.invitation.createMany({
        data: items.map((i) => ({
          tenantId,
          id: i.invitationId,
          userId: i.userId,
          expiresAt,
          tokenHash: invitationTokenHash(invitationToken(deps.config.INVITATION_SECRET, tenantId, i.invitationId)),
        })),
      });
      await tx.job.createMany({
        data: items.map((i) => ({ tenantId, id: i.jobId, name: 'user.invite', payload: { tenantId, invitationId: i.invitationId }, createdBy: job.createdBy })),
      });
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
    await run.progress({ processed: result.processed, created: result.created, skipped: result.skipped, failed: result.failed });
  };

  const reader = new CsvReader();
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let header: string[] | undefined;
  let line = 0;
  const take = async (fields: string[]) => {
    line++;
    if (!header) {
      header = fields.map((f) => f.trim().replace(/^\uFEFF/, ''));
      if (!header.includes('email') || !header.includes('displayName'))
        throw new UnrecoverableError('the CSV header must name the columns email and displayName (and optionally role)');
      return;
    }
    result.processed++;
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
    const chunk = await db.withTenant(tenantId, (tx) =>
      tx.jobChunk.findUnique({ where: { tenantId_jobId_kind_seq: { tenantId, jobId, kind: 'input', seq } }, select: { data: true } }),
    );
    if (!chunk) break;
    for (const fields of reader.feed(decoder.decode(chunk.data, { stream: true }))) await take(fields);
  }
  for (const fields of reader.feed(decoder.decode())) await take(fields);
  for (const fields of reader.end()) await take(fields);
  if (!header) throw new UnrecoverableError('the CSV is empty');
  await flush();
  await run.progress({ processed: result.processed, created: result.created, skipped: result.skipped, failed: result.failed });
  return result;
}
