// Bulk user import end to end. Real: PostgreSQL (RLS), Redis/BullMQ with a fresh
// prefix, the worker pipeline in this process (mail to the log transport), HTTP.
import { randomBytes } from 'node:crypto';
import { purgeExpired } from '../services/worker/src/processors/maintenance.js';
import { call, expectProblem, finalState, getUntil } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { useWorkerStack } from './helpers/worker.js';

const { api, fx } = useWorkerStack('import', { api: { IMPORT_MAX_BYTES: '200000' } });
const T = useFixture(() => fx.tenantWithUsers(api.url));

const post = (csv: string, contentType = 'text/csv') =>
  call(api.url, 'POST', '/api/v1/users/imports', { token: T.adminToken, raw: csv, headers: { 'content-type': contentType } });

const finished = (id: string) => getUntil(api.url, T.adminToken, `/api/v1/jobs/${id}`, finalState, 60_000);

const tag = randomBytes(3).toString('hex');
const lines = ['\uFEFFemail,displayName,role'];
for (let i = 0; i < 1_200; i++) lines.push(`user${i}-${tag}@example.com,"Name ${i}, Jr.",${i % 10 === 0 ? 'tenant_admin' : ''}`);
lines.push('not-an-email,Bad Email,');
lines.push(`empty-${tag}@example.com,,`);
lines.push(`role-${tag}@example.com,Bad Role,platform_admin`);
lines.push(`user5-${tag}@example.com,Duplicate In File,`);
const csv = lines.join('\r\n') + '\r\n';

test('valid rows become invited users, bad rows are reported by line and field, progress is visible', async () => {
  const r = await post(csv);
  expect(r.status).toBe(202);
  const done = await finished(r.body.id);
  expect(done.state).toBe('completed');
  expect(done.result).toMatchObject({ processed: 1_204, created: 1_200, skipped: 1, failed: 3 });
  // Every byte of the upload was read, so bytesRead / bytes (the 202's size) reaches 100%.
  expect(done.progress).toMatchObject({ processed: 1_204, created: 1_200, bytesRead: r.body.bytes });
  expect(done.result.errors).toEqual([
    { line: 1_202, field: 'email', message: 'must be an email address' },
    { line: 1_203, field: 'displayName', message: expect.any(String) },
    { line: 1_204, field: 'role', message: expect.any(String) },
  ]);
  const imported = await fx.db.prisma.user.findMany({ where: { tenantId: T.tenant.id, email: { endsWith: `-${tag}@example.com` } } });
  expect(imported).toHaveLength(1_200);
  expect(imported.every((u) => u.passwordHash === null)).toBe(true);
  expect(imported.filter((u) => u.role === 'tenant_admin')).toHaveLength(120);
  expect(imported.find((u) => u.email === `user7-${tag}@example.com`)!.displayName).toBe('Name 7, Jr.');
  expect(await fx.db.prisma.job.count({ where: { tenantId: T.tenant.id, name: 'user.invite', createdBy: T.admin.id } })).toBeGreaterThanOrEqual(1_200);
});

test('importing the same file again creates nobody twice; finished uploads are purged', async () => {
  const r = await post(csv);
  const done = await finished(r.body.id);
  expect(await fx.db.prisma.jobChunk.count({ where: { tenantId: T.tenant.id, jobId: r.body.id, kind: 'input' } })).toBeGreaterThan(0);
  const purged = await purgeExpired({ config: { EXPORT_RETENTION_DAYS: 7 }, platformDb: fx.db, redis: api.deps.redis });
  expect(purged.jobChunks).toBeGreaterThan(0);
  expect(await fx.db.prisma.jobChunk.count({ where: { tenantId: T.tenant.id, jobId: r.body.id } })).toBe(0);
  expect(done.result).toMatchObject({ processed: 1_204, created: 0, skipped: 1_201, failed: 3 });
  expect(await fx.db.prisma.user.count({ where: { tenantId: T.tenant.id, email: { endsWith: `-${tag}@example.com` } } })).toBe(1_200);
});

