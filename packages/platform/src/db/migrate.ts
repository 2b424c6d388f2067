// Applies prisma/migrations/<name>/migration.sql in order, offline (Prisma's schema
// engine cannot be downloaded here). Compatible with Prisma's own bookkeeping: the
// same `_prisma_migrations` table and checksum (SHA-256 of the file), the same
// advisory lock key, so `prisma migrate status|deploy` agree on a machine that has
// Prisma's engines. Each migration and its record commit in one transaction.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/** The key Prisma Migrate locks on, so the two tools never run at once. */
const PRISMA_ADVISORY_LOCK = 72707369;

export interface MigrateOptions {
  /** The migration/owner role's connection. */
  url: string;
  /** Folder holding `<timestamp>_<name>/migration.sql`. */
  dir: string;
  /** Login passwords for the runtime roles, taken from their connection URLs. */
  roleUrls?: { app?: string | undefined; platform?: string | undefined };
  log?: (msg: string) => void;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export async function migrate(opts: MigrateOptions): Promise<MigrateResult> {
  const log = opts.log ?? (() => {});
  const client = new pg.Client({ connectionString: opts.url, application_name: 'sentinel-migrate' });
  await client.connect();
  // A migration's RAISE WARNING (e.g. a step only a superuser can take) reaches the operator.
  client.on('notice', (n) => {
    if (n.severity === 'WARNING') log(`warning: ${n.message}`);
  });
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = new Map<string, string>();
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    for (const r of rows) done.set(r.migration_name, r.checksum);

    const names = (await readdir(opts.dir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const name of names) {
      const sql = await readFile(join(opts.dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const recorded = done.get(name);
      if (recorded !== undefined) {
        if (recorded !== checksum) throw new Error(`migration ${name} was changed after it was applied (checksum differs); add a new migration instead`);
        result.alreadyApplied.push(name);
        continue;
      }
      log(`applying ${name}`);
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at) VALUES ($1, $2, now(), $3, 1, now())`,
          [randomUUID(), checksum, name],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${name} failed and was rolled back: ${(err as Error).message}`, { cause: err });
      }
      result.applied.push(name);
    }
    await grantLogins(client, opts.roleUrls, log);
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => {});
    await client.end();
  }
}

/**
 * The migration creates sentinel_app and sentinel_platform without LOGIN; give them
 * LOGIN and the passwords of the configured URLs. Skipped for a URL whose user is not
 * one of those roles (a DBA managed it).
 */
async function grantLogins(client: pg.Client, urls: MigrateOptions['roleUrls'], log: (m: string) => void): Promise<void> {
  const pairs: [string, string | undefined][] = [
    ['sentinel_app', urls?.app],
    ['sentinel_platform', urls?.platform],
  ];
  for (const [role, url] of pairs) {
    if (!url) continue;
    const u = new URL(url);
    if (decodeURIComponent(u.username) !== role) {
      log(`${role}: connection user is ${u.username}, leaving its login to the DBA`);
      continue;
    }
    const password = decodeURIComponent(u.password);
    if (!password) throw new Error(`${role}: its connection URL has no password`);
    await client.query(`ALTER ROLE ${role} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
  }
}
