// Data rights (issue #16, docs/data-rights.md): erasing a user removes their email and name
// from every row of the database, pseudonymises the audit trail without losing a row, and
// leaves a tombstone; deleting a tenant through the API ends where the controller's
// deletionPolicy Delete ends. Real: PostgreSQL with RLS (scanned as the owner), Redis, the
// API over HTTP, the worker's BullMQ pipeline (webhook deliveries, the import, the export)
// and a local webhook receiver. One stand-in, named where it is written: a job result
// echoing the email (no processor writes one today; the erasure must still find it).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { DirectAccess, OwnerDb, PLATFORM_TENANT_ID, Provisioning, base32Decode, createLogger, totp } from '@sentinel/platform';
import { webhookEventBody } from '../services/api/src/modules/webhooks/schemas.js';
import { call, expectProblem, finalState, getUntil, loginPair, sqlAs, testConfig, uniq } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { waitFor } from './helpers/wait.js';
import { useWorkerStack } from './helpers/worker.js';

const { api, fx } = useWorkerStack('erasure', { api: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' }, worker: { WEBHOOK_ALLOW_HOSTS: '127.0.0.1' } });
const owner = useFixture(
  () => sqlAs(process.env.DATABASE_URL!),
  (c) => c.end(),
);

/** A local webhook receiver that records every body. */
const receiver = useFixture(
  async () => {
    const bodies: string[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString());
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { bodies, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, close: () => new Promise((r) => server.close(r)) };
  },
  (r) => r.close(),
);

const PASSWORD = 'quiet-lantern-orbit-47';

/** Every row of every text, json and array column of every table, as text, that contains one of `needles` (case-insensitive). */
async function scan(needles: string[]): Promise<{ table: string; column: string; hits: number }[]> {
  const cols = await owner.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED', 'uuid')`,
  );
  const found: { table: string; column: string; hits: number }[] = [];
  for (const { table_name, column_name } of cols.rows) {
    const r = await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE "${column_name}"::text ILIKE ANY($1::text[])`, [
      needles.map((n) => `%${n}%`),
    ]);
    if (r.rows[0]!.n > 0) found.push({ table: table_name, column: column_name, hits: r.rows[0]!.n });
  }
  return found;
}

describe('erasing a user', () => {
  const tag = Date.now().toString(36);
  const email = `zq.erasure-${tag}@example.org`;
  const firstName = `Quillon Erasmus ${tag}`;
  const laterName = `Quillon Renamed ${tag}`;

  test('removes their email and names from every table, keeps every audit row under one pseudonym, leaves a tombstone', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const other = await fx.tenantWithUsers(api.url);
    const asAdmin = { token: T.adminToken };

    // A webhook endpoint hearing user events: the outbox and deliveries will hold the email.
    const endpoint = await call(api.url, 'POST', '/api/v1/webhooks/endpoints', {
      ...asAdmin,
      body: { url: receiver.url, eventTypes: ['user.created', 'user.updated', 'user.invited', 'user.deleted'] },
    });
    expect(endpoint.status).toBe(201);

    // Invited (an invitation row, a user.invited event), then given a password, renamed, made an admin.
    const created = await call(api.url, 'POST', '/api/v1/users', { ...asAdmin, body: { email, displayName: firstName, role: 'tenant_admin' } });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect((await call(api.url, 'PATCH', `/api/v1/users/${id}`, { ...asAdmin, body: { password: PASSWORD, displayName: laterName } })).status).toBe(200);

    // Signed in (a session); acts as an admin (audit rows as actor); creates an API key; enrols MFA.
    // A mistyped password first: Redis counts sign-in failures per account, the email in the key.
    expect((await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email, password: 'not-the-password' } })).status).toBe(401);
    const session = await loginPair(api.url, T.tenant.slug, email, PASSWORD);
    const me = { token: session.accessToken };
    expect((await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, { ...me, body: { displayName: 'Renamed by the subject' } })).status).toBe(200);
    const key = await call(api.url, 'POST', '/api/v1/api-keys', { ...me, body: { name: 'CI key', scopes: ['users:read'] } });
    expect(key.status).toBe(201);
    // What they set up for the tenant stays the tenant's: an invitation they sent (its mail job), an endpoint.
    const invited = await call(api.url, 'POST', '/api/v1/users', { ...me, body: { email: `invitee-${tag}@example.org`, displayName: 'Invitee' } });
    expect(invited.status).toBe(201);
    const theirs = await call(api.url, 'POST', '/api/v1/webhooks/endpoints', { ...me, body: { url: receiver.url, eventTypes: ['user.deleted'] } });
    expect(theirs.status).toBe(201);
    const enrol = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment', me);
    expect(enrol.status).toBe(201);
    const confirm = await call(api.url, 'POST', '/api/v1/auth/mfa/enrolment/confirm', {
      ...me,
      body: { code: totp(base32Decode(enrol.body.secret), Date.now()) },
    });
    expect(confirm.status).toBe(200);

    // An import naming the email (its CSV is kept as the job's input) and an audit export (a file holding it).
    const csv = `email,displayName\n${email},${firstName}\nnew-${tag}@example.org,Someone Else\n`;
    const imp = await call(api.url, 'POST', '/api/v1/users/imports', { ...asAdmin, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(imp.status).toBe(202);
    await getUntil(api.url, T.adminToken, `/api/v1/jobs/${imp.body.id}`, finalState);
    const exp = await call(api.url, 'POST', '/api/v1/audit-logs/exports', { ...asAdmin, body: { format: 'csv' } });
    expect(exp.status).toBe(202);
    await getUntil(api.url, T.adminToken, `/api/v1/audit-logs/exports/${exp.body.id}`, finalState);
    // A full tenant export (a compressed archive holding every table, the user among them).
    const full = await call(api.url, 'POST', `/api/v1/tenants/${T.tenant.id}/exports`, asAdmin);
    expect(full.status).toBe(202);
    await getUntil(api.url, T.adminToken, `/api/v1/tenants/${T.tenant.id}/exports/${full.body.id}`, finalState);
    // Stand-in for a single sign-on (which needs an OpenID provider): the identity row it leaves, naming the email.
    await owner.query(`INSERT INTO user_identities (tenant_id, user_id, issuer, subject, email) VALUES ($1, $2, 'https://idp.example.com', 'sub-1', $3)`, [
      T.tenant.id,
      id,
      email,
    ]);
    // Stand-in: a job result echoing the email, as an import row error could.
    await owner.query(
      `INSERT INTO jobs (tenant_id, name, payload, state, result, finished_at) VALUES ($1, 'users.import', '{}', 'completed', $2::jsonb, now())`,
      [T.tenant.id, JSON.stringify({ created: 0, errors: [{ line: 2, field: 'email', message: `${email} (${firstName}) is already used` }] })],
    );
    await waitFor('deliveries sent', async () => receiver.bodies.filter((b) => b.includes(email)).length >= 3, 20_000);

    // Everywhere before: the scan finds the person in the tables the erasure must rewrite.
    const before = await scan([email, firstName, laterName]);
    expect(before.map((h) => h.table)).toEqual(expect.arrayContaining(['users', 'audit_logs', 'webhook_events', 'jobs']));
    const redisKeys = () => api.deps.redis.keys(`*${email}*`);
    expect((await redisKeys()).length).toBeGreaterThanOrEqual(2);
    const auditIds = (await owner.query<{ id: string }>('SELECT id FROM audit_logs WHERE tenant_id = $1 ORDER BY id', [T.tenant.id])).rows.map((r) => r.id);
    const asActor = (await owner.query('SELECT 1 FROM audit_logs WHERE tenant_id = $1 AND actor_id = $2', [T.tenant.id, id])).rowCount;
    expect(asActor).toBeGreaterThanOrEqual(4);

    // Refused: a member, another tenant's admin (the user is not theirs to know), oneself.
    expectProblem(await call(api.url, 'POST', `/api/v1/users/${id}/erase`, { token: T.memberToken }), 403, 'SENTINEL_FORBIDDEN');
    expectProblem(await call(api.url, 'POST', `/api/v1/users/${id}/erase`, { token: other.adminToken }), 404, 'SENTINEL_NOT_FOUND');
    expectProblem(await call(api.url, 'POST', `/api/v1/users/${id}/erase`, me), 403, 'SENTINEL_FORBIDDEN');
    expect((await call(api.url, 'GET', `/api/v1/users/${id}`, asAdmin)).status).toBe(200);

    const erased = await call(api.url, 'POST', `/api/v1/users/${id}/erase`, asAdmin);
    expect(erased.status).toBe(200);
    const { pseudonym, pseudonymId } = erased.body;
    expect(pseudonym).toMatch(/^erased-user-[0-9a-f]{32}$/);
    expect(erased.body).toMatchObject({
      tenantId: T.tenant.id,
      subjectHash: createHash('sha256').update(id).digest('hex'),
      requestedBy: T.admin.id,
      requestedByKind: 'user',
      counts: { refresh_tokens: 1, invitations: 1, user_mfa: 1, api_keys: 1, webhook_endpoints: 1 },
    });
    expect(erased.body.counts.audit_logs).toBeGreaterThanOrEqual(asActor!);
    expect(erased.body.counts.job_chunks).toBeGreaterThanOrEqual(2);
    // The archive went with it: its download is gone; a new export is the way to a current one.
    const archive = await call(api.url, 'GET', `/api/v1/tenants/${T.tenant.id}/exports/${full.body.id}/download`, asAdmin);
    expect(archive.status).toBe(410);

    // Nowhere after: not one text, json or array column of any table holds the email or a name.
    expect(await scan([email, firstName, laterName])).toEqual([]);
    const bytes = await owner.query('SELECT 1 FROM job_chunks WHERE position(convert_to($1, $2) in data) > 0', [email, 'UTF8']);
    expect(bytes.rowCount).toBe(0);
    expect(await redisKeys()).toEqual([]);
    // The old id survives once: in the user.deleted event that tells receivers to erase their copy.
    expect(await scan([id])).toEqual([{ table: 'webhook_events', column: 'payload', hits: 1 }]);

    // The audit log keeps every row (plus the erasure's own), the person one pseudonym throughout.
    const after = await owner.query<{
      id: string;
      actor_id: string | null;
      target_id: string | null;
      changes: unknown;
      action: string;
      client_ip: string | null;
    }>('SELECT id, actor_id, target_id, changes, action, client_ip FROM audit_logs WHERE tenant_id = $1 ORDER BY id', [T.tenant.id]);
    const erasureRow = after.rows.find((r) => r.action === 'user.erase')!;
    expect(after.rows.filter((r) => r !== erasureRow).map((r) => r.id)).toEqual(auditIds);
    expect(erasureRow).toMatchObject({
      actor_id: T.admin.id,
      target_id: pseudonymId,
      changes: expect.objectContaining({ pseudonym, erasureId: erased.body.id }),
    });
    const byPseudonym = after.rows.filter((r) => r.actor_id === pseudonymId);
    expect(byPseudonym).toHaveLength(asActor!);
    expect(byPseudonym.every((r) => r.client_ip === null)).toBe(true);
    const created_ = after.rows.find((r) => r.action === 'user.create' && r.target_id === pseudonymId)!;
    expect(created_.changes).toMatchObject({ email: pseudonym, displayName: pseudonym, role: 'tenant_admin' });
    const names = JSON.stringify(after.rows.map((r) => r.changes));
    expect(names).not.toMatch(/erased-user-(?![0-9a-f]{32})/);
    expect(new Set(names.match(/erased-user-[0-9a-f]{32}/g))).toEqual(new Set([pseudonym]));
    const keys = await owner.query('SELECT created_by FROM api_keys WHERE tenant_id = $1 AND id = $2', [T.tenant.id, key.body.id]);
    expect(keys.rows).toEqual([{ created_by: pseudonymId }]);
    const made = await owner.query('SELECT created_by FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2', [T.tenant.id, theirs.body.id]);
    expect(made.rows).toEqual([{ created_by: pseudonymId }]);
    const jobs = await owner.query(`SELECT created_by FROM jobs WHERE tenant_id = $1 AND name = 'user.invite' AND created_by = $2`, [T.tenant.id, pseudonymId]);
    expect(jobs.rowCount).toBe(1);

    // The tombstone: listed for the tenant's admins and the platform's, not for members or other tenants.
    const mine = await call(api.url, 'GET', '/api/v1/erasures', asAdmin);
    expect(mine.body.items).toEqual([erased.body]);
    expect((await call(api.url, 'GET', '/api/v1/erasures', { token: other.adminToken })).body.items).toEqual([]);
    expectProblem(await call(api.url, 'GET', '/api/v1/erasures', { token: T.memberToken }), 403, 'SENTINEL_FORBIDDEN');
    const auditKey = await call(api.url, 'POST', '/api/v1/api-keys', { ...asAdmin, body: { name: 'SIEM', scopes: ['audit:read'] } });
    expect((await call(api.url, 'GET', '/api/v1/erasures', { token: auditKey.body.key })).body.items).toEqual([erased.body]);
    const platform = await fx.platformAdmin(api.url);
    const all = await call(api.url, 'GET', `/api/v1/erasures?tenantId=${T.tenant.id}`, { token: platform.token });
    expect(all.body.items).toEqual([erased.body]);

    // Gone: no sign-in, no token, no session.
    const login = await call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email, password: PASSWORD } });
    expectProblem(login, 401, login.body.code);
    expect((await call(api.url, 'GET', '/api/v1/auth/me', me)).status).toBe(401);
    expect((await call(api.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    expectProblem(await call(api.url, 'POST', `/api/v1/users/${id}/erase`, asAdmin), 404, 'SENTINEL_NOT_FOUND');

    // Receivers hear of it without the person: the user.deleted event carries the id to erase and the pseudonym.
    const deleted = await waitFor('user.deleted delivered', async () => {
      const b = receiver.bodies.find((x) => x.includes('"user.deleted"') && x.includes(id));
      if (!b) throw new Error('not yet');
      return JSON.parse(b) as { type: 'user.deleted'; data: { user: Record<string, unknown> } };
    });
    expect(webhookEventBody('user.deleted').safeParse(deleted).error).toBeUndefined();
    expect(deleted.data.user).toEqual({ id, tenantId: T.tenant.id, email: pseudonym, role: 'tenant_admin', erased: true });
  });

  test('the sign-in counters of every email the person had are forgotten, not only the current one', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const tag = Date.now().toString(36);
    const former = `former.${tag}@example.org`;
    const current = `current.${tag}@example.org`;
    const u = await fx.user(T.tenant.id, { email: former });
    const wrong = (email: string) =>
      call(api.url, 'POST', '/api/v1/auth/login', { body: { tenant: T.tenant.slug, email, password: 'not-the-password-at-all' } });
    // A sign-in records this address in their audit trail (per-address counters are found by it), then a wrong password.
    await loginPair(api.url, T.tenant.slug, former, u.password);
    expectProblem(await wrong(former), 401, 'SENTINEL_AUTH_INVALID_CREDENTIALS');
    expect((await call(api.url, 'PATCH', `/api/v1/users/${u.id}`, { token: T.adminToken, body: { email: current } })).status).toBe(200);
    expectProblem(await wrong(current), 401, 'SENTINEL_AUTH_INVALID_CREDENTIALS');
    const keys = (email: string) => api.deps.redis.keys(`*${email}*`);
    expect((await keys(former)).length).toBeGreaterThan(0);
    expect((await keys(current)).length).toBeGreaterThan(0);
    expect((await call(api.url, 'POST', `/api/v1/users/${u.id}/erase`, { token: T.adminToken })).status).toBe(200);
    expect(await keys(former)).toEqual([]);
    expect(await keys(current)).toEqual([]);
  });

  test('a display name that is also a field name (`email`) is replaced as a value, never as a key', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const tag = Date.now().toString(36);
    const u = await fx.user(T.tenant.id, { email: `keyname.${tag}@example.org` });
    const patch = (body: object) => call(api.url, 'PATCH', `/api/v1/users/${u.id}`, { token: T.adminToken, body });
    expect((await patch({ displayName: 'email' })).status).toBe(200);
    expect((await patch({ email: `keyname2.${tag}@example.org` })).status).toBe(200);
    const erased = await call(api.url, 'POST', `/api/v1/users/${u.id}/erase`, { token: T.adminToken });
    expect(erased.status).toBe(200);
    const { pseudonym, pseudonymId } = erased.body;
    const changes = (
      await owner.query<{ changes: Record<string, unknown> }>(
        `SELECT changes FROM audit_logs WHERE tenant_id = $1 AND action = 'user.update' AND target_id = $2 ORDER BY created_at, id`,
        [T.tenant.id, pseudonymId],
      )
    ).rows.map((r) => r.changes);
    expect(changes).toEqual([{ displayName: { from: pseudonym, to: pseudonym } }, { email: { from: pseudonym, to: pseudonym } }]);
  });

  test('a failure midway leaves nothing half-erased', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const victim = await fx.user(T.tenant.id, { email: `${uniq('half')}@example.org` });
    await call(api.url, 'PATCH', `/api/v1/users/${victim.id}`, { token: T.adminToken, body: { displayName: 'Half Erased Person' } });
    const audit = () => owner.query('SELECT id, actor_id, target_id, changes FROM audit_logs WHERE tenant_id = $1 ORDER BY id', [T.tenant.id]);
    const before = (await audit()).rows;
    // Fault injection (owner, this test only): the tombstone's insert fails after every rewrite ran.
    await owner.query(`CREATE OR REPLACE FUNCTION test_fail_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure before the tombstone'; END $$`);
    await owner.query('CREATE TRIGGER test_fail_erasure BEFORE INSERT ON erasures FOR EACH ROW EXECUTE FUNCTION test_fail_erasure()');
    try {
      const r = await call(api.url, 'POST', `/api/v1/users/${victim.id}/erase`, { token: T.adminToken });
      expect(r.status).toBe(500);
    } finally {
      await owner.query('DROP TRIGGER IF EXISTS test_fail_erasure ON erasures');
      await owner.query('DROP FUNCTION IF EXISTS test_fail_erasure()');
    }
    expect((await audit()).rows).toEqual(before);
    expect(JSON.stringify(before)).toContain('Half Erased Person');
    expect((await call(api.url, 'GET', `/api/v1/users/${victim.id}`, { token: T.adminToken })).body.email).toBe(victim.email);
    expect((await owner.query('SELECT 1 FROM erasures WHERE tenant_id = $1', [T.tenant.id])).rowCount).toBe(0);
  });
});

