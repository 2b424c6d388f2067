// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (the owner role)
// and gives the runtime roles their logins. Safe to run again and from several
// places at once (advisory lock).
import { ConfigError, loadPartialConfig, migrate } from '@sentinel/platform';
import { useDevStackEnv } from './dev-env.js';
import { MIGRATIONS_DIR } from './repo-root.js';

if (!process.env.DATABASE_URL && useDevStackEnv()) console.log('using the local stack started by `npm run dev`');
try {
  const { DATABASE_URL } = loadPartialConfig(['DATABASE_URL']);
  if (!DATABASE_URL) throw new ConfigError(['DATABASE_URL: is required (the migration/owner role)']);
  // The runtime roles' URLs are optional here: where a DBA manages those logins, leave them unset.
  const roles =
    process.env.DATABASE_APP_URL || process.env.DATABASE_PLATFORM_URL ? loadPartialConfig(['DATABASE_APP_URL', 'DATABASE_PLATFORM_URL']) : undefined;
  const r = await migrate({
    url: DATABASE_URL,
    dir: MIGRATIONS_DIR,
    roleUrls: { app: roles?.DATABASE_APP_URL, platform: roles?.DATABASE_PLATFORM_URL },
    log: (m) => console.log(m),
  });
  console.log(`migrations: ${r.applied.length} applied, ${r.alreadyApplied.length} already applied`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `migration failed: ${(err as Error).message}`);
  process.exit(1);
}
