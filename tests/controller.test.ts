// The Tenant controller end to end. Real: kube-apiserver + etcd (own control plane),
// the CRD and RBAC from controllers/tenant/config, kubectl, PostgreSQL with the
// production roles, Redis, the API over HTTP. The controller runs in-process with its
// ServiceAccount's token.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { PLATFORM_TENANT_ID, recordedJobId, startOpsServer } from '@sentinel/platform';
import { secretName, type Controller, type Tenant } from '@sentinel/tenant-controller';
import { freePort, REPO_ROOT } from '../scripts/local-stack.js';
import { call, expectProblem, Fixtures, login, startApi, uniq } from './helpers/stack.js';
import {
  applyTenant,
  condition,
  eventNames,
  eventsOf,
  getTenant,
  startTestCluster,
  startTestController,
  tenantManifest,
  waitReady,
  type TestCluster,
} from './helpers/kube.js';
import { waitFor } from './helpers/wait.js';

let cluster: TestCluster;
let controller: Controller;
let fx: Fixtures;
let su: pg.Client;

beforeAll(async () => {
  cluster = await startTestCluster();
  controller = startTestController(cluster);
  fx = new Fixtures();
  // The schema owner (BYPASSRLS) sees every row and may break the wall on purpose.
  su = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await su.connect();
}, 120_000);
afterAll(async () => {
  await controller?.close();
  await fx?.close();
  await su?.end();
  await cluster?.stop();
});

const apply = (name: string, spec: Record<string, unknown>) => applyTenant(cluster, name, spec);
const row = async (id: string) => (await su.query('SELECT * FROM tenants WHERE id = $1', [id])).rows[0];
/** The tenant's direct-access role (an opaque name, mapped in direct_roles). */
const directRole = async (tenantId: string) =>
  (await su.query<{ role_name: string }>('SELECT role_name FROM direct_roles WHERE tenant_id = $1', [tenantId])).rows[0]?.role_name;
const roleState = async (tenantId: string) =>
  (await su.query<{ rolcanlogin: boolean }>('SELECT rolcanlogin FROM pg_roles WHERE rolname = $1', [await directRole(tenantId)])).rows[0];
const secret = async (slug: string) => {
  try {
    return await cluster.admin.get<{ data: Record<string, string> }>(`/api/v1/namespaces/sentinel-system/secrets/${secretName(slug)}`);
  } catch {
    return undefined;
  }
};
const decode = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
const deleted = (name: string) => waitFor(`Tenant ${name} gone`, async () => (await getTenant(cluster.admin, name)) === undefined);

