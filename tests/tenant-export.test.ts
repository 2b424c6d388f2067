// Full tenant exports end to end (docs/data-export.md). Real: PostgreSQL (RLS), Redis/BullMQ
// with a fresh prefix, the worker pipeline in this process, the API over HTTP, and the
// standard tools the docs tell users to check an archive with (`tar xzf`, `sha256sum -c`).
import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { purgeExpired } from '../services/worker/src/processors/maintenance.js';
import { call, expectProblem, finalState, getUntil } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { useWorkerStack } from './helpers/worker.js';

const run = promisify(execFile);
// Small chunks, so that even this archive spans several of them.
const { api, fx } = useWorkerStack('tenant-export', { worker: { EXPORT_CHUNK_BYTES: '4096' } });
const T = useFixture(() => fx.tenantWithUsers(api.url));
const AUDIT_ROWS = 2_500;
/** Secrets planted in the tenant's tables: none may appear anywhere in an archive. */
const SECRETS = {
  mfaSecret: `v1.MFA-SECRET-${randomBytes(8).toString('hex')}`,
  recoveryHash: `RECOVERY-HASH-${randomBytes(8).toString('hex')}`,
  invitationHash: `INVITATION-HASH-${randomBytes(8).toString('hex')}`,
  apiKeyHash: `API-KEY-HASH-${randomBytes(8).toString('hex')}`,
  webhookSecret: `v1.WEBHOOK-SECRET-${randomBytes(8).toString('hex')}`,
  previousWebhookSecret: `v1.OLD-WEBHOOK-SECRET-${randomBytes(8).toString('hex')}`,
};

