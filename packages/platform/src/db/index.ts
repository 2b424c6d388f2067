// Two pools, two capabilities:
//   AppDb       the `sentinel_app` role; every query runs inside a tenant transaction
//               and PostgreSQL RLS confines it to that tenant.
//   PlatformDb  the `sentinel_platform` role (BYPASSRLS) for cross-tenant work. Only the
//               platform-admin module, the controller and scheduled maintenance get one.
// Keeping them separate types is what lets a reviewer see that no tenant route can
// reach the platform pool: a module only gets what buildApp hands it.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, Prisma } from '../internal/generated/prisma/client.js';
import type { Config } from '../config.js';
import type { Logger } from '../telemetry/logger.js';
import type { ProcessMetrics } from '../telemetry/metrics.js';

export { Prisma };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export type { PrismaClient };
export type Tx = Prisma.TransactionClient;

/** A tenant transaction of AppDb.sql: hand-written statements with bind parameters. */
export class TenantSql {
  constructor(private readonly client: pg.PoolClient) {}

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return (await this.client.query<R>(text, values)).rows;
  }
}

/** One hand-written statement in either kind of tenant transaction (withTenant's or sql's). */
export function queryRows<R extends pg.QueryResultRow>(db: Tx | TenantSql, text: string, values: unknown[] = []): Promise<R[]> {
  return db instanceof TenantSql ? db.query<R>(text, values) : db.$queryRawUnsafe<R[]>(text, ...values);
}

/** The pool settings every service shares (the Tenant controller has no full Config). */
type PoolSettings = Pick<
  Config,
  'DB_POOL_IDLE_TIMEOUT_MS' | 'DB_POOL_MAX_LIFETIME_S' | 'DB_CONNECT_TIMEOUT_MS' | 'DB_STATEMENT_TIMEOUT_MS' | 'DB_IDLE_IN_TX_TIMEOUT_MS'
>;

interface PoolOptions {
  name: 'app' | 'replica' | 'platform' | 'owner';
  url: string;
  max: number;
  config: PoolSettings;
  logger: Logger;
  metrics?: ProcessMetrics;
}

function createPool(o: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: o.url,
    max: o.max,
    idleTimeoutMillis: o.config.DB_POOL_IDLE_TIMEOUT_MS,
    maxLifetimeSeconds: o.config.DB_POOL_MAX_LIFETIME_S,
    connectionTimeoutMillis: o.config.DB_CONNECT_TIMEOUT_MS,
    statement_timeout: o.config.DB_STATEMENT_TIMEOUT_MS,
    idle_in_transaction_session_timeout: o.config.DB_IDLE_IN_TX_TIMEOUT_MS,
    application_name: `sentinel-${o.name}`,
  });
  // An idle client losing its server must not crash the process; the pool drops it.
  pool.on('error', (err) => o.logger.warn({ err: { message: err.message }, pool: o.name }, 'idle database connection failed'));
  o.metrics?.trackPool(o.name, pool);
  return pool;
}

