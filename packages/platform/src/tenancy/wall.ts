// The tenant wall: Row-Level Security on every tenant-owned table, declared once.
// Migrations create it; the Tenant controller checks the live database against this
// declaration and repairs drift (RLS disabled, a policy dropped, altered or added by
// hand). tests/wall.test.ts proves the migrated schema matches it exactly.
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

/** Every table that holds tenant data. Each has RLS enabled and forced. */
export const WALL_TABLES = ['tenants', 'users', 'refresh_tokens', 'audit_logs', 'invitations', 'tenant_usage_daily', 'jobs', 'job_chunks', 'api_keys'] as const;

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
  ...WALL_TABLES.filter((t) => t !== 'tenants').map((table): PolicySpec => ({
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
];

export type DriftKind = 'rls_disabled' | 'rls_not_forced' | 'policy_missing' | 'policy_altered' | 'policy_unexpected';

export interface Drift {
  table: string;
  kind: DriftKind;
  policy?: string;
}

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

function createPolicySql(p: PolicySpec, table = ident(p.table)): string {
  return `CREATE POLICY ${ident(p.name)} ON ${table} FOR ${p.command} TO ${ident(p.role)} USING (${p.using})${p.check ? ` WITH CHECK (${p.check})` : ''}`;
}

const livePoliciesSql = `
  SELECT tablename AS table, policyname AS name, permissive, roles::text[] AS roles, cmd, qual, with_check
  FROM pg_policies WHERE schemaname = $1 AND tablename = ANY($2::text[])`;

/**
 * PostgreSQL stores a policy's expressions deparsed. To compare like with like, the
 * expected set is created on a scratch temporary table with the same columns and read
 * back, in a transaction that is rolled back: no lock is taken on a real table.
 */
async function expectedPolicies(client: pg.PoolClient): Promise<Map<string, LivePolicy>> {
  await client.query('BEGIN');
  try {
    await client.query('CREATE TEMP TABLE sentinel_wall_probe (id uuid, tenant_id uuid, slug text, deleted_at timestamptz) ON COMMIT DROP');
    const probeSchema = (await client.query<{ s: string }>(`SELECT nspname AS s FROM pg_namespace WHERE oid = pg_my_temp_schema()`)).rows[0]!.s;
    const out = new Map<string, LivePolicy>();
    for (const p of WALL_POLICIES) {
      const name = `${p.table}.${p.name}`;
      await client.query(createPolicySql({ ...p, name }, 'sentinel_wall_probe'));
      const row = (await client.query<LivePolicy>(`${livePoliciesSql} AND policyname = $3`, [probeSchema, ['sentinel_wall_probe'], name])).rows[0]!;
      out.set(name, { ...row, table: p.table, name: p.name });
    }
    return out;
  } finally {
    await client.query('ROLLBACK');
  }
}

const sameRoles = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((r, i) => r === [...b].sort()[i]);

/** Compares the live schema with the declaration; returns every difference. Read-only. */
export async function inspectWall(client: pg.PoolClient, schema = 'public'): Promise<Drift[]> {
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
      !sameRoles(have.roles, want.roles) ||
      have.qual !== want.qual ||
      have.with_check !== want.with_check
    )
      drifts.push({ table: want.table, kind: 'policy_altered', policy: want.name });
  }
  for (const [key, have] of live) if (!expected.has(key)) drifts.push({ table: have.table, kind: 'policy_unexpected', policy: have.name });
  return drifts;
}

/** Repairs the given drifts in one transaction (all or nothing). Needs the table owner. */
export async function repairWall(client: pg.PoolClient, drifts: readonly Drift[]): Promise<void> {
  if (drifts.length === 0) return;
  await client.query('BEGIN');
  try {
    for (const d of drifts) {
      const table = ident(d.table);
      if (d.kind === 'rls_disabled') await client.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      else if (d.kind === 'rls_not_forced') await client.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      else if (d.kind === 'policy_unexpected') await client.query(`DROP POLICY IF EXISTS ${ident(d.policy!)} ON ${table}`);
      else {
        const spec = WALL_POLICIES.find((p) => p.table === d.table && p.name === d.policy)!;
        await client.query(`DROP POLICY IF EXISTS ${ident(spec.name)} ON ${table}`);
        await client.query(createPolicySql(spec));
      }
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
