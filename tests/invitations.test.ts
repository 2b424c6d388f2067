// The invitation job end to end. Real: PostgreSQL (RLS), Redis with BullMQ (a fresh
// queue prefix for this file), the worker's processors in this process, nodemailer
// over SMTP to a real SMTP server started here, the API over HTTP.
import { randomUUID } from 'node:crypto';
import { JobProducer, bullConnection, createLogger } from '@sentinel/platform';
import { createMailer } from '../services/worker/src/mailer.js';
import { processInvite, processInviteAdmin } from '../services/worker/src/processors/invite.js';
import { call, expectProblem, getUntil, login, uniq } from './helpers/stack.js';
import { tokenFrom } from './helpers/smtp.js';
import { lateBound, useFixture } from './helpers/suite.js';
import { useWorkerStack } from './helpers/worker.js';
import { waitFor } from './helpers/wait.js';

const { prefix, api, fx, smtp, worker } = useWorkerStack('invite', { smtp: true, worker: { WORKER_CONCURRENCY: '4' } });
const workerConfig = lateBound(() => worker.config);
const workerDb = lateBound(() => worker.appDb);
let producer: JobProducer;
let producerConn: ReturnType<typeof bullConnection>;
const T = useFixture(() => fx.tenantWithUsers(api.url));

beforeAll(() => {
  producerConn = bullConnection(workerConfig, { forWorker: false });
  producer = new JobProducer(producerConn, prefix);
});
afterAll(async () => {
  await producer.close();
  await producerConn.quit();
});

async function jobState(id: string) {
  const queue = producer.queue('mail');
  const state = await queue.getJobState(id);
  // Read the job after its state, so its fields are at least as new as the state.
  const job = await queue.getJob(id);
  return { state, attemptsMade: job?.attemptsMade, failedReason: job?.failedReason };
}

const waitForState = (id: string, states: string[], ms = 15_000) =>
  waitFor(
    `job ${id} in ${states.join(' or ')}`,
    async () => {
      const s = await jobState(id);
      if (s.state && states.includes(s.state)) return s;
      throw new Error(`still ${JSON.stringify(s)}`);
    },
    ms,
    25,
  );

const invited = async (email = `${uniq('inv')}@example.com`) => {
  const r = await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, body: { email, displayName: 'Invitee' } });
  expect(r.status).toBe(201);
  return { user: r.body, email };
};

test('a user created without a password gets one invitation mail over SMTP, sets a password with it and is logged in', async () => {
  const { user, email } = await invited();
  expect(user.hasPassword).toBe(false);
  await smtp.waitFor(() => smtp.to(email).length === 1);
  const mail = smtp.to(email)[0]!;
  expect(mail.raw).toMatch(/Subject: You are invited to Test tenant on Sentinel/);
  expect(mail.raw).toMatch(/Message-ID: <invitation-[0-9a-f-]+@sentinel>/i);
  const token = tokenFrom(mail);
  const accepted = await call(api.url, 'POST', '/api/v1/auth/accept-invite', { body: { token, password: 'my-chosen-password' } });
  expect(accepted.status).toBe(200);
  expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: accepted.body.accessToken })).body.user.email).toBe(email);
  expect(await login(api.url, T.tenant.slug, email, 'my-chosen-password')).toBeTruthy();
  // Single use.
  const again = await call(api.url, 'POST', '/api/v1/auth/accept-invite', { body: { token, password: 'another-password-1' } });
  expectProblem(again, 400, 'SENTINEL_INVITATION_INVALID');
  expect(again.body.errors[0].field).toBe('body.token');
  const audit = await call(api.url, 'GET', `/api/v1/audit-logs?targetId=${user.id}&sort=createdAt`, { token: T.adminToken });
  expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(['user.create', 'user.invitation_accepted', 'auth.login']);
  // The mail went out once, and the database knows it.
  await new Promise((r) => setTimeout(r, 200));
  expect(smtp.to(email)).toHaveLength(1);
  expect((await fx.db.prisma.invitation.findFirstOrThrow({ where: { userId: user.id } })).sentAt).toBeInstanceOf(Date);
});

