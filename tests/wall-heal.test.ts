// The wall heals in seconds: the Tenant controller LISTENs for the event trigger's
// notifications and repairs at once, with its timer set to a minute so that only the
// notification path can meet the bound. Real: kube-apiserver + etcd, PostgreSQL with the
// production roles and the bootstrap's event triggers, a direct-access login. Each attack of
// issue #14, timed from the attacker's commit to the repaired state (polled every 10 ms).
// Bound 2 s; the measured times are printed (a busy CI machine is slower than a laptop).
// Roles are the exception: PostgreSQL fires no event trigger for them (ALTER ROLE, GRANT role),
// so the controller's quick role check (CONTROLLER_ROLE_CHECK_MS, 1 s here) finds that drift.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { WALL_NOTIFY_INSTALLED_SQL } from '@sentinel/platform';
import { WALL_FUNCTIONS } from '@sentinel/platform/testing';
import { secretName, type Controller } from '@sentinel/tenant-controller';
import { Fixtures, uniq } from './helpers/stack.js';
import { applyTenant, condition, eventNames, eventsOf, getTenant, startTestCluster, startTestController, waitReady, type TestCluster } from './helpers/kube.js';
import { waitFor } from './helpers/wait.js';

const BOUND_MS = 2_000;

let cluster: TestCluster;
let controller: Controller;
let fx: Fixtures;
let su: pg.Client;
let name: string;
let tenantId: string;
let otherId: string;
let uri: string;
const measured: Record<string, number> = {};

beforeAll(async () => {
  cluster = await startTestCluster();
  controller = startTestController(cluster, { CONTROLLER_WALL_CHECK_MS: '60000', CONTROLLER_ROLE_CHECK_MS: '1000' });
  fx = new Fixtures();
  su = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await su.connect();
  expect((await su.query<{ installed: boolean }>(WALL_NOTIFY_INSTALLED_SQL)).rows[0]!.installed).toBe(true);
  name = uniq('wall').toLowerCase();
  await applyTenant(cluster, name, { displayName: 'Wall', database: { directAccess: true } });
  tenantId = (await waitReady(cluster.admin, name)).status!.tenantId!;
  await fx.user(tenantId);
  otherId = (await fx.tenant()).id;
  await fx.user(otherId);
  const s = await waitFor('direct-access Secret', async () => {
    try {
      return await cluster.admin.get<{ data: Record<string, string> }>(`/api/v1/namespaces/sentinel-system/secrets/${secretName(name)}`);
    } catch {
      return undefined;
    }
  });
  uri = Buffer.from(s.data.uri!, 'base64').toString();
  // The listener is up once its connection has asked whether the triggers exist.
  await waitFor('wall listener', async () => {
    const r = await su.query(
      `SELECT 1 FROM pg_stat_activity WHERE application_name = 'sentinel-tenant-controller:wall-listener' AND state = 'idle' AND query LIKE '%pg_event_trigger%'`,
    );
    return r.rowCount === 1;
  });
}, 120_000);
afterAll(async () => {
  console.log(`time to repair (ms), timer at 60000: ${JSON.stringify(measured)}`);
  await controller?.close();
  await fx?.close();
  await su?.end();
  await cluster?.stop();
});

