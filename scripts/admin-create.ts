// `npm run admin:create -- --email admin@example.com --password-file ./pw.txt`
// Creates a platform admin. There are no default credentials anywhere: this is how
// the first admin comes to exist. The password comes from a file, from stdin
// (--password-stdin), or --password (visible in the process list; avoid on shared hosts).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  AppError,
  ConfigError,
  PLATFORM_TENANT_SLUG,
  PlatformDb,
  createLogger,
  hashPassword,
  loadPartialConfig,
  passwordWeakness,
  Provisioning,
  type Config,
} from '@sentinel/platform';
import { useDevStackEnv } from './dev-env.js';

const usage = 'usage: npm run admin:create -- --email EMAIL (--password-file FILE | --password-stdin | --password PASSWORD) [--name NAME]';

function fail(msg: string): never {
  console.error(msg);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    'password-file': { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  strict: true,
});

const email = values.email?.trim().toLowerCase();
if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fail(`a valid --email is required\n${usage}`);
let password = values.password;
if (values['password-file']) password = readFileSync(values['password-file'], 'utf8').replace(/\r?\n$/, '');
if (values['password-stdin']) password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
if (!password) fail(`a password is required\n${usage}`);
if (password.length < 12 || password.length > 1024) fail('the password must be 12 to 1024 characters long');
const weakness = passwordWeakness(password, [email, PLATFORM_TENANT_SLUG]);
if (weakness) fail(`the password ${weakness}`);

if (!process.env.DATABASE_PLATFORM_URL && useDevStackEnv()) console.log('using the local stack started by `npm run dev`');
let config: Config;
try {
  const c = loadPartialConfig([
    'DATABASE_PLATFORM_URL',
    'BCRYPT_COST',
    'NODE_ENV',
    'DB_PLATFORM_POOL_MAX',
    'DB_POOL_IDLE_TIMEOUT_MS',
    'DB_POOL_MAX_LIFETIME_S',
    'DB_CONNECT_TIMEOUT_MS',
    'DB_STATEMENT_TIMEOUT_MS',
    'DB_IDLE_IN_TX_TIMEOUT_MS',
  ]);
  if (c.NODE_ENV === 'production' && c.BCRYPT_COST < 12) throw new ConfigError(['BCRYPT_COST: must be 12 or more in production']);
  config = c as unknown as Config;
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

const db = new PlatformDb(config, createLogger({ level: 'warn', service: 'admin-create' }));
try {
  const admin = await new Provisioning(db).createPlatformAdmin({
    email,
    displayName: values.name ?? email,
    passwordHash: await hashPassword(password, config.BCRYPT_COST),
  });
  console.log(`platform admin created: ${admin.email} (${admin.id}). Log in with tenant "platform".`);
} catch (err) {
  fail(err instanceof AppError ? err.message : `failed: ${(err as Error).message}`);
} finally {
  await db.close();
}