describe('apply a Tenant', () => {
  test('it becomes Ready with its row, conditions, printer columns and a finalizer', async () => {
    const name = uniq('acme').toLowerCase();
    await apply(name, { displayName: 'Acme Corp', plan: 'pro', limits: { maxUsers: 50 } });
    const t = await waitReady(cluster.admin, name);
    expect(t.status?.phase).toBe('Ready');
    expect(t.metadata.finalizers).toContain('sentinel.io/tenant-cleanup');
    for (const type of ['DatabaseReady', 'PoliciesReady']) expect(condition(t, type)?.status).toBe('True');
    expect(condition(t, 'Ready')?.observedGeneration).toBe(t.metadata.generation);
    const r = await row(t.status!.tenantId!);
    expect(r).toMatchObject({
      slug: name,
      display_name: 'Acme Corp',
      plan: 'pro',
      status: 'active',
      max_users: 50,
      resource_uid: t.metadata.uid,
      deleted_at: null,
    });
    expect(t.status?.userCount).toBe(0);

    const get = await cluster.cp.kubectl(['get', 'tn', name]);
    expect(get.stdout).toMatch(/NAME\s+PLAN\s+READY\s+USERS\s+AGE/);
    expect(get.stdout).toMatch(new RegExp(`${name}\\s+pro\\s+True\\s+0\\s+`));
    const audit = await su.query(`SELECT 1 FROM audit_logs WHERE tenant_id = $1 AND action = 'tenant.create' AND target_id = $2`, [
      PLATFORM_TENANT_ID,
      t.status!.tenantId,
    ]);
    expect(audit.rowCount).toBe(1);
    const described = await waitFor('the Created event', async () => {
      const d = await cluster.cp.kubectl(['describe', 'tenant', name]);
      return /Normal\s+Created\s+.*Tenant .* created with id/.test(d.stdout) ? d.stdout : undefined;
    });
    expect(described).toContain(t.status!.tenantId!);
  });

  test('a spec change updates the row and observedGeneration follows', async () => {
    const name = uniq('change').toLowerCase();
    await apply(name, { displayName: 'Before', plan: 'free' });
    const first = await waitReady(cluster.admin, name);
    await apply(name, { displayName: 'After', plan: 'enterprise', limits: { maxUsers: 7 } });
    const second = await waitFor('generation 2 observed', async () => {
      const t = await getTenant(cluster.admin, name);
      return t?.status?.observedGeneration === 2 && condition(t, 'Ready')?.status === 'True' ? t : undefined;
    });
    expect(second.metadata.generation).toBe(2);
    expect(second.status?.tenantId).toBe(first.status?.tenantId);
    expect(await row(second.status!.tenantId!)).toMatchObject({ display_name: 'After', plan: 'enterprise', max_users: 7 });
    // The controller's report is copied beside the row (the API shows it without Kubernetes access).
    const copied = await waitFor('status copied to the row', async () => {
      const r = (await row(second.status!.tenantId!)) as {
        resource_status: { observedGeneration: number; conditions: { type: string; status: string; reason: string }[] } | null;
      };
      return r.resource_status?.observedGeneration === 2 ? r.resource_status : undefined;
    });
    expect(copied).toMatchObject({ phase: 'Ready', generation: 2, observedGeneration: 2 });
    expect(copied.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'True', reason: 'Reconciled' })]));
  });

  test('the API refuses to change a tenant that a Tenant resource owns', async () => {
    const name = uniq('owned').toLowerCase();
    await apply(name, { displayName: 'Owned' });
    const t = await waitReady(cluster.admin, name);
    const api = await startApi();
    try {
      const admin = await fx.user(PLATFORM_TENANT_ID, { role: 'platform_admin' });
      const token = await login(api.url, 'platform', admin.email, admin.password);
      const r = await call(api.url, 'PATCH', `/api/v1/tenants/${t.status!.tenantId}`, { token, body: { plan: 'pro' } });
      expectProblem(r, 409, 'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES');
      expect(r.body.detail).toMatch(/kubectl/);
      const got = await call(api.url, 'GET', `/api/v1/tenants/${t.status!.tenantId}`, { token });
      expect(got.body).toMatchObject({ slug: name, managedBy: 'kubernetes', plan: 'free' });
      const report = await waitFor('the API shows the controller report', async () => {
        const r = await call(api.url, 'GET', `/api/v1/tenants/${t.status!.tenantId}`, { token });
        return r.body.resource?.phase === 'Ready' ? r.body.resource : undefined;
      });
      expect(report).toMatchObject({ observedGeneration: 1, generation: 1 });
      expect(report.conditions.map((c: { type: string }) => c.type)).toEqual(expect.arrayContaining(['Ready', 'DatabaseReady', 'PoliciesReady']));
      // A tenant the API owns has no report.
      const plain = await fx.tenant();
      expect((await call(api.url, 'GET', `/api/v1/tenants/${plain.id}`, { token })).body.resource).toBeNull();
    } finally {
      await api.close();
    }
  });
});