test('enqueuing the same invitation twice, and processing it again, sends one mail', async () => {
  const { user, email } = await invited();
  await smtp.waitFor(() => smtp.to(email).length === 1);
  const inv = await fx.db.prisma.invitation.findFirstOrThrow({ where: { userId: user.id } });
  const id1 = await producer.enqueue('user.invite', { tenantId: T.tenant.id, invitationId: inv.id }, inv.id);
  const id2 = await producer.enqueue('user.invite', { tenantId: T.tenant.id, invitationId: inv.id }, inv.id);
  expect(id2).toBe(id1);
  // A retry after a crash runs the processor again on the same invitation.
  const mailer = createMailer(workerConfig, createLogger({ level: 'silent', service: 'x' }));
  expect(await processInvite({ config: workerConfig, appDb: workerDb, mailer }, { tenantId: T.tenant.id, invitationId: inv.id })).toBe('already-sent');
  mailer.close();
  await new Promise((r) => setTimeout(r, 300));
  expect(smtp.to(email)).toHaveLength(1);
});

test('a poison job (invalid payload) fails at once as terminal, without retries', async () => {
  const job = await producer
    .queue('mail')
    .add('user.invite', { payload: { tenantId: 'nope' } }, { jobId: `poison-${uniq('p')}`, attempts: 5, backoff: { type: 'fixed', delay: 10 } });
  const s = await waitForState(job.id!, ['failed']);
  expect(s.attemptsMade).toBe(1);
  expect(s.failedReason).toMatch(/invalid payload for user.invite: tenantId/);
});

test("a job naming tenant A but another tenant's invitation finds nothing and sends nothing", async () => {
  const B = await fx.tenantWithUsers(api.url);
  const r = await call(api.url, 'POST', '/api/v1/users', { token: B.adminToken, body: { email: `${uniq('b')}@example.com`, displayName: 'B invitee' } });
  const bInv = await fx.db.prisma.invitation.findFirstOrThrow({ where: { userId: r.body.id } });
  await smtp.waitFor(() => smtp.to(r.body.email).length === 1);
  const id = await producer.enqueue('user.invite', { tenantId: T.tenant.id, invitationId: bInv.id }, `cross-${bInv.id}`);
  const s = await waitForState(id, ['failed']);
  expect(s.failedReason).toMatch(/^The invitation no longer exists/);
  expect(s.attemptsMade).toBe(1);
  expect(smtp.to(r.body.email)).toHaveLength(1);
});

test('re-inviting sends a new link and voids the old one; a user with a password cannot be re-invited', async () => {
  const { user, email } = await invited();
  await smtp.waitFor(() => smtp.to(email).length === 1);
  const oldToken = tokenFrom(smtp.to(email)[0]!);
  const r = await call(api.url, 'POST', `/api/v1/users/${user.id}/invite`, { token: T.adminToken });
  expect(r.status).toBe(202);
  expect(r.body).toMatchObject({ userId: user.id, queued: true });
  await smtp.waitFor(() => smtp.to(email).length === 2);
  const newToken = tokenFrom(smtp.to(email)[1]!);
  expect(newToken).not.toBe(oldToken);
  expectProblem(
    await call(api.url, 'POST', '/api/v1/auth/accept-invite', { body: { token: oldToken, password: 'my-chosen-password' } }),
    400,
    'SENTINEL_INVITATION_INVALID',
  );
  expect((await call(api.url, 'POST', '/api/v1/auth/accept-invite', { body: { token: newToken, password: 'my-chosen-password' } })).status).toBe(200);
  expectProblem(await call(api.url, 'POST', `/api/v1/users/${user.id}/invite`, { token: T.adminToken }), 409, 'SENTINEL_USER_HAS_PASSWORD');
  expectProblem(await call(api.url, 'POST', `/api/v1/users/${user.id}/invite`, { token: T.memberToken }), 403, 'SENTINEL_FORBIDDEN');
});

test('forged, mangled and foreign invitation tokens are refused', async () => {
  const { email } = await invited();
  await smtp.waitFor(() => smtp.to(email).length === 1);
  const token = tokenFrom(smtp.to(email)[0]!);
  const [tid, iid] = token.split('.');
  for (const bad of ['garbage', `${tid}.${iid}.${'A'.repeat(43)}`, `${T.member.id}.${iid}.${token.split('.')[2]}`, token + 'x'])
    expectProblem(
      await call(api.url, 'POST', '/api/v1/auth/accept-invite', { body: { token: bad, password: 'my-chosen-password' } }),
      400,
      'SENTINEL_INVITATION_INVALID',
    );
});