function createClient(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

/** Transaction timings: a tenant transaction never outlives the statement timeout by much. */
function txOptions(config: PoolSettings) {
  return { maxWait: config.DB_CONNECT_TIMEOUT_MS, timeout: config.DB_STATEMENT_TIMEOUT_MS + 1_000 };
}

/**
 * Tenant reads that may be a moment stale: what the read replica may serve. AppDb is one
 * (on the primary); AppDb.reads is the replica when one is configured and healthy.
 */
export interface TenantReads {
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  read<T>(tenantId: string, query: Statement): Promise<T[]>;
}

/** One hand-written statement with bind parameters ($1, $2, ...): a Prisma.sql template gives one. */
export interface Statement {
  readonly text: string;
  readonly values: readonly unknown[];
}

/**
 * Named statements by text. A named statement is parsed, rewritten (RLS policies added) and
 * planned once per pooled connection, then only bound and executed: for the hot queries that
 * work cost more than running them (docs/benchmarks.md). The texts are fixed by the code
 * (values travel as parameters), so the map stays small.
 */
const statementNames = new Map<string, string>();

function prepared(q: Statement): pg.QueryConfig {
  let name = statementNames.get(q.text);
  if (name === undefined) statementNames.set(q.text, (name = `sentinel_${statementNames.size}`));
  return { name, text: q.text, values: q.values as unknown[] };
}

type AppDbConfig = PoolSettings &
  Pick<Config, 'DATABASE_APP_URL' | 'DB_POOL_MAX'> &
  Partial<Pick<Config, 'DATABASE_READ_URL' | 'DB_READ_MAX_LAG_MS' | 'DB_READ_CHECK_INTERVAL_MS'>>;

export class AppDb implements TenantReads {
  private readonly pool: pg.Pool;
  private readonly prisma: PrismaClient;
  private closing?: Promise<void>;
  /** The streaming replica (DATABASE_READ_URL), when configured. */
  readonly replica: ReadReplica | undefined;

  constructor(
    private readonly config: AppDbConfig,
    logger: Logger,
    metrics?: ProcessMetrics,
    name: 'app' | 'replica' = 'app',
  ) {
    this.pool = createPool({ name, url: config.DATABASE_APP_URL, max: config.DB_POOL_MAX, config, logger, ...(metrics ? { metrics } : {}) });
    this.prisma = createClient(this.pool);
    this.replica = config.DATABASE_READ_URL && name === 'app' ? new ReadReplica(this, config, logger, metrics) : undefined;
  }

  /**
   * Where reads that tolerate a moment's staleness go: the replica while it answers and
   * its lag is within DB_READ_MAX_LAG_MS, otherwise this primary. Reads that must see
   * this request's (or a just-finished request's) writes use withTenant/read directly.
   */
  get reads(): TenantReads {
    return this.replica ?? this;
  }

  /**
   * Runs fn in one transaction with `app.tenant_id` set transaction-locally
   * (set_config(..., true)), so the setting ends with the transaction and a pooled
   * connection never carries one tenant's context into another request. `timeoutMs` gives the
   * rare operation that must rewrite many rows atomically (an erasure) a longer budget than
   * DB_STATEMENT_TIMEOUT_MS, for the transaction and each of its statements.
   */
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>, o: { timeoutMs?: number } = {}): Promise<T> {
    const options = txOptions(this.config);
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
        // Both bounds: the work between statements (rewriting rows in Node) counts as idle time.
        if (o.timeoutMs)
          await tx.$executeRaw`SELECT set_config('statement_timeout', ${String(o.timeoutMs)}, true), set_config('idle_in_transaction_session_timeout', ${String(o.timeoutMs)}, true)`;
        return fn(tx);
      },
      o.timeoutMs ? { ...options, timeout: o.timeoutMs + 1_000 } : options,
    );
  }

  /**
   * For looking a tenant up by slug before its id is known (login): only that tenant's
   * row becomes visible, and nothing else of any tenant.
   */
  withTenantSlug<T>(slug: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.tenant_slug', ${slug}, true)`;
      return fn(tx);
    }, txOptions(this.config));
  }

  /**
   * A hand-written read in a read-only tenant transaction, straight on the pool: for
   * the hottest list queries, where Prisma's interactive-transaction machinery cost
   * more than the query (docs/benchmarks.md). Same guarantees as withTenant: the
   * setting is transaction-local and RLS applies.
   */
  read<T>(tenantId: string, query: Statement): Promise<T[]> {
    return this.onPool(tenantId, 'BEGIN READ ONLY', async (c) => (await c.query(prepared(query))).rows as T[]);
  }

  /**
   * A hand-written write in its own tenant transaction: one statement, so everything it
   * changes (a row and its audit row, in data-modifying CTEs) commits or rolls back
   * together. For the hottest writes; the rest use withTenant.
   */
  write<T>(tenantId: string, query: Statement): Promise<T[]> {
    return this.onPool(tenantId, 'BEGIN READ WRITE', async (c) => (await c.query(prepared(query))).rows as T[]);
  }

  /**
   * Hand-written statements in one read-write tenant transaction, straight on the pool:
   * for set-based writes of many rows (the bulk import's INSERT ... SELECT FROM unnest),
   * where Prisma's createMany and interactive transaction cost far more than PostgreSQL
   * does (docs/benchmarks.md). Same guarantees as withTenant: all or nothing,
   * `app.tenant_id` transaction-local, RLS applies.
   */
  sql<T>(tenantId: string, fn: (q: TenantSql) => Promise<T>): Promise<T> {
    return this.onPool(tenantId, 'BEGIN', (c) => fn(new TenantSql(c)));
  }

  /**
   * BEGIN and set_config in one simple query (the tenant id is checked to be a UUID, so it
   * can be a literal), then fn's statements, then COMMIT.
   */
  private async onPool<T>(tenantId: string, begin: 'BEGIN' | 'BEGIN READ ONLY' | 'BEGIN READ WRITE', fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    if (!UUID.test(tenantId)) throw new Error('tenant id must be a UUID');
    const c = await this.pool.connect();
    let failed: Error | undefined;
    try {
      await c.query(`${begin}; SELECT set_config('app.tenant_id', ${c.escapeLiteral(tenantId)}, true)`);
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      failed = err as Error;
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      // A connection that failed mid-transaction is discarded, not reused.
      c.release(failed);
    }
  }

  async ping(): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query('SELECT 1');
    } finally {
      c.release();
    }
  }

  /** A hand-written statement outside any tenant context (no table of a tenant is visible): health and lag probes. */
  async probe<R extends pg.QueryResultRow>(text: string): Promise<R[]> {
    return (await this.pool.query<R>(text)).rows;
  }

  close(): Promise<void> {
    return (this.closing ??= Promise.all([this.replica?.close(), this.prisma.$disconnect().then(() => this.pool.end())]).then(() => undefined));
  }
}

