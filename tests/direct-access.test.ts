// Direct database access as a tenant's user gets it: the Secret the controller publishes,
// followed to the database. Real: kube-apiserver + etcd with the controller's RBAC, the
// controller in-process with its ServiceAccount's token, PostgreSQL (TLS switched on for
// one test with a CA and certificate made here by openssl), a TCP relay standing for the
// database moved to another port, logins over fresh connections with the Secret's URI.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ROTATE_ANNOTATION, secretName, type Controller, type Tenant } from '@sentinel/tenant-controller';
import { uniq } from './helpers/stack.js';
import {
  DbRelay,
  applyTenant,
  condition,
  controllerConfig,
  eventsOf,
  getTenant,
  startTestCluster,
  startTestController,
  waitReady,
  type TestCluster,
} from './helpers/kube.js';
import { waitFor } from './helpers/wait.js';

let cluster: TestCluster;
let controller: Controller | undefined;
let su: pg.Client;

beforeAll(async () => {
  cluster = await startTestCluster();
  su = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await su.connect();
}, 120_000);
afterAll(async () => {
  await controller?.close();
  await su?.end();
  await cluster?.stop();
});

/** One controller at a time, with the settings under test. No periodic resync: only a change reconciles. */
async function restartController(overrides: Record<string, string> = {}): Promise<Controller> {
  await controller?.close();
  controller = startTestController(cluster, { CONTROLLER_RESYNC_MS: '600000', ...overrides });
  return controller;
}

const secretPath = (slug: string) => `/api/v1/namespaces/sentinel-system/secrets/${secretName(slug)}`;
type Secret = { data: Record<string, string>; metadata: { annotations?: Record<string, string> } };
const secret = async (slug: string) => {
  try {
    return await cluster.admin.get<Secret>(secretPath(slug));
  } catch {
    return undefined;
  }
};
const decode = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
const creds = async (slug: string) => decode((await secret(slug))!.data);
const b64 = (s: string) => Buffer.from(s).toString('base64');

async function login(uri: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: uri });
  c.on('error', () => {});
  await c.connect();
  return c;
}

async function canLogin(uri: string): Promise<boolean> {
  try {
    const c = await login(uri);
    await c.end();
    return true;
  } catch (err) {
    if (/password authentication failed/.test((err as Error).message)) return false;
    throw err;
  }
}

/** A Tenant with direct access, Ready; its tenant id and Secret. */
async function directTenant(prefix: string, extra: Record<string, unknown> = {}) {
  const name = uniq(prefix).toLowerCase();
  await applyTenant(cluster, name, { displayName: prefix, database: { directAccess: true }, ...extra });
  const t = await waitReady(cluster.admin, name);
  expect(condition(t, 'DirectAccessReady')?.status).toBe('True');
  return { name, t, id: t.status!.tenantId!, s: await creds(name) };
}

const annotate = (name: string, key: string, value: string) => cluster.cp.kubectl(['annotate', '--overwrite', 'tenant', name, `${key}=${value}`]);