beforeAll(async () => {
  const db = fx.db.prisma;
  const tenantId = T.tenant.id;
  await fx.auditRows(tenantId, T.admin.id, AUDIT_ROWS, 'test.export', (i) => ({
    changes: { note: i === 1 ? 'comma, "quote"\nnewline, ünïcode' : `row ${i}` },
  }));
  await db.userMfa.create({
    data: { tenantId, userId: T.admin.id, secretSealed: SECRETS.mfaSecret, confirmedAt: new Date(), recoveryHashes: [SECRETS.recoveryHash] },
  });
  await db.invitation.create({ data: { tenantId, userId: T.member.id, tokenHash: SECRETS.invitationHash, expiresAt: new Date(Date.now() + 86_400_000) } });
  await db.apiKey.create({ data: { tenantId, name: 'ci', scopes: ['users:read'], secretHash: SECRETS.apiKeyHash } });
  await db.webhookEndpoint.create({
    data: {
      tenantId,
      url: 'https://hooks.example.com/sentinel',
      eventTypes: ['export.completed'],
      secretSealed: SECRETS.webhookSecret,
      previousSecretSealed: SECRETS.previousWebhookSecret,
      previousSecretExpiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  await db.tenantUsageDaily.create({ data: { tenantId, day: new Date('2026-11-30'), users: 2, activeUsers: 1, apiRequests: 12_345_678_901n } });
});

const path = (tenantId: string, id = '') => `/api/v1/tenants/${tenantId}/exports${id ? `/${id}` : ''}`;
const start = (token: string, tenantId = T.tenant.id) => call(api.url, 'POST', path(tenantId), { token });
const finished = (token: string, tenantId: string, id: string) => getUntil(api.url, token, path(tenantId, id), finalState, 60_000);
const download = (token: string, url: string) => fetch(api.url + url, { headers: { authorization: `Bearer ${token}` } });

async function untar(archive: Buffer): Promise<{ dir: string; files: Map<string, Buffer> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tenant-export-test-'));
  await writeFile(join(dir, 'export.tar.gz'), archive);
  await run('tar', ['xzf', 'export.tar.gz'], { cwd: dir });
  await rm(join(dir, 'export.tar.gz'));
  const files = new Map<string, Buffer>();
  for (const name of await readdir(dir)) files.set(name, await readFile(join(dir, name)));
  return { dir, files };
}

const ndjson = (b: Buffer) =>
  b
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

test('the archive round-trips: every table as NDJSON, a manifest whose counts and checksums hold (sha256sum -c), no secret anywhere; downloaded once', async () => {
  const r = await start(T.adminToken);
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({ tenantId: T.tenant.id, state: 'queued', download: null, downloadedAt: null, files: null });
  expect(Date.parse(r.body.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
  const done = await finished(T.adminToken, T.tenant.id, r.body.id);
  expect(done.state).toBe('completed');
  expect(done.progress.rows).toBe(done.progress.total);
  expect(done.download).toBe(`/api/v1/tenants/${T.tenant.id}/exports/${r.body.id}/download`);

  // HEAD describes the file without taking it.
  const head = await fetch(api.url + done.download, { method: 'HEAD', headers: { authorization: `Bearer ${T.adminToken}` } });
  expect([head.status, head.headers.get('content-length')]).toEqual([200, String(done.archive.bytes)]);
  const res = await download(T.adminToken, done.download);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/gzip');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="tenant-export-.+\.tar\.gz"$/);
  const archive = Buffer.from(await res.arrayBuffer());
  expect(archive.length).toBe(done.archive.bytes);
  expect(createHash('sha256').update(archive).digest('hex')).toBe(done.archive.sha256);
  expect(res.headers.get('repr-digest')).toBe(`sha-256=:${createHash('sha256').update(archive).digest('base64')}:`);

  const { dir, files } = await untar(archive);
  try {
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ formatVersion: 1, tenant: { id: T.tenant.id, slug: T.tenant.slug } });
    expect(Date.parse(manifest.createdAt)).toBeGreaterThan(Date.now() - 120_000);
    const names = manifest.files.map((f: { name: string }) => f.name);
    expect(names).toEqual([
      'tenant.ndjson',
      'users.ndjson',
      'invitations.ndjson',
      'audit-log.ndjson',
      'jobs.ndjson',
      'usage-daily.ndjson',
      'api-keys.ndjson',
      'webhook-endpoints.ndjson',
    ]);
    expect([...files.keys()].sort()).toEqual([...names, 'manifest.json'].sort());
    expect(done.files).toEqual(manifest.files);
    for (const f of manifest.files) {
      const body = files.get(f.name)!;
      expect({ name: f.name, bytes: body.length, rows: ndjson(body).length }).toEqual({ name: f.name, bytes: f.bytes, rows: f.rows });
      expect(createHash('sha256').update(body).digest('hex')).toBe(f.sha256);
    }
    // What docs/data-export.md tells users to run.
    await writeFile(join(dir, 'SHA256SUMS'), manifest.files.map((f: { name: string; sha256: string }) => `${f.sha256}  ${f.name}\n`).join(''));
    const check = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir });
    expect(check.stdout.trim().split('\n')).toHaveLength(manifest.files.length);

    const [tenant] = ndjson(files.get('tenant.ndjson')!);
    expect(tenant).toMatchObject({ id: T.tenant.id, slug: T.tenant.slug, plan: 'pro', status: 'active' });
    const users = ndjson(files.get('users.ndjson')!);
    expect(users.map((u) => u.id).sort()).toEqual([T.admin.id, T.member.id].sort());
    expect(users.find((u) => u.id === T.admin.id)).toEqual({
      id: T.admin.id,
      email: T.admin.email,
      displayName: T.admin.displayName,
      role: 'tenant_admin',
      hasPassword: true,
      mfaEnabled: true,
      createdAt: T.admin.createdAt.toISOString(),
      updatedAt: T.admin.updatedAt.toISOString(),
    });
    const audit = ndjson(files.get('audit-log.ndjson')!);
    const planted = audit.filter((a) => a.action === 'test.export');
    expect(planted).toHaveLength(AUDIT_ROWS);
    expect(planted[1]!.changes.note).toBe('comma, "quote"\nnewline, ünïcode');
    for (let i = 1; i < audit.length; i++) expect(audit[i]!.createdAt >= audit[i - 1]!.createdAt).toBe(true);
    expect(audit.some((a) => a.action === 'tenant.export' && a.targetId === r.body.id && a.actorId === T.admin.id)).toBe(true);
    expect(ndjson(files.get('invitations.ndjson')!)).toEqual([expect.objectContaining({ userId: T.member.id, acceptedAt: null })]);
    expect(ndjson(files.get('jobs.ndjson')!).some((j) => j.id === r.body.id && j.name === 'tenant.export')).toBe(true);
    expect(ndjson(files.get('usage-daily.ndjson')!)).toEqual([
      expect.objectContaining({ day: '2026-11-30', users: 2, activeUsers: 1, apiRequests: 12_345_678_901 }),
    ]);
    expect(ndjson(files.get('api-keys.ndjson')!)).toEqual([expect.objectContaining({ name: 'ci', scopes: ['users:read'], revokedAt: null })]);
    expect(ndjson(files.get('webhook-endpoints.ndjson')!)).toEqual([
      expect.objectContaining({ url: 'https://hooks.example.com/sentinel', eventTypes: ['export.completed'], enabled: true }),
    ]);

    // No secret, nor any secret column's name, in any byte of the archive.
    const tar = gunzipSync(archive).toString('utf8');
    const refresh = await fx.db.prisma.refreshToken.findMany({ where: { tenantId: T.tenant.id }, select: { tokenHash: true } });
    expect(refresh.length).toBeGreaterThan(0);
    for (const secret of [...Object.values(SECRETS), T.admin.passwordHash!, T.member.passwordHash!, ...refresh.map((t) => t.tokenHash)])
      expect(tar.includes(secret)).toBe(false);
    for (const column of [
      'passwordHash',
      'password_hash',
      'secretSealed',
      'secret_sealed',
      'recoveryHashes',
      'tokenHash',
      'token_hash',
      'secretHash',
      'secret_hash',
    ])
      expect(tar.includes(column)).toBe(false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // Once: the file is gone after the first complete download; the download is audited.
  expectProblem(await call(api.url, 'GET', done.download, { token: T.adminToken }), 410, 'SENTINEL_EXPORT_GONE');
  const after = await call(api.url, 'GET', path(T.tenant.id, r.body.id), { token: T.adminToken });
  expect(after.body).toMatchObject({ state: 'completed', download: null });
  expect(Date.parse(after.body.downloadedAt)).toBeGreaterThan(Date.now() - 60_000);
  expect(await fx.db.prisma.jobChunk.count({ where: { jobId: r.body.id } })).toBe(0);
  const audited = await fx.db.prisma.auditLog.findMany({ where: { tenantId: T.tenant.id, targetId: r.body.id }, orderBy: { createdAt: 'asc' } });
  expect(audited.map((a) => [a.action, a.actorId])).toEqual([
    ['tenant.export', T.admin.id],
    ['tenant.export.download', T.admin.id],
  ]);
  // The outbox's existing event, for the tenant's subscribed endpoint.
  const events = await fx.db.prisma.webhookEvent.findMany({ where: { tenantId: T.tenant.id, type: 'export.completed' } });
  expect(events.map((e) => (e.payload as { job: { id: string; name: string } }).job)).toContainEqual(
    expect.objectContaining({ id: r.body.id, name: 'tenant.export' }),
  );
});

test('a download holds the export: another meanwhile is 409 with Retry-After; a lease run out, or a download cut off, gives it back', async () => {
  const r = await start(T.adminToken);
  const done = await finished(T.adminToken, T.tenant.id, r.body.id);
  const job = { tenantId_id: { tenantId: T.tenant.id, id: r.body.id } };
  const setResult = async (patch: Record<string, string>) => {
    const row = await fx.db.prisma.job.findUniqueOrThrow({ where: job });
    await fx.db.prisma.job.update({ where: job, data: { result: { ...(row.result as Record<string, string>), ...patch } } });
  };
  // A download in progress (its lease, as the API takes it): a second one waits instead of
  // streaming a file the first would delete under it.
  await setResult({ downloadingUntil: new Date(Date.now() + 600_000).toISOString() });
  const busy = await call(api.url, 'GET', done.download, { token: T.adminToken });
  expectProblem(busy, 409, 'SENTINEL_EXPORT_BUSY');
  expect(busy.headers.get('retry-after')).toBe('5');
  // A lease run out (its download's process died): the file is downloadable again.
  await setResult({ downloadingUntil: new Date(Date.now() - 1_000).toISOString() });
  // Its first chunk gone: the download fails after it took the file, and gives it back.
  const first = await fx.db.prisma.jobChunk.findFirstOrThrow({ where: { jobId: r.body.id, kind: 'output' }, orderBy: { seq: 'asc' } });
  await fx.db.prisma.jobChunk.delete({ where: { tenantId_jobId_kind_seq: { tenantId: T.tenant.id, jobId: r.body.id, kind: 'output', seq: first.seq } } });
  await expect(download(T.adminToken, done.download).then((res) => res.arrayBuffer())).rejects.toThrow();
  const row = await fx.db.prisma.job.findUniqueOrThrow({ where: job });
  expect(row.result).not.toHaveProperty('downloadingUntil');
  expect(row.result).not.toHaveProperty('downloadedAt');
  // Not taken: asked again, the file is downloadable (and fails again the same way, not 409).
  expect((await call(api.url, 'GET', path(T.tenant.id, r.body.id), { token: T.adminToken })).body.download).toBe(done.download);
});

test('expiry: past expiresAt the download is 410 and maintenance deletes the file', async () => {
  const r = await start(T.adminToken);
  const done = await finished(T.adminToken, T.tenant.id, r.body.id);
  expect(done.state).toBe('completed');
  expect(await fx.db.prisma.jobChunk.count({ where: { jobId: r.body.id } })).toBeGreaterThan(0);
  await fx.db.prisma.job.update({
    where: { tenantId_id: { tenantId: T.tenant.id, id: r.body.id } },
    data: { payload: { tenantId: T.tenant.id, expiresAt: new Date(Date.now() - 1_000).toISOString() } },
  });
  expect((await call(api.url, 'GET', path(T.tenant.id, r.body.id), { token: T.adminToken })).body.download).toBeNull();
  expectProblem(await call(api.url, 'GET', done.download, { token: T.adminToken }), 410, 'SENTINEL_EXPORT_GONE');
  await purgeExpired({ config: { EXPORT_RETENTION_DAYS: 7 }, platformDb: fx.db, redis: api.deps.redis });
  expect(await fx.db.prisma.jobChunk.count({ where: { jobId: r.body.id } })).toBe(0);
});

test('tenant walls: another tenant, its admins and members get 404 or 403; a platform admin exports any tenant', async () => {
  const B = await fx.tenantWithUsers(api.url);
  const mine = await start(T.adminToken);
  const done = await finished(T.adminToken, T.tenant.id, mine.body.id);
  // B's admin: neither T's exports, nor T's tenant, nor T's export under B's own tenant id.
  expectProblem(await start(B.adminToken, T.tenant.id), 404, 'SENTINEL_NOT_FOUND');
  expectProblem(await call(api.url, 'GET', path(T.tenant.id, mine.body.id), { token: B.adminToken }), 404, 'SENTINEL_NOT_FOUND');
  expectProblem(await call(api.url, 'GET', done.download, { token: B.adminToken }), 404, 'SENTINEL_NOT_FOUND');
  expectProblem(await call(api.url, 'GET', path(B.tenant.id, mine.body.id), { token: B.adminToken }), 404, 'SENTINEL_NOT_FOUND');
  expectProblem(await call(api.url, 'GET', `${path(B.tenant.id, mine.body.id)}/download`, { token: B.adminToken }), 404, 'SENTINEL_NOT_FOUND');
  // Members: not even their own tenant.
  expectProblem(await start(T.memberToken), 403, 'SENTINEL_FORBIDDEN');
  expectProblem(await call(api.url, 'GET', done.download, { token: T.memberToken }), 403, 'SENTINEL_FORBIDDEN');
  // Another kind of job is not an export.
  const other = await fx.db.prisma.job.create({ data: { tenantId: T.tenant.id, name: 'users.import', payload: { tenantId: T.tenant.id } } });
  expectProblem(await call(api.url, 'GET', path(T.tenant.id, other.id), { token: T.adminToken }), 404, 'SENTINEL_NOT_FOUND');

  // A platform admin: B's export, followed and downloaded; audited in B's log under the admin's name.
  const admin = await fx.platformAdmin(api.url);
  const theirs = await start(admin.token, B.tenant.id);
  expect(theirs.status).toBe(202);
  const job = await getUntil(api.url, admin.token, `/api/v1/jobs/${theirs.body.id}`, finalState, 60_000);
  expect(job).toMatchObject({ tenantId: B.tenant.id, name: 'tenant.export', state: 'completed' });
  const view = await call(api.url, 'GET', path(B.tenant.id, theirs.body.id), { token: admin.token });
  const res = await download(admin.token, view.body.download);
  expect(res.status).toBe(200);
  const { dir, files } = await untar(Buffer.from(await res.arrayBuffer()));
  await rm(dir, { recursive: true, force: true });
  expect(
    ndjson(files.get('users.ndjson')!)
      .map((u) => u.id)
      .sort(),
  ).toEqual([B.admin.id, B.member.id].sort());
  expect(files.get('audit-log.ndjson')!.toString()).not.toContain('test.export');
  expect(await fx.db.prisma.auditLog.count({ where: { tenantId: B.tenant.id, targetId: theirs.body.id, actorId: admin.user.id } })).toBe(2);
  // B's own admin sees it, and that it was taken.
  expect((await call(api.url, 'GET', path(B.tenant.id, theirs.body.id), { token: B.adminToken })).body.downloadedAt).not.toBeNull();
  // An unknown tenant is a 404 for a platform admin too; bad ids are 400 naming the field.
  expectProblem(await start(admin.token, randomUUID()), 404, 'SENTINEL_NOT_FOUND');
  const bad = await call(api.url, 'GET', path(B.tenant.id, 'nope'), { token: admin.token });
  expectProblem(bad, 400, 'SENTINEL_VALIDATION_FAILED');
  expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'params.exportId' })]);
});

test('not ready is a 409', async () => {
  const queued = await fx.db.prisma.job.create({
    data: { tenantId: T.tenant.id, name: 'tenant.export', payload: { tenantId: T.tenant.id, expiresAt: new Date(Date.now() + 3_600_000).toISOString() } },
  });
  expectProblem(await call(api.url, 'GET', `${path(T.tenant.id, queued.id)}/download`, { token: T.adminToken }), 409, 'SENTINEL_EXPORT_NOT_READY');
});