test('wrong content type, oversized and headerless uploads are refused; members cannot import', async () => {
  expectProblem(await post('{"a":1}', 'application/json'), 415, 'SENTINEL_UNSUPPORTED_MEDIA_TYPE');
  expectProblem(await post('x'.repeat(250_000)), 413, 'SENTINEL_PAYLOAD_TOO_LARGE');
  expectProblem(
    await call(api.url, 'POST', '/api/v1/users/imports', { token: T.memberToken, raw: csv, headers: { 'content-type': 'text/csv' } }),
    403,
    'SENTINEL_FORBIDDEN',
  );
  // A file without the header row is refused at once, before a job is recorded.
  for (const csv of ['name,mail\nx,y\n', 'null', '', 'email\na@example.com\n']) {
    const r = await post(csv);
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('header') }]);
  }
  const headerOnly = await post('displayName,role,email\r\n');
  expect(headerOnly.status).toBe(202);
  expect(await finished(headerOnly.body.id)).toMatchObject({ state: 'completed', result: { processed: 0 } });
});

test("rows follow the API's Unicode policy: bidi overrides and invisible characters are row errors, names are stored in NFC", async () => {
  const csv = `email,displayName\nbidi-${tag}@example.com,Eve \u202Egnp.exe\nzw-${tag}@example.com,Z\u200Bero\nnfd-${tag}@example.com,Jose\u0301\n`;
  const done = await finished((await post(csv)).body.id);
  expect(done.result).toMatchObject({ processed: 3, created: 1, failed: 2 });
  expect(done.result.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
    [2, 'displayName'],
    [3, 'displayName'],
  ]);
  const nfd = await fx.db.prisma.user.findFirst({ where: { tenantId: T.tenant.id, email: `nfd-${tag}@example.com` } });
  expect(nfd?.displayName).toBe('Jos\u00e9');
});

test("a tenant's spec.limits.maxUsers caps the import: the rows past it are reported, the others created and invited", async () => {
  const L = await fx.tenantWithUsers(api.url);
  // Two users already (admin, member); room for three more.
  await fx.db.prisma.tenant.update({ where: { id: L.tenant.id }, data: { maxUsers: 5 } });
  const rows = Array.from({ length: 6 }, (_, i) => `cap${i}-${tag}@example.com,Cap ${i}`);
  const csv = ['email,displayName', `${L.member.email},Member Again`, ...rows].join('\n') + '\n';
  const r = await call(api.url, 'POST', '/api/v1/users/imports', { token: L.adminToken, raw: csv, headers: { 'content-type': 'text/csv' } });
  const done = await getUntil(api.url, L.adminToken, `/api/v1/jobs/${r.body.id}`, finalState, 60_000);
  // The existing member's row is a skipped duplicate that still counts against the capacity of its batch.
  expect(done.result).toMatchObject({ processed: 7, created: 2, skipped: 1, failed: 4 });
  expect(done.result.errors).toEqual(
    [5, 6, 7, 8].map((line) => ({ line, field: 'email', message: "the tenant's user limit (spec.limits.maxUsers) is reached" })),
  );
  expect(await fx.db.prisma.user.count({ where: { tenantId: L.tenant.id } })).toBe(4);
  const created = await fx.db.prisma.user.findMany({ where: { tenantId: L.tenant.id, email: { startsWith: 'cap' } }, select: { id: true, email: true } });
  expect(created.map((u) => u.email).sort()).toEqual([`cap0-${tag}@example.com`, `cap1-${tag}@example.com`]);
  const invited = await fx.db.prisma.invitation.findMany({ where: { tenantId: L.tenant.id, userId: { in: created.map((u) => u.id) } } });
  expect(invited).toHaveLength(2);
  const audit = await fx.db.prisma.auditLog.findFirstOrThrow({ where: { tenantId: L.tenant.id, action: 'users.import', targetId: r.body.id } });
  expect((audit.changes as { created: string[] }).created.sort()).toEqual(created.map((u) => u.id).sort());
});