describe('the Secret follows the controller', () => {
  beforeAll(() => restartController());

  test('a hand-edited field (and a key added by hand) is put back by the next reconcile: a spec change', async () => {
    const { name, s } = await directTenant('edit');
    await cluster.admin.mergePatch(secretPath(name), { data: { port: b64('1'), host: b64('wrong.example'), extra: b64('mine') } });
    expect(await creds(name)).toMatchObject({ port: '1', host: 'wrong.example', extra: 'mine' });
    await applyTenant(cluster, name, { displayName: 'edited', database: { directAccess: true } });
    const back = await waitFor('the Secret put back', async () => {
      const now = await creds(name);
      return now.port === s.port && now.host === s.host && !('extra' in now) ? now : undefined;
    });
    expect(back).toEqual(s);
    expect(await canLogin(back.uri!)).toBe(true);
    const events = await eventsOf(cluster, name, 'DirectAccessSecretUpdated');
    expect(events.map((e) => e.note ?? e.message).join('\n')).toMatch(/extra, host, port, uri|extra, host, port/);
  });

  test('the database moved to another port: the Secret gets the new host, port and URI, and the password is kept', async () => {
    const { name, s } = await directTenant('moved');
    const pgUrl = new URL(process.env.DATABASE_PLATFORM_URL!);
    const relay = new DbRelay({ host: pgUrl.hostname, port: Number(pgUrl.port) });
    await relay.start();
    try {
      await restartController({ DIRECT_ACCESS_HOST: 'localhost', DIRECT_ACCESS_PORT: String(relay.port) });
      const moved = await waitFor('the new port in the Secret', async () => {
        const now = await creds(name);
        return now.port === String(relay.port) ? now : undefined;
      });
      expect(moved).toMatchObject({ host: 'localhost', username: s.username, password: s.password, database: s.database });
      expect(moved.uri).toBe(`postgresql://${s.username}:${encodeURIComponent(s.password!)}@localhost:${relay.port}/${encodeURIComponent(s.database!)}`);
      const c = await login(moved.uri!); // through the relay: the URI is the new way in
      try {
        expect((await c.query('SELECT inet_server_port() AS p')).rows[0].p).toBe(Number(pgUrl.port));
      } finally {
        await c.end();
      }
    } finally {
      await restartController();
      await relay.stop();
    }
  });

  test('rotation by annotation: once per new value; the old password is refused, the new one works; an Event says so', async () => {
    const { name, s } = await directTenant('rotate');
    await annotate(name, ROTATE_ANNOTATION, 'r1');
    const t = await waitFor('rotation r1 handled', async () => {
      const t = await getTenant(cluster.admin, name);
      return t?.status?.lastRotateRequest === 'r1' && condition(t, 'Ready')?.status === 'True' ? t : undefined;
    });
    const rotated = await creds(name);
    expect(rotated.password).not.toBe(s.password);
    expect(rotated.username).toBe(s.username);
    expect(await canLogin(s.uri!)).toBe(false);
    expect(await canLogin(rotated.uri!)).toBe(true);
    expect(t.status?.directAccessPasswordSHA256).toMatch(/^[0-9a-f]{64}$/);
    const events = await waitFor('the rotation Event', async () => {
      const e = await eventsOf(cluster, name, 'DirectAccessRotated');
      return e.length ? e : undefined;
    });
    expect(events.map((e) => e.note ?? e.message).join('\n')).toContain(`${ROTATE_ANNOTATION}: r1`);

    // Another reconcile with the same value does not rotate again.
    await annotate(name, 'sentinel.io/reconcile-requested-at', new Date().toISOString());
    await waitFor('the reconcile request handled', async () => {
      const t: Tenant | undefined = await getTenant(cluster.admin, name);
      return t?.status?.lastReconcileRequest === t?.metadata.annotations?.['sentinel.io/reconcile-requested-at'];
    });
    expect((await creds(name)).password).toBe(rotated.password);
    expect(await canLogin(rotated.uri!)).toBe(true);
  });

  test('a password edited by hand cannot be put back: it is replaced by a new one that works', async () => {
    const { name, s } = await directTenant('pwedit');
    await cluster.admin.mergePatch(secretPath(name), { data: { password: b64('typed-by-hand') } });
    await annotate(name, 'sentinel.io/reconcile-requested-at', new Date().toISOString());
    const fresh = await waitFor('a new password', async () => {
      const now = await creds(name);
      return now.password !== 'typed-by-hand' ? now : undefined;
    });
    expect(fresh.password).not.toBe(s.password);
    expect(fresh.uri).toContain(encodeURIComponent(fresh.password!));
    expect(await canLogin(fresh.uri!)).toBe(true);
    expect(await canLogin(s.uri!)).toBe(false);
  });
});