// The replica's side of a lag probe: is it a standby, where has replay got to, and how old
// is the last transaction it replayed (by the primary's commit time).
const REPLICA_SQL = `SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed,
  EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 AS "sinceReplay"`;

/** A pg_lsn ("16/B374D848") as a number that compares. */
function lsn(text: string): bigint {
  const [hi = '0', lo = '0'] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/**
 * A streaming replica of the primary, reached as the same app role (a physical copy has
 * the same roles, policies and RLS). Reads go there while it is healthy: it answered the
 * last lag probe, is a standby, and its lag is within DB_READ_MAX_LAG_MS. A read that
 * fails because the replica is unavailable marks it down and runs again on the primary
 * (a read-only transaction is safe to repeat); the probe brings it back.
 */
export class ReadReplica implements TenantReads {
  readonly db: AppDb;
  private healthy = false;
  private lagSeconds: number | null = null;
  private lastError: string | undefined = 'not probed yet';
  private readonly timer: NodeJS.Timeout;
  private probing?: Promise<void>;
  private readonly maxLagS: number;
  /** Primary WAL positions (and when they were seen) the replica had not replayed at the last probe. */
  private readonly behind: { lsn: bigint; at: number }[] = [];

  constructor(
    private readonly primary: AppDb,
    config: AppDbConfig,
    private readonly logger: Logger,
    private readonly metrics?: ProcessMetrics,
  ) {
    this.db = new AppDb({ ...config, DATABASE_APP_URL: config.DATABASE_READ_URL!, DATABASE_READ_URL: undefined }, logger, metrics, 'replica');
    this.maxLagS = (config.DB_READ_MAX_LAG_MS ?? 1_000) / 1_000;
    metrics?.trackReplica(() => ({ up: this.healthy, lagSeconds: this.lagSeconds }));
    void this.check();
    this.timer = setInterval(() => void this.check(), config.DB_READ_CHECK_INTERVAL_MS ?? 1_000);
    this.timer.unref();
  }

  /**
   * Probes the replica now: reachable, a standby, and how far behind. The lag is how long
   * the replica has been short of a position the primary had reached: each probe notes the
   * primary's WAL position and the time; the oldest noted position the replica has not
   * replayed gives the lag (0 when it has replayed them all). This stays right when the
   * primary is idle (nothing to replay is no lag, where now() - pg_last_xact_replay_timestamp()
   * alone would grow for ever) and when the replica stops receiving (the positions it lacks
   * age, where comparing received with replayed would say 0). Bounded by the age of the last
   * replayed transaction, which is finer while the replica streams.
   */
  check(): Promise<void> {
    return (this.probing ??= this.measure()
      .then((why) => this.mark(why === undefined, why))
      .catch((err: Error) => {
        this.lagSeconds = null;
        this.mark(false, err.message || 'unreachable');
      })
      .finally(() => (this.probing = undefined)));
  }

  /** Updates the lag; returns why the replica must not serve reads, or undefined. */
  private async measure(): Promise<string | undefined> {
    // The primary first: whatever it had by now, the replica must have replayed to be current.
    const at = Date.now();
    // Primary unreachable: judged by the positions noted before.
    const primary = await this.primary.probe<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn').catch(() => undefined);
    const now = primary?.[0] ? lsn(primary[0].lsn) : undefined;
    // A position already noted keeps its first time (an idle primary adds nothing).
    if (now !== undefined && (this.behind.at(-1)?.lsn ?? -1n) < now) this.behind.push({ lsn: now, at });
    const [row] = await this.db.probe<{ standby: boolean; replayed: string | null; sinceReplay: number | null }>(REPLICA_SQL);
    if (!row?.standby) {
      this.lagSeconds = null;
      return 'not a standby (pg_is_in_recovery() is false)';
    }
    const replayed = lsn(row.replayed ?? '0/0');
    while (this.behind.length && this.behind[0]!.lsn <= replayed) this.behind.shift();
    // Bounded: past this many the newer ones go (the oldest carries the lag).
    if (this.behind.length > 1_000) this.behind.splice(1, this.behind.length - 1_000);
    const sinceOldest = this.behind.length ? (Date.now() - this.behind[0]!.at) / 1_000 : 0;
    this.lagSeconds = row.sinceReplay === null ? sinceOldest : Math.max(0, Math.min(sinceOldest, row.sinceReplay));
    return this.lagSeconds > this.maxLagS ? `lag ${this.lagSeconds.toFixed(3)} s exceeds DB_READ_MAX_LAG_MS` : undefined;
  }

  /** ok: serving reads; degraded: reads fall back to the primary (and why). */
  status(): { status: 'ok' | 'degraded'; lagSeconds: number | null; error?: string } {
    return this.healthy ? { status: 'ok', lagSeconds: this.lagSeconds } : { status: 'degraded', lagSeconds: this.lagSeconds, error: this.lastError ?? 'down' };
  }

  private mark(up: boolean, why?: string) {
    if (up !== this.healthy)
      this.logger[up ? 'info' : 'warn']({ reason: why }, up ? 'read replica serving reads' : 'read replica down: reads go to the primary');
    this.healthy = up;
    this.lastError = why;
  }

  private async route<T>(onReplica: () => Promise<T>, onPrimary: () => Promise<T>): Promise<T> {
    if (!this.healthy) {
      this.metrics?.dbReads.inc({ target: 'primary' });
      return onPrimary();
    }
    try {
      const out = await onReplica();
      this.metrics?.dbReads.inc({ target: 'replica' });
      return out;
    } catch (err) {
      // Cancelled by replay (a recovery conflict, 40001 on a standby): the replica is fine,
      // this one read runs again on the primary.
      if (isRecoveryConflict(err)) {
        this.metrics?.dbReads.inc({ target: 'primary' });
        return onPrimary();
      }
      if (!isUnavailableError(err)) throw err;
      this.mark(false, (err as Error).message || 'unavailable');
      this.metrics?.dbReads.inc({ target: 'primary' });
      return onPrimary();
    }
  }

  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.route(
      () => this.db.withTenant(tenantId, fn),
      () => this.primary.withTenant(tenantId, fn),
    );
  }

  read<T>(tenantId: string, query: Statement): Promise<T[]> {
    return this.route(
      () => this.db.read<T>(tenantId, query),
      () => this.primary.read<T>(tenantId, query),
    );
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return this.db.close();
  }
}

