// The tenant wall, declared once: everything whose change could let one tenant read
// another's rows. Row-Level Security enabled and forced on every tenant-owned table; the
// complete policy set; the functions those policies call (definition and owner); every
// privilege on the wall tables; and the attributes and memberships of the roles the
// policies confine. Migrations create it; the Tenant controller checks the live database
// against this declaration and repairs drift. tests/wall.test.ts proves the migrated schema
// matches it exactly.
import type pg from 'pg';

export interface PolicySpec {
  table: string;
  name: string;
  command: 'ALL' | 'SELECT' | 'UPDATE';
  role: string;
  using: string;
  check?: string;
}

const APP = 'sentinel_app';
const DIRECT = 'sentinel_direct';
const byTenant = 'tenant_id = (SELECT app_tenant())';
const byDirect = 'tenant_id = (SELECT direct_tenant())';

/**
 * Every table that holds tenant data, and direct_roles (which tenant each direct-access role
 * reads: what direct_tenant() looks up). Each has RLS enabled and forced.
 */
export const WALL_TABLES = [
  'tenants',
  'users',
  'refresh_tokens',
  'audit_logs',
  'invitations',
  'tenant_usage_daily',
  'jobs',
  'job_chunks',
  'api_keys',
  'user_mfa',
  'webhook_endpoints',
  'webhook_events',
  'webhook_deliveries',
  'erasures',
  'tenant_sso',
  'user_identities',
  'direct_roles',
] as const;

/** The complete policy set: any other policy on a wall table is drift and is dropped. */
export const WALL_POLICIES: readonly PolicySpec[] = [
  {
    table: 'tenants',
    name: 'tenant_self',
    command: 'SELECT',
    role: APP,
    using: '(id = (SELECT app_tenant()) OR slug = (SELECT app_tenant_slug())) AND deleted_at IS NULL',
  },
  // Tenant admins rename their own tenant; the column grant limits the app role to display_name.
  {
    table: 'tenants',
    name: 'tenant_self_update',
    command: 'UPDATE',
    role: APP,
    using: 'id = (SELECT app_tenant()) AND deleted_at IS NULL',
    check: 'id = (SELECT app_tenant()) AND deleted_at IS NULL',
  },
  ...WALL_TABLES.filter((t) => t !== 'tenants' && t !== 'direct_roles').map((table): PolicySpec => ({
    table,
    name: 'tenant_isolation',
    command: 'ALL',
    role: APP,
    using: byTenant,
    check: byTenant,
  })),
  // Per-tenant direct-access roles (members of sentinel_direct) read their own tenant only.
  { table: 'tenants', name: 'direct_access', command: 'SELECT', role: DIRECT, using: 'id = (SELECT direct_tenant())' },
  ...(['users', 'audit_logs', 'jobs', 'tenant_usage_daily'] as const).map((table): PolicySpec => ({
    table,
    name: 'direct_access',
    command: 'SELECT',
    role: DIRECT,
    using: byDirect,
  })),
  // A direct role finds its own tenant (direct_tenant()) and nobody else's role.
  { table: 'direct_roles', name: 'direct_self', command: 'SELECT', role: DIRECT, using: 'role_name = session_user' },
];

// ---------------------------------------------------------------------------------------------
// The rest of the wall: what a policy calls, who may touch the tables, and what the roles are.
// ---------------------------------------------------------------------------------------------

/**
 * A function the policies call, exactly as the migrations create it. Owned by the role that
 * owns the wall tables (the migrator); SECURITY INVOKER, no SET clause, no arguments.
 */
export interface FunctionSpec {
  name: string;
  returns: 'uuid' | 'text';
  language: 'sql';
  /** pg_proc.provolatile: s = STABLE. */
  volatility: 's';
  /** pg_proc.proparallel: s = PARALLEL SAFE. */
  parallel: 's';
  /** The body as PostgreSQL stores it (pg_proc.prosrc), byte for byte. */
  src: string;
}

