// Sharding by tenant on Citus stays a mechanical step (docs/scaling.md) only while every
// key leads with tenant_id: Citus needs the distribution column in every primary key and
// unique constraint of a distributed table, and in both ends of a foreign key between two
// of them. This reads the live schema after migrations (pg_catalog) and checks that rule
// for every table, so a migration that breaks it fails here rather than on the day of the
// move. It does not need Citus itself.
import type pg from 'pg';
import { sqlAs } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

/**
 * Tables that are not distributed by tenant_id, and why. Anything else in the schema must
 * have a tenant_id column and follow the rule.
 */
const NOT_DISTRIBUTED: Record<string, string> = {
  // The tenant registry itself: small (one row per tenant), read on every request
  // (authentication), looked up by slug before a tenant id is known (login), and the target
  // of every tenant table's foreign key. A Citus reference table (a copy on every node)
  // keeps all of that local; a distributed table could not keep `slug` unique.
  tenants: 'reference table',
  // Which tenant each direct-access database role reads (direct_tenant()). PostgreSQL roles
  // are cluster-wide, so role_name is unique across tenants, and the row is looked up by the
  // session's role before any tenant id is known: one small row per tenant, as tenants.
  direct_roles: 'reference table',
  // Prisma's migration bookkeeping: stays a local table on the coordinator.
  _prisma_migrations: 'local table (coordinator)',
};

const db = useFixture(
  () => sqlAs(process.env.DATABASE_URL!),
  (c) => c.end(),
);

interface Key {
  table: string;
  name: string;
  kind: 'p' | 'u' | 'f' | 'i';
  columns: string[];
  refTable: string | null;
  refColumns: string[] | null;
}

async function tables(c: pg.Client): Promise<{ table: string; hasTenantId: boolean }[]> {
  const r = await c.query(`
    SELECT c.relname AS table,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS "hasTenantId"
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
    ORDER BY 1`);
  return r.rows;
}

/** Primary keys, unique and foreign-key constraints, and unique indexes that back no constraint. */
async function keys(c: pg.Client): Promise<Key[]> {
  const cols = (rel: string, arr: string) =>
    `ARRAY(SELECT a.attname::text FROM unnest(${arr}) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.n ORDER BY k.i)`;
  const constraints = await c.query<Key>(`
    SELECT t.relname AS table, con.conname AS name, con.contype AS kind,
           ${cols('con.conrelid', 'con.conkey')} AS columns,
           r.relname AS "refTable",
           CASE WHEN con.contype = 'f' THEN ${cols('con.confrelid', 'con.confkey')} END AS "refColumns"
    FROM pg_constraint con
    JOIN pg_class t ON t.oid = con.conrelid
    LEFT JOIN pg_class r ON r.oid = con.confrelid
    WHERE t.relnamespace = 'public'::regnamespace AND con.contype IN ('p', 'u', 'f')`);
  const indexes = await c.query<Key>(`
    SELECT t.relname AS table, i.relname AS name, 'i' AS kind,
           ${cols('x.indrelid', 'x.indkey::int2[]')} AS columns, NULL AS "refTable", NULL AS "refColumns"
    FROM pg_index x
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_class i ON i.oid = x.indexrelid
    WHERE t.relnamespace = 'public'::regnamespace AND x.indisunique
      AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid)`);
  return [...constraints.rows, ...indexes.rows];
}

/** Tables copied to every node (Citus reference tables): they may point at each other. */
const REFERENCE = new Set(Object.keys(NOT_DISTRIBUTED).filter((t) => NOT_DISTRIBUTED[t]!.startsWith('reference table')));

/** Tables distributed by tenant_id: those with the column, less the listed exceptions. */
async function tenantTablesOf(c: pg.Client): Promise<Set<string>> {
  return new Set((await tables(c)).filter((t) => t.hasTenantId && !(t.table in NOT_DISTRIBUTED)).map((t) => t.table));
}

/** Tables that are neither tenant tables nor listed exceptions. */
async function unlistedTables(c: pg.Client): Promise<string[]> {
  return (await tables(c)).filter((t) => !t.hasTenantId && !(t.table in NOT_DISTRIBUTED)).map((t) => t.table);
}