export class PlatformDb {
  private readonly pool: pg.Pool;
  /** Not public: callers go through transaction() or run(); /testing's FixtureDb exposes it to tests. */
  protected readonly prisma: PrismaClient;
  private closing?: Promise<void>;

  constructor(
    private readonly config: PoolSettings & Pick<Config, 'DATABASE_PLATFORM_URL' | 'DB_PLATFORM_POOL_MAX'>,
    logger: Logger,
    metrics?: ProcessMetrics,
  ) {
    this.pool = createPool({
      name: 'platform',
      url: config.DATABASE_PLATFORM_URL,
      max: config.DB_PLATFORM_POOL_MAX,
      config,
      logger,
      ...(metrics ? { metrics } : {}),
    });
    this.prisma = createClient(this.pool);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, txOptions(this.config));
  }

  /** Statements outside a transaction, each atomic on its own: reads and single-statement writes. */
  run<T>(fn: (db: Tx) => Promise<T>): Promise<T> {
    return fn(this.prisma);
  }

  /** A hand-written statement outside a transaction, with bind parameters. */
  query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values);
  }

  /** One connection of its own, for session-level work (the job relay's leadership lock); the caller releases it. */
  connect(): Promise<pg.PoolClient> {
    return this.pool.connect();
  }

  close(): Promise<void> {
    return (this.closing ??= this.prisma.$disconnect().then(() => this.pool.end()));
  }
}

