// The tenant wall and per-tenant direct-access roles, on the real PostgreSQL with the
// production roles. What is real: the migrated schema, the owner role the controller
// uses, a login as the per-tenant role over a fresh connection.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import {
  DirectAccess,
  OwnerDb,
  WALL_NOTIFY_CHANNEL,
  WALL_NOTIFY_INSTALLED_SQL,
  WALL_NOTIFY_SQL,
  WALL_SCHEMA_VERSION,
  createLogger,
  inspectWall,
  repairWall,
  schemaAhead,
} from '@sentinel/platform';
import { WALL_FUNCTIONS, WALL_GRANTS, WALL_POLICIES, WALL_TABLES } from '@sentinel/platform/testing';
import { testConfig, useFixtures, type Fixtures } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';
import { REPO_ROOT } from '../scripts/local-stack.js';

const config = testConfig();
const logger = createLogger({ level: 'silent', service: 'wall-test' });
const owner = useFixture(
  () => new OwnerDb({ ...config, DATABASE_URL: process.env.DATABASE_URL! }, logger),
  (o) => o.close(),
);
const fx = useFixtures(() => config);

async function inspect() {
  const c = await owner.pool.connect();
  try {
    return await inspectWall(c);
  } finally {
    c.release();
  }
}
async function repair() {
  const c = await owner.pool.connect();
  try {
    await repairWall(c, await inspectWall(c));
  } finally {
    c.release();
  }
}