describe('read-only by structure', () => {
  beforeAll(() => restartController({ DIRECT_ACCESS_CONNECTION_LIMIT: '2' }));

  test('no write, no temporary table, no function, no table, whatever the session SETs', async () => {
    const { id, s } = await directTenant('ro');
    const c = await login(s.uri!);
    try {
      await c.query('SET default_transaction_read_only = off');
      await c.query('SET statement_timeout = 0');
      await c.query(`SET work_mem = '2GB'`); // allowed: the watchdog bounds what it buys (below)
      expect((await c.query('SHOW transaction_read_only')).rows[0].transaction_read_only).toBe('off');
      const refused = async (sql: string, re: RegExp) => expect(c.query(sql)).rejects.toThrow(re);
      await refused(`INSERT INTO audit_logs (tenant_id, action) VALUES ('${id}', 'x')`, /permission denied/);
      await refused(`UPDATE users SET display_name = 'x'`, /permission denied/);
      await refused(`DELETE FROM jobs`, /permission denied/);
      await refused(`INSERT INTO direct_roles VALUES ('${id}', 'x')`, /permission denied/);
      await refused('CREATE TEMP TABLE scratch (x int)', /permission denied to create temporary tables/);
      await refused('CREATE TABLE public.scratch (x int)', /permission denied for schema public/);
      await refused('CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', /permission denied for schema public/);
      await refused('CREATE FUNCTION pg_temp.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$', /permission denied/);
      await refused('CREATE SCHEMA mine', /permission denied/);
      // What it may do: read its own tenant.
      expect((await c.query('SELECT id FROM tenants')).rows).toEqual([{ id }]);
    } finally {
      await c.end();
    }
  });

  test('CONNECT to this database comes through sentinel_direct, not PUBLIC; with PUBLIC revoked elsewhere, no other database', async () => {
    const { s } = await directTenant('conn');
    const db = s.database!;
    expect((await su.query(`SELECT has_database_privilege('public', $1, 'CONNECT') AS yes`, [db])).rows[0].yes).toBe(false);
    expect((await su.query(`SELECT has_database_privilege($2, $1, 'CONNECT') AS yes`, [db, s.username])).rows[0].yes).toBe(true);
    // The operator's step (docs/operations.md, done by the test stack's bootstrap): the migrator does not own the other databases.
    const other = new URL(s.uri!);
    other.pathname = '/postgres';
    await expect(login(other.toString())).rejects.toThrow(/permission denied for database "postgres"/);
    expect(await canLogin(s.uri!)).toBe(true);
  });

  test('a connection limit per role', async () => {
    const { s } = await directTenant('limit');
    const open = [await login(s.uri!), await login(s.uri!)];
    try {
      await expect(login(s.uri!)).rejects.toThrow(/too many connections for role/);
    } finally {
      for (const c of open) await c.end();
    }
  });

  test('the role name says nothing about its tenant; what pg_stat_activity shows of the others is opaque', async () => {
    const a = await directTenant('opaque');
    const b = await directTenant('other');
    expect(a.t.status?.directAccessRole).toBe(a.s.username);
    expect(a.s.username).toMatch(/^sentinel_d_[0-9a-f]{20}$/);
    const c = await login(a.s.uri!);
    const d = await login(b.s.uri!);
    try {
      const seen = (await c.query<{ usename: string }>('SELECT DISTINCT usename FROM pg_stat_activity WHERE usename IS NOT NULL')).rows.map((r) => r.usename);
      expect(seen).toContain(b.s.username);
      const revealing = [a, b].flatMap((x) => [x.id, x.id.replace(/-/g, ''), x.id.replace(/-/g, '').slice(0, 12), x.name]);
      for (const n of [...seen, a.s.username!, b.s.username!]) for (const r of revealing) expect(n).not.toContain(r);
    } finally {
      await c.end();
      await d.end();
    }
  });
});

describe('the statement watchdog', () => {
  beforeAll(() =>
    restartController({ DIRECT_ACCESS_STATEMENT_TIMEOUT_MS: '1500', DIRECT_ACCESS_IDLE_SESSION_TIMEOUT_MS: '1000', DIRECT_ACCESS_WATCHDOG_MS: '250' }),
  );

  const ended = async (action: string, reason: string) => {
    const m = await controller!.metrics.registry.getSingleMetric('sentinel_controller_direct_sessions_ended_total')!.get();
    return m.values.find((v) => v.labels.action === action && v.labels.reason === reason)?.value ?? 0;
  };

  test('a statement running past the bound is cancelled though the session SET statement_timeout = 0; a metric and an Event say so', async () => {
    const { name, s } = await directTenant('watch');
    const before = await ended('cancel', 'statement');
    const c = await login(s.uri!);
    try {
      await c.query('SET statement_timeout = 0');
      const started = Date.now();
      await expect(c.query('SELECT pg_sleep(30)')).rejects.toThrow(/canceling statement due to user request/);
      const took = Date.now() - started;
      expect(took).toBeGreaterThan(1_500);
      expect(took).toBeLessThan(8_000);
      expect((await c.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]); // cancelled, not cut off
    } finally {
      await c.end();
    }
    await waitFor('the cancel counted', async () => (await ended('cancel', 'statement')) === before + 1);
    const events = await waitFor('the watchdog Event', async () => {
      const e = await eventsOf(cluster, name, 'DirectStatementCancelled');
      return e.length ? e : undefined;
    });
    expect(events[0]!.type).toBe('Warning');
    expect(events[0]!.note ?? events[0]!.message).toMatch(/ran \d+\.\d s, over the 1\.5 s bound: statement cancelled/);
  });

  test('a session idle past the bound is terminated though it SET idle_session_timeout = 0', async () => {
    const { s } = await directTenant('idle');
    const before = await ended('terminate', 'idle');
    const c = await login(s.uri!);
    const lost = new Promise<Error>((r) => c.once('error', r));
    try {
      await c.query('SET idle_session_timeout = 0');
      const started = Date.now();
      expect((await lost).message).toMatch(/terminating connection due to administrator command/);
      expect(Date.now() - started).toBeGreaterThan(1_000);
      await expect(c.query('SELECT 1')).rejects.toThrow(/not queryable/);
    } finally {
      await c.end().catch(() => undefined);
    }
    // Counted once the sweep has ended every session it found (the client may hear first).
    await waitFor('the idle termination counted', async () => (await ended('terminate', 'idle')) === before + 1);
  });
});