describe('files holding the email', () => {
  test('an email split by a chunk boundary, and one with letters beyond ASCII, are found: their files go, another stays', async () => {
    const T = await fx.tenantWithUsers(api.url);
    const tag = Date.now().toString(36);
    const plain = await fx.user(T.tenant.id, { email: `split.${tag}@example.org` });
    const accented = await fx.user(T.tenant.id, { email: `zoë.ñandú.${tag}@example.org` });
    // Stand-ins for finished audit exports, chunk by chunk as the worker stores them; the cuts
    // fall where a real export's could (the worker cuts at a byte count, not at a line).
    const file = async (chunks: Buffer[]) => {
      const job = await owner.query<{ id: string }>(
        `INSERT INTO jobs (tenant_id, name, payload, state, finished_at) VALUES ($1, 'audit.export', '{}', 'completed', now()) RETURNING id`,
        [T.tenant.id],
      );
      for (const [seq, data] of chunks.entries())
        await owner.query(`INSERT INTO job_chunks (tenant_id, job_id, kind, seq, data) VALUES ($1, $2, 'output', $3, $4)`, [
          T.tenant.id,
          job.rows[0]!.id,
          seq,
          data,
        ]);
      return job.rows[0]!.id;
    };
    const line = Buffer.from(`{"actor":"${plain.email}","action":"user.updated"}\n`);
    const cut = line.indexOf('@'); // inside the email: neither chunk holds it whole
    const split = await file([
      Buffer.concat([Buffer.from('{"actor":"someone@example.org"}\n'), line.subarray(0, cut)]),
      line.subarray(cut),
      Buffer.from('{}\n'),
    ]);
    // A CSV whose author capitalised the ASCII letters: ë and ñ stay as stored.
    const shouted = accented.email.replace(/[a-z]/g, (c) => c.toUpperCase());
    const utf8 = await file([Buffer.from(`id,actor\n1,${shouted}\n`)]);
    const unrelated = await file([Buffer.from('{"actor":"zoe.nandu@example.org"}\n'), Buffer.from(`{"actor":"split.${tag}"}\n`)]);
    const filesLeft = async () =>
      (await owner.query<{ job_id: string }>('SELECT DISTINCT job_id FROM job_chunks WHERE tenant_id = $1 ORDER BY job_id', [T.tenant.id])).rows.map(
        (r) => r.job_id,
      );
    expect(await filesLeft()).toEqual([split, utf8, unrelated].sort());

    const first = await call(api.url, 'POST', `/api/v1/users/${plain.id}/erase`, { token: T.adminToken });
    expect(first.status).toBe(200);
    expect(first.body.counts.job_chunks).toBe(3);
    expect(await filesLeft()).toEqual([utf8, unrelated].sort());
    const second = await call(api.url, 'POST', `/api/v1/users/${accented.id}/erase`, { token: T.adminToken });
    expect(second.status).toBe(200);
    expect(second.body.counts.job_chunks).toBe(1);
    expect(await filesLeft()).toEqual([unrelated]);
  });
});