describe('cluster mode', () => {
  test('with TENANT_SOURCE=kubernetes the API refuses every tenant write and points to kubectl', async () => {
    const api = await startApi({ TENANT_SOURCE: 'kubernetes' });
    try {
      const admin = await fx.user(PLATFORM_TENANT_ID, { role: 'platform_admin' });
      const token = await login(api.url, 'platform', admin.email, admin.password);
      const plain = await fx.tenant();
      const created = await call(api.url, 'POST', '/api/v1/tenants', { token, body: { slug: uniq('rest').toLowerCase(), displayName: 'Via REST' } });
      expectProblem(created, 409, 'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES');
      expect(created.body.detail).toMatch(/kubectl apply/);
      expectProblem(
        await call(api.url, 'PATCH', `/api/v1/tenants/${plain.id}`, { token, body: { plan: 'free' } }),
        409,
        'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES',
      );
      expectProblem(
        await call(api.url, 'DELETE', `/api/v1/tenants/${plain.id}?confirm=${plain.slug}`, { token }),
        409,
        'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES',
      );
      expect((await call(api.url, 'GET', `/api/v1/tenants/${plain.id}`, { token })).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  test('spec.limits.maxUsers is enforced by the API', async () => {
    const name = uniq('limit').toLowerCase();
    await apply(name, { displayName: 'Limited', limits: { maxUsers: 2 } });
    const t = await waitReady(cluster.admin, name);
    const admin = await fx.user(t.status!.tenantId!, { role: 'tenant_admin' });
    const api = await startApi();
    try {
      const token = await login(api.url, name, admin.email, admin.password);
      const add = (email: string) =>
        call(api.url, 'POST', '/api/v1/users', { token, body: { email, displayName: 'New', role: 'member', password: 'a-very-good-password' } });
      expect((await add(`${uniq('one')}@example.com`)).status).toBe(201);
      const refused = await add(`${uniq('two')}@example.com`);
      expectProblem(refused, 409, 'SENTINEL_TENANT_USER_LIMIT');
      expect((await su.query('SELECT count(*)::int AS n FROM users WHERE tenant_id = $1', [t.status!.tenantId])).rows[0].n).toBe(2);
      await waitFor('userCount 2', async () => (await getTenant(cluster.admin, name))?.status?.userCount === 2, 10_000);
    } finally {
      await api.close();
    }
  });
});

describe('invalid Tenants are refused by the API server, naming the field', () => {
  const cases: [string, string, Record<string, unknown>, RegExp][] = [
    ['an unknown plan', 'bad-plan', { displayName: 'X', plan: 'gold' }, /spec\.plan.*Unsupported value: "gold"/],
    ['no displayName', 'no-name', { plan: 'pro' }, /spec\.displayName: Required value/],
    ['an empty displayName', 'empty-name', { displayName: '' }, /spec\.displayName.*at least 1/],
    ['a bidi override in displayName', 'bidi-name', { displayName: 'Acme \u202Egnp.exe' }, /spec\.displayName.*should match/],
    ['a zero-width space in displayName', 'zwsp-name', { displayName: 'Ac\u200Bme' }, /spec\.displayName.*should match/],
    ['a C1 control in displayName', 'c1-name', { displayName: 'Acme\u0085' }, /spec\.displayName.*should match/],
    ['maxUsers of 0', 'zero-users', { displayName: 'X', limits: { maxUsers: 0 } }, /spec\.limits\.maxUsers.*greater than or equal to 1/],
    [
      'a free plan with 100 users',
      'free-100',
      { displayName: 'X', plan: 'free', limits: { maxUsers: 100 } },
      /spec\.limits\.maxUsers: Invalid value: .*the free plan allows at most 25 users; choose plan pro or enterprise/,
    ],
    ['a malformed admin email', 'bad-email', { displayName: 'X', admin: { email: 'not-an-email' } }, /spec\.admin\.email.*should match/],
    ['an unknown deletionPolicy', 'bad-policy', { displayName: 'X', deletionPolicy: 'Orphan' }, /spec\.deletionPolicy.*Unsupported value/],
    ['the reserved name', 'platform', { displayName: 'X' }, /metadata\.name: Forbidden: metadata\.name 'platform' is reserved/],
    ['an uppercase name', 'Bad-Name', { displayName: 'X' }, /metadata\.name: Invalid value: .*lowercase/],
  ];
  test.each(cases)('%s', async (_what, name, spec, message) => {
    const r = await cluster.cp.kubectl(['apply', '-f', '-'], { input: tenantManifest(name, spec) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(await getTenant(cluster.admin, name)).toBeUndefined();
  });

  test('spec.admin.email cannot be changed once set', async () => {
    const name = uniq('admin-fixed').toLowerCase();
    await apply(name, { displayName: 'X', admin: { email: 'first@example.com' } });
    const r = await cluster.cp.kubectl(['apply', '-f', '-'], { input: tenantManifest(name, { displayName: 'X', admin: { email: 'second@example.com' } }) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/spec\.admin\.email: Forbidden: spec\.admin\.email cannot be changed/);
  });

  test('the examples are valid Tenants', async () => {
    const r = await cluster.cp.kubectl(['apply', '--dry-run=server', '-f', join(REPO_ROOT, 'examples')]);
    expect(r.stderr).toBe('');
    expect(r.stdout.match(/tenant\.sentinel\.io\/\S+ created \(server dry run\)/g)).toHaveLength(3);
  });

  test('kubectl explain documents the spec', async () => {
    const r = await cluster.cp.kubectl(['explain', 'tenant.spec']);
    expect(r.code).toBe(0);
    for (const field of ['displayName', 'plan', 'suspended', 'admin', 'limits', 'deletionPolicy', 'database']) expect(r.stdout).toContain(field);
    expect(r.stdout).toMatch(/Retain \(default\) keeps the tenant's/);
  });

  test('kubectl explain documents every status field', async () => {
    interface Schema {
      description?: string;
      properties?: Record<string, Schema>;
      items?: Schema;
    }
    const crd = await cluster.admin.get<{ spec: { versions: { schema: { openAPIV3Schema: Schema } }[] } }>(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/tenants.sentinel.io',
    );
    const undocumented: string[] = [];
    const walk = (path: string, s: Schema) => {
      if (!s.description) undocumented.push(path);
      for (const [k, v] of Object.entries(s.properties ?? {})) walk(`${path}.${k}`, v);
      if (s.items?.properties) for (const [k, v] of Object.entries(s.items.properties)) walk(`${path}[].${k}`, v);
    };
    walk('status', crd.spec.versions[0]!.schema.openAPIV3Schema.properties!.status!);
    expect(undocumented).toEqual([]);
    const r = await cluster.cp.kubectl(['explain', 'tenant.status.conditions']);
    expect(r.stdout).toMatch(/WithinLimits - False when the tenant has more users/);
  });
});

describe('direct database access', () => {
  test('a role confined to its tenant, its credentials in a Secret; off removes both', async () => {
    const name = uniq('direct').toLowerCase();
    const other = await fx.tenant();
    await fx.user(other.id);
    await apply(name, { displayName: 'Direct', database: { directAccess: true } });
    const t = await waitReady(cluster.admin, name);
    const id = t.status!.tenantId!;
    expect(condition(t, 'DirectAccessReady')?.status).toBe('True');
    expect(t.status?.directAccessSecret).toBe(secretName(name));
    expect(t.status?.directAccessRole).toBe(await directRole(id));
    await fx.user(id);
    const s = decode((await secret(name))!.data);
    expect(s).toMatchObject({ username: await directRole(id), database: expect.any(String), host: expect.any(String), port: expect.stringMatching(/^\d+$/) });

    const c = new pg.Client({ connectionString: s.uri });
    await c.connect();
    try {
      const seen = async () => (await c.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM users')).rows.map((r) => r.tenant_id);
      expect(await seen()).toEqual([id]);
      await c.query(`SET app.tenant_id = '${other.id}'`);
      expect(await seen()).toEqual([id]);
      await c.query('RESET ALL');
      expect(await seen()).toEqual([id]);
      await expect(c.query('SET ROLE sentinel_app')).rejects.toThrow(/permission denied/);
    } finally {
      await c.end();
    }

    await apply(name, { displayName: 'Direct', database: { directAccess: false } });
    await waitFor('Secret removed', async () => (await secret(name)) === undefined);
    await waitFor('role disabled', async () => (await roleState(id))?.rolcanlogin === false);
    const after = await waitReady(cluster.admin, name);
    expect(condition(after, 'DirectAccessReady')).toBeUndefined();
    await expect(new pg.Client({ connectionString: s.uri }).connect()).rejects.toThrow(/not permitted to log in/);
  });
});

describe('direct access heals', () => {
  test("a deleted Secret gets a new password; a role lost by hand comes back with the Secret's password", async () => {
    const name = uniq('heal').toLowerCase();
    await apply(name, { displayName: 'Heal', database: { directAccess: true } });
    const t = await waitReady(cluster.admin, name);
    const id = t.status!.tenantId!;
    const first = decode((await secret(name))!.data);

    await cluster.admin.delete(`/api/v1/namespaces/sentinel-system/secrets/${secretName(name)}`);
    const second = await waitFor(
      'a new Secret',
      async () => {
        const s = await secret(name);
        return s ? decode(s.data) : undefined;
      },
      10_000,
    );
    expect(second.password).not.toBe(first.password);
    await expect(new pg.Client({ connectionString: first.uri }).connect()).rejects.toThrow(/password authentication failed/);
    const c = new pg.Client({ connectionString: second.uri });
    await c.connect();
    await c.end();

    // A restored database without the role: the next resync recreates it with the published password.
    await su.query(`DROP ROLE ${await directRole(id)}`);
    await waitFor('role recreated', async () => (await roleState(id))?.rolcanlogin === true, 10_000);
    const again = new pg.Client({ connectionString: second.uri });
    await again.connect();
    expect((await again.query('SELECT id FROM tenants')).rows).toEqual([{ id }]);
    await again.end();
  });
});

describe('suspension', () => {
  test("a suspended tenant's tokens stop working and its role cannot log in; resuming restores both", async () => {
    const name = uniq('susp').toLowerCase();
    await apply(name, { displayName: 'Susp', database: { directAccess: true } });
    const t = await waitReady(cluster.admin, name);
    const id = t.status!.tenantId!;
    const user = await fx.user(id);
    const api = await startApi();
    try {
      const token = await login(api.url, name, user.email, user.password);
      expect((await call(api.url, 'GET', `/api/v1/tenants/${id}`, { token })).status).toBe(200);
      await apply(name, { displayName: 'Susp', suspended: true, database: { directAccess: true } });
      const s = await waitFor('phase Suspended', async () => {
        const x = await getTenant(cluster.admin, name);
        return x?.status?.phase === 'Suspended' && x.status.observedGeneration === x.metadata.generation ? x : undefined;
      });
      expect(condition(s, 'Ready')).toMatchObject({ status: 'True', reason: 'Reconciled', message: expect.stringMatching(/suspended \(see Suspended\)/) });
      expect(condition(s, 'Suspended')).toMatchObject({
        status: 'True',
        reason: 'SuspendedBySpec',
        message: expect.stringMatching(/set it to false to resume/),
      });
      expectProblem(await call(api.url, 'GET', `/api/v1/tenants/${id}`, { token }), 401, 'SENTINEL_AUTH_TENANT_SUSPENDED');
      expect((await roleState(id))?.rolcanlogin).toBe(false);
      const creds = decode((await secret(name))!.data);
      await expect(new pg.Client({ connectionString: creds.uri }).connect()).rejects.toThrow(/not permitted to log in/);

      await apply(name, { displayName: 'Susp again', suspended: false, database: { directAccess: true } });
      const resumed = await waitFor('phase Ready', async () => {
        const x = await getTenant(cluster.admin, name);
        return x?.status?.phase === 'Ready' ? x : undefined;
      });
      expect(condition(resumed, 'Suspended')).toMatchObject({ status: 'False', reason: 'Active' });
      expect((await call(api.url, 'GET', `/api/v1/tenants/${id}`, { token })).status).toBe(200);
      const c = new pg.Client({ connectionString: creds.uri });
      await c.connect();
      await c.end();
      // What an operator sees with kubectl get events: each transition once, and the update.
      const reasons = await waitFor('the events', async () => {
        const r = await cluster.cp.kubectl(['get', 'events', '-n', 'default', '--field-selector', `involvedObject.name=${name}`, '-o', 'json']);
        const got = (JSON.parse(r.stdout) as { items: { reason: string; note?: string; message?: string }[] }).items;
        return ['Created', 'Suspended', 'Resumed', 'Updated'].every((x) => got.some((e) => e.reason === x)) ? got : undefined;
      });
      expect(reasons.filter((e) => e.reason === 'Suspended')).toHaveLength(1);
      expect(reasons.filter((e) => e.reason === 'Resumed')).toHaveLength(1);
      expect(reasons.some((e) => e.reason === 'Updated' && /displayName/.test(e.message ?? e.note ?? ''))).toBe(true);
    } finally {
      await api.close();
    }
  });
});

describe('deletion', () => {
  test('Retain keeps the data, marks the tenant deleted, disables the role and frees the name', async () => {
    const name = uniq('keep').toLowerCase();
    await apply(name, { displayName: 'Keep', database: { directAccess: true } });
    const t = await waitReady(cluster.admin, name);
    const id = t.status!.tenantId!;
    await fx.user(id);
    await cluster.cp.kubectl(['delete', 'tenant', name, '--wait=false']);
    await deleted(name);
    const r = await row(id);
    expect(r.deleted_at).toBeInstanceOf(Date);
    expect((await su.query('SELECT count(*)::int AS n FROM users WHERE tenant_id = $1', [id])).rows[0].n).toBe(1);
    expect((await roleState(id))?.rolcanlogin).toBe(false);
    expect(await secret(name)).toBeUndefined();

    // The same name again is a new tenant: it neither adopts nor touches the old data.
    await apply(name, { displayName: 'Keep again' });
    const again = await waitReady(cluster.admin, name);
    expect(again.status?.tenantId).not.toBe(id);
    expect(again.status?.userCount).toBe(0);
    expect((await row(id)).deleted_at).toBeInstanceOf(Date);

    // A platform admin may purge the retained data through the API (no resource owns it now), even in cluster mode.
    const api = await startApi({ TENANT_SOURCE: 'kubernetes' });
    try {
      const admin = await fx.user(PLATFORM_TENANT_ID, { role: 'platform_admin' });
      const token = await login(api.url, 'platform', admin.email, admin.password);
      expect((await call(api.url, 'GET', `/api/v1/tenants/${id}`, { token })).body).toMatchObject({ slug: name, deletedAt: expect.any(String) });
      expectProblem(await call(api.url, 'PATCH', `/api/v1/tenants/${id}`, { token, body: { plan: 'pro' } }), 409, 'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES');
      expect((await call(api.url, 'DELETE', `/api/v1/tenants/${id}?confirm=${name}`, { token })).status).toBe(204);
      expect(await row(id)).toBeUndefined();
      // The API cannot drop database roles; the controller drops the orphaned one on its next wall check.
      await waitFor('orphaned role dropped', async () => (await roleState(id)) === undefined, 10_000);
      expectProblem(
        await call(api.url, 'DELETE', `/api/v1/tenants/${again.status!.tenantId}?confirm=${name}`, { token }),
        409,
        'SENTINEL_TENANTS_MANAGED_BY_KUBERNETES',
      );
    } finally {
      await api.close();
    }
  });

  test('Delete removes the data, the role and the Secret, and keeps a platform audit record', async () => {
    const name = uniq('gone').toLowerCase();
    await apply(name, { displayName: 'Gone', deletionPolicy: 'Delete', database: { directAccess: true } });
    const t = await waitReady(cluster.admin, name);
    const id = t.status!.tenantId!;
    await fx.user(id);
    await cluster.cp.kubectl(['delete', 'tenant', name, '--wait=false']);
    await deleted(name);
    expect(await row(id)).toBeUndefined();
    expect((await su.query('SELECT count(*)::int AS n FROM users WHERE tenant_id = $1', [id])).rows[0].n).toBe(0);
    expect(await roleState(id)).toBeUndefined();
    expect(await secret(name)).toBeUndefined();
    const audit = await su.query(`SELECT changes FROM audit_logs WHERE tenant_id = $1 AND action = 'tenant.delete' AND target_id = $2`, [
      PLATFORM_TENANT_ID,
      id,
    ]);
    expect(audit.rows[0]?.changes).toMatchObject({ slug: name });
  });

  test('a recreated Tenant never inherits a live row owned by an older resource', async () => {
    const name = uniq('uid').toLowerCase();
    await apply(name, { displayName: 'Old' });
    const old = await waitReady(cluster.admin, name);
    // Someone force-removes the finalizer: the resource goes, its row stays live.
    await controller.close();
    await cluster.admin.mergePatch(`/apis/sentinel.io/v1beta1/tenants/${name}`, { metadata: { finalizers: null } });
    await cluster.cp.kubectl(['delete', 'tenant', name]);
    await apply(name, { displayName: 'New' });
    controller = startTestController(cluster);
    const conflicted = await waitFor('NameConflict', async () => {
      const x = await getTenant(cluster.admin, name);
      return condition(x, 'Ready')?.reason === 'NameConflict' ? x : undefined;
    });
    expect(conflicted.status?.phase).toBe('Failed');
    expect(condition(conflicted, 'DatabaseReady')?.message).toContain(old.metadata.uid!);
    expect(await row(old.status!.tenantId!)).toMatchObject({ display_name: 'Old', deleted_at: null });
  });
});

describe('the first admin', () => {
  test("spec.admin.email queues the worker's invitation job once", async () => {
    const name = uniq('invite').toLowerCase();
    await apply(name, { displayName: 'Invite', admin: { email: 'Boss@Example.com' } });
    const t = await waitReady(cluster.admin, name);
    expect(t.status?.adminInvited).toBe('Boss@Example.com');
    const redis = new Redis(process.env.REDIS_URL!);
    const q = new Queue('mail', { connection: redis, prefix: '{ctl-test}' });
    try {
      const job = await q.getJob(recordedJobId('tenant.invite-admin', `tenant-admin-${t.status!.tenantId}`));
      expect(job?.name).toBe('tenant.invite-admin');
      expect(job?.data.payload).toEqual({ tenantId: t.status!.tenantId, email: 'Boss@Example.com' });
    } finally {
      await q.close();
      await redis.quit();
    }
  });
});

describe('the wall', () => {
  test('a dropped policy or disabled RLS is restored on the next check, counted and reported on the Tenants', async () => {
    const name = uniq('walled').toLowerCase();
    await apply(name, { displayName: 'Walled' });
    await waitReady(cluster.admin, name);
    const before = await driftCount();
    await su.query('DROP POLICY tenant_isolation ON users');
    await su.query('ALTER TABLE audit_logs DISABLE ROW LEVEL SECURITY');
    await waitFor('policy restored', async () => {
      const p = await su.query(`SELECT 1 FROM pg_policies WHERE tablename = 'users' AND policyname = 'tenant_isolation'`);
      const rls = await su.query(`SELECT relrowsecurity FROM pg_class WHERE relname = 'audit_logs'`);
      return p.rowCount === 1 && rls.rows[0].relrowsecurity === true;
    });
    // The counter moves after the repair has committed and been re-inspected: wait for it,
    // as the test above waited for the database.
    await waitFor('drift counted', async () => (await driftCount()) - before >= 2);
    const events = await waitFor('drift event', async () => {
      // On the Tenants (every one of them: a policy is the wall of all tenants), in `default`.
      const items = await eventsOf(cluster, name, 'WallRepaired');
      return items.length > 0 ? items : undefined;
    });
    expect(JSON.stringify(events)).toMatch(/policy_missing users\.tenant_isolation/);
  });
});

describe('honest status', () => {
  test('more users than spec.limits.maxUsers: WithinLimits is False with the counts and what to do, and a Warning says so; the limit cannot be lowered further', async () => {
    const name = uniq('over').toLowerCase();
    await apply(name, { displayName: 'Over', plan: 'pro', limits: { maxUsers: 2 } });
    const t = await waitReady(cluster.admin, name);
    expect(condition(t, 'WithinLimits')).toMatchObject({ status: 'True', reason: 'WithinLimits', message: '0 of 2 users' });
    // Past the limit behind the API's back (the admission policy refuses lowering the limit below
    // the count the controller reports, so this is how a tenant gets there).
    for (let i = 0; i < 3; i++) await fx.user(t.status!.tenantId!);
    const over = await waitFor('OverUserLimit', async () => {
      const x = await getTenant(cluster.admin, name);
      return condition(x, 'WithinLimits')?.reason === 'OverUserLimit' ? x : undefined;
    });
    expect(condition(over, 'WithinLimits')).toMatchObject({
      status: 'False',
      message: '3 users, spec.limits.maxUsers is 2: new users are refused; remove 1 users or raise spec.limits.maxUsers',
    });
    // Still provisioned and isolated (the phase says so), but not silently: Ready's message points at the limit.
    expect(over.status?.phase).toBe('Ready');
    expect(condition(over, 'Ready')?.message).toMatch(/more users than spec\.limits\.maxUsers \(see WithinLimits\)/);
    await waitFor('the OverUserLimit event', async () => (await eventNames(cluster, name, 'OverUserLimit')) || undefined);
    // The count the controller reported is what the admission policy holds a lower limit against.
    expect(over.status?.userCount).toBe(3);
    await expect(apply(name, { displayName: 'Over', plan: 'pro', limits: { maxUsers: 1 } })).rejects.toThrow(
      'spec.limits.maxUsers: 1 is below the 3 users the tenant has (status.userCount)',
    );
    await apply(name, { displayName: 'Over', plan: 'pro', limits: { maxUsers: 10 } });
    await waitFor('within limits again', async () => condition(await getTenant(cluster.admin, name), 'WithinLimits')?.message === '3 of 10 users');
  });
});

/** The kubectl plugin as a user runs it: the compiled bin, with the admin's KUBECONFIG. */
function plugin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = join(REPO_ROOT, 'controllers', 'tenant', 'dist', 'cli', 'kubectl-sentinel.js');
  return new Promise((resolve) => {
    execFile(
      join(REPO_ROOT, 'node_modules', '.bin', 'node'),
      [bin, ...args],
      { env: { PATH: process.env.PATH, KUBECONFIG: cluster.cp.kubeconfig } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const annotation = async (name: string, key: string) => (await getTenant(cluster.admin, name))?.metadata.annotations?.[key];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('operator controls: kubectl sentinel', () => {
  test('pause stops reconciling and the status says so; resume applies what changed meanwhile', async () => {
    const name = uniq('pause').toLowerCase();
    await apply(name, { displayName: 'Before pause', plan: 'pro' });
    const t = await waitReady(cluster.admin, name);
    const id = t.status!.tenantId!;
    const paused = await plugin(['pause', name]);
    expect(paused).toMatchObject({ code: 0, stdout: expect.stringContaining(`tenant.sentinel.io/${name} paused`) });
    expect(await annotation(name, 'sentinel.io/paused')).toBe('true');
    const p = await waitFor('Paused', async () => {
      const x = await getTenant(cluster.admin, name);
      return condition(x, 'Paused')?.status === 'True' ? x : undefined;
    });
    expect(condition(p, 'Paused')).toMatchObject({ reason: 'ReconcilePaused', message: expect.stringMatching(/kubectl sentinel resume/) });
    expect(p.status?.phase).toBe('Ready');

    await apply(name, { displayName: 'Changed while paused', plan: 'enterprise' });
    await sleep(3_000); // past a resync (2 s in tests)
    expect(await row(id)).toMatchObject({ display_name: 'Before pause', plan: 'pro' });
    expect((await getTenant(cluster.admin, name))?.status?.observedGeneration).toBe(1);

    expect(await plugin(['resume', name])).toMatchObject({ code: 0 });
    expect(await annotation(name, 'sentinel.io/paused')).toBeUndefined();
    const resumed = await waitFor('generation 2 observed', async () => {
      const x = await getTenant(cluster.admin, name);
      return x?.status?.observedGeneration === 2 && condition(x, 'Ready')?.status === 'True' ? x : undefined;
    });
    expect(condition(resumed, 'Paused')).toBeUndefined();
    expect(await row(id)).toMatchObject({ display_name: 'Changed while paused', plan: 'enterprise' });
  });

  test("a paused Tenant's deletion waits until it is resumed", async () => {
    const name = uniq('pausedel').toLowerCase();
    await apply(name, { displayName: 'Paused deletion', deletionPolicy: 'Delete' });
    const t = await waitReady(cluster.admin, name);
    const id = t.status!.tenantId!;
    expect((await plugin(['pause', name])).code).toBe(0);
    await waitFor('Paused', async () => condition(await getTenant(cluster.admin, name), 'Paused')?.status === 'True');
    await cluster.cp.kubectl(['delete', 'tenant', name, '--wait=false']);
    const waiting = await waitFor('deletion waits', async () => {
      const x = await getTenant(cluster.admin, name);
      return /deletion waits/.test(condition(x, 'Paused')?.message ?? '') ? x : undefined;
    });
    expect(waiting.metadata.deletionTimestamp).toBeDefined();
    await sleep(3_000);
    expect(await getTenant(cluster.admin, name)).toBeDefined();
    expect(await row(id)).toMatchObject({ deleted_at: null });

    expect((await plugin(['resume', name])).code).toBe(0);
    await deleted(name);
    expect(await row(id)).toBeUndefined();
  });

  test('reconcile NAME asks for a reconcile, and status.lastReconcileRequest records the request handled', async () => {
    const name = uniq('now').toLowerCase();
    await apply(name, { displayName: 'Now' });
    await waitReady(cluster.admin, name);
    const r = await plugin(['reconcile', name]);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('reconcile requested') });
    const value = await annotation(name, 'sentinel.io/reconcile-requested-at');
    expect(value).toMatch(/^\d{4}-\d\d-\d\dT/);
    await waitFor('request handled', async () => (await getTenant(cluster.admin, name))?.status?.lastReconcileRequest === value);
    expect(await plugin(['reconcile', 'no-such-tenant'])).toMatchObject({ code: 1, stderr: expect.stringContaining('tenant no-such-tenant not found') });
    expect(await plugin(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage:') });
  });

  test('rotate-credentials NAME: a new direct-access password in the Secret, the old one refused', async () => {
    const name = uniq('rot').toLowerCase();
    await apply(name, { displayName: 'Rot', database: { directAccess: true } });
    await waitReady(cluster.admin, name);
    const before = decode((await secret(name))!.data);
    const r = await plugin(['rotate-credentials', name]);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringContaining('credential rotation requested') });
    const value = await annotation(name, 'sentinel.io/rotate-credentials');
    await waitFor('rotation handled', async () => (await getTenant(cluster.admin, name))?.status?.lastRotateRequest === value);
    const after = decode((await secret(name))!.data);
    expect(after.password).not.toBe(before.password);
    await expect(new pg.Client({ connectionString: before.uri }).connect()).rejects.toThrow(/password authentication failed/);
    const c = new pg.Client({ connectionString: after.uri });
    await c.connect();
    await c.end();
  });

  test("status: a table of Tenants, and the wall from the controller's metrics, else from the Tenants' conditions", async () => {
    const name = uniq('table').toLowerCase();
    await apply(name, { displayName: 'Table', limits: { maxUsers: 9 }, database: { directAccess: true } });
    await waitReady(cluster.admin, name);
    const port = await freePort();
    const ops = startOpsServer({ port, host: '127.0.0.1', metrics: controller.metrics, ready: () => true });
    try {
      const r = await plugin(['status', '--metrics-url', `http://127.0.0.1:${port}/metrics`]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^NAME\s+PHASE\s+READY\s+SUSPENDED\s+WITHIN LIMITS\s+POLICIES\s+USERS\s+DIRECT ACCESS\s+PAUSED\s+LAST STATUS$/m);
      expect(r.stdout).toMatch(new RegExp(`^${name}\\s+Ready\\s+True\\s+False\\s+True\\s+True\\s+0/9\\s+on\\s+no\\s+\\d+[smh] ago$`, 'm'));
      expect(r.stdout).toMatch(/^wall: intact, checked \d+s ago \(from the controller's metrics at http:\/\/127\.0\.0\.1:\d+\/metrics\)$/m);
    } finally {
      await new Promise((r) => ops.close(r));
    }
    const down = await plugin(['status', '--metrics-url', `http://127.0.0.1:${port}/metrics`]);
    expect(down.stdout).toMatch(/^wall: intact \(PoliciesReady True on \d+ of \d+ Tenants\) \(from the Tenants' conditions; no controller metrics at .*\)$/m);
  });
});

describe('metrics', () => {
  test("the work queue is reported under client-go's names, and the registry holds no API metrics", async () => {
    const text = await controller.metrics.registry.metrics();
    for (const metric of [
      'workqueue_adds_total',
      'workqueue_depth',
      'workqueue_queue_duration_seconds_bucket',
      'workqueue_work_duration_seconds_count',
      'workqueue_retries_total',
      'workqueue_unfinished_work_seconds',
      'workqueue_longest_running_processor_seconds',
    ])
      expect(text).toMatch(new RegExp(`^${metric}\\{[^}]*name="tenant"[^}]*\\} `, 'm'));
    expect(Number(/^workqueue_adds_total\{[^}]*\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toMatch(/^sentinel_tenants\{/m);
    expect(text).not.toMatch(/^(http_request_duration_seconds|sentinel_rate_limited_total)/m);
  });
});

async function driftCount(): Promise<number> {
  const m = await controller.metrics.registry.getSingleMetric('sentinel_controller_drift_repairs_total')!.get();
  return m.values.reduce((n, v) => n + v.value, 0);
}

export type { Tenant };
