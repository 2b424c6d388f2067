// DATABASE_READ_URL: list reads on a real streaming replica of the test primary (same
// embedded PostgreSQL binaries; tests/helpers/replica.ts), RLS holding there as on the
// primary, writes on the primary, the replica's lag on /metrics, and the fallback to the
// primary (readiness degraded) once the replica is killed.
import pg from 'pg';
import { Fixtures, call, login, startApi, uniq, type TestApi } from './helpers/stack.js';
import { caughtUp, startReplica } from './helpers/replica.js';
import { useFixture } from './helpers/suite.js';
import { waitFor } from './helpers/wait.js';

const SUPERUSER = process.env.TEST_SUPERUSER_URL!;
const APP_URL = process.env.DATABASE_APP_URL!;

const stack = useFixture(
  async () => {
    const replica = await startReplica({ superuserUrl: SUPERUSER, appUrl: APP_URL });
    let api: TestApi | undefined;
    try {
      api = await startApi({ DATABASE_READ_URL: replica.appUrl, DB_READ_CHECK_INTERVAL_MS: '200', DB_READ_MAX_LAG_MS: '1500' });
      const fx = new Fixtures(api.config);
      return { replica, api, fx };
    } catch (err) {
      await api?.close();
      await replica.stop();
      throw err;
    }
  },
  async ({ replica, api, fx }) => {
    await api.close();
    await fx.close();
    await replica.stop();
  },
);

/** Two tenants, each with an admin signed in, replayed on the replica. */
const tenants = useFixture(async () => {
  const { fx, api, replica } = stack;
  const make = async () => {
    const tenant = await fx.tenant();
    const admin = await fx.user(tenant.id, { role: 'tenant_admin' });
    const member = await fx.user(tenant.id);
    return { tenant, admin, member, token: await login(api.url, tenant.slug, admin.email, admin.password) };
  };
  const out = { a: await make(), b: await make() };
  await caughtUp(SUPERUSER, replica.superuserUrl);
  return out;
});

async function metric(api: TestApi, name: string, labels: string): Promise<number | undefined> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