describe('deleting a tenant through the API', () => {
  /** A tenant with rows in as many tenant tables as a few calls give it, and a direct-access role. */
  async function populated() {
    const T = await fx.tenantWithUsers(api.url);
    const asAdmin = { token: T.adminToken };
    await call(api.url, 'POST', '/api/v1/webhooks/endpoints', { ...asAdmin, body: { url: receiver.url, eventTypes: ['user.created'] } });
    await call(api.url, 'POST', '/api/v1/users', { ...asAdmin, body: { email: `${uniq('d')}@example.org`, displayName: 'Doomed' } });
    await call(api.url, 'POST', '/api/v1/api-keys', { ...asAdmin, body: { name: 'k', scopes: ['users:read'] } });
    const imp = await call(api.url, 'POST', '/api/v1/users/imports', {
      ...asAdmin,
      raw: `email,displayName\n${uniq('i')}@example.org,I\n`,
      headers: { 'content-type': 'text/csv' },
    });
    await getUntil(api.url, T.adminToken, `/api/v1/jobs/${imp.body.id}`, finalState);
    const { role } = await direct.ensure(T.tenant.id, { login: false });
    return { ...T, role };
  }
  const ownerDb = useFixture(
    () => new OwnerDb({ ...testConfig(), DATABASE_URL: process.env.DATABASE_URL! }, createLogger({ level: 'silent', service: 'erasure-test' })),
    (o) => o.close(),
  );
  const direct = { ensure: (id: string, o: { login: boolean }) => new DirectAccess(ownerDb).ensure(id, o) };

  /** Rows of `tenantId` in every table with a tenant_id column, and its direct-access role. */
  async function leftOf(tenantId: string) {
    const tables = await owner.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`,
    );
    const rows: Record<string, number> = {};
    for (const { table_name } of tables.rows)
      rows[table_name] = (await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table_name}" WHERE tenant_id = $1`, [tenantId])).rows[0]!.n;
    rows.tenants = (await owner.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId])).rowCount!;
    const audit = await owner.query<{ action: string; changes: Record<string, unknown> }>(
      `SELECT action, changes FROM audit_logs WHERE tenant_id = $1 AND target_type = 'tenant' AND target_id = $2 AND action = 'tenant.delete'`,
      [PLATFORM_TENANT_ID, tenantId],
    );
    return { rows, platformAudit: audit.rows.map((r) => ({ action: r.action, fields: Object.keys(r.changes).sort() })) };
  }

  test("needs the slug typed as `confirm`, and ends where the controller's deletionPolicy Delete ends", async () => {
    const admin = await fx.platformAdmin(api.url);
    const viaApi = await populated();
    const viaController = await populated();
    const filled = await leftOf(viaApi.tenant.id);
    expect(Object.values(filled.rows).filter((n) => n > 0).length).toBeGreaterThanOrEqual(8);

    const del = (q: string) => call(api.url, 'DELETE', `/api/v1/tenants/${viaApi.tenant.id}${q}`, { token: admin.token });
    for (const q of ['', '?confirm=', `?confirm=${viaController.tenant.slug}`, `?confirm=${viaApi.tenant.slug.toUpperCase()}`]) {
      const r = await del(q);
      expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.confirm']);
    }
    expect((await leftOf(viaApi.tenant.id)).rows).toEqual(filled.rows);
    expect((await del(`?confirm=${viaApi.tenant.slug}`)).status).toBe(204);
    // The API holds no owner rights: the orphaned direct-access role goes on the controller's next wall check (dropOrphans).
    await new DirectAccess(ownerDb).dropOrphans();

    // What the controller's finalizer does for deletionPolicy Delete (controllers/tenant reconcile/tenant.ts finalize()).
    await new DirectAccess(ownerDb).drop(viaController.tenant.id);
    // The controller's Provisioning holds the cache as the API's does (controllers/tenant deps.ts).
    await new Provisioning(fx.db, api.deps.cache).deleteTenant({ tenantId: PLATFORM_TENANT_ID, userId: null }, viaController.tenant.id);

    const a = await leftOf(viaApi.tenant.id);
    const b = await leftOf(viaController.tenant.id);
    expect(Object.values(a.rows).every((n) => n === 0)).toBe(true);
    expect(a).toEqual(b);
    expect(a.platformAudit).toEqual([{ action: 'tenant.delete', fields: ['displayName', 'slug'] }]);
    for (const t of [viaApi, viaController]) {
      expect((await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [t.role])).rowCount).toBe(0);
      expect((await call(api.url, 'GET', '/api/v1/auth/me', { token: t.adminToken })).status).toBe(401);
    }
  });
});
