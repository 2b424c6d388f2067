// A tenant's first admin through the API (TENANT_SOURCE=api), end to end. Real:
// PostgreSQL (RLS), Redis/BullMQ with a fresh prefix, the worker in this process,
// nodemailer over SMTP to a real SMTP server started here, the API over HTTP.
import { randomUUID } from 'node:crypto';
import { PLATFORM_TENANT_ID } from '@sentinel/platform';
import { call, expectProblem, login, startApi, uniq } from './helpers/stack.js';
import { tokenFrom } from './helpers/smtp.js';
import { useFixture } from './helpers/suite.js';
import { useWorkerStack } from './helpers/worker.js';

const PASSWORD = 'Quiet-otter-stands-by-9-lanterns';
const { prefix, api, fx, smtp } = useWorkerStack('admins', { smtp: true, api: { TENANT_SOURCE: 'api' } });
const P = useFixture(() => fx.platformAdmin(api.url));

const newTenant = (body: Record<string, unknown>, token = P.token) => call(api.url, 'POST', '/api/v1/tenants', { token, body });
const addAdmin = (tenantId: string, body: Record<string, unknown>, token = P.token) =>
  call(api.url, 'POST', `/api/v1/tenants/${tenantId}/admins`, { token, body });

/** Waits for the n-th mail to `email`, accepts its invitation and returns the new session's access token. */
async function acceptMail(email: string, n = 1): Promise<string> {
  await smtp.waitFor(() => smtp.to(email).length >= n);
  const accepted = await call(api.url, 'POST', '/api/v1/auth/accept-invite', { body: { token: tokenFrom(smtp.to(email)[n - 1]!), password: PASSWORD } });
  expect(accepted.status).toBe(200);
  return accepted.body.accessToken;
}

const auditOf = (tenantId: string, targetId: string) =>
  fx.db.prisma.auditLog.findMany({ where: { tenantId, targetId }, orderBy: { createdAt: 'asc' }, select: { action: true, actorId: true, changes: true } });

test('a tenant created with an admin: one mail, accept, the new tenant admin signs in and lists the users; audited in both tenants', async () => {
  const slug = uniq('acme');
  const email = `${uniq('Boss')}@Example.com`;
  const r = await newTenant({ slug, displayName: 'Acme', plan: 'pro', admin: { email, displayName: 'The Boss' } });
  expect(r.status).toBe(201);
  const lower = email.toLowerCase();
  expect(r.body).toMatchObject({ slug, displayName: 'Acme', managedBy: 'api' });
  expect(r.body.admin).toMatchObject({ email: lower, displayName: 'The Boss', role: 'tenant_admin', created: true, invitation: { queued: true } });
  const tenantId: string = r.body.id;
  const { userId, invitation } = r.body.admin;

  const token = await acceptMail(lower);
  const mail = smtp.to(lower)[0]!;
  expect(mail.raw).toMatch(/Subject: You are invited to Acme on Sentinel/);
  const me = await call(api.url, 'GET', '/api/v1/auth/me', { token });
  expect(me.body.user).toMatchObject({ id: userId, tenantId, email: lower, role: 'tenant_admin' });
  // The password works for a normal login to the new tenant's slug.
  const again = await login(api.url, slug, lower, PASSWORD);
  const users = await call(api.url, 'GET', '/api/v1/users', { token: again });
  expect(users.status).toBe(200);
  expect(users.body.items).toEqual([expect.objectContaining({ id: userId, email: lower, role: 'tenant_admin', hasPassword: true })]);

  // The tenant admin sees who set them up, in their own audit log.
  const log = await call(api.url, 'GET', `/api/v1/audit-logs?targetId=${userId}&sort=createdAt`, { token: again });
  expect(log.body.items.map((a: { action: string }) => a.action)).toEqual(['user.create', 'user.invite', 'user.invitation_accepted', 'auth.login']);
  expect(log.body.items[0]).toMatchObject({ actorId: P.user.id, changes: { role: 'tenant_admin', invited: true, by: 'platform_admin' } });
  // The platform's own audit log has the tenant and the grant, by the platform admin.
  const platform = await auditOf(PLATFORM_TENANT_ID, tenantId);
  expect(platform.map((a) => a.action)).toEqual(['tenant.create', 'tenant.add_admin']);
  expect(platform.every((a) => a.actorId === P.user.id)).toBe(true);
  expect(platform[1]!.changes).toMatchObject({ userId, email: lower, created: true, invitationId: invitation.invitationId });

  // The mail was a job of the new tenant, and it completed.
  const job = await call(api.url, 'GET', `/api/v1/jobs/${invitation.jobId}`, { token: again });
  expect(job.body).toMatchObject({ tenantId, name: 'user.invite', state: 'completed', createdBy: P.user.id });
});

