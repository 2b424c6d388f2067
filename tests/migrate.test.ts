// The offline migration runner against a real PostgreSQL: a fresh database per test,
// created by the suite's superuser.
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectAccess, OwnerDb, createLogger, migrate } from '@sentinel/platform';
import { MIGRATIONS_DIR, bootstrapDatabase, loadOrCreateSecrets } from '#local-stack';
import { sqlAs, testConfig } from './helpers/stack.js';

async function freshDatabase() {
  const name = `migrate_${randomBytes(4).toString('hex')}`;
  const secrets = await loadOrCreateSecrets(join(process.cwd(), '.sentinel', 'test', 'secrets.json'));
  return bootstrapDatabase(process.env.TEST_SUPERUSER_URL!, name, secrets);
}

const allMigrations = async () =>
  (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

test('applies once, in order, records like Prisma, and is idempotent', async () => {
  const urls = await freshDatabase();
  const names = await allMigrations();
  expect(names[0]).toBe('20261127170000_init');
  const first = await migrate({ url: urls.ownerUrl, dir: MIGRATIONS_DIR });
  expect(first.applied).toEqual(names);
  const again = await migrate({ url: urls.ownerUrl, dir: MIGRATIONS_DIR });
  expect(again).toEqual({ applied: [], alreadyApplied: names });
  const c = await sqlAs(urls.ownerUrl);
  const rows = (
    await c.query('SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM _prisma_migrations ORDER BY migration_name')
  ).rows;
  await c.end();
  expect(rows).toHaveLength(names.length);
  expect(rows[0]).toMatchObject({ migration_name: '20261127170000_init', applied_steps_count: 1, rolled_back_at: null });
  expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
  expect(rows[0].finished_at).toBeInstanceOf(Date);
});

test('concurrent runs serialise on the advisory lock and apply once', async () => {
  const urls = await freshDatabase();
  const results = await Promise.all([1, 2, 3].map(() => migrate({ url: urls.ownerUrl, dir: MIGRATIONS_DIR })));
  expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, (await allMigrations()).length]);
});

test('a failing migration rolls back whole and is not recorded; an edited one is refused', async () => {
  const urls = await freshDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'sentinel-migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  await mkdir(join(dir, '20990101000000_broken'));
  await writeFile(join(dir, '20990101000000_broken', 'migration.sql'), 'CREATE TABLE half_done (id int); SELECT 1/0;');
  await expect(migrate({ url: urls.ownerUrl, dir })).rejects.toThrow(/20990101000000_broken failed and was rolled back: division by zero/);
  const c = await sqlAs(urls.ownerUrl);
  expect((await c.query(`SELECT to_regclass('half_done') AS t`)).rows[0].t).toBeNull();
  expect((await c.query(`SELECT count(*)::int AS n FROM _prisma_migrations WHERE migration_name LIKE '%broken'`)).rows[0].n).toBe(0);
  await c.end();
  await writeFile(join(dir, '20261127170000_init', 'migration.sql'), '-- edited\n', { flag: 'a' });
  await expect(migrate({ url: urls.ownerUrl, dir })).rejects.toThrow(/was changed after it was applied/);
});

test('gives the runtime roles their logins from the configured URLs', async () => {
  const urls = await freshDatabase();
  await migrate({ url: urls.ownerUrl, dir: MIGRATIONS_DIR, roleUrls: { app: urls.appUrl, platform: urls.platformUrl } });
  const app = await sqlAs(urls.appUrl);
  expect((await app.query('SELECT current_user AS u')).rows[0].u).toBe('sentinel_app');
  expect((await app.query('SHOW statement_timeout')).rows[0].statement_timeout).toBe('5s');
  await app.end();
});

test('20261202053000 keeps a direct-access role of an older release working, and its rename by the controller keeps its password and sessions', async () => {
  const urls = await freshDatabase();
  const names = await allMigrations();
  const last = '20261202053000_direct_access_structural';
  const before = await mkdtemp(join(tmpdir(), 'sentinel-migrations-'));
  for (const n of names.filter((n) => n < last)) await cp(join(MIGRATIONS_DIR, n), join(before, n), { recursive: true });
  await migrate({ url: urls.ownerUrl, dir: before });
  // What the controller of the previous release made: a role named after the tenant id.
  const owner = await sqlAs(urls.ownerUrl);
  const id = (await owner.query<{ id: string }>(`INSERT INTO tenants (slug, display_name) VALUES ('legacy', 'Legacy') RETURNING id`)).rows[0]!.id;
  const legacy = `sentinel_t_${id.replace(/-/g, '')}`;
  const password = 'a-legacy-direct-password';
  await owner.query(`CREATE ROLE ${legacy} LOGIN INHERIT NOBYPASSRLS CONNECTION LIMIT 5 PASSWORD '${password}'`);
  await owner.query(`GRANT sentinel_direct TO ${legacy} WITH INHERIT TRUE, SET FALSE`);
  await owner.query(`GRANT ${legacy} TO CURRENT_USER WITH INHERIT TRUE, SET FALSE`);
  const as = (user: string) => {
    const u = new URL(urls.appUrl);
    u.username = user;
    u.password = password;
    return u.toString();
  };
  const session = await sqlAs(as(legacy));
  const tenants = async () => (await session.query<{ id: string }>('SELECT id FROM tenants')).rows.map((r) => r.id);
  const ownerDb = new OwnerDb({ ...testConfig(), DATABASE_URL: urls.ownerUrl }, createLogger({ level: 'silent', service: 'migrate-test' }));
  try {
    expect(await tenants()).toEqual([id]);
    await migrate({ url: urls.ownerUrl, dir: MIGRATIONS_DIR });
    expect((await owner.query('SELECT tenant_id, role_name FROM direct_roles')).rows).toEqual([{ tenant_id: id, role_name: legacy }]);
    expect(await tenants()).toEqual([id]); // the open session, through the new direct_tenant()
    const { role, renamedFrom } = await new DirectAccess(ownerDb).ensure(id, { login: true });
    expect(renamedFrom).toBe(legacy);
    expect(await tenants()).toEqual([id]); // still open, now as the renamed role
    const fresh = await sqlAs(as(role)); // the same password
    expect((await fresh.query('SELECT id FROM tenants')).rows).toEqual([{ id }]);
    await fresh.end();
  } finally {
    await session.end();
    await new DirectAccess(ownerDb).drop(id);
    await ownerDb.close();
    await owner.end();
  }
});