export const WALL_FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'app_tenant',
    returns: 'uuid',
    language: 'sql',
    volatility: 's',
    parallel: 's',
    src: ` SELECT nullif(current_setting('app.tenant_id', true), '')::uuid `,
  },
  {
    name: 'app_tenant_slug',
    returns: 'text',
    language: 'sql',
    volatility: 's',
    parallel: 's',
    src: ` SELECT nullif(current_setting('app.tenant_slug', true), '') `,
  },
  {
    name: 'direct_tenant',
    returns: 'uuid',
    language: 'sql',
    volatility: 's',
    parallel: 's',
    src: ` SELECT tenant_id FROM public.direct_roles WHERE role_name = session_user `,
  },
];

export type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER';

/** Privileges of one grantee on one wall table; `columns` are column grants (privilege → columns). */
export interface GrantSpec {
  table: (typeof WALL_TABLES)[number];
  grantee: string;
  table_privileges: readonly Privilege[];
  columns?: Partial<Record<Privilege, readonly string[]>>;
}

const PLATFORM = 'sentinel_platform';
const SIUD: readonly Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

/**
 * Every privilege on a wall table held by anyone but the tables' owner (PUBLIC included,
 * which holds none). A grant not listed here is drift and is revoked; none is grantable.
 * The sequences owned by wall tables (there are none today: ids are uuids) carry no grants.
 */
export const WALL_GRANTS: readonly GrantSpec[] = [
  {
    table: 'tenants',
    grantee: APP,
    table_privileges: ['SELECT'],
    // Tenant admins rename their own tenant (20261202020000_tenant_admin_display_name)
    // and set whether it requires MFA (20261202060000_mfa).
    columns: { UPDATE: ['display_name', 'updated_at', 'mfa_required'] },
  },
  { table: 'tenants', grantee: PLATFORM, table_privileges: SIUD },
  {
    table: 'tenants',
    grantee: DIRECT,
    table_privileges: [],
    columns: { SELECT: ['id', 'slug', 'display_name', 'plan', 'status', 'created_at', 'updated_at'] },
  },
  { table: 'users', grantee: APP, table_privileges: SIUD },
  { table: 'users', grantee: PLATFORM, table_privileges: SIUD },
  {
    table: 'users',
    grantee: DIRECT,
    table_privileges: [],
    columns: { SELECT: ['tenant_id', 'id', 'email', 'display_name', 'role', 'created_at', 'updated_at'] },
  },
  { table: 'refresh_tokens', grantee: APP, table_privileges: SIUD },
  { table: 'refresh_tokens', grantee: PLATFORM, table_privileges: SIUD },
  // An erasure (20261202093000_erasure) rewrites who and what a row names; nothing else changes.
  { table: 'audit_logs', grantee: APP, table_privileges: ['SELECT', 'INSERT'], columns: { UPDATE: ['actor_id', 'target_id', 'changes', 'client_ip'] } },
  { table: 'audit_logs', grantee: PLATFORM, table_privileges: SIUD },
  { table: 'audit_logs', grantee: DIRECT, table_privileges: ['SELECT'] },
  { table: 'invitations', grantee: APP, table_privileges: SIUD },
  { table: 'invitations', grantee: PLATFORM, table_privileges: SIUD },
  { table: 'tenant_usage_daily', grantee: APP, table_privileges: ['SELECT'] },
  { table: 'tenant_usage_daily', grantee: PLATFORM, table_privileges: SIUD },
  { table: 'tenant_usage_daily', grantee: DIRECT, table_privileges: ['SELECT'] },
  { table: 'jobs', grantee: APP, table_privileges: ['SELECT', 'INSERT', 'UPDATE'] },
  { table: 'jobs', grantee: PLATFORM, table_privileges: SIUD },
  { table: 'jobs', grantee: DIRECT, table_privileges: ['SELECT'] },
  { table: 'job_chunks', grantee: APP, table_privileges: ['SELECT', 'INSERT', 'DELETE'] },
  { table: 'job_chunks', grantee: PLATFORM, table_privileges: SIUD },
  // API keys (20261202041000_api_keys): the app role never deletes one (revoking keeps the row).
  { table: 'api_keys', grantee: APP, table_privileges: ['SELECT', 'INSERT', 'UPDATE'] },
  { table: 'api_keys', grantee: PLATFORM, table_privileges: SIUD },
  // TOTP authenticators (20261202060000_mfa): disabling and resetting delete the row.
  { table: 'user_mfa', grantee: APP, table_privileges: SIUD },
  { table: 'user_mfa', grantee: PLATFORM, table_privileges: SIUD },
  // Webhook endpoints (20261202070000_webhooks): tenant admins delete their own.
  { table: 'webhook_endpoints', grantee: APP, table_privileges: SIUD },
  { table: 'webhook_endpoints', grantee: PLATFORM, table_privileges: SIUD },
  // The outbox: events are immutable but for an erasure's rewrite of their payload
  // (20261202093000_erasure); the worker keeps deliveries in step.
  { table: 'webhook_events', grantee: APP, table_privileges: ['SELECT', 'INSERT'], columns: { UPDATE: ['payload'] } },
  { table: 'webhook_events', grantee: PLATFORM, table_privileges: SIUD },
  { table: 'webhook_deliveries', grantee: APP, table_privileges: ['SELECT', 'INSERT', 'UPDATE'] },
  { table: 'webhook_deliveries', grantee: PLATFORM, table_privileges: SIUD },
  // Erasure tombstones (20261202093000_erasure): written once, never changed by the app.
  { table: 'erasures', grantee: APP, table_privileges: ['SELECT', 'INSERT'] },
  { table: 'erasures', grantee: PLATFORM, table_privileges: SIUD },
  // Single sign-on (20261202092000_oidc_sso): tenant admins remove their provider; identities go with their user.
  { table: 'tenant_sso', grantee: APP, table_privileges: SIUD },
  { table: 'tenant_sso', grantee: PLATFORM, table_privileges: SIUD },
  { table: 'user_identities', grantee: APP, table_privileges: SIUD },
  { table: 'user_identities', grantee: PLATFORM, table_privileges: SIUD },
  // Written by the controller (the owner) only; a direct role reads its own row (direct_self).
  { table: 'direct_roles', grantee: DIRECT, table_privileges: ['SELECT'] },
];

