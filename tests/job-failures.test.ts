// What a tenant admin reads about a failed job, and which roles an import may grant.
// Real: PostgreSQL (RLS; a real constraint violation), Redis/BullMQ with a fresh prefix,
// the worker in this process with its log captured, the API over HTTP, OpenTelemetry
// spans from an SDK tracer provider.
import { randomBytes } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type pg from 'pg';
import { PLATFORM_TENANT_ID, createLogger } from '@sentinel/platform';
import { call, finalState, getUntil, sqlAs, testConfig, uniq, useApi } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { startTestWorker, type TestWorker } from './helpers/worker.js';

const prefix = `{failures-${randomBytes(3).toString('hex')}}`;
const tracerProvider = new TracerProvider();
let worker: TestWorker;
let owner: pg.Client;
const logLines: Record<string, any>[] = [];

beforeAll(() => {
  trace.setGlobalTracerProvider(tracerProvider);
});
// The worker is started here, not by useWorkerStack: a test replaces it.
const { api, fx } = useApi({ QUEUE_PREFIX: prefix });
const T = useFixture(() => fx.tenantWithUsers(api.url));
const P = useFixture(() => fx.platformAdmin(api.url));
beforeAll(async () => {
  const logger = createLogger({ level: 'info', service: 'worker-test', destination: { write: (s: string) => void logLines.push(JSON.parse(s)) } });
  worker = startTestWorker(testConfig({ QUEUE_PREFIX: prefix }), logger);
  owner = await sqlAs(process.env.DATABASE_URL!);
});
afterAll(async () => {
  await owner.query('ALTER TABLE users DROP CONSTRAINT IF EXISTS test_refused_email');
  await owner.end();
  await worker.close();
  trace.disable();
  await tracerProvider.shutdown();
});

const upload = (token: string, csv: string) => call(api.url, 'POST', '/api/v1/users/imports', { token, raw: csv, headers: { 'content-type': 'text/csv' } });

const jobUntil = (token: string, id: string, done: (job: any) => boolean) => getUntil(api.url, token, `/api/v1/jobs/${id}`, done);
const finished = (token: string, id: string) => jobUntil(token, id, finalState);

describe('failure reasons', () => {
  test('a database error: the row gets a stable code and a sentence, the log gets the error with job and trace id; then the retry succeeds', async () => {
    // A real constraint violation the import does not pre-check: PostgreSQL refuses the insert.
    const tag = randomBytes(3).toString('hex');
    await owner.query(`ALTER TABLE users ADD CONSTRAINT test_refused_email CHECK (email NOT LIKE 'refused-${tag}%') NOT VALID`);
    const r = await upload(T.adminToken, `email,displayName\nrefused-${tag}@example.com,Refused\n`);
    expect(r.status).toBe(202);
    // Attempt 1 failed; a retry is pending (backoff 5 s).
    const failed = await jobUntil(T.adminToken, r.body.id, (j) => j.failureReason !== null);
    await owner.query('ALTER TABLE users DROP CONSTRAINT test_refused_email');

    expect(failed).toMatchObject({ state: 'queued', attempts: 1, failureCode: 'SENTINEL_INTERNAL' });
    const reason: string = failed.failureReason;
    expect(reason).toMatch(/^An internal error stopped this attempt\. It will be retried\. Operators find the details in the worker log under this job's id/);
    for (const leak of [/prisma/i, /invocation/i, /constraint/i, /test_refused_email/, /23514/, /P20\d\d/, /users/, /`/]) expect(reason).not.toMatch(leak);

    // The operator's side: the whole error, findable by the job id and the trace id the row names.
    const line = logLines.find((l) => l.msg === 'job failed' && String(l.jobId).endsWith(r.body.id));
    expect(line).toBeDefined();
    expect(line).toMatchObject({ tenantId: T.tenant.id, code: 'SENTINEL_INTERNAL', outcome: 'retry', final: false });
    expect(JSON.stringify(line!.err)).toMatch(/test_refused_email/);
    expect(line!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(reason).toContain(line!.traceId);

    const done = await jobUntil(T.adminToken, r.body.id, (j) => j.state === 'completed' || j.state === 'failed');
    expect(done).toMatchObject({ state: 'completed', attempts: 2, failureCode: null, failureReason: null, result: { created: 1 } });
  });

  test('a domain failure keeps its code and its human sentence', async () => {
    // The API refuses a file without the header row at once, so the worker's own guard is
    // reached with a stored input that changed under it (as from an older API): the worker
    // is stopped while the stored file is replaced.
    await worker.close();
    const r = await upload(T.adminToken, 'email,displayName\nx@example.com,X\n');
    expect(r.status).toBe(202);
    await owner.query(`UPDATE job_chunks SET data = convert_to('name,mail' || chr(10) || 'x,y', 'UTF8') WHERE job_id = $1 AND kind = 'input'`, [r.body.id]);
    worker = startTestWorker(testConfig({ QUEUE_PREFIX: prefix }), createLogger({ level: 'silent', service: 'worker-test' }));
    const done = await finished(T.adminToken, r.body.id);
    expect(done).toMatchObject({
      state: 'failed',
      attempts: 1,
      failureCode: 'SENTINEL_JOB_INPUT_INVALID',
      failureReason: 'The CSV header must name the columns email and displayName (and optionally role)',
    });
  });
});

describe('import roles', () => {
  test('in a tenant, a row without a role is a member; tenant_admin only when named', async () => {
    const tag = randomBytes(3).toString('hex');
    const r = await upload(T.adminToken, `email,displayName,role\nplain-${tag}@example.com,Plain,\nboss-${tag}@example.com,Boss,tenant_admin\n`);
    const done = await finished(T.adminToken, r.body.id);
    expect(done.result).toMatchObject({ created: 2, failed: 0 });
    const users = await fx.db.prisma.user.findMany({ where: { tenantId: T.tenant.id, email: { endsWith: `-${tag}@example.com` } }, orderBy: { email: 'asc' } });
    expect(users.map((u) => [u.email.split('-')[0], u.role])).toEqual([
      ['boss', 'tenant_admin'],
      ['plain', 'member'],
    ]);
  });

  test("a platform admin's import into the platform tenant: every row must name platform_admin, else it is a row error", async () => {
    const tag = randomBytes(3).toString('hex');
    const csv = [
      'email,displayName,role',
      `named-${tag}@example.com,Named,platform_admin`,
      `norole-${tag}@example.com,No Role,`,
      `member-${tag}@example.com,Member,member`,
      `tadmin-${tag}@example.com,Tenant Admin,tenant_admin`,
    ].join('\n');
    const r = await upload(P.token, csv);
    expect(r.status).toBe(202);
    const done = await finished(P.token, r.body.id);
    expect(done.state).toBe('completed');
    expect(done.result).toMatchObject({ processed: 4, created: 1, failed: 3 });
    expect(done.result.errors).toEqual([2, 3, 4].map((n) => ({ line: n + 1, field: 'role', message: expect.stringMatching(/platform_admin/) })));
    const created = await fx.db.prisma.user.findMany({ where: { tenantId: PLATFORM_TENANT_ID, email: { endsWith: `-${tag}@example.com` } } });
    expect(created.map((u) => [u.email, u.role])).toEqual([[`named-${tag}@example.com`, 'platform_admin']]);

    // A file without a role column grants nothing at all.
    const bare = await upload(P.token, `email,displayName\n${uniq('bare')}@example.com,Bare\n`);
    const bareDone = await finished(P.token, bare.body.id);
    expect(bareDone.result).toMatchObject({ processed: 1, created: 0, failed: 1, errors: [{ line: 2, field: 'role' }] });
  });
});
