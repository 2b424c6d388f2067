// Least privilege beyond the tenant wall: each process gets only the credentials it uses
// (npm run dev builds its children's environments the way a deployment should), and
// the runtime database roles cannot store anything outside the tables: no temporary
// objects, no large objects. Real PostgreSQL (bootstrapped and migrated as in
// production) and the compiled services.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type pg from 'pg';
import { loadConfig, loadControllerConfig, loadSchedulerConfig, loadWorkerConfig } from '@sentinel/platform';
import { devServiceEnvs } from '../scripts/dev-env.js';
import { Fixtures, sqlAs, testConfig, testEnv } from './helpers/stack.js';

describe('npm run dev hands each service only its own credentials', () => {
  const stack = {
    urls: {
      ownerUrl: 'postgresql://sentinel_owner:owner-password-1@127.0.0.1:54320/sentinel',
      appUrl: 'postgresql://sentinel_app:app-password-12@127.0.0.1:54320/sentinel',
      platformUrl: 'postgresql://sentinel_platform:platform-pass-1@127.0.0.1:54320/sentinel',
    },
    redisUrl: 'redis://127.0.0.1:63790',
    secrets: { jwtSecret: 'j'.repeat(48), invitationSecret: 'i'.repeat(48) },
  };
  // A developer's shell: a superuser DATABASE_URL for dev to bootstrap with, a JWT secret of their own.
  const shell = { PATH: '/usr/bin', HOME: '/home/dev', DATABASE_URL: 'postgresql://postgres:pw@localhost/postgres', JWT_SECRET: 's'.repeat(40) };
  const envs = devServiceEnvs(stack, shell);

  test('no owner URL for the API, the worker or the scheduler; no JWT secret for the worker or the scheduler', () => {
    for (const s of ['api', 'worker', 'scheduler'] as const) expect(envs[s].DATABASE_URL).toBeUndefined();
    expect(envs.api).toMatchObject({ JWT_SECRET: shell.JWT_SECRET, INVITATION_SECRET: stack.secrets.invitationSecret, DATABASE_APP_URL: stack.urls.appUrl });
    expect(envs.worker.JWT_SECRET).toBeUndefined();
    expect(envs.worker.INVITATION_SECRET).toBe(stack.secrets.invitationSecret); // it builds invitation links
    expect(Object.keys(envs.scheduler).sort()).toEqual(['DATABASE_PLATFORM_URL', 'HOME', 'NODE_ENV', 'PATH', 'REDIS_URL']);
    expect(envs.controller).toMatchObject({ DATABASE_URL: stack.urls.ownerUrl, DATABASE_PLATFORM_URL: stack.urls.platformUrl });
    expect(envs.controller.JWT_SECRET).toBeUndefined();
    expect(envs.controller.INVITATION_SECRET).toBeUndefined();
    // stack.env, for db:migrate and admin:create, keeps the owner URL.
    expect(envs.all.DATABASE_URL).toBe(stack.urls.ownerUrl);
  });

  test("each service's configuration accepts what dev gives it", () => {
    expect(loadConfig(envs.api).DATABASE_APP_URL).toBe(stack.urls.appUrl);
    expect(loadWorkerConfig(envs.worker).INVITATION_SECRET).toBe(stack.secrets.invitationSecret);
    expect(loadSchedulerConfig(envs.scheduler).DATABASE_PLATFORM_URL).toBe(stack.urls.platformUrl);
    expect(loadControllerConfig(envs.controller).DATABASE_URL).toBe(stack.urls.ownerUrl);
  });
});