test('bad input is a 400 naming the field, and creates no tenant', async () => {
  const slug = uniq('bad');
  for (const [admin, field] of [
    [{ email: 'not-an-email' }, 'body.admin.email'],
    [{}, 'body.admin.email'],
    [{ email: 'ok@example.com', displayName: 'x\u0007y' }, 'body.admin.displayName'],
    [{ email: 'ok@example.com', role: 'platform_admin' }, 'body.admin.role'],
    ['ok@example.com', 'body.admin'],
  ] as const) {
    const r = await newTenant({ slug, displayName: 'Bad', admin });
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  }
  expect(await fx.db.prisma.tenant.count({ where: { slug } })).toBe(0);

  const t = await fx.tenant();
  for (const [body, field] of [
    [{ email: 'nope' }, 'body.email'],
    [{ email: 'ok@example.com', displayName: '' }, 'body.displayName'],
    [{ email: 'ok@example.com', extra: 1 }, 'body.extra'],
  ] as const) {
    const r = await addAdmin(t.id, body);
    expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  }
  const bad = await call(api.url, 'POST', '/api/v1/tenants/not-a-uuid/admins', { token: P.token, body: { email: 'ok@example.com' } });
  expectProblem(bad, 400, 'SENTINEL_VALIDATION_FAILED');
  expect(bad.body.errors[0].field).toBe('params.id');
  expect(await fx.db.prisma.user.count({ where: { tenantId: t.id } })).toBe(0);
});

test('tenant admins and members can neither create tenants with admins nor add admins, to any tenant', async () => {
  const T = await fx.tenantWithUsers(api.url);
  const other = await fx.tenant();
  for (const token of [T.adminToken, T.memberToken]) {
    expectProblem(await newTenant({ slug: uniq('x'), displayName: 'X', admin: { email: 'a@example.com' } }, token), 403, 'SENTINEL_FORBIDDEN');
    for (const id of [T.tenant.id, other.id, PLATFORM_TENANT_ID])
      expectProblem(await addAdmin(id, { email: `${uniq('sneaky')}@example.com` }, token), 403, 'SENTINEL_FORBIDDEN');
  }
  expect(await fx.db.prisma.user.count({ where: { tenantId: { in: [T.tenant.id, other.id] }, email: { startsWith: 'sneaky' } } })).toBe(0);
});