/**
 * The schema owner (DATABASE_URL): tables, policies and roles. Only migrations and the
 * Tenant controller's wall and direct-access reconcilers use it, never a request.
 */
export class OwnerDb {
  readonly pool: pg.Pool;
  private closing?: Promise<void>;

  constructor(config: PoolSettings & { DATABASE_URL: string }, logger: Logger, metrics?: ProcessMetrics) {
    this.pool = createPool({ name: 'owner', url: config.DATABASE_URL, max: 2, config, logger, ...(metrics ? { metrics } : {}) });
  }

  /** Runs fn in one transaction on one connection; rolls back if it throws. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return (this.closing ??= this.pool.end());
  }
}

/** Unique-constraint violation (Prisma P2002, or SQLSTATE 23505 from raw SQL). */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) return err.code === 'P2002';
  return (err as { code?: string } | null)?.code === '23505';
}

/**
 * A query on a hot standby cancelled because WAL replay needed what it read
 * ("canceling statement due to conflict with recovery", SQLSTATE 40001; Prisma: P2034).
 * A read-only transaction on the replica cannot fail with 40001 for any other reason.
 */
function isRecoveryConflict(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; originalCode?: unknown; cause?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown } };
    if (x.code === '40001' || x.code === 'P2034' || x.originalCode === '40001') return true;
    if (typeof x.message === 'string' && /conflict with recovery/i.test(x.message)) return true;
    e = x.cause ?? x.meta?.driverAdapterError;
  }
  return false;
}

/**
 * A statement cancelled by statement_timeout (SQLSTATE 57014, "canceling statement due to
 * statement timeout"), from pg or through Prisma's driver adapter.
 */
export function isStatementTimeout(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; originalCode?: unknown; cause?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown } };
    if (x.code === '57014' || x.originalCode === '57014') return true;
    if (typeof x.message === 'string' && /canceling statement due to statement timeout/i.test(x.message)) return true;
    e = x.cause ?? x.meta?.driverAdapterError;
  }
  return false;
}

const UNAVAILABLE_SQLSTATES = new Set(['57014', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004', '25P03', '55P03']);
const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

/**
 * True when a database error means "the database is unavailable or overloaded"
 * (connection refused or lost, statement or lock timeout, pool exhausted): the
 * edge answers 503 + Retry-After rather than 500.
 */
export function isUnavailableError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; cause?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof x.code === 'string' && (UNAVAILABLE_SQLSTATES.has(x.code) || UNAVAILABLE_NODE.has(x.code))) return true;
    if (typeof x.code === 'string' && ['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028'].includes(x.code)) return true;
    if (
      typeof x.message === 'string' &&
      /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|Transaction already closed|Unable to start a transaction/i.test(
        x.message,
      )
    )
      return true;
    e = x.cause ?? x.meta?.driverAdapterError;
  }
  return false;
}