describe('GET /jobs and retries', () => {
  const waitForJob = (token: string, id: string, states: string[]) => getUntil(api.url, token, `/api/v1/jobs/${id}`, (j) => states.includes(j.state), 15_000);

  test('an invitation mail is a job its tenant admin can follow to completion', async () => {
    const { user, email } = await invited();
    await smtp.waitFor(() => smtp.to(email).length === 1);
    const r = await call(api.url, 'POST', `/api/v1/users/${user.id}/invite`, { token: T.adminToken });
    expect(r.status).toBe(202);
    const job = await waitForJob(T.adminToken, r.body.jobId, ['completed']);
    expect(job).toMatchObject({
      id: r.body.jobId,
      tenantId: T.tenant.id,
      name: 'user.invite',
      attempts: 1,
      failureReason: null,
      result: 'sent',
      createdBy: T.admin.id,
    });
    const list = await call(api.url, 'GET', '/api/v1/jobs?name=user.invite&limit=100', { token: T.adminToken });
    expect(list.body.items.map((j: { id: string }) => j.id)).toContain(r.body.jobId);
    expect(new Set(list.body.items.map((j: { tenantId: string }) => j.tenantId))).toEqual(new Set([T.tenant.id]));
  });

  test('a failed job shows its reason; only platform admins retry it; another tenant gets 404', async () => {
    const invitationId = randomUUID();
    const row = await fx.db.prisma.job.create({ data: { tenantId: T.tenant.id, name: 'user.invite', payload: { tenantId: T.tenant.id, invitationId } } });
    await producer.enqueue('user.invite', { tenantId: T.tenant.id, invitationId }, row.id, { record: row.id });
    const failed = await waitForJob(T.adminToken, row.id, ['failed']);
    expect(failed).toMatchObject({
      state: 'failed',
      attempts: 1,
      failureCode: 'SENTINEL_JOB_TARGET_GONE',
      failureReason: 'The invitation no longer exists: a newer one replaced it, or its user was deleted',
    });
    expect(failed.finishedAt).not.toBeNull();

    const B = await fx.tenantWithUsers(api.url);
    expectProblem(await call(api.url, 'GET', `/api/v1/jobs/${row.id}`, { token: B.adminToken }), 404, 'SENTINEL_NOT_FOUND');
    // Retrying is for platform admins: another tenant's admin is refused before any lookup.
    expectProblem(await call(api.url, 'POST', `/api/v1/jobs/${row.id}/retry`, { token: B.adminToken }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'GET', `/api/v1/jobs/${row.id}`, { token: T.memberToken }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'POST', `/api/v1/jobs/${row.id}/retry`, { token: T.adminToken }), 403, 'SENTINEL_FORBIDDEN');
    expect((await call(api.url, 'GET', `/api/v1/jobs?tenantId=${T.tenant.id}`, { token: B.adminToken })).body.items).toEqual([]);

    // The cause is fixed (the invitation now exists); a platform admin retries.
    const u = await fx.user(T.tenant.id);
    await fx.db.prisma.user.update({ where: { tenantId_id: { tenantId: T.tenant.id, id: u.id } }, data: { passwordHash: null } });
    const { invitationToken } = await import('@sentinel/platform');
    const { invitationTokenHash } = await import('@sentinel/platform/testing');
    await fx.db.prisma.invitation.create({
      data: {
        tenantId: T.tenant.id,
        id: invitationId,
        userId: u.id,
        tokenHash: invitationTokenHash(invitationToken(api.config.INVITATION_SECRET, T.tenant.id, invitationId)),
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const admin = await fx.platformAdmin(api.url);
    const retried = await call(api.url, 'POST', `/api/v1/jobs/${row.id}/retry`, { token: admin.token });
    expect(retried.status).toBe(202);
    const done = await waitForJob(admin.token, row.id, ['completed']);
    expect(done).toMatchObject({ state: 'completed', failureReason: null, result: 'sent' });
    await smtp.waitFor(() => smtp.to(u.email).length === 1);
    expectProblem(await call(api.url, 'POST', `/api/v1/jobs/${row.id}/retry`, { token: admin.token }), 409, 'SENTINEL_JOB_NOT_FAILED');
    const all = await call(api.url, 'GET', `/api/v1/jobs?tenantId=${T.tenant.id}&state=completed&limit=100`, { token: admin.token });
    expect(all.body.items.map((j: { id: string }) => j.id)).toContain(row.id);
  });
});

test("a Tenant resource's first admin: the worker creates the tenant admin, mails one invitation, and a repeat is a no-op", async () => {
  const tenant = await fx.tenant();
  const email = `${uniq('boss')}@example.com`;
  const id1 = await producer.enqueue('tenant.invite-admin', { tenantId: tenant.id, email: email.toUpperCase() }, `tenant-admin-${tenant.id}`);
  await waitForState(id1, ['completed']);
  await smtp.waitFor(() => smtp.to(email).length === 1);
  const admin = await fx.db.prisma.user.findFirstOrThrow({ where: { tenantId: tenant.id, email } });
  expect(admin).toMatchObject({ role: 'tenant_admin', passwordHash: null });

  // Processed again (a retry, a re-queue after Redis lost it): the pending invitation is reused, nothing is sent twice.
  const mailer = createMailer(workerConfig, createLogger({ level: 'silent', service: 'x' }));
  expect(await processInviteAdmin({ config: workerConfig, appDb: workerDb, mailer }, { tenantId: tenant.id, email })).toBe('already-sent');
  mailer.close();
  expect(await fx.db.prisma.invitation.count({ where: { tenantId: tenant.id, userId: admin.id } })).toBe(1);

  const accepted = await call(api.url, 'POST', '/api/v1/auth/accept-invite', {
    body: { token: tokenFrom(smtp.to(email)[0]!), password: 'the-boss-password-1' },
  });
  expect(accepted.status).toBe(200);
  expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: accepted.body.accessToken })).body.user.role).toBe('tenant_admin');
  const mailer2 = createMailer(workerConfig, createLogger({ level: 'silent', service: 'x' }));
  expect(await processInviteAdmin({ config: workerConfig, appDb: workerDb, mailer: mailer2 }, { tenantId: tenant.id, email })).toBe('has-password');
  mailer2.close();
  expect(smtp.to(email)).toHaveLength(1);
});