/** Attributes a role of the wall must (not) have. LOGIN is not part of the wall (direct-access code owns it). */
export interface RoleSpec {
  /** A role name, or a pattern for the per-tenant direct-access roles. */
  name: string | RegExp;
  bypassrls: boolean;
  /** The roles it may be a member of. */
  memberOf: readonly string[];
}

/** Opaque (sentinel_d_<random>), or named after the tenant id by releases before 20261202053000 (renamed on reconcile). */
export const DIRECT_TENANT_ROLE = /^sentinel_(?:d_[0-9a-f]{20}|t_[0-9a-f]{32})$/;

/** Nobody here is SUPERUSER, CREATEROLE, CREATEDB or REPLICATION; only the platform role bypasses RLS. */
export const WALL_ROLES: readonly RoleSpec[] = [
  { name: APP, bypassrls: false, memberOf: [] },
  { name: PLATFORM, bypassrls: true, memberOf: [] },
  { name: DIRECT, bypassrls: false, memberOf: [] },
  { name: DIRECT_TENANT_ROLE, bypassrls: false, memberOf: [DIRECT] },
];

/**
 * The last migration this declaration describes (tests/wall.test.ts keeps it equal to the last
 * directory of prisma/migrations). A database migrated further belongs to a newer release whose
 * wall this one does not know: its new policies or grants would look like drift.
 */
export const WALL_SCHEMA_VERSION = '20261202093000_erasure';

/**
 * Why the wall must not be repaired against this declaration, if it must not: the database
 * holds migrations newer than WALL_SCHEMA_VERSION (an upgrade's migrate Job ran before this
 * controller was replaced). Each migration commits with its record, so a migration's own DDL
 * is never seen without it. A database without the migrations table is not guarded.
 */
export async function schemaAhead(client: pg.PoolClient): Promise<string | undefined> {
  const r = await client.query<{ name: string | null }>(
    `SELECT CASE WHEN to_regclass('public._prisma_migrations') IS NOT NULL THEN
       (SELECT max(migration_name) FROM public._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL) END AS name`,
  );
  const newest = r.rows[0]?.name;
  return newest && newest > WALL_SCHEMA_VERSION
    ? `the database is migrated to ${newest}, newer than this release's wall (${WALL_SCHEMA_VERSION}): not repairing until the controller is upgraded`
    : undefined;
}

export type DriftKind =
  | 'rls_disabled'
  | 'rls_not_forced'
  | 'policy_missing'
  | 'policy_altered'
  | 'policy_unexpected'
  | 'function_missing'
  | 'function_altered'
  | 'function_owner'
  | 'grants_altered'
  | 'role_attributes'
  | 'role_membership';