describe('TLS', () => {
  let dir: string;
  let admin: pg.Client;

  beforeAll(async () => {
    // A CA and a server certificate for localhost, made here; the server switches SSL on at reload.
    dir = mkdtempSync(join(tmpdir(), 'sentinel-tls-'));
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=sentinel test CA');
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.ext');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'server.key'), 0o600);
    // As root, embedded PostgreSQL runs as the `postgres` user, which must own its key.
    if (process.getuid?.() === 0) {
      const [uid, gid] = ['-u', '-g'].map((f) => Number(execFileSync('id', [f, 'postgres'], { encoding: 'utf8' }).trim()));
      for (const f of ['server.key', 'server.crt']) chownSync(join(dir, f), uid!, gid!);
    }
    admin = new pg.Client({ connectionString: process.env.TEST_SUPERUSER_URL });
    await admin.connect();
    await admin.query(`ALTER SYSTEM SET ssl_cert_file = '${join(dir, 'server.crt')}'`);
    await admin.query(`ALTER SYSTEM SET ssl_key_file = '${join(dir, 'server.key')}'`);
    await admin.query('ALTER SYSTEM SET ssl = on');
    await admin.query('SELECT pg_reload_conf()');
    await waitFor('ssl on', async () => (await admin.query('SHOW ssl')).rows[0].ssl === 'on');
  });
  afterAll(async () => {
    for (const s of ['ssl', 'ssl_cert_file', 'ssl_key_file']) await admin?.query(`ALTER SYSTEM RESET ${s}`);
    await admin?.query('SELECT pg_reload_conf()');
    await admin?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  test('with DIRECT_ACCESS_SSLMODE=verify-full the Secret has sslmode (field and URI) and the CA; a client verifying the server with it logs in over TLS', async () => {
    await restartController({ DIRECT_ACCESS_HOST: 'localhost', DIRECT_ACCESS_SSLMODE: 'verify-full', DIRECT_ACCESS_CA_FILE: join(dir, 'ca.crt') });
    const { name, id, s } = await directTenant('tls');
    expect(s).toMatchObject({ sslmode: 'verify-full', host: 'localhost', 'ca.crt': expect.stringContaining('-----BEGIN CERTIFICATE-----') });
    expect(s.uri).toMatch(/\?sslmode=verify-full$/);
    // What a client does with the Secret mounted: the CA as its root certificate.
    const ca = join(dir, 'client-ca.crt');
    writeFileSync(ca, s['ca.crt']!);
    const c = await login(`${s.uri}&sslrootcert=${encodeURIComponent(ca)}`);
    try {
      expect((await c.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).rows).toEqual([{ ssl: true }]);
      expect((await c.query('SELECT id FROM tenants')).rows).toEqual([{ id }]);
    } finally {
      await c.end();
    }
    // Another CA: the client refuses the server.
    writeFileSync(join(dir, 'other.ext'), '');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.crt', '-days', '1', '-subj', '/CN=other'],
      {
        cwd: dir,
        stdio: 'pipe',
      },
    );
    await expect(login(`${s.uri}&sslrootcert=${encodeURIComponent(join(dir, 'other.crt'))}`)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/);

    // A renewed CA (the mounted file changes): the next reconcile copies it.
    writeFileSync(join(dir, 'ca.crt'), `${s['ca.crt']}${readFileSync(join(dir, 'other.crt'), 'utf8')}`);
    await annotate(name, 'sentinel.io/reconcile-requested-at', new Date().toISOString());
    await waitFor('the renewed CA in the Secret', async () => (await creds(name))['ca.crt']?.includes(readFileSync(join(dir, 'other.crt'), 'utf8')));

    // TLS turned off in the controller's settings: sslmode and the CA leave the Secret.
    await restartController({ DIRECT_ACCESS_HOST: 'localhost' });
    const plain = await waitFor('sslmode removed', async () => {
      const now = await creds(name);
      return !('sslmode' in now) && !('ca.crt' in now) ? now : undefined;
    });
    expect(plain.uri).not.toContain('sslmode');
  });

  test('verify-ca and verify-full without a CA file: the controller refuses to start, naming the setting', () => {
    expect(() => controllerConfig({ DIRECT_ACCESS_SSLMODE: 'verify-full' })).toThrow(
      /DIRECT_ACCESS_CA_FILE: is required with DIRECT_ACCESS_SSLMODE=verify-full/,
    );
    expect(() => controllerConfig({ DIRECT_ACCESS_SSLMODE: 'strict' })).toThrow(/DIRECT_ACCESS_SSLMODE/);
  });
});