test('adding an admin to an existing tenant: invite a new user, invite again with a fresh link, promote a member, no-op for an admin', async () => {
  const t = await fx.tenant();
  const email = `${uniq('later')}@example.com`;
  const first = await addAdmin(t.id, { email });
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ email, displayName: email.split('@')[0], created: true, invitation: { queued: true } });
  await smtp.waitFor(() => smtp.to(email).length === 1);
  const oldToken = tokenFrom(smtp.to(email)[0]!);

  // The mail got lost: asking again sends a new link and voids the old one.
  const second = await addAdmin(t.id, { email });
  expect(second.status).toBe(200);
  expect(second.body).toMatchObject({ userId: first.body.userId, created: false, invitation: { queued: true } });
  expect(second.body.invitation.invitationId).not.toBe(first.body.invitation.invitationId);
  expectProblem(
    await call(api.url, 'POST', '/api/v1/auth/accept-invite', { body: { token: oldToken, password: PASSWORD } }),
    400,
    'SENTINEL_INVITATION_INVALID',
  );
  const token = await acceptMail(email, 2);
  expect((await call(api.url, 'GET', '/api/v1/users', { token })).status).toBe(200);

  // Once the admin has a password: nothing to send, nothing changes.
  const third = await addAdmin(t.id, { email });
  expect(third.status).toBe(200);
  expect(third.body).toMatchObject({ userId: first.body.userId, created: false, invitation: null });
  await new Promise((r) => setTimeout(r, 300));
  expect(smtp.to(email)).toHaveLength(2);

  // A member is promoted (and keeps their password).
  const member = await fx.user(t.id, { role: 'member' });
  const promoted = await addAdmin(t.id, { email: member.email });
  expect(promoted.status).toBe(200);
  expect(promoted.body).toMatchObject({ userId: member.id, created: false, invitation: null, role: 'tenant_admin' });
  const memberToken = await login(api.url, t.slug, member.email, member.password);
  expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: memberToken })).body.user.role).toBe('tenant_admin');
  const audit = (await auditOf(t.id, member.id)).filter((a) => a.action !== 'auth.login');
  expect(audit).toEqual([
    expect.objectContaining({ action: 'user.update', actorId: P.user.id, changes: { role: { from: 'member', to: 'tenant_admin' }, by: 'platform_admin' } }),
  ]);
});

test('refused: the platform tenant, unknown tenants, tenants owned by a Tenant resource, a full tenant, TENANT_SOURCE=kubernetes', async () => {
  const email = `${uniq('nope')}@example.com`;
  expectProblem(await addAdmin(PLATFORM_TENANT_ID, { email }), 409, 'SENTINEL_TENANT_RESERVED');
  expectProblem(await addAdmin(randomUUID(), { email }), 404, 'SENTINEL_NOT_FOUND');

  const { tenant: owned } = await fx.provisioning.applyResource(
    { tenantId: PLATFORM_TENANT_ID, userId: null },
    { uid: `uid-${uniq('r')}`, slug: uniq('owned'), displayName: 'Owned', plan: 'pro', status: 'active', maxUsers: null },
  );
  expectProblem(await addAdmin(owned.id, { email }), 409, 'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES');

  // limits.maxUsers holds: a new user is refused, promoting an existing one is not.
  const full = await fx.tenant();
  const member = await fx.user(full.id, { role: 'member' });
  await fx.db.prisma.tenant.update({ where: { id: full.id }, data: { maxUsers: 1 } });
  expectProblem(await addAdmin(full.id, { email }), 409, 'SENTINEL_TENANT_USER_LIMIT');
  expect((await addAdmin(full.id, { email: member.email })).status).toBe(200);
  expect(await fx.db.prisma.user.count({ where: { tenantId: full.id } })).toBe(1);
  expect(smtp.to(email)).toHaveLength(0);

  const k8s = await startApi({ QUEUE_PREFIX: prefix, TENANT_SOURCE: 'kubernetes' });
  try {
    const t = await fx.tenant();
    expectProblem(
      await call(k8s.url, 'POST', '/api/v1/tenants', { token: P.token, body: { slug: uniq('k'), displayName: 'K', admin: { email } } }),
      409,
      'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES',
    );
    expectProblem(
      await call(k8s.url, 'POST', `/api/v1/tenants/${t.id}/admins`, { token: P.token, body: { email } }),
      409,
      'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES',
    );
    expect(await fx.db.prisma.user.count({ where: { tenantId: t.id } })).toBe(0);
  } finally {
    await k8s.close();
  }
});