/** One difference between the live database and the declaration. */
export interface Drift {
  kind: DriftKind;
  /** The wall table (RLS flags, policies, grants; a sequence's table for its grants). */
  table?: string;
  policy?: string;
  function?: string;
  /** The grantee of a grant drift; the role of a role drift. */
  role?: string;
  /** What differs, for people (e.g. `+SELECT`, `BYPASSRLS`, `member of sentinel_platform`). */
  detail?: string;
}

export const describeDrift = (d: Drift): string => {
  const what = d.function ? `${d.function}()` : d.table ? `${d.table}${d.policy ? `.${d.policy}` : ''}${d.role ? ` to ${d.role}` : ''}` : (d.role ?? '');
  return `${d.kind} ${what}${d.detail ? ` (${d.detail})` : ''}`;
};

interface LivePolicy {
  table: string;
  name: string;
  permissive: string;
  roles: string[];
  cmd: string;
  qual: string | null;
  with_check: string | null;
}

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const grantee = (r: string) => (r === 'PUBLIC' ? 'PUBLIC' : ident(r));

function createPolicySql(p: PolicySpec, table: string): string {
  return `CREATE POLICY ${ident(p.name)} ON ${table} FOR ${p.command} TO ${ident(p.role)} USING (${p.using})${p.check ? ` WITH CHECK (${p.check})` : ''}`;
}

const livePoliciesSql = `
  SELECT tablename AS table, policyname AS name, permissive, roles::text[] AS roles, cmd, qual, with_check
  FROM pg_policies WHERE schemaname = $1 AND tablename = ANY($2::text[])`;

/**
 * Every wall query runs with the search path pinned to the wall's schema (pg_catalog is
 * searched first anyway), so neither a function in another schema nor the session's own
 * search_path can change what a name in a policy means.
 */
async function pinSearchPath(client: pg.PoolClient, schema: string): Promise<void> {
  await client.query(`SELECT set_config('search_path', $1, true)`, [ident(schema)]);
}

/**
 * PostgreSQL stores a policy's expressions deparsed. To compare like with like, the
 * expected set is created on a scratch temporary table with the same columns and read
 * back, in the caller's transaction, under a savepoint rolled back: no lock is taken on a
 * real table.
 */