describe('the compiled services refuse credentials they do not use', () => {
  const run = (service: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [join(process.cwd(), `services/${service}/dist/main.js`)], {
      env: { PATH: process.env.PATH!, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  test.each([
    ['worker', ['DATABASE_URL', 'JWT_SECRET']],
    ['scheduler', ['DATABASE_URL', 'DATABASE_APP_URL', 'JWT_SECRET', 'INVITATION_SECRET']],
    ['api', ['DATABASE_URL']],
  ] as const)('the %s exits 78 naming each refused variable', (service, refused) => {
    const all = { ...testEnv({}, service), DATABASE_URL: process.env.DATABASE_URL!, ...Object.fromEntries(refused.map((k) => [k, process.env[k]!])) };
    const r = run(service, all);
    expect(r.status).toBe(78);
    for (const k of refused) expect(r.stderr).toContain(`${k}: refused: sentinel-${service} does not use it`);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(refused.length);
  });
});

describe('the runtime roles store nothing outside the tables', () => {
  let app: pg.Client;
  let platform: pg.Client;
  let su: pg.Client;
  beforeAll(async () => {
    app = await sqlAs(process.env.DATABASE_APP_URL!);
    platform = await sqlAs(process.env.DATABASE_PLATFORM_URL!);
    const superuser = new URL(process.env.TEST_SUPERUSER_URL!);
    superuser.pathname = new URL(process.env.DATABASE_APP_URL!).pathname;
    su = await sqlAs(superuser.toString());
  });
  afterAll(async () => {
    await Promise.all([app.end(), platform.end(), su.end()]);
  });

  const refused = async (c: pg.Client, sql: string) => {
    const err = await c.query(sql).then(
      () => undefined,
      (e: { code?: string; message: string }) => e,
    );
    expect({ sql, code: err?.code }).toEqual({ sql, code: '42501' }); // insufficient_privilege
  };

  test.each([
    ['CREATE TEMP TABLE scratch (x int)'],
    ['CREATE TEMPORARY VIEW scratch AS SELECT 1'],
    ['SELECT lo_create(0)'],
    ['SELECT lo_creat(-1)'],
    ["SELECT lo_from_bytea(0, '\\x00'::bytea)"],
    ["SELECT lo_import('/etc/hostname')"],
  ])('sentinel_app and sentinel_platform: %s is refused', async (sql) => {
    await refused(app, sql);
    await refused(platform, sql);
  });

  test('nobody but a superuser holds TEMPORARY or large-object creation, the direct-access roles included', async () => {
    const { rows } = await su.query<{ role: string; temp: boolean; lo_create: boolean; lo_from_bytea: boolean }>(
      `SELECT r AS role,
              has_database_privilege(r, current_database(), 'TEMPORARY') AS temp,
              has_function_privilege(r, 'pg_catalog.lo_create(oid)', 'EXECUTE') AS lo_create,
              has_function_privilege(r, 'pg_catalog.lo_from_bytea(oid, bytea)', 'EXECUTE') AS lo_from_bytea
         FROM unnest(ARRAY['public', 'sentinel_app', 'sentinel_platform', 'sentinel_direct']) AS r`,
    );
    expect(rows).toEqual(
      ['public', 'sentinel_app', 'sentinel_platform', 'sentinel_direct'].map((role) => ({ role, temp: false, lo_create: false, lo_from_bytea: false })),
    );
  });

  test('a direct-access login (as the controller makes them: a member of sentinel_direct) gets neither, through PUBLIC', async () => {
    const role = `sentinel_t_lp${Date.now().toString(16)}`;
    const password = 'a-direct-access-password-1';
    await su.query(`CREATE ROLE ${role} LOGIN INHERIT NOSUPERUSER NOBYPASSRLS PASSWORD '${password}'`);
    await su.query(`GRANT sentinel_direct TO ${role}`);
    const url = new URL(process.env.DATABASE_APP_URL!);
    url.username = role;
    url.password = password;
    const direct = await sqlAs(url.toString());
    try {
      await refused(direct, 'CREATE TEMP TABLE scratch (x int)');
      await refused(direct, 'SELECT lo_create(0)');
    } finally {
      await direct.end();
      await su.query(`DROP ROLE ${role}`);
    }
  });

  test('the app role still works: a tenant transaction reads and writes', async () => {
    const fx = new Fixtures(testConfig());
    try {
      const t = await fx.tenant();
      await fx.user(t.id);
      await app.query('BEGIN');
      try {
        await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [t.id]);
        expect((await app.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(1);
        await app.query(`INSERT INTO users (tenant_id, email, display_name, role) VALUES ($1, 'second@example.com', 'Second', 'member')`, [t.id]);
        expect((await app.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(2);
      } finally {
        await app.query('ROLLBACK');
      }
    } finally {
      await fx.close();
    }
  });
});