async function asApp(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

describe('a streaming replica (DATABASE_READ_URL)', () => {
  it('is a standby of the primary, and the API sees it healthy', async () => {
    const { replica, api } = stack;
    const su = await asApp(replica.superuserUrl);
    try {
      expect((await su.query('SELECT pg_is_in_recovery() AS r')).rows[0].r).toBe(true);
    } finally {
      await su.end();
    }
    await waitFor('the replica to serve reads', () => api.deps.appDb.replica?.status().status === 'ok', 10_000);
    const ready = await call(api.url, 'GET', '/api/v1/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.checks.replica).toMatchObject({ status: 'ok' });
    expect(typeof ready.body.checks.replica.lagSeconds).toBe('number');
  });

  it('serves list reads from the replica, as the app role', async () => {
    const { replica, api } = stack;
    const { a, b } = tenants;
    const before = (await metric(api, 'sentinel_db_routed_reads_total', 'target="replica"')) ?? 0;
    const users = await call(api.url, 'GET', '/api/v1/users?limit=100', { token: a.token });
    expect(users.status).toBe(200);
    const emails = users.body.items.map((u: { email: string }) => u.email).sort();
    expect(emails).toEqual([a.admin.email, a.member.email].sort());
    expect(emails).not.toContain(b.admin.email);
    const audit = await call(api.url, 'GET', '/api/v1/audit-logs', { token: a.token });
    expect(audit.status).toBe(200);
    const usage = await call(api.url, 'GET', '/api/v1/usage', { token: a.token });
    expect(usage.status).toBe(200);
    expect(await metric(api, 'sentinel_db_routed_reads_total', 'target="replica"')).toBe(before + 3);

    // The replica's own view: the API's replica pool is connected to it as sentinel_app.
    const su = await asApp(replica.superuserUrl);
    try {
      const sessions = await su.query(`SELECT usename, application_name FROM pg_stat_activity WHERE application_name = 'sentinel-replica'`);
      expect(sessions.rows.length).toBeGreaterThan(0);
      expect(new Set(sessions.rows.map((r) => r.usename))).toEqual(new Set(['sentinel_app']));
    } finally {
      await su.end();
    }
  });

  it('keeps the tenant wall on the replica: RLS by SQL as sentinel_app', async () => {
    const { replica } = stack;
    const { a, b } = tenants;
    const c = await asApp(replica.appUrl);
    try {
      expect((await c.query('SELECT current_user AS u')).rows[0].u).toBe('sentinel_app');
      // No tenant set: nothing of anyone's.
      expect((await c.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(0);
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.tenant_id', $1, true)`, [a.tenant.id]);
      const rows = await c.query('SELECT tenant_id, email FROM users');
      expect(rows.rows.map((r) => r.email).sort()).toEqual([a.admin.email, a.member.email].sort());
      expect((await c.query('SELECT count(*)::int AS n FROM users WHERE tenant_id = $1', [b.tenant.id])).rows[0].n).toBe(0);
      expect((await c.query('SELECT count(*)::int AS n FROM users WHERE tenant_id <> $1', [a.tenant.id])).rows[0].n).toBe(0);
      expect((await c.query('SELECT count(*)::int AS n FROM audit_logs WHERE tenant_id <> $1', [a.tenant.id])).rows[0].n).toBe(0);
      await c.query('COMMIT');
      // And it cannot be written to at all: a standby is read-only.
      await expect(c.query('CREATE TEMP TABLE t (x int)')).rejects.toMatchObject({ code: '25006' });
    } finally {
      await c.end();
    }
  });

  it('sends writes to the primary; the replica has them once it replays', async () => {
    const { replica, api, fx } = stack;
    const { a } = tenants;
    const email = `${uniq('w')}@example.com`;
    const created = await call(api.url, 'POST', '/api/v1/users', {
      token: a.token,
      body: { email, displayName: 'Written', password: 'a-long-password-1' },
    });
    expect(created.status).toBe(201);
    // Read-your-writes where it matters: a single user is read from the primary at once.
    expect((await call(api.url, 'GET', `/api/v1/users/${created.body.id}`, { token: a.token })).status).toBe(200);
    expect(await fx.db.prisma.user.count({ where: { id: created.body.id } })).toBe(1);
    await caughtUp(SUPERUSER, replica.superuserUrl);
    const users = await call(api.url, 'GET', '/api/v1/users?limit=100', { token: a.token });
    expect(users.body.items.map((u: { email: string }) => u.email)).toContain(email);
  });

  it('exposes the replica lag and state on /metrics', async () => {
    const { api } = stack;
    const lag = await metric(api, 'sentinel_db_replica_lag_seconds', 'pool="replica"');
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(1.5);
    expect(await metric(api, 'sentinel_db_replica_up', 'pool="replica"')).toBe(1);
  });

  it('sends reads to the primary while the replica lags more than DB_READ_MAX_LAG_MS, and back once it catches up', async () => {
    const { replica, api } = stack;
    const { a } = tenants;
    const su = await asApp(replica.superuserUrl);
    try {
      await su.query('SELECT pg_wal_replay_pause()');
      const email = `${uniq('lag')}@example.com`;
      const created = await call(api.url, 'POST', '/api/v1/users', {
        token: a.token,
        body: { email, displayName: 'While paused', password: 'a-long-password-1' },
      });
      expect(created.status).toBe(201);
      // The replica receives the write but does not replay it: its lag grows past 1.5 s.
      await waitFor('the replica to be taken out of reads for its lag', () => api.deps.appDb.replica?.status().status === 'degraded', 10_000);
      const lag = await metric(api, 'sentinel_db_replica_lag_seconds', 'pool="replica"');
      expect(lag).toBeGreaterThan(1.5);
      const ready = await call(api.url, 'GET', '/api/v1/ready');
      expect(ready.body).toMatchObject({ status: 'degraded', checks: { replica: { status: 'fail' } } });
      expect(ready.body.checks.replica.error).toMatch(/lag/);
      // The list comes from the primary, so it has the write the replica has not replayed.
      const primaryBefore = (await metric(api, 'sentinel_db_routed_reads_total', 'target="primary"')) ?? 0;
      const users = await call(api.url, 'GET', '/api/v1/users?limit=100', { token: a.token });
      expect(users.body.items.map((u: { email: string }) => u.email)).toContain(email);
      expect(await metric(api, 'sentinel_db_routed_reads_total', 'target="primary"')).toBe(primaryBefore + 1);
    } finally {
      await su.query('SELECT pg_wal_replay_resume()');
      await su.end();
    }
    await waitFor('the replica to serve reads again', () => api.deps.appDb.replica?.status().status === 'ok', 10_000);
    expect((await call(api.url, 'GET', '/api/v1/ready')).body.status).toBe('ok');
  });

  it('takes a replica cut off from the primary out of reads once what it lacks is older than DB_READ_MAX_LAG_MS', async () => {
    const { replica, api } = stack;
    const { a } = tenants;
    const su = await asApp(replica.superuserUrl);
    const conninfo = (await su.query<{ primary_conninfo: string }>('SHOW primary_conninfo')).rows[0]!.primary_conninfo;
    const setConninfo = async (value: string) => {
      await su.query(`ALTER SYSTEM SET primary_conninfo = ${su.escapeLiteral(value)}`);
      await su.query('SELECT pg_reload_conf()');
    };
    try {
      // The WAL receiver restarts towards a port where nothing listens: the replica has
      // replayed all it received, and receives nothing more.
      await setConninfo(conninfo.replace(/port=\d+/, 'port=1'));
      await waitFor(
        'the WAL receiver to stop',
        async () => (await su.query(`SELECT count(*)::int AS n FROM pg_stat_wal_receiver WHERE status = 'streaming'`)).rows[0].n === 0,
        10_000,
      );
      const email = `${uniq('cut')}@example.com`;
      const created = await call(api.url, 'POST', '/api/v1/users', { token: a.token, body: { email, displayName: 'Cut off', password: 'a-long-password-1' } });
      expect(created.status).toBe(201);
      await waitFor('the cut-off replica to be taken out of reads', () => api.deps.appDb.replica?.status().status === 'degraded', 10_000);
      expect(await metric(api, 'sentinel_db_replica_lag_seconds', 'pool="replica"')).toBeGreaterThan(1.5);
      const users = await call(api.url, 'GET', '/api/v1/users?limit=100', { token: a.token });
      expect(users.body.items.map((u: { email: string }) => u.email)).toContain(email);
    } finally {
      await setConninfo(conninfo);
      await su.end();
    }
    await waitFor('the replica to serve reads again', () => api.deps.appDb.replica?.status().status === 'ok', 15_000);
  });

  it('falls back to the primary when the replica dies, and readiness says degraded', async () => {
    const { replica, api } = stack;
    const { a, b } = tenants;
    await replica.kill();
    const primaryBefore = (await metric(api, 'sentinel_db_routed_reads_total', 'target="primary"')) ?? 0;
    const users = await call(api.url, 'GET', '/api/v1/users?limit=100', { token: a.token });
    expect(users.status).toBe(200);
    const emails = users.body.items.map((u: { email: string }) => u.email);
    expect(emails).toEqual(expect.arrayContaining([a.admin.email, a.member.email]));
    expect(emails).not.toContain(b.admin.email);
    expect((await call(api.url, 'GET', '/api/v1/audit-logs', { token: a.token })).status).toBe(200);
    expect(await metric(api, 'sentinel_db_routed_reads_total', 'target="primary"')).toBe(primaryBefore + 2);

    const ready = await call(api.url, 'GET', '/api/v1/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.checks.postgres.status).toBe('ok');
    expect(ready.body.checks.replica.status).toBe('fail');
    expect(await metric(api, 'sentinel_db_replica_up', 'pool="replica"')).toBe(0);
  });
});