test("a Tenant resource's admin follows the platform admin's rule: an existing member is promoted and invited; a full tenant fails the job at once", async () => {
  const A = await fx.tenantWithUsers(api.url);
  // The fixture's member has a password: promoted, audited, not invited.
  const id = await producer.enqueue('tenant.invite-admin', { tenantId: A.tenant.id, email: A.member.email }, `tenant-admin-m-${A.tenant.id}`);
  await waitForState(id, ['completed']);
  const member = await fx.db.prisma.user.findFirstOrThrow({ where: { tenantId: A.tenant.id, email: A.member.email } });
  expect(member.role).toBe('tenant_admin');
  const promoted = await fx.db.prisma.auditLog.findFirst({ where: { tenantId: A.tenant.id, action: 'user.update', targetId: member.id } });
  expect(promoted?.changes).toMatchObject({ role: { from: 'member', to: 'tenant_admin' }, via: 'Tenant resource' });
  expect(smtp.to(A.member.email)).toHaveLength(0);

  // A tenant at its limits.maxUsers: no user is created, and retrying cannot help.
  const B = await fx.tenantWithUsers(api.url);
  const users = await fx.db.prisma.user.count({ where: { tenantId: B.tenant.id } });
  await fx.db.prisma.tenant.update({ where: { id: B.tenant.id }, data: { maxUsers: users } });
  const email = `${uniq('full')}@example.com`;
  const full = await producer.enqueue('tenant.invite-admin', { tenantId: B.tenant.id, email }, `tenant-admin-f-${B.tenant.id}`);
  const s = await waitForState(full, ['failed']);
  expect(s.attemptsMade).toBe(1);
  expect(s.failedReason).toMatch(/spec\.limits\.maxUsers/);
  expect(await fx.db.prisma.user.count({ where: { tenantId: B.tenant.id } })).toBe(users);
});
