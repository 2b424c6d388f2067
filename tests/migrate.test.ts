// The offline migration runner against a real PostgreSQL: a fresh database per test,
// created by the suite's superuser.
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '@sentinel/platform';
import { MIGRATIONS_DIR, bootstrapDatabase, loadOrCreateSecrets } from '#local-stack';
import { sqlAs } from './helpers/stack.js';

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