async function expectedPolicies(client: pg.PoolClient): Promise<Map<string, LivePolicy>> {
  await client.query('SAVEPOINT sentinel_wall_probe');
  try {
    await client.query('CREATE TEMP TABLE sentinel_wall_probe (id uuid, tenant_id uuid, slug text, deleted_at timestamptz, role_name text) ON COMMIT DROP');
    const probeSchema = (await client.query<{ s: string }>(`SELECT nspname AS s FROM pg_namespace WHERE oid = pg_my_temp_schema()`)).rows[0]!.s;
    const out = new Map<string, LivePolicy>();
    for (const p of WALL_POLICIES) {
      const name = `${p.table}.${p.name}`;
      await client.query(createPolicySql({ ...p, name }, 'pg_temp.sentinel_wall_probe'));
      const row = (await client.query<LivePolicy>(`${livePoliciesSql} AND policyname = $3`, [probeSchema, ['sentinel_wall_probe'], name])).rows[0]!;
      out.set(name, { ...row, table: p.table, name: p.name });
    }
    return out;
  } finally {
    await client.query('ROLLBACK TO SAVEPOINT sentinel_wall_probe');
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((r, i) => r === [...b].sort()[i]);

interface LiveFunction {
  oid: string;
  name: string;
  returns: string;
  language: string;
  volatility: string;
  parallel: string;
  secdef: boolean;
  leakproof: boolean;
  strict: boolean;
  retset: boolean;
  kind: string;
  config: string[] | null;
  src: string;
  owner: string;
}

/** The wall tables' owner: the role every wall function must belong to. */
async function wallOwner(client: pg.PoolClient, schema: string): Promise<string> {
  const r = await client.query<{ owner: string }>(
    `SELECT pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = 'tenants'`,
    [schema],
  );
  if (!r.rows[0]) throw new Error(`the wall table ${schema}.tenants does not exist`);
  return r.rows[0].owner;
}

/** The declared functions as they are: by name, in the wall's schema, without arguments. */
async function liveFunctions(client: pg.PoolClient, schema: string): Promise<Map<string, LiveFunction>> {
  const r = await client.query<LiveFunction>(
    `SELECT p.oid::text AS oid, p.proname AS name, pg_get_function_result(p.oid) AS returns, l.lanname AS language,
            p.provolatile AS volatility, p.proparallel AS parallel, p.prosecdef AS secdef, p.proleakproof AS leakproof,
            p.proisstrict AS strict, p.proretset AS retset, p.prokind AS kind, p.proconfig AS config, p.prosrc AS src,
            pg_get_userbyid(p.proowner) AS owner
     FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
     WHERE n.nspname = $1 AND p.proname = ANY($2::text[]) AND p.pronargs = 0`,
    [schema, WALL_FUNCTIONS.map((f) => f.name)],
  );
  return new Map(r.rows.map((f) => [f.name, f]));
}

function functionDrifts(live: Map<string, LiveFunction>, owner: string): Drift[] {
  const drifts: Drift[] = [];
  for (const want of WALL_FUNCTIONS) {
    const have = live.get(want.name);
    if (!have) drifts.push({ kind: 'function_missing', function: want.name });
    else {
      const differs: string[] = [];
      if (have.src !== want.src) differs.push('body');
      if (have.returns !== want.returns || have.kind !== 'f' || have.retset) differs.push('signature');
      if (have.language !== want.language) differs.push('language');
      if (have.volatility !== want.volatility || have.parallel !== want.parallel) differs.push('volatility');
      if (have.secdef) differs.push('security definer');
      if (have.leakproof || have.strict) differs.push('attributes');
      if (have.config?.length) differs.push(`SET ${have.config.join(', ')}`);
      if (differs.length) drifts.push({ kind: 'function_altered', function: want.name, detail: differs.join(', ') });
      if (have.owner !== owner) drifts.push({ kind: 'function_owner', function: want.name, detail: `owned by ${have.owner}` });
    }
  }
  return drifts;
}

interface LiveGrant {
  table: string;
  column: string;
  grantee: string;
  privilege: Privilege;
  grantable: boolean;
}

/** Every privilege on the wall tables and their sequences held by anyone but the owner. */
const liveGrantsSql = `
  WITH rel AS (
    SELECT c.oid, c.relname AS tbl, c.relacl, c.relowner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind IN ('r', 'p')
  ), seq AS (
    SELECT s.oid, rel.tbl || ':' || s.relname AS tbl, s.relacl, s.relowner FROM rel
    JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = rel.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
  ), obj AS (SELECT * FROM rel UNION ALL SELECT * FROM seq)
  SELECT obj.tbl AS "table", '' AS "column", CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END AS grantee,
         x.privilege_type AS privilege, x.is_grantable AS grantable
  FROM obj CROSS JOIN LATERAL aclexplode(obj.relacl) x WHERE x.grantee <> obj.relowner
  UNION ALL
  SELECT rel.tbl, a.attname, CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END,
         x.privilege_type, x.is_grantable
  FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
  CROSS JOIN LATERAL aclexplode(a.attacl) x WHERE x.grantee <> rel.relowner`;

const grantKey = (column: string, privilege: string, grantable = false) => `${privilege}${column ? `(${column})` : ''}${grantable ? ' WITH GRANT OPTION' : ''}`;

function expectedGrantKeys(spec: GrantSpec | undefined): string[] {
  if (!spec) return [];
  const keys = spec.table_privileges.map((p) => grantKey('', p));
  for (const [p, cols] of Object.entries(spec.columns ?? {})) for (const c of cols) keys.push(grantKey(c, p));
  return keys;
}

async function grantDrifts(client: pg.PoolClient, schema: string): Promise<Drift[]> {
  const live = (await client.query<LiveGrant>(liveGrantsSql, [schema, [...WALL_TABLES]])).rows;
  const byObject = new Map<string, string[]>();
  for (const g of live) {
    const k = `${g.table}\u0000${g.grantee}`;
    byObject.set(k, [...(byObject.get(k) ?? []), grantKey(g.column, g.privilege, g.grantable)]);
  }
  for (const g of WALL_GRANTS) if (!byObject.has(`${g.table}\u0000${g.grantee}`)) byObject.set(`${g.table}\u0000${g.grantee}`, []);
  const drifts: Drift[] = [];
  for (const [k, have] of byObject) {
    const [table, role] = k.split('\u0000') as [string, string];
    const want = expectedGrantKeys(WALL_GRANTS.find((g) => g.table === table && g.grantee === role));
    if (sameSet(have, want)) continue;
    const detail = [...have.filter((h) => !want.includes(h)).map((h) => `+${h}`), ...want.filter((w) => !have.includes(w)).map((w) => `-${w}`)].join(', ');
    drifts.push({ kind: 'grants_altered', table, role, detail });
  }
  return drifts;
}

interface LiveRole {
  name: string;
  super: boolean;
  bypassrls: boolean;
  createrole: boolean;
  createdb: boolean;
  replication: boolean;
  member_of: string[];
}

const roleSpec = (name: string) => WALL_ROLES.find((r) => (typeof r.name === 'string' ? r.name === name : r.name.test(name)));

async function roleDrifts(client: pg.PoolClient): Promise<Drift[]> {
  const names = WALL_ROLES.flatMap((r) => (typeof r.name === 'string' ? [r.name] : []));
  const r = await client.query<LiveRole>(
    `SELECT r.rolname AS name, r.rolsuper AS super, r.rolbypassrls AS bypassrls, r.rolcreaterole AS createrole,
            r.rolcreatedb AS createdb, r.rolreplication AS replication,
            array(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid) AS member_of
     FROM pg_roles r WHERE r.rolname = ANY($1::text[]) OR r.rolname ~ $2`,
    [names, DIRECT_TENANT_ROLE.source],
  );
  const drifts: Drift[] = [];
  for (const role of r.rows) {
    const spec = roleSpec(role.name)!;
    const wrong = [
      role.super && 'SUPERUSER',
      role.createrole && 'CREATEROLE',
      role.createdb && 'CREATEDB',
      role.replication && 'REPLICATION',
      role.bypassrls !== spec.bypassrls && (role.bypassrls ? 'BYPASSRLS' : 'NOBYPASSRLS'),
    ].filter((x): x is string => Boolean(x));
    if (wrong.length) drifts.push({ kind: 'role_attributes', role: role.name, detail: wrong.join(' ') });
    for (const g of role.member_of) if (!spec.memberOf.includes(g)) drifts.push({ kind: 'role_membership', role: role.name, detail: `member of ${g}` });
  }
  return drifts;
}

/**
 * The wall roles' attributes and memberships only: one catalog query, read-only. Roles are
 * cluster-wide objects, and PostgreSQL fires no event trigger for them (ALTER ROLE, GRANT role),
 * so the controller polls this between its full checks.
 */
export function inspectRoles(client: pg.PoolClient): Promise<Drift[]> {
  return roleDrifts(client);
}

/** The declared functions' OIDs: the only functions a wall policy may call. */
async function policyDependencyDrifts(client: pg.PoolClient, schema: string, functions: Map<string, LiveFunction>): Promise<Drift[]> {
  const allowed = [...functions.values()].map((f) => f.oid);
  const r = await client.query<{ table: string; name: string; fn: string }>(
    `SELECT DISTINCT c.relname AS table, pol.polname AS name, d.refobjid::regprocedure::text AS fn
     FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_depend d ON d.classid = 'pg_policy'::regclass AND d.objid = pol.oid AND d.refclassid = 'pg_proc'::regclass
     WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND NOT (d.refobjid::text = ANY($3::text[]))`,
    [schema, [...WALL_TABLES], allowed],
  );
  return r.rows.map((p) => ({ kind: 'policy_altered', table: p.table, policy: p.name, detail: `calls ${p.fn}, not a verified wall function` }));
}

async function tableDrifts(client: pg.PoolClient, schema: string, functions: Map<string, LiveFunction>): Promise<Drift[]> {
  const expected = await expectedPolicies(client);
  const drifts: Drift[] = [];
  const flags = await client.query<{ table: string; enabled: boolean; forced: boolean }>(
    `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind = 'r'`,
    [schema, [...WALL_TABLES]],
  );
  for (const f of flags.rows) {
    if (!f.enabled) drifts.push({ table: f.table, kind: 'rls_disabled' });
    if (!f.forced) drifts.push({ table: f.table, kind: 'rls_not_forced' });
  }
  const live = new Map((await client.query<LivePolicy>(livePoliciesSql, [schema, [...WALL_TABLES]])).rows.map((p) => [`${p.table}.${p.name}`, p]));
  for (const [key, want] of expected) {
    const have = live.get(key);
    if (!have) drifts.push({ table: want.table, kind: 'policy_missing', policy: want.name });
    else if (
      have.permissive !== want.permissive ||
      have.cmd !== want.cmd ||
      !sameSet(have.roles, want.roles) ||
      have.qual !== want.qual ||
      have.with_check !== want.with_check
    )
      drifts.push({ table: want.table, kind: 'policy_altered', policy: want.name });
  }
  for (const [key, have] of live) if (!expected.has(key)) drifts.push({ table: have.table, kind: 'policy_unexpected', policy: have.name });
  // A policy whose text reads right may still call another function than the verified one
  // (policies hold functions by OID): what pg_policy depends on is checked too.
  for (const d of await policyDependencyDrifts(client, schema, functions))
    if (!drifts.some((x) => x.table === d.table && x.policy === d.policy)) drifts.push(d);
  return drifts;
}

async function inspectAll(client: pg.PoolClient, schema: string): Promise<Drift[]> {
  await pinSearchPath(client, schema);
  const functions = await liveFunctions(client, schema);
  return [
    ...functionDrifts(functions, await wallOwner(client, schema)),
    ...(await tableDrifts(client, schema, functions)),
    ...(await grantDrifts(client, schema)),
    ...(await roleDrifts(client)),
  ];
}

/** Compares the live database with the declaration; returns every difference. Read-only. */
export async function inspectWall(client: pg.PoolClient, schema = 'public'): Promise<Drift[]> {
  await client.query('BEGIN');
  try {
    return await inspectAll(client, schema);
  } finally {
    await client.query('ROLLBACK');
  }
}

async function inTransaction(client: pg.PoolClient, schema: string, fn: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await pinSearchPath(client, schema);
    await fn();
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

function createFunctionSql(f: FunctionSpec, schema: string): string {
  const volatility = { s: 'STABLE' }[f.volatility];
  const parallel = { s: 'PARALLEL SAFE' }[f.parallel];
  return `CREATE OR REPLACE FUNCTION ${ident(schema)}.${ident(f.name)}() RETURNS ${f.returns} LANGUAGE ${f.language} ${volatility} ${parallel} SECURITY INVOKER CALLED ON NULL INPUT NOT LEAKPROOF AS ${literal(f.src)}`;
}

/**
 * Repairs the given drifts. Needs the wall's owner (the controller's role), which must also
 * hold BYPASSRLS and ADMIN on the wall roles to repair role drift; what it cannot repair is
 * reported by the error thrown at the end, after everything else was repaired.
 *
 * Order and grouping:
 *  1. RLS flags, grants and unexpected policies, in one transaction: none depends on anything.
 *  2. Functions, then policies, in one transaction: the functions are restored and verified
 *     again (definition and owner) before any policy is (re)created, so a policy is never
 *     bound to a function whose definition was not verified; if they cannot be, no policy is
 *     touched (the live policies keep their OIDs: a renamed-away original stays bound).
 *  3. Role attributes and memberships, one statement each.
 */
export async function repairWall(client: pg.PoolClient, drifts: readonly Drift[], schema = 'public'): Promise<void> {
  if (drifts.length === 0) return;
  const s = ident(schema);
  const table = (t: string) => `${s}.${ident(t)}`;
  const errors: string[] = [];
  const stage = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message}`);
    }
  };
  const has = (...kinds: DriftKind[]) => drifts.some((d) => kinds.includes(d.kind));

  if (has('rls_disabled', 'rls_not_forced', 'grants_altered', 'policy_unexpected'))
    await stage('tables', () =>
      inTransaction(client, schema, async () => {
        for (const d of drifts) {
          if (d.kind === 'rls_disabled') await client.query(`ALTER TABLE ${table(d.table!)} ENABLE ROW LEVEL SECURITY`);
          else if (d.kind === 'rls_not_forced') await client.query(`ALTER TABLE ${table(d.table!)} FORCE ROW LEVEL SECURITY`);
          else if (d.kind === 'policy_unexpected') await client.query(`DROP POLICY IF EXISTS ${ident(d.policy!)} ON ${table(d.table!)}`);
          else if (d.kind === 'grants_altered') await repairGrants(client, schema, d.table!, d.role!);
        }
      }),
    );

  if (has('function_missing', 'function_altered', 'function_owner', 'policy_missing', 'policy_altered'))
    await stage('functions and policies', () =>
      inTransaction(client, schema, async () => {
        const owner = await wallOwner(client, schema);
        const live = await liveFunctions(client, schema);
        const found = functionDrifts(live, owner);
        for (const f of WALL_FUNCTIONS) {
          const have = live.get(f.name);
          const mine = found.filter((d) => d.function === f.name);
          if (mine.some((d) => d.kind === 'function_owner')) await client.query(`ALTER FUNCTION ${s}.${ident(f.name)}() OWNER TO ${ident(owner)}`);
          if (!mine.some((d) => d.kind !== 'function_owner')) continue;
          // A same-named object that cannot be replaced in place (another return type or a
          // procedure) is moved aside under a name that says so; the verified one takes the name.
          if (have && (have.returns !== f.returns || have.kind !== 'f' || have.retset))
            await client.query(`ALTER ROUTINE ${s}.${ident(f.name)}() RENAME TO ${ident(`${f.name}_replaced_${Date.now()}`)}`);
          await client.query(createFunctionSql(f, schema));
        }
        const verified = await liveFunctions(client, schema);
        const left = functionDrifts(verified, owner);
        if (left.length) throw new Error(`the wall functions cannot be verified (${left.map(describeDrift).join(', ')}); no policy was touched`);
        for (const d of drifts) {
          if (d.kind !== 'policy_missing' && d.kind !== 'policy_altered') continue;
          const spec = WALL_POLICIES.find((p) => p.table === d.table && p.name === d.policy)!;
          await client.query(`DROP POLICY IF EXISTS ${ident(spec.name)} ON ${table(spec.table)}`);
          await client.query(createPolicySql(spec, table(spec.table)));
        }
        const unbound = await policyDependencyDrifts(client, schema, verified);
        if (unbound.length) throw new Error(`policies call unverified functions after repair: ${unbound.map(describeDrift).join(', ')}`);
      }),
    );

  for (const d of drifts) {
    if (d.kind === 'role_attributes') {
      const spec = roleSpec(d.role!)!;
      const attrs = d
        .detail!.split(' ')
        .map((a) => (a === 'BYPASSRLS' || a === 'NOBYPASSRLS' ? (spec.bypassrls ? 'BYPASSRLS' : 'NOBYPASSRLS') : `NO${a}`))
        .join(' ');
      await stage(`role ${d.role}`, async () => void (await client.query(`ALTER ROLE ${ident(d.role!)} ${attrs}`)));
    } else if (d.kind === 'role_membership') {
      const group = d.detail!.replace(/^member of /, '');
      await stage(`role ${d.role}`, async () => void (await client.query(`REVOKE ${ident(group)} FROM ${ident(d.role!)} CASCADE`)));
    }
  }
  if (errors.length) throw new Error(`wall repair incomplete: ${errors.join('; ')}`);
}

/** Makes one grantee's privileges on one wall table (or a wall table's sequence) exactly the declared ones. */
async function repairGrants(client: pg.PoolClient, schema: string, object: string, role: string): Promise<void> {
  const [tableName, sequence] = object.split(':') as [string, string | undefined];
  const target = `${sequence ? 'SEQUENCE' : 'TABLE'} ${ident(schema)}.${ident(sequence ?? tableName)}`;
  // REVOKE on a table revokes its column privileges too; CASCADE takes what the grantee passed on.
  await client.query(`REVOKE ALL ON ${target} FROM ${grantee(role)} CASCADE`);
  const spec = sequence ? undefined : WALL_GRANTS.find((g) => g.table === tableName && g.grantee === role);
  if (!spec) return;
  if (spec.table_privileges.length) await client.query(`GRANT ${spec.table_privileges.join(', ')} ON ${target} TO ${grantee(role)}`);
  for (const [p, cols] of Object.entries(spec.columns ?? {})) await client.query(`GRANT ${p} (${cols.map(ident).join(', ')}) ON ${target} TO ${grantee(role)}`);
}