describe('the declared wall', () => {
  test('the migrated schema matches the declaration exactly', async () => {
    expect(await inspect()).toEqual([]);
    const n = await owner.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_policies WHERE schemaname = 'public' AND tablename = ANY($1::text[])`, [
      [...WALL_TABLES],
    ]);
    expect(n.rows[0]!.n).toBe(WALL_POLICIES.length);
  });

  test('the declaration names the last migration as the schema it describes', async () => {
    const dirs = readdirSync(join(REPO_ROOT, 'prisma', 'migrations'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(WALL_SCHEMA_VERSION).toBe(dirs.at(-1));
  });

  test('a database migrated beyond the declaration is not repaired back to it', async () => {
    const c = await owner.pool.connect();
    try {
      expect(await schemaAhead(c)).toBeUndefined();
      await c.query(
        `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count, started_at) VALUES (gen_random_uuid()::text, 'x', now(), '29991231000000_next_release', 1, now())`,
      );
      try {
        expect(await schemaAhead(c)).toMatch(/migrated to 29991231000000_next_release, newer than this release's wall \(20\d+_\w+\): not repairing/);
      } finally {
        await c.query(`DELETE FROM _prisma_migrations WHERE migration_name = '29991231000000_next_release'`);
      }
      expect(await schemaAhead(c)).toBeUndefined();
    } finally {
      c.release();
    }
  });

  test('the functions, grants and roles of the migrated schema are the declared ones, and the policies call only those functions', async () => {
    // Each declared function exists once, owned by the tables' owner, as declared.
    const fns = await owner.pool.query<{ name: string; src: string; secdef: boolean; config: string[] | null; owner: string; table_owner: string }>(
      `SELECT p.proname AS name, p.prosrc AS src, p.prosecdef AS secdef, p.proconfig AS config, pg_get_userbyid(p.proowner) AS owner,
              (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.tenants'::regclass) AS table_owner
       FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = ANY($1::text[])`,
      [WALL_FUNCTIONS.map((f) => f.name)],
    );
    expect(fns.rows.map((f) => f.name).sort()).toEqual(WALL_FUNCTIONS.map((f) => f.name).sort());
    for (const f of fns.rows) {
      expect(f).toMatchObject({ src: WALL_FUNCTIONS.find((w) => w.name === f.name)!.src, secdef: false, config: null, owner: f.table_owner });
    }
    // What the policies call, by OID: only the declared functions.
    const called = await owner.pool.query<{ fn: string }>(
      `SELECT DISTINCT d.refobjid::regprocedure::text AS fn FROM pg_policy pol JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = pol.oid AND d.refclassid = 'pg_proc'::regclass
       WHERE pol.polrelid = ANY(SELECT ('public.' || t)::regclass FROM unnest($1::text[]) t)`,
      [[...WALL_TABLES]],
    );
    expect(called.rows.map((r) => r.fn).sort()).toEqual(WALL_FUNCTIONS.map((f) => `${f.name}()`).sort());
    // Grants, as the information schema reports them (table and column level), to anyone but the owner.
    const grants = await owner.pool.query<{ g: string }>(
      `SELECT grantee || ' ' || privilege_type || ' ' || table_name AS g FROM information_schema.role_table_grants
       WHERE table_schema = 'public' AND table_name = ANY($1::text[]) AND grantee <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.tenants'::regclass)
       UNION ALL
       SELECT grantee || ' ' || privilege_type || '(' || column_name || ') ' || table_name FROM information_schema.column_privileges
       WHERE table_schema = 'public' AND table_name = ANY($1::text[]) AND grantee <> (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'public.tenants'::regclass)
         AND NOT EXISTS (SELECT 1 FROM information_schema.role_table_grants t WHERE t.table_schema = 'public' AND t.table_name = column_privileges.table_name AND t.grantee = column_privileges.grantee AND t.privilege_type = column_privileges.privilege_type)`,
      [[...WALL_TABLES]],
    );
    const declared = WALL_GRANTS.flatMap((g) => [
      ...g.table_privileges.map((p) => `${g.grantee} ${p} ${g.table}`),
      ...Object.entries(g.columns ?? {}).flatMap(([p, cols]) => cols.map((c) => `${g.grantee} ${p}(${c}) ${g.table}`)),
    ]);
    expect(grants.rows.map((r) => r.g).sort()).toEqual(declared.sort());
    const roles = await owner.pool.query(
      `SELECT rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname IN ('sentinel_app', 'sentinel_platform', 'sentinel_direct') ORDER BY rolname`,
    );
    expect(roles.rows).toEqual([
      { rolname: 'sentinel_app', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false },
      { rolname: 'sentinel_direct', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false },
      { rolname: 'sentinel_platform', rolsuper: false, rolbypassrls: true, rolcreaterole: false, rolcreatedb: false },
    ]);
  });

  test('widened grants, role attributes and memberships are found and put back exactly', async () => {
    await owner.pool.query('GRANT SELECT ON users TO sentinel_direct');
    await owner.pool.query('GRANT UPDATE (slug) ON tenants TO sentinel_app');
    await owner.pool.query('GRANT SELECT ON refresh_tokens TO PUBLIC');
    await owner.pool.query('REVOKE INSERT ON audit_logs FROM sentinel_app');
    await owner.pool.query('GRANT SELECT ON jobs TO sentinel_app WITH GRANT OPTION');
    await owner.pool.query('ALTER ROLE sentinel_direct BYPASSRLS');
    await owner.pool.query('GRANT sentinel_platform TO sentinel_app');
    const drifts = await inspect();
    expect(drifts).toEqual(
      expect.arrayContaining([
        { kind: 'grants_altered', table: 'users', role: 'sentinel_direct', detail: '+SELECT' },
        { kind: 'grants_altered', table: 'tenants', role: 'sentinel_app', detail: '+UPDATE(slug)' },
        { kind: 'grants_altered', table: 'refresh_tokens', role: 'PUBLIC', detail: '+SELECT' },
        { kind: 'grants_altered', table: 'audit_logs', role: 'sentinel_app', detail: '-INSERT' },
        { kind: 'grants_altered', table: 'jobs', role: 'sentinel_app', detail: '+SELECT WITH GRANT OPTION, -SELECT' },
        { kind: 'role_attributes', role: 'sentinel_direct', detail: 'BYPASSRLS' },
        { kind: 'role_membership', role: 'sentinel_app', detail: 'member of sentinel_platform' },
      ]),
    );
    expect(drifts).toHaveLength(7);
    await repair();
    expect(await inspect()).toEqual([]);
  });

  test('every drift is found and repaired in one go', async () => {
    await owner.pool.query('DROP POLICY tenant_isolation ON users');
    await owner.pool.query('ALTER POLICY tenant_isolation ON audit_logs USING (true)');
    await owner.pool.query('ALTER TABLE jobs NO FORCE ROW LEVEL SECURITY');
    await owner.pool.query('ALTER TABLE invitations DISABLE ROW LEVEL SECURITY');
    await owner.pool.query('CREATE POLICY backdoor ON refresh_tokens FOR SELECT TO PUBLIC USING (true)');
    const drifts = await inspect();
    expect(drifts).toEqual(
      expect.arrayContaining([
        { table: 'users', kind: 'policy_missing', policy: 'tenant_isolation' },
        { table: 'audit_logs', kind: 'policy_altered', policy: 'tenant_isolation' },
        { table: 'jobs', kind: 'rls_not_forced' },
        { table: 'invitations', kind: 'rls_disabled' },
        { table: 'refresh_tokens', kind: 'policy_unexpected', policy: 'backdoor' },
      ]),
    );
    expect(drifts).toHaveLength(5);
    await repair();
    expect(await inspect()).toEqual([]);
  });
});

describe('change notification', () => {
  test('DDL touching the wall notifies sentinel_wall; other DDL does not', async () => {
    const installed = await owner.pool.query<{ installed: boolean }>(WALL_NOTIFY_INSTALLED_SQL);
    expect(installed.rows[0]!.installed).toBe(true);
    // The compose bootstrap (a shell script, the DBA's step) carries the same SQL.
    expect(readFileSync(join(REPO_ROOT, 'docker', 'postgres', '10-sentinel-bootstrap.sh'), 'utf8')).toContain(WALL_NOTIFY_SQL.trim());
    const l = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await l.connect();
    const got: string[] = [];
    l.on('notification', (n) => n.channel === WALL_NOTIFY_CHANNEL && got.push(n.payload ?? ''));
    await l.query(`LISTEN ${WALL_NOTIFY_CHANNEL}`);
    const next = async (sql: string) => {
      got.length = 0;
      await owner.pool.query(sql);
      await l.query('SELECT 1'); // a round trip: a notification sent before it has arrived
      return [...got];
    };
    try {
      expect(await next('GRANT SELECT ON users TO sentinel_direct')).toEqual([expect.stringMatching(/^GRANT: table/i)]);
      expect(await next('REVOKE SELECT ON users FROM sentinel_direct')).toEqual([expect.stringMatching(/^REVOKE: table/i)]);
      expect(await next('ALTER TABLE jobs DISABLE ROW LEVEL SECURITY')).toEqual(['ALTER TABLE: table public.jobs']);
      expect(await next('ALTER TABLE jobs ENABLE ROW LEVEL SECURITY')).toHaveLength(1);
      expect(await next('DROP POLICY tenant_isolation ON users')).toEqual([expect.stringContaining('policy tenant_isolation on public.users')]);
      await repair();
      await l.query('SELECT 1'); // the repair's own notifications
      expect(await next(`CREATE OR REPLACE FUNCTION direct_tenant() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT NULL::uuid $$`)).toEqual([
        'CREATE FUNCTION: function public.direct_tenant()',
      ]);
      await repair();
      await l.query('SELECT 1');
      expect(await next('CREATE TABLE not_the_wall (id int)')).toEqual([]);
      await owner.pool.query('DROP TABLE not_the_wall');
      expect(await inspect()).toEqual([]);
    } finally {
      await l.end();
      await repair();
    }
  });
});

describe('direct-access roles', () => {
  let A: Awaited<ReturnType<Fixtures['tenant']>>;
  let B: Awaited<ReturnType<Fixtures['tenant']>>;
  const direct = () => new DirectAccess(owner);
  const password = 'direct-access-test-password-1';
  const roleOf = async (tenantId: string) => (await direct().roleName(tenantId))!;
  const url = (role: string, pw = password) => {
    const u = new URL(config.DATABASE_APP_URL);
    u.username = role;
    u.password = pw;
    return u.toString();
  };
  const connectAs = async (role: string, pw?: string) => {
    const c = new pg.Client({ connectionString: url(role, pw) });
    await c.connect();
    return c;
  };
  const connect = async (tenantId: string, pw?: string) => connectAs(await roleOf(tenantId), pw);

  beforeAll(async () => {
    A = await fx.tenant();
    B = await fx.tenant();
    await fx.user(A.id);
    await fx.user(B.id);
    await fx.user(B.id);
    await direct().ensure(A.id, { login: true, password });
  });
  afterAll(async () => {
    await direct().drop(A.id);
  });

  test("sees its own tenant's rows and nothing else, whatever the session sets", async () => {
    const c = await connect(A.id);
    try {
      const users = async () => (await c.query<{ tenant_id: string }>('SELECT tenant_id, email FROM users')).rows.map((r) => r.tenant_id);
      expect(await users()).toEqual([A.id]);
      await c.query(`SET app.tenant_id = '${B.id}'`);
      expect(await users()).toEqual([A.id]);
      await c.query(`SELECT set_config('app.tenant_id', $1, false)`, [B.id]);
      expect(await users()).toEqual([A.id]);
      await c.query('RESET ALL');
      expect(await users()).toEqual([A.id]);
      // direct_tenant() names its table with the schema: no search_path finds another.
      await c.query(`SET search_path = ''`);
      expect((await c.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM public.users')).rows.map((r) => r.tenant_id)).toEqual([A.id]);
      await c.query('RESET search_path');
      const tenants = (await c.query<{ id: string }>('SELECT id FROM tenants')).rows.map((r) => r.id);
      expect(tenants).toEqual([A.id]);
      for (const role of ['sentinel_app', 'sentinel_platform', 'sentinel_direct', 'sentinel_owner'])
        await expect(c.query(`SET ROLE ${role}`)).rejects.toThrow(/permission denied/);
      await expect(c.query('SELECT password_hash FROM users')).rejects.toThrow(/permission denied/);
      await expect(c.query('SELECT * FROM refresh_tokens')).rejects.toThrow(/permission denied/);
      await expect(c.query(`UPDATE users SET display_name = 'x'`)).rejects.toThrow(/read-only|permission denied/);
      await c.query('SET default_transaction_read_only = off');
      await expect(c.query(`DELETE FROM users`)).rejects.toThrow(/permission denied/);
    } finally {
      await c.end();
    }
  });

  test('disabling ends open sessions and refuses new logins; enabling with a new password rotates it', async () => {
    const open = await connect(A.id);
    open.on('error', () => {});
    await direct().disable(A.id);
    await expect(open.query('SELECT 1')).rejects.toThrow();
    await expect(connect(A.id)).rejects.toThrow(/not permitted to log in/);
    await direct().ensure(A.id, { login: true, password: 'rotated-password-abcdef' });
    await expect(connect(A.id)).rejects.toThrow(/password authentication failed/);
    const c = await connect(A.id, 'rotated-password-abcdef');
    await c.end();
    await direct().ensure(A.id, { login: true, password });
  });

  const readsOf = async (tenantId: string) => {
    const c = await connect(tenantId);
    try {
      const users = (await c.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM users')).rows.map((r) => r.tenant_id);
      const tenants = (await c.query<{ id: string }>('SELECT id FROM tenants')).rows.map((r) => r.id);
      return { users, tenants };
    } finally {
      await c.end();
    }
  };

  test('GRANT SELECT ON users TO sentinel_direct: revoked; the role cannot read password hashes afterwards', async () => {
    await owner.pool.query('GRANT SELECT ON users TO sentinel_direct');
    const c = await connect(A.id);
    try {
      // The hole is real before the repair: the hashes of the role's own tenant are readable.
      expect((await c.query('SELECT password_hash FROM users')).rows.length).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
    expect(await inspect()).toEqual([{ kind: 'grants_altered', table: 'users', role: 'sentinel_direct', detail: '+SELECT' }]);
    await repair();
    expect(await inspect()).toEqual([]);
    const d = await connect(A.id);
    try {
      await expect(d.query('SELECT password_hash FROM users')).rejects.toThrow(/permission denied/);
      expect((await d.query('SELECT email FROM users')).rows.length).toBeGreaterThan(0);
    } finally {
      await d.end();
    }
  });

  test('CREATE OR REPLACE FUNCTION direct_tenant() returning another tenant: restored before anything else', async () => {
    await owner.pool.query(`CREATE OR REPLACE FUNCTION direct_tenant() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT '${B.id}'::uuid $$`);
    expect(await readsOf(A.id)).toEqual({ users: [B.id], tenants: [B.id] }); // the breach is real
    // A dropped policy at the same time: the repair re-creates it only after the function is verified.
    await owner.pool.query('DROP POLICY direct_access ON users');
    const drifts = await inspect();
    expect(drifts).toEqual([
      { kind: 'function_altered', function: 'direct_tenant', detail: 'body, volatility' },
      { kind: 'policy_missing', table: 'users', policy: 'direct_access' },
    ]);
    await repair();
    expect(await inspect()).toEqual([]);
    expect(await readsOf(A.id)).toEqual({ users: [A.id], tenants: [A.id] });
  });

  test('direct_tenant() renamed away and an evil one created in its place: the policies stay bound to the verified function', async () => {
    const oid = async () => (await owner.pool.query<{ oid: string }>(`SELECT 'public.direct_tenant()'::regprocedure::oid::text AS oid`)).rows[0]!.oid;
    await owner.pool.query('ALTER FUNCTION direct_tenant() RENAME TO direct_tenant_orig');
    await owner.pool.query(`CREATE FUNCTION direct_tenant() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT '${B.id}'::uuid $$`);
    const evil = await oid();
    const drifts = await inspect();
    expect(drifts).toEqual(expect.arrayContaining([{ kind: 'function_altered', function: 'direct_tenant', detail: 'body' }]));
    // Every direct_access policy still reads `direct_tenant_orig()`: altered, to be re-created.
    expect(
      drifts
        .filter((d) => d.kind === 'policy_altered')
        .map((d) => d.table)
        .sort(),
    ).toEqual(
      WALL_POLICIES.filter((p) => p.name === 'direct_access')
        .map((p) => p.table)
        .sort(),
    );
    expect(await readsOf(A.id)).toEqual({ users: [A.id], tenants: [A.id] }); // still bound to the original
    await repair();
    expect(await inspect()).toEqual([]);
    // The name's function (same OID, now with the verified body) is what every policy calls.
    expect(await oid()).toBe(evil);
    const src = await owner.pool.query<{ src: string }>(`SELECT prosrc AS src FROM pg_proc WHERE oid = $1::oid`, [evil]);
    expect(src.rows[0]!.src).toBe(WALL_FUNCTIONS.find((f) => f.name === 'direct_tenant')!.src);
    const bound = await owner.pool.query<{ fn: string }>(
      `SELECT DISTINCT d.refobjid::text AS fn FROM pg_policy pol JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = pol.oid AND d.refclassid = 'pg_proc'::regclass
       WHERE pol.polname = 'direct_access'`,
    );
    expect(bound.rows).toEqual([{ fn: evil }]);
    expect(await readsOf(A.id)).toEqual({ users: [A.id], tenants: [A.id] });
    await owner.pool.query('DROP FUNCTION direct_tenant_orig()');
  });

  test('a wall function that cannot be verified leaves every policy as it was', async () => {
    // Owned by another role the owner cannot act for: neither replaced nor given back.
    const su = new pg.Client({
      connectionString: process.env.TEST_SUPERUSER_URL!.replace(/\/postgres$/, '/' + new URL(config.DATABASE_APP_URL).pathname.slice(1)),
    });
    await su.connect();
    try {
      await su.query('ALTER FUNCTION direct_tenant() RENAME TO direct_tenant_orig');
      await su.query(`CREATE FUNCTION direct_tenant() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT '${B.id}'::uuid $$`);
      const c = await owner.pool.connect();
      try {
        await expect(repairWall(c, await inspectWall(c))).rejects.toThrow(/functions and policies: must be owner/);
      } finally {
        c.release();
      }
      expect(await readsOf(A.id)).toEqual({ users: [A.id], tenants: [A.id] });
      await su.query('DROP FUNCTION direct_tenant()');
      await su.query('ALTER FUNCTION direct_tenant_orig() RENAME TO direct_tenant');
      expect(await inspect()).toEqual([]);
    } finally {
      await su.end();
    }
  });

  test('role names are opaque: nothing of the tenant id or slug, and a role sees only its own mapping', async () => {
    const role = await roleOf(A.id);
    expect(role).toMatch(/^sentinel_d_[0-9a-f]{20}$/);
    const hex = A.id.replace(/-/g, '');
    for (const part of [hex.slice(0, 8), hex.slice(-8), A.slug]) expect(role).not.toContain(part);
    await direct().ensure(B.id, { login: true, password });
    try {
      const c = await connect(A.id);
      try {
        expect((await c.query('SELECT tenant_id, role_name FROM direct_roles')).rows).toEqual([{ tenant_id: A.id, role_name: role }]);
        // Every role name is still listed (PostgreSQL shows pg_roles to all): none names a tenant.
        const names = (await c.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE 'sentinel\\_%'`)).rows.map((r) => r.rolname);
        expect(names).toContain(await roleOf(B.id));
        for (const n of names) expect(n).not.toContain(B.id.replace(/-/g, ''));
      } finally {
        await c.end();
      }
    } finally {
      await direct().drop(B.id);
    }
  });

  test('a role named after its tenant id (an older release) is renamed on ensure: its password and open sessions keep working', async () => {
    const C = await fx.tenant();
    await fx.user(C.id);
    const legacy = `sentinel_t_${C.id.replace(/-/g, '')}`;
    await owner.pool.query(`CREATE ROLE ${legacy} LOGIN INHERIT NOBYPASSRLS CONNECTION LIMIT 5 PASSWORD '${password}'`);
    await owner.pool.query(`GRANT sentinel_direct TO ${legacy} WITH INHERIT TRUE, SET FALSE`);
    await owner.pool.query(`GRANT ${legacy} TO CURRENT_USER WITH INHERIT TRUE, SET FALSE`);
    // What the migration 20261202053000 does for the roles that exist when it runs.
    await owner.pool.query(`INSERT INTO direct_roles (tenant_id, role_name) VALUES ($1, $2)`, [C.id, legacy]);
    try {
      const open = await connectAs(legacy);
      try {
        const tenants = async (c: pg.Client) => (await c.query<{ id: string }>('SELECT id FROM tenants')).rows.map((r) => r.id);
        expect(await tenants(open)).toEqual([C.id]);
        const { role, renamedFrom, created } = await direct().ensure(C.id, { login: true });
        expect({ renamedFrom, created }).toEqual({ renamedFrom: legacy, created: false });
        expect(role).toMatch(/^sentinel_d_[0-9a-f]{20}$/);
        // The open session is the renamed role now, still confined to its tenant.
        expect(await tenants(open)).toEqual([C.id]);
        expect((await open.query<{ u: string }>('SELECT session_user AS u')).rows[0]!.u).toBe(role);
        await expect(connectAs(legacy)).rejects.toThrow(/password authentication failed|does not exist/);
        const fresh = await connectAs(role); // the same password
        try {
          expect(await tenants(fresh)).toEqual([C.id]);
        } finally {
          await fresh.end();
        }
      } finally {
        await open.end();
      }
      expect(await inspect()).toEqual([]);
    } finally {
      await direct().drop(C.id);
    }
  });

  test('the password reaches the server only as a SCRAM verifier', async () => {
    // pg_authid is readable by a superuser only (the test stack's).
    const su = new pg.Client({ connectionString: process.env.TEST_SUPERUSER_URL });
    await su.connect();
    try {
      const r = await su.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [await roleOf(A.id)]);
      expect(r.rows[0]!.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
      expect(r.rows[0]!.rolpassword).not.toContain(password);
    } finally {
      await su.end();
    }
  });
});
