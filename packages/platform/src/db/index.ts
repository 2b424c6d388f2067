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

/** The pool settings every service shares (the Tenant controller has no full Config). */
type PoolSettings = Pick<
  Config,
  'DB_POOL_IDLE_TIMEOUT_MS' | 'DB_POOL_MAX_LIFETIME_S' | 'DB_CONNECT_TIMEOUT_MS' | 'DB_STATEMENT_TIMEOUT_MS' | 'DB_IDLE_IN_TX_TIMEOUT_MS'
>;

interface PoolOptions {
  name: 'app' | 'platform' | 'owner';
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

export class AppDb {
  private readonly pool: pg.Pool;
  private readonly prisma: PrismaClient;
  private closing?: Promise<void>;

  constructor(
    private readonly config: PoolSettings & Pick<Config, 'DATABASE_APP_URL' | 'DB_POOL_MAX'>,
    logger: Logger,
    metrics?: ProcessMetrics,
  ) {
    this.pool = createPool({ name: 'app', url: config.DATABASE_APP_URL, max: config.DB_POOL_MAX, config, logger, ...(metrics ? { metrics } : {}) });
    this.prisma = createClient(this.pool);
  }

  /**
   * Runs fn in one transaction with `app.tenant_id` set transaction-locally
   * (set_config(..., true)), so the setting ends with the transaction and a pooled
   * connection never carries one tenant's context into another request.
   */
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
      return fn(tx);
    }, txOptions(this.config));
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
   * more than the query (docs/benchmarks.md). BEGIN and set_config travel in one
   * round trip; the query keeps its bind parameters. Same guarantees as withTenant:
   * the setting is transaction-local and RLS applies.
   */
  async read<T>(tenantId: string, query: Prisma.Sql): Promise<T[]> {
    if (!UUID.test(tenantId)) throw new Error('tenant id must be a UUID');
    const c = await this.pool.connect();
    let failed: Error | undefined;
    try {
      await c.query(`BEGIN READ ONLY; SELECT set_config('app.tenant_id', ${c.escapeLiteral(tenantId)}, true)`);
      const r = await c.query(query.text, query.values);
      await c.query('COMMIT');
      return r.rows as T[];
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

  close(): Promise<void> {
    return (this.closing ??= this.prisma.$disconnect().then(() => this.pool.end()));
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