/** Tenant tables without a primary key, and keys of tenant tables that do not lead with tenant_id. */
async function badUniqueKeys(c: pg.Client): Promise<string[]> {
  const tenantTables = await tenantTablesOf(c);
  const uniques = (await keys(c)).filter((k) => tenantTables.has(k.table) && k.kind !== 'f');
  return [
    // Citus needs a primary key (with the distribution column) to keep rows unique across shards.
    ...[...tenantTables].filter((t) => !uniques.some((k) => k.table === t && k.kind === 'p')).map((t) => `${t}: no primary key`),
    ...uniques.filter((k) => k.columns[0] !== 'tenant_id').map((k) => `${k.table}.${k.name} (${k.columns.join(', ')})`),
  ];
}

/**
 * Between tenant tables both ends lead with tenant_id; to tenants it is tenant_id -> id;
 * nothing else (a reference table may not point into a distributed one).
 */
async function badForeignKeys(c: pg.Client): Promise<string[]> {
  const tenantTables = await tenantTablesOf(c);
  return (await keys(c))
    .filter((k) => k.kind === 'f')
    .filter((k) => {
      const from = tenantTables.has(k.table);
      if (from && tenantTables.has(k.refTable!)) return k.columns[0] !== 'tenant_id' || k.refColumns![0] !== 'tenant_id';
      if (from && k.refTable === 'tenants') return k.columns.join() !== 'tenant_id' || k.refColumns!.join() !== 'id';
      if (REFERENCE.has(k.table) && REFERENCE.has(k.refTable!)) return false;
      return true;
    })
    .map((k) => `${k.table}.${k.name} (${k.columns.join(', ')}) -> ${k.refTable}(${k.refColumns!.join(', ')})`);
}

describe('the schema is ready to be distributed by tenant_id (Citus)', () => {
  test('every table is a tenant table (has tenant_id) or a listed exception', async () => {
    const all = await tables(db);
    expect(all.length).toBeGreaterThan(3);
    expect(await unlistedTables(db)).toEqual([]);
    // The exceptions exist (a stale list would hide a renamed table).
    for (const name of Object.keys(NOT_DISTRIBUTED)) expect(all.some((t) => t.table === name)).toBe(true);
  });

  test('tenant_id is a NOT NULL uuid on every tenant table', async () => {
    const r = await db.query(`
      SELECT c.relname AS table, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull"
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND a.attname = 'tenant_id' AND NOT a.attisdropped`);
    expect(r.rows.length).toBeGreaterThan(3);
    expect(r.rows.filter((x) => x.type !== 'uuid' || !x.notNull)).toEqual([]);
  });

  test('primary keys, unique constraints and unique indexes of tenant tables lead with tenant_id', async () => {
    const all = await keys(db);
    expect(all.filter((k) => k.kind === 'p').length).toBeGreaterThan(3);
    expect(await badUniqueKeys(db)).toEqual([]);
  });

  test('foreign keys: between tenant tables both ends lead with tenant_id; to tenants it is tenant_id -> id; none from tenants to a tenant table', async () => {
    expect((await keys(db)).filter((k) => k.kind === 'f').length).toBeGreaterThan(3);
    expect(await badForeignKeys(db)).toEqual([]);
  });

  test('the checks catch tables that break the rule (created in a transaction that is rolled back)', async () => {
    await db.query('BEGIN');
    try {
      await db.query(`CREATE TABLE citus_probe_global (id uuid PRIMARY KEY)`);
      await db.query(`CREATE TABLE citus_probe_bad (
        id uuid NOT NULL, tenant_id uuid NOT NULL REFERENCES tenants(id), email text, other uuid,
        PRIMARY KEY (id, tenant_id), UNIQUE (email, tenant_id))`);
      await db.query(`CREATE UNIQUE INDEX citus_probe_bad_other ON citus_probe_bad (other)`);
      await db.query(`ALTER TABLE citus_probe_bad ADD CONSTRAINT citus_probe_bad_user FOREIGN KEY (other, tenant_id) REFERENCES users (id, tenant_id)`);
      expect(await unlistedTables(db)).toEqual(['citus_probe_global']);
      expect((await badUniqueKeys(db)).sort()).toEqual([
        'citus_probe_bad.citus_probe_bad_email_tenant_id_key (email, tenant_id)',
        'citus_probe_bad.citus_probe_bad_other (other)',
        'citus_probe_bad.citus_probe_bad_pkey (id, tenant_id)',
      ]);
      expect(await badForeignKeys(db)).toEqual(['citus_probe_bad.citus_probe_bad_user (other, tenant_id) -> users(id, tenant_id)']);
    } finally {
      await db.query('ROLLBACK');
    }
  });
});