/** Runs the attack, then polls until `repaired`; returns and records the milliseconds from the attack's commit. */
async function timeToRepair(label: string, attack: string[], repaired: () => Promise<boolean>, settleMs = 500): Promise<number> {
  // Let the previous repair's own notifications and checks settle: each attack is timed alone.
  await new Promise((r) => setTimeout(r, settleMs));
  for (const sql of attack) await su.query(sql);
  const start = performance.now();
  for (;;) {
    if (await repaired()) break;
    if (performance.now() - start > 10_000) throw new Error(`${label}: not repaired within 10 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = Math.round(performance.now() - start);
  measured[label] = ms;
  return ms;
}

async function asDirect<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: uri });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const seenTenants = () => asDirect(async (c) => (await c.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM users')).rows.map((r) => r.tenant_id));
const hasPolicy = async (table: string, policy: string) =>
  (await su.query(`SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = $1 AND policyname = $2`, [table, policy])).rowCount === 1;
const directTenantSrc = async () =>
  (await su.query<{ src: string }>(`SELECT prosrc AS src FROM pg_proc WHERE oid = 'public.direct_tenant()'::regprocedure`)).rows[0]!.src;
const verifiedSrc = WALL_FUNCTIONS.find((f) => f.name === 'direct_tenant')!.src;

describe('the wall heals within 2 s', () => {
  test('a dropped policy', async () => {
    const ms = await timeToRepair('dropped policy', ['DROP POLICY tenant_isolation ON users'], () => hasPolicy('users', 'tenant_isolation'));
    expect(ms).toBeLessThan(BOUND_MS);
  });

  test('a disabled RLS flag', async () => {
    const ms = await timeToRepair(
      'disabled RLS',
      ['ALTER TABLE audit_logs DISABLE ROW LEVEL SECURITY'],
      async () => (await su.query(`SELECT relrowsecurity AS on FROM pg_class WHERE oid = 'public.audit_logs'::regclass`)).rows[0].on === true,
    );
    expect(ms).toBeLessThan(BOUND_MS);
  });

  test('GRANT SELECT ON users TO sentinel_direct: revoked; the direct role cannot read password hashes afterwards', async () => {
    const ms = await timeToRepair(
      'widened grant',
      ['GRANT SELECT ON users TO sentinel_direct'],
      async () => !(await su.query(`SELECT has_table_privilege('sentinel_direct', 'public.users', 'SELECT') AS yes`)).rows[0].yes,
    );
    expect(ms).toBeLessThan(BOUND_MS);
    await asDirect(async (c) => {
      await expect(c.query('SELECT password_hash FROM users')).rejects.toThrow(/permission denied/);
    });
  });

  test('CREATE OR REPLACE FUNCTION direct_tenant() returning another tenant: restored; the direct role reads only its tenant', async () => {
    const ms = await timeToRepair(
      'replaced function',
      [`CREATE OR REPLACE FUNCTION direct_tenant() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT '${otherId}'::uuid $$`],
      async () => (await directTenantSrc()) === verifiedSrc,
    );
    expect(ms).toBeLessThan(BOUND_MS);
    expect(await seenTenants()).toEqual([tenantId]);
  });

  test('direct_tenant() renamed away and an evil one created in its place: policies bound to the verified function, no cross-tenant read', async () => {
    const ms = await timeToRepair(
      'renamed and replaced function',
      [
        'BEGIN',
        'ALTER FUNCTION direct_tenant() RENAME TO direct_tenant_away',
        `CREATE FUNCTION direct_tenant() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT '${otherId}'::uuid $$`,
        'COMMIT',
      ],
      async () => {
        if ((await directTenantSrc()) !== verifiedSrc) return false;
        // Every direct_access policy calls the function under the name, no other.
        const r = await su.query<{ fn: string }>(
          `SELECT DISTINCT d.refobjid::regprocedure::text AS fn FROM pg_policy pol
           JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = pol.oid AND d.refclassid = 'pg_proc'::regclass
           WHERE pol.polname = 'direct_access'`,
        );
        return r.rows.length === 1 && r.rows[0]!.fn === 'direct_tenant()';
      },
    );
    expect(ms).toBeLessThan(BOUND_MS);
    expect(await seenTenants()).toEqual([tenantId]);
    await su.query('DROP FUNCTION direct_tenant_away()');
  });

  test('ALTER ROLE sentinel_app BYPASSRLS fires no event trigger; the quick role check finds it and the wall check repairs it', async () => {
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const notified: string[] = [];
    listener.on('notification', (n) => notified.push(n.payload ?? ''));
    await listener.query('LISTEN sentinel_wall');
    try {
      const bypass = async (role: string) =>
        (await su.query<{ on: boolean }>('SELECT rolbypassrls AS on FROM pg_roles WHERE rolname = $1', [role])).rows[0]!.on;
      const ms = await timeToRepair('role attribute (quick role check)', ['ALTER ROLE sentinel_app BYPASSRLS'], async () => !(await bypass('sentinel_app')));
      expect(ms).toBeLessThan(BOUND_MS);
      const member = async () =>
        (await su.query(`SELECT 1 FROM pg_auth_members m WHERE m.roleid = 'sentinel_platform'::regrole AND m.member = 'sentinel_app'::regrole`)).rowCount === 1;
      const ms2 = await timeToRepair('role membership (quick role check)', ['GRANT sentinel_platform TO sentinel_app'], async () => !(await member()));
      expect(ms2).toBeLessThan(BOUND_MS);
      expect(notified).toEqual([]);
    } finally {
      await listener.end();
    }
    // Reported where an operator looks, as the other repairs are.
    await waitFor('the WallRepaired events', async () => {
      const messages = (await eventsOf(cluster, name, 'WallRepaired')).map((e) => e.message ?? '').join('\n');
      return messages.includes('role_attributes sentinel_app (BYPASSRLS)') && messages.includes('role_membership sentinel_app (member of sentinel_platform)');
    });
  });

  test('a database migrated beyond this release is not "repaired" back to it; PoliciesReady says why', async () => {
    // What a newer release's migrate Job leaves before its controller replaces this one.
    await su.query(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count, started_at) VALUES (gen_random_uuid()::text, 'x', now(), '29991231000000_next_release', 1, now())`,
    );
    try {
      await su.query('CREATE POLICY next_release ON jobs FOR SELECT TO sentinel_app USING (false)');
      const t = await waitFor('PoliciesReady SchemaAhead', async () => {
        const x = await getTenant(cluster.admin, name);
        return condition(x, 'PoliciesReady')?.reason === 'SchemaAhead' ? x : undefined;
      });
      expect(condition(t, 'PoliciesReady')?.message).toMatch(/migrated to 29991231000000_next_release, newer than this release's wall/);
      expect(await hasPolicy('jobs', 'next_release')).toBe(true);
    } finally {
      await su.query(`DELETE FROM _prisma_migrations WHERE migration_name = '29991231000000_next_release'`);
    }
    // Back to this release's schema: the next check (a notification here) repairs as usual.
    await su.query('NOTIFY sentinel_wall');
    await waitFor('extra policy dropped', async () => !(await hasPolicy('jobs', 'next_release')), BOUND_MS);
    await waitReady(cluster.admin, name);
  });

  test('the listener reconnects after its connection is killed, and the change it missed meanwhile is repaired at once', async () => {
    const listener = async () =>
      (
        await su.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'sentinel-tenant-controller:wall-listener' AND state = 'idle' AND query LIKE '%pg_event_trigger%'`,
        )
      ).rows[0]?.pid;
    await new Promise((r) => setTimeout(r, 500)); // no check in flight that could catch the drop
    const pid = (await listener())!;
    // Killed; once its session is gone (and before the reconnect, ~250 ms later), a policy is
    // dropped: its notification finds no listener, and the check the controller makes once it
    // has reconnected repairs it.
    await su.query('SELECT pg_terminate_backend($1)', [pid]);
    while ((await su.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount) await new Promise((r) => setTimeout(r, 5));
    const ms = await timeToRepair('dropped while the listener was away', ['DROP POLICY direct_access ON jobs'], () => hasPolicy('jobs', 'direct_access'), 0);
    expect(ms).toBeLessThan(BOUND_MS);
    const again = await waitFor('listener back', async () => {
      const p = await listener();
      return p && p !== pid ? p : undefined;
    });
    expect(again).not.toBe(pid);
    const after = await timeToRepair('dropped policy after reconnect', ['DROP POLICY tenant_isolation ON jobs'], () => hasPolicy('jobs', 'tenant_isolation'));
    expect(after).toBeLessThan(BOUND_MS);
  });

  test('each repair is a WallRepaired Warning on the Tenant, and the metrics say when and how the last check went', async () => {
    const expected = [
      /policy_missing users\.tenant_isolation/,
      /rls_disabled audit_logs/,
      /grants_altered users to sentinel_direct \(\+SELECT\)/,
      /function_altered direct_tenant\(\)/,
      /policy_altered tenants\.direct_access/,
    ];
    const events = await waitFor('WallRepaired events', async () => {
      const items = await eventsOf(cluster, name, 'WallRepaired');
      return expected.every((what) => items.some((e) => what.test(e.message ?? ''))) ? items : undefined;
    });
    expect(events.every((e) => e.type === 'Warning' && e.message?.startsWith('the tenant wall drifted and was repaired: '))).toBe(true);
    expect(await eventNames(cluster, name, 'WallRepaired')).not.toBe('');
    const ok = await controller.metrics.registry.getSingleMetric('sentinel_controller_wall_ok')!.get();
    expect(ok.values[0]!.value).toBe(1);
    const at = await controller.metrics.registry.getSingleMetric('sentinel_controller_wall_last_check_timestamp_seconds')!.get();
    expect(Date.now() / 1000 - at.values[0]!.value).toBeLessThan(30);
  });
});
