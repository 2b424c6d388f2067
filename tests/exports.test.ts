// Audit-log exports end to end. Real: PostgreSQL (RLS), Redis/BullMQ with a fresh
// prefix, the worker pipeline in this process, the API over HTTP.
import { call, expectProblem, finalState, getUntil } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { useWorkerStack } from './helpers/worker.js';

// Small chunks, so that even this file spans many of them.
const { api, fx } = useWorkerStack('export', { worker: { EXPORT_CHUNK_BYTES: '4096' } });
const T = useFixture(() => fx.tenantWithUsers(api.url));
const ROWS = 2_500;

beforeAll(async () => {
  await fx.auditRows(T.tenant.id, T.admin.id, ROWS, 'test.export', (i) => ({
    ...(i === 0 ? { targetId: '=HYPERLINK("http://evil")' } : {}),
    changes: { note: i === 1 ? 'comma, "quote"\nnewline' : `row ${i}` },
  }));
});

const finished = (id: string) => getUntil(api.url, T.adminToken, `/api/v1/audit-logs/exports/${id}`, finalState);

test('NDJSON: every filtered row, in order, streamed from many chunks; progress and result recorded', async () => {
  const r = await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: T.adminToken, body: { format: 'ndjson', action: 'test.export' } });
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({ state: 'queued', format: 'ndjson', download: null });
  const done = await finished(r.body.id);
  expect(done.state).toBe('completed');
  expect(done.progress).toEqual({ rows: ROWS, total: ROWS });
  expect(done.result.rows).toBe(ROWS);
  expect(done.result.chunks).toBeGreaterThan(50);
  const file = await fetch(api.url + done.download, { headers: { authorization: `Bearer ${T.adminToken}` } });
  expect(file.headers.get('content-type')).toMatch(/application\/x-ndjson/);
  expect(file.headers.get('content-disposition')).toMatch(/attachment; filename="audit-log-.*\.ndjson"/);
  const text = await file.text();
  expect(Buffer.byteLength(text)).toBe(done.result.bytes);
  const rows = text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(rows).toHaveLength(ROWS);
  expect(rows[1].changes.note).toBe('comma, "quote"\nnewline');
  expect(rows.map((x) => x.targetId).slice(2, 5)).toEqual(['t-2', 't-3', 't-4']);
  for (let i = 1; i < rows.length; i++) expect(rows[i].createdAt > rows[i - 1].createdAt).toBe(true);
  const job = await call(api.url, 'GET', `/api/v1/jobs/${r.body.id}`, { token: T.adminToken });
  expect(job.body).toMatchObject({ name: 'audit.export', state: 'completed', attempts: 1 });
});

test('CSV: header, RFC 4180 quoting, formula cells neutralised, time-range filter', async () => {
  const first = await fx.db.prisma.auditLog.findMany({ where: { tenantId: T.tenant.id, action: 'test.export' }, orderBy: { createdAt: 'asc' }, take: 4 });
  const from = first[0]!.createdAt.toISOString();
  const to = first[3]!.createdAt.toISOString(); // exclusive: three rows
  const r = await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: T.adminToken, body: { format: 'csv', action: 'test.export', from, to } });
  const done = await finished(r.body.id);
  expect(done.result.rows).toBe(3);
  const text = await (await fetch(api.url + done.download, { headers: { authorization: `Bearer ${T.adminToken}` } })).text();
  const lines = text.split('\r\n');
  expect(lines[0]).toBe('id,createdAt,actorId,action,targetType,targetId,changes,requestId,clientIp');
  expect(lines[1]).toContain(`'=HYPERLINK(""http://evil"")`);
  expect(text).toContain('"{""note"":""comma, \\""quote\\""\\nnewline""}"');
});

test("another tenant's export is a 404; members may not export; not ready is a 409", async () => {
  const r = await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: T.adminToken, body: { format: 'ndjson', action: 'test.export' } });
  const B = await fx.tenantWithUsers(api.url);
  expectProblem(await call(api.url, 'GET', `/api/v1/audit-logs/exports/${r.body.id}`, { token: B.adminToken }), 404, 'SENTINEL_NOT_FOUND');
  expectProblem(await call(api.url, 'GET', `/api/v1/audit-logs/exports/${r.body.id}/download`, { token: B.adminToken }), 404, 'SENTINEL_NOT_FOUND');
  expectProblem(await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: T.memberToken, body: { format: 'csv' } }), 403, 'SENTINEL_FORBIDDEN');
  // A job that is not an export is not reachable as one.
  const invite = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email: `x-${Date.now()}@example.com`, displayName: 'x' } });
  const inviteJob = await fx.db.prisma.job.findFirstOrThrow({
    where: { tenantId: T.tenant.id, name: 'user.invite', payload: { path: ['invitationId'], not: '' } },
    orderBy: { createdAt: 'desc' },
  });
  expect(invite.status).toBe(201);
  expectProblem(await call(api.url, 'GET', `/api/v1/audit-logs/exports/${inviteJob.id}`, { token: T.adminToken }), 404, 'SENTINEL_NOT_FOUND');
  const fresh = await fx.db.prisma.job.create({
    data: { tenantId: T.tenant.id, name: 'audit.export', payload: { tenantId: T.tenant.id, format: 'csv', filters: {} } },
  });
  expectProblem(await call(api.url, 'GET', `/api/v1/audit-logs/exports/${fresh.id}/download`, { token: T.adminToken }), 409, 'SENTINEL_EXPORT_NOT_READY');
});
