// The one place that reads process.env. Parsed once at boot from a zod schema:
// every problem is reported at once, unknown variables in Sentinel's namespaces are
// refused (a typo must not silently fall back to a default), the result is frozen.
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
const cron = z
  .string()
  .trim()
  .refine((s) => s === 'off' || [5, 6].includes(s.split(/\s+/).length), 'must be a cron expression (5 or 6 fields) or "off"');
/** A Redis Cluster to connect to: its seed nodes and what every node is reached with. */
export interface ClusterNodes {
  nodes: { host: string; port: number }[];
  tls: boolean;
  username?: string;
  password?: string;
}

/**
 * REDIS_CLUSTER_NODES: `host:port,host:port,...`, or the same as URLs when the cluster needs a
 * password or TLS (`rediss://:password@host:port`, or `redis://user:password@host:port` with
 * ACLs), as REDIS_URL takes them. Every URL entry must name the same scheme and credentials,
 * which then apply to every node (bare `host:port` entries too, and the nodes found through
 * them). A cluster has one database: a `/db` path is refused. Throws on anything else.
 */
export function parseClusterNodes(value: string): ClusterNodes {
  const entries = value
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('must list at least one node (host:port,host:port,...)');
  const nodes: ClusterNodes['nodes'] = [];
  let auth: { tls: boolean; username: string; password: string } | undefined;
  for (const entry of entries) {
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(entry);
    let url: URL;
    try {
      url = new URL(isUrl ? entry : `redis://${entry}`);
    } catch {
      throw new Error(`${isUrl ? 'a node URL' : JSON.stringify(entry)} is not host:port nor a redis:// or rediss:// URL`);
    }
    if (isUrl && url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('node URLs must be redis:// or rediss://');
    // Never echo an entry that holds credentials.
    if (!isUrl && (url.username || url.password)) throw new Error('credentials need the URL form: redis://user:password@host:port or rediss://...');
    if (!url.hostname || !url.port) throw new Error(`each node needs a host and a port (${isUrl ? 'a node URL' : JSON.stringify(entry)})`);
    if (url.pathname !== '' && url.pathname !== '/' && url.pathname !== '/0') throw new Error('a Redis Cluster has one database: no /db path');
    if (isUrl) {
      const these = { tls: url.protocol === 'rediss:', username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
      if (auth && (auth.tls !== these.tls || auth.username !== these.username || auth.password !== these.password))
        throw new Error('every node URL must use the same scheme (redis:// or rediss://) and the same credentials');
      auth = these;
    }
    nodes.push({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) });
  }
  return {
    nodes,
    tls: auth?.tls ?? false,
    ...(auth?.username ? { username: auth.username } : {}),
    ...(auth?.password ? { password: auth.password } : {}),
  };
}

const pgUrl = z.string().refine((s) => /^postgres(ql)?:\/\//.test(s), 'must be a postgres:// or postgresql:// URL');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  PORT: int(0, 65535).default(8000),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => {
      if (v === 'false') return false as const;
      if (v === 'true') return true as const;
      const n = Number(v);
      if (Number.isInteger(n) && n >= 0 && n <= 10) return n;
      ctx.addIssue({ code: 'custom', message: 'must be true, false or a number of proxy hops (0-10)' });
      return z.NEVER;
    }),
  BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024).default(100 * 1024),
  CORS_ORIGINS: csv.default(['http://localhost:3000']),
  SHUTDOWN_TIMEOUT_MS: int(0, 120_000).default(10_000),
  /**
   * API only: after SIGTERM, keep accepting and serving this long (readiness 503, every response
   * `Connection: close`) before the listener closes, so a load balancer or kube-proxy that still
   * routes here stops first and keep-alive clients move on. 0 (the default) closes at once; the
   * chart sets 5000.
   */
  SHUTDOWN_DRAIN_MS: int(0, 60_000).default(0),
  /** A client must send its request headers within this (slow-header attacks), and the whole request within the next. */
  HTTP_HEADERS_TIMEOUT_MS: int(1_000, 120_000).default(15_000),
  HTTP_REQUEST_TIMEOUT_MS: int(1_000, 600_000).default(60_000),
  READY_TIMEOUT_MS: int(50, 30_000).default(1_000),

  // PostgreSQL. DATABASE_URL is the migration/owner role: db:migrate and the Tenant
  // controller only; the services refuse it (see serviceSchemas below).
  DATABASE_URL: pgUrl.optional(),
  DATABASE_APP_URL: pgUrl,
  DATABASE_PLATFORM_URL: pgUrl,
  DB_POOL_MAX: int(1, 500).default(10),
  /**
   * API only, optional: the app role (same user as DATABASE_APP_URL) on a streaming replica.
   * List reads that tolerate a moment's staleness go there (docs/scaling.md); the rest, and
   * everything while the replica is down or lagging, go to the primary.
   */
  DATABASE_READ_URL: pgUrl.optional(),
  /** The replica serves reads only while its lag is at most this. */
  DB_READ_MAX_LAG_MS: int(0, 3_600_000).default(1_000),
  /** How often the replica's reachability and lag are probed. */
  DB_READ_CHECK_INTERVAL_MS: int(100, 600_000).default(1_000),
  DB_PLATFORM_POOL_MAX: int(1, 100).default(4),
  DB_POOL_IDLE_TIMEOUT_MS: int(0, 3_600_000).default(10_000),
  DB_POOL_MAX_LIFETIME_S: int(0, 86_400).default(1_800),
  DB_CONNECT_TIMEOUT_MS: int(100, 60_000).default(5_000),
  DB_STATEMENT_TIMEOUT_MS: int(100, 600_000).default(5_000),
  DB_IDLE_IN_TX_TIMEOUT_MS: int(100, 600_000).default(10_000),

  // Redis: cache, quotas, login throttling and BullMQ. One Redis (REDIS_URL) or a Redis
  // Cluster (REDIS_CLUSTER_NODES), exactly one of the two (redisProblems below).
  REDIS_URL: z
    .string()
    .refine((s) => /^rediss?:\/\//.test(s), 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Seed nodes of a Redis Cluster, comma-separated: `host:port` or `redis[s]://[user:password@]host:port` (see parseClusterNodes). */
  REDIS_CLUSTER_NODES: z
    .string()
    .superRefine((s, ctx) => {
      try {
        parseClusterNodes(s);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    })
    .optional(),
  CACHE_TTL_S: int(1, 86_400).default(60),

  // Auth.
  JWT_SECRET: z.string().min(1, 'is required'),
  // The pepper of API key hashes (HMAC-SHA-256). Required in production; elsewhere,
  // unset, it is derived from JWT_SECRET. Changing it invalidates every API key.
  API_KEY_PEPPER: z.string().min(1).optional(),
  // The key of TOTP secrets at rest (AES-256-GCM; any 32+ random characters, hashed to the
  // key). Required for MFA in production; elsewhere, unset, it is derived from JWT_SECRET.
  // Changing it makes every enrolled authenticator unreadable (users must be reset).
  MFA_ENCRYPTION_KEY: z.string().min(1).optional(),
  // The key of webhook signing secrets at rest (AES-256-GCM, as MFA_ENCRYPTION_KEY). Required
  // for webhooks in production; elsewhere, unset, it is derived from JWT_SECRET. Changing it
  // makes every endpoint's secret unreadable (rotate each endpoint's secret).
  WEBHOOK_ENCRYPTION_KEY: z.string().min(1).optional(),
  // The key of tenants' OpenID Connect client secrets at rest (AES-256-GCM, as
  // MFA_ENCRYPTION_KEY). Required for single sign-on in production; elsewhere, unset, it is
  // derived from JWT_SECRET. Changing it makes every stored client secret unreadable (admins
  // enter theirs again).
  SSO_ENCRYPTION_KEY: z.string().min(1).optional(),
  /**
   * Where an identity provider may send people back after an SSO sign-in (exact URLs,
   * comma-separated). Empty: only PUBLIC_URL + /session/sso/callback (the console's route).
   */
  SSO_REDIRECT_URIS: csv.default([]),
  /** How long an SSO sign-in may take at the identity provider (its state, nonce and PKCE verifier live this long). */
  SSO_STATE_TTL_S: int(60, 3_600).default(600),
  /** Timeout of each request to an identity provider (discovery, JWKS, token). */
  SSO_HTTP_TIMEOUT_MS: int(500, 60_000).default(5_000),
  /** After a rotation, how long the previous signing secret still signs (receivers switch over). */
  WEBHOOK_SECRET_OVERLAP_S: int(0, 7 * 86_400).default(86_400),
  /** How long a sign-in waits for its second factor (the challenge's lifetime). */
  MFA_CHALLENGE_TTL_S: int(30, 3_600).default(300),
  /** Codes tried against one challenge before it is spent (sign in again for a new one). */
  MFA_MAX_ATTEMPTS_PER_CHALLENGE: int(1, 100).default(5),
  /** Wrong codes per user (all challenges, step-up, disabling) within MFA_USER_WINDOW_S. */
  MFA_MAX_FAILURES_PER_USER: int(1, 10_000).default(10),
  MFA_USER_WINDOW_S: int(1, 86_400).default(900),
  /** Step-up: a second factor proven at sign-in counts as fresh for this long. */
  MFA_STEP_UP_MAX_AGE_S: int(30, 86_400).default(300),
  /** The issuer authenticator apps show beside the account (the otpauth:// label). */
  MFA_ISSUER: z.string().min(1).max(64).default('Sentinel'),
  JWT_ISSUER: z.string().min(1).default('sentinel'),
  JWT_AUDIENCE: z.string().min(1).default('sentinel-api'),
  JWT_ACCESS_TTL_S: int(60, 86_400).default(900),
  JWT_REFRESH_TTL_S: int(300, 90 * 86_400).default(30 * 86_400),
  BCRYPT_COST: int(4, 15).default(12),
  // Login throttling (no hard lock-out): see AuthService.login and docs/operations.md.
  LOGIN_MAX_ATTEMPTS_PER_IP: int(1, 100_000).default(30),
  LOGIN_IP_WINDOW_S: int(1, 86_400).default(60),
  LOGIN_MAX_FAILURES_PER_CLIENT: int(1, 100_000).default(5),
  LOGIN_CLIENT_WINDOW_S: int(1, 86_400).default(900),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: int(1, 1_000_000).default(100),
  LOGIN_ACCOUNT_WINDOW_S: int(1, 86_400).default(3_600),
  LOGIN_KNOWN_CLIENT_TTL_S: int(60, 365 * 86_400).default(30 * 86_400),

  // Per-tenant request quotas by plan: requests per RATE_LIMIT_WINDOW_S.
  RATE_LIMIT_WINDOW_S: int(1, 3_600).default(60),
  RATE_LIMIT_FREE: int(1, 10_000_000).default(600),
  RATE_LIMIT_PRO: int(1, 10_000_000).default(6_000),
  RATE_LIMIT_ENTERPRISE: int(1, 10_000_000).default(60_000),

  // Invitations and mail (worker). Without SMTP_URL outside production, mail is
  // written to the worker's log instead of sent (a stand-in for an outside server).
  INVITATION_SECRET: z.string().min(1, 'is required'),
  INVITATION_TTL_S: int(300, 30 * 86_400).default(7 * 86_400),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  SMTP_URL: z
    .string()
    .refine((s) => /^smtps?:\/\//.test(s), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Sentinel <no-reply@localhost>'),

  // Background jobs (BullMQ). The prefix is a Redis hash tag so one queue's keys
  // share a Redis Cluster slot; never use ioredis keyPrefix with BullMQ.
  QUEUE_PREFIX: z
    .string()
    .regex(/^\{[a-z0-9-]{1,40}\}$/, 'must be a hash tag like {sentinel}')
    .default('{sentinel}'),
  WORKER_CONCURRENCY: int(1, 1_000).default(10),
  /** Queues this worker consumes (comma-separated); empty: all of them. */
  WORKER_QUEUES: csv.default([]),
  WORKER_PORT: int(0, 65535).default(9101),
  // Webhook deliveries (the worker) and endpoint URLs (the API, which refuses URLs naming such
  // an IP address). Hosts or IP addresses deliveries may reach although the SSRF rules refuse
  // them (loopback, private, link-local...): for tests and laptops only.
  WEBHOOK_ALLOW_HOSTS: csv.default([]),
  /** How long one delivery attempt waits for the receiver's answer. */
  WEBHOOK_TIMEOUT_MS: int(500, 60_000).default(10_000),
  /** An endpoint whose deliveries have all failed for this long is disabled (its admins see why). */
  WEBHOOK_DISABLE_AFTER_S: int(60, 30 * 86_400).default(5 * 86_400),
  IMPORT_MAX_BYTES: int(1_024, 100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Uploads one API process receives at once (each streams to a temporary file); more answer 429. */
  UPLOADS_MAX_CONCURRENT: int(1, 1_000).default(8),
  /** Job event streams (GET /api/v1/jobs/{id}/events) one tenant may hold open on one API process; more answer 429. */
  JOB_STREAMS_PER_TENANT: int(1, 1_000).default(20),
  EXPORT_CHUNK_BYTES: int(1_024, 16 * 1024 * 1024).default(1024 * 1024),
  EXPORT_RETENTION_DAYS: int(1, 365).default(7),
  /** How long a full tenant export (docs/data-export.md) stays downloadable, from when it was asked for. */
  TENANT_EXPORT_TTL_HOURS: int(1, 720).default(24),
  // A job whose worker died (SIGKILL, OOM) is handed to another worker once its lock
  // (renewed every lockDuration/2 while alive) expires and a stalled check runs.
  WORKER_LOCK_DURATION_MS: int(1_000, 600_000).default(30_000),
  WORKER_STALLED_INTERVAL_MS: int(500, 600_000).default(30_000),

  // Scheduler: cron expressions (UTC; 5 fields, or 6 with seconds), or "off".
  SCHEDULE_PURGE_EXPIRED: cron.default('0 * * * *'),
  SCHEDULE_AUDIT_RETENTION: cron.default('30 3 * * *'),
  SCHEDULE_USAGE_ROLLUP: cron.default('15 0 * * *'),
  SCHEDULER_PORT: int(0, 65535).default(9102),

  // Who manages tenants. "api": platform admins create them through the REST API (laptop,
  // docker-compose). "kubernetes": Tenant resources are the source of truth and the
  // Tenant controller provisions them; the API's tenant writes answer 409 with a pointer to kubectl.
  TENANT_SOURCE: z.enum(['api', 'kubernetes']).default('api'),

  // OpenTelemetry: standard variables, read here only to decide whether tracing is on.
  OTEL_SDK_DISABLED: bool.default(false),
  OTEL_SERVICE_NAME: z.string().optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
});

type Shape = typeof schema.shape;
const keys = <K extends keyof Shape>(...k: K[]) => Object.fromEntries(k.map((x) => [x, true])) as { [P in K]: true };
const RUNTIME = keys(
  'NODE_ENV',
  'LOG_LEVEL',
  'HOST',
  'SHUTDOWN_TIMEOUT_MS',
  'OTEL_SDK_DISABLED',
  'OTEL_SERVICE_NAME',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
);
const POOL = keys('DB_POOL_IDLE_TIMEOUT_MS', 'DB_POOL_MAX_LIFETIME_S', 'DB_CONNECT_TIMEOUT_MS', 'DB_STATEMENT_TIMEOUT_MS', 'DB_IDLE_IN_TX_TIMEOUT_MS');

// Least privilege, per service: each schema holds only what that service reads, and a
// credential (below) that a service does not use is refused, not carried along.
// The API: everything but the schema owner's URL.
const apiSchema = schema.omit({ DATABASE_URL: true });
// The worker: both pools, mail and the invitation secret (it builds invitation links);
// no JWT secret, no owner URL.
const workerSchema = schema.pick({
  ...RUNTIME,
  ...POOL,
  ...keys('DATABASE_APP_URL', 'DATABASE_PLATFORM_URL', 'DB_POOL_MAX', 'DB_PLATFORM_POOL_MAX', 'REDIS_URL', 'REDIS_CLUSTER_NODES', 'QUEUE_PREFIX'),
  ...keys('INVITATION_SECRET', 'INVITATION_TTL_S', 'PUBLIC_URL', 'SMTP_URL', 'MAIL_FROM'),
  ...keys('WORKER_CONCURRENCY', 'WORKER_QUEUES', 'WORKER_PORT', 'WORKER_LOCK_DURATION_MS', 'WORKER_STALLED_INTERVAL_MS'),
  ...keys('IMPORT_MAX_BYTES', 'EXPORT_CHUNK_BYTES', 'EXPORT_RETENTION_DAYS'),
  ...keys('WEBHOOK_ENCRYPTION_KEY', 'WEBHOOK_ALLOW_HOSTS', 'WEBHOOK_TIMEOUT_MS', 'WEBHOOK_DISABLE_AFTER_S'),
});
// The scheduler: Redis, the cron table, and the platform pool for the job relay.
const schedulerSchema = schema
  .pick({
    ...RUNTIME,
    ...POOL,
    ...keys('DATABASE_PLATFORM_URL', 'DB_PLATFORM_POOL_MAX', 'REDIS_URL', 'REDIS_CLUSTER_NODES', 'QUEUE_PREFIX'),
    ...keys('SCHEDULE_PURGE_EXPIRED', 'SCHEDULE_AUDIT_RETENTION', 'SCHEDULE_USAGE_ROLLUP', 'SCHEDULER_PORT'),
  })
  .extend({
    /** How often the job relay looks for recorded jobs BullMQ lacks; 0 turns it off. */
    JOB_RELAY_INTERVAL_S: int(0, 3_600).default(10),
    /** Only rows untouched this long: younger ones may still be on their way to Redis. */
    JOB_RELAY_MIN_AGE_S: int(1, 86_400).default(15),
    /** Rows read and checked per round trip. */
    JOB_RELAY_BATCH: int(1, 10_000).default(500),
  });

/** Credentials: a service refuses any of these it does not use. */
const CREDENTIALS = [
  'DATABASE_URL',
  'DATABASE_APP_URL',
  'DATABASE_READ_URL',
  'DATABASE_PLATFORM_URL',
  'JWT_SECRET',
  'INVITATION_SECRET',
  'SMTP_URL',
  'API_KEY_PEPPER',
  'MFA_ENCRYPTION_KEY',
  'WEBHOOK_ENCRYPTION_KEY',
  'SSO_ENCRYPTION_KEY',
] as const;

type Tracing = { readonly tracingEnabled: boolean };
export type Config = Readonly<z.output<typeof apiSchema>> & Tracing;
export type WorkerConfig = Readonly<z.output<typeof workerSchema>> & Tracing;
export type SchedulerConfig = Readonly<z.output<typeof schedulerSchema>> & Tracing;

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a DNS label (lowercase letters, digits, -)');

// The Tenant controller's own schema: the shared database, Redis and telemetry keys, the
// schema owner's URL (it reconciles policies and roles), and its runtime settings. It
// never sees JWT or invitation secrets nor the app role's URL: least privilege.
const controllerSchema = schema
  .pick({
    NODE_ENV: true,
    LOG_LEVEL: true,
    HOST: true,
    SHUTDOWN_TIMEOUT_MS: true,
    DATABASE_PLATFORM_URL: true,
    DB_PLATFORM_POOL_MAX: true,
    DB_POOL_IDLE_TIMEOUT_MS: true,
    DB_POOL_MAX_LIFETIME_S: true,
    DB_CONNECT_TIMEOUT_MS: true,
    DB_STATEMENT_TIMEOUT_MS: true,
    DB_IDLE_IN_TX_TIMEOUT_MS: true,
    REDIS_URL: true,
    REDIS_CLUSTER_NODES: true,
    CACHE_TTL_S: true,
    QUEUE_PREFIX: true,
    OTEL_SDK_DISABLED: true,
    OTEL_SERVICE_NAME: true,
    OTEL_EXPORTER_OTLP_ENDPOINT: true,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: true,
  })
  .extend({
    DATABASE_URL: pgUrl,
    CONTROLLER_NAMESPACE: dnsLabel.default('sentinel-system'),
    CONTROLLER_PORT: int(0, 65535).default(9103),
    CONTROLLER_CONCURRENCY: int(1, 64).default(4),
    /** Every Tenant is reconciled again this often even without a change (level-based safety net). */
    CONTROLLER_RESYNC_MS: int(200, 86_400_000).default(300_000),
    /** The RLS wall (policies on every tenant-owned table) is checked and repaired this often. */
    CONTROLLER_WALL_CHECK_MS: int(200, 86_400_000).default(60_000),
    /** The wall roles' attributes and memberships (no event trigger reports ALTER ROLE) are looked at this often; a drift starts a full check. */
    CONTROLLER_ROLE_CHECK_MS: int(200, 86_400_000).default(5_000),
    CONTROLLER_LEADER_ELECTION: bool.default(true),
    CONTROLLER_LEASE_NAME: dnsLabel.default('sentinel-tenant-controller'),
    CONTROLLER_LEASE_DURATION_MS: int(1_000, 600_000).default(15_000),
    CONTROLLER_RENEW_DEADLINE_MS: int(500, 600_000).default(10_000),
    CONTROLLER_RETRY_PERIOD_MS: int(100, 60_000).default(2_000),
    CONTROLLER_BACKOFF_BASE_MS: int(10, 60_000).default(500),
    CONTROLLER_BACKOFF_MAX_MS: int(100, 3_600_000).default(300_000),
    /**
     * Overall reconcile rate limit (token bucket). A reconcile makes at most a few API writes and
     * the API server has its own priority and fairness; this only bounds a resync of a large
     * fleet. At 50/s it capped a burst of applied Tenants below what the API server and the
     * database could take (docs/benchmarks.md).
     */
    CONTROLLER_QPS: int(1, 10_000).default(200),
    CONTROLLER_BURST: int(1, 100_000).default(1_000),
    /** A watch that delivers nothing (not even a bookmark) for this long is restarted from its last resourceVersion. */
    CONTROLLER_WATCH_IDLE_MS: int(500, 600_000).default(30_000),
    /** Where tenants reach PostgreSQL with direct access (written to their Secret); defaults to DATABASE_PLATFORM_URL's host, port and database. */
    DIRECT_ACCESS_HOST: z.string().min(1).optional(),
    DIRECT_ACCESS_PORT: int(1, 65535).optional(),
    DIRECT_ACCESS_DATABASE: z.string().min(1).optional(),
    /** libpq sslmode written to the Secret (field and URI); unset: none written (the client's default). */
    DIRECT_ACCESS_SSLMODE: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']).optional(),
    /** PEM file of the CA that signed the server's certificate, copied to the Secret as ca.crt (read at each reconcile, so a renewed CA follows). */
    DIRECT_ACCESS_CA_FILE: z.string().min(1).optional(),
    /** Concurrent sessions per direct-access role. */
    DIRECT_ACCESS_CONNECTION_LIMIT: int(1, 1_000).default(5),
    /** statement_timeout of the direct roles, and the bound the watchdog enforces (a role can SET its own). */
    DIRECT_ACCESS_STATEMENT_TIMEOUT_MS: int(100, 86_400_000).default(30_000),
    /** idle_session_timeout (and idle_in_transaction_session_timeout) of the direct roles, enforced by the watchdog too. */
    DIRECT_ACCESS_IDLE_SESSION_TIMEOUT_MS: int(1_000, 86_400_000).default(600_000),
    /** How often the leader looks for direct-access sessions past their bounds. */
    DIRECT_ACCESS_WATCHDOG_MS: int(100, 600_000).default(5_000),
  });

export type ControllerConfig = Readonly<z.output<typeof controllerSchema>> & { readonly tracingEnabled: boolean };

/** Prefixes Sentinel owns: an unknown variable under one of them is a typo. */
const OWNED_PREFIXES = [
  'SENTINEL_',
  'DATABASE_',
  'DB_',
  'REDIS_',
  'JWT_',
  'BCRYPT_',
  'LOGIN_',
  'RATE_LIMIT_',
  'CACHE_',
  'INVITATION_',
  'SMTP_',
  'MAIL_',
  'QUEUE_',
  'WORKER_',
  'CONTROLLER_',
  'DIRECT_ACCESS_',
  'TENANT_SOURCE',
  'JOB_RELAY_',
  'MFA_',
];
const serviceSchemas = { api: apiSchema, worker: workerSchema, scheduler: schedulerSchema, controller: controllerSchema };
export type ServiceName = keyof typeof serviceSchemas;
/** Read by the web console's server (web/src/server/config.ts), never by a service: known, so one
 * .env serves both, and never handed to a service (serviceEnv). */
const WEB_ONLY = ['SENTINEL_API_URL'];
const KNOWN = new Set([...Object.values({ schema, ...serviceSchemas }).flatMap((s) => Object.keys(s.shape)), ...WEB_ONLY]);

/**
 * The environment to hand one service's process: `env` without the variables Sentinel
 * knows that this service does not read (another service's secrets above all). Other
 * variables (PATH, HOME, typos in Sentinel's namespaces) pass through unchanged.
 */
export function serviceEnv(service: ServiceName, env: NodeJS.ProcessEnv): Record<string, string> {
  const own = serviceSchemas[service].shape;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && (!KNOWN.has(k) || k in own)) out[k] = v;
  return out;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const WEAK_SECRET = /change|secret|example|default|password|sentinel|^(.)\1+$/i;
const WEAK_DB_PASSWORDS = new Set(['', 'postgres', 'password', 'sentinel', 'sentinel_password', 'changeme', 'app', 'platform']);

/** Production rules for whichever of these keys a service holds. */
function productionProblems(c: Partial<z.output<typeof schema>>): string[] {
  const out: string[] = [];
  if (c.JWT_SECRET !== undefined) {
    if (c.JWT_SECRET.length < 32) out.push('JWT_SECRET: must be at least 32 characters in production');
    else if (WEAK_SECRET.test(c.JWT_SECRET)) out.push('JWT_SECRET: looks like a placeholder; generate one (openssl rand -hex 32)');
  }
  if (c.API_KEY_PEPPER !== undefined) {
    if (c.API_KEY_PEPPER.length < 32 || WEAK_SECRET.test(c.API_KEY_PEPPER)) out.push('API_KEY_PEPPER: needs 32+ random characters in production');
    if (c.API_KEY_PEPPER === c.JWT_SECRET) out.push('API_KEY_PEPPER: must differ from JWT_SECRET');
  }
  if (c.MFA_ENCRYPTION_KEY !== undefined) {
    if (c.MFA_ENCRYPTION_KEY.length < 32 || WEAK_SECRET.test(c.MFA_ENCRYPTION_KEY)) out.push('MFA_ENCRYPTION_KEY: needs 32+ random characters in production');
    if (c.MFA_ENCRYPTION_KEY === c.JWT_SECRET || c.MFA_ENCRYPTION_KEY === c.API_KEY_PEPPER)
      out.push('MFA_ENCRYPTION_KEY: must differ from JWT_SECRET and API_KEY_PEPPER');
  }
  if (c.WEBHOOK_ENCRYPTION_KEY !== undefined) {
    if (c.WEBHOOK_ENCRYPTION_KEY.length < 32 || WEAK_SECRET.test(c.WEBHOOK_ENCRYPTION_KEY))
      out.push('WEBHOOK_ENCRYPTION_KEY: needs 32+ random characters in production');
    if ([c.JWT_SECRET, c.API_KEY_PEPPER, c.MFA_ENCRYPTION_KEY].includes(c.WEBHOOK_ENCRYPTION_KEY))
      out.push('WEBHOOK_ENCRYPTION_KEY: must differ from JWT_SECRET, API_KEY_PEPPER and MFA_ENCRYPTION_KEY');
  }
  if (c.SSO_ENCRYPTION_KEY !== undefined) {
    if (c.SSO_ENCRYPTION_KEY.length < 32 || WEAK_SECRET.test(c.SSO_ENCRYPTION_KEY)) out.push('SSO_ENCRYPTION_KEY: needs 32+ random characters in production');
    if ([c.JWT_SECRET, c.API_KEY_PEPPER, c.MFA_ENCRYPTION_KEY, c.WEBHOOK_ENCRYPTION_KEY].includes(c.SSO_ENCRYPTION_KEY))
      out.push('SSO_ENCRYPTION_KEY: must differ from JWT_SECRET, API_KEY_PEPPER, MFA_ENCRYPTION_KEY and WEBHOOK_ENCRYPTION_KEY');
  }
  if (c.CORS_ORIGINS?.some((o) => o === '*' || o.includes('*'))) out.push('CORS_ORIGINS: wildcard origins are refused in production');
  if (c.BCRYPT_COST !== undefined && c.BCRYPT_COST < 12) out.push('BCRYPT_COST: must be 12 or more in production');
  if (c.INVITATION_SECRET !== undefined) {
    if (c.INVITATION_SECRET.length < 32 || WEAK_SECRET.test(c.INVITATION_SECRET)) out.push('INVITATION_SECRET: needs 32+ random characters in production');
    if (c.INVITATION_SECRET === c.JWT_SECRET) out.push('INVITATION_SECRET: must differ from JWT_SECRET');
  }
  const urls: Record<string, string> = {};
  if (c.DATABASE_APP_URL !== undefined) urls.DATABASE_APP_URL = c.DATABASE_APP_URL;
  if (c.DATABASE_PLATFORM_URL !== undefined) urls.DATABASE_PLATFORM_URL = c.DATABASE_PLATFORM_URL;
  if (c.DATABASE_READ_URL !== undefined) urls.DATABASE_READ_URL = c.DATABASE_READ_URL;
  out.push(...weakDatabasePasswords(urls));
  return out;
}

function weakDatabasePasswords(urls: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [key, url] of Object.entries(urls)) {
    let password = '';
    try {
      password = decodeURIComponent(new URL(url).password);
    } catch {
      /* shape already validated */
    }
    if (WEAK_DB_PASSWORDS.has(password) || password.length < 12) out.push(`${key}: needs a generated password of 12 or more characters in production`);
  }
  return out;
}

/** One Redis or one Redis Cluster: exactly one of REDIS_URL and REDIS_CLUSTER_NODES (for schemas that hold them). */
function redisProblems(shape: object, input: Record<string, string>): string[] {
  if (!('REDIS_URL' in shape)) return [];
  const single = input.REDIS_URL !== undefined;
  const cluster = input.REDIS_CLUSTER_NODES !== undefined;
  if (single && cluster) return ['REDIS_CLUSTER_NODES: set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both'];
  if (!single && !cluster) return ['REDIS_URL: is required (or REDIS_CLUSTER_NODES, for a Redis Cluster)'];
  return [];
}

function unknownVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((key) => !KNOWN.has(key) && OWNED_PREFIXES.some((p) => key.startsWith(p)))
    .map((key) => `${key}: unknown variable (check the spelling; see .env.example)`);
}

function present(env: NodeJS.ProcessEnv, keys: Iterable<string>): Record<string, string> {
  const input: Record<string, string> = {};
  for (const key of keys) {
    const v = env[key];
    if (v !== undefined && v !== '') input[key] = v;
  }
  return input;
}

/** One line per schema issue, naming the variable; a missing one says so. */
function issueProblems(issues: readonly z.core.$ZodIssue[], input: Record<string, string>): string[] {
  return issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    return `${key}: ${issue.code === 'invalid_type' && input[key] === undefined ? 'is required' : issue.message}`;
  });
}

const tracingOn = (c: {
  OTEL_SDK_DISABLED: boolean;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string | undefined;
}) => !c.OTEL_SDK_DISABLED && Boolean(c.OTEL_EXPORTER_OTLP_ENDPOINT ?? c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

/** The Tenant controller's configuration; throws ConfigError listing every problem. */
export function loadControllerConfig(env: NodeJS.ProcessEnv = process.env): ControllerConfig {
  const problems = unknownVariables(env);
  const input = present(env, Object.keys(controllerSchema.shape));
  const parsed = controllerSchema.safeParse(input);
  problems.push(...redisProblems(controllerSchema.shape, input));
  if (!parsed.success) {
    problems.push(...issueProblems(parsed.error.issues, input));
  } else {
    const c = parsed.data;
    if (c.CONTROLLER_RENEW_DEADLINE_MS >= c.CONTROLLER_LEASE_DURATION_MS)
      problems.push('CONTROLLER_RENEW_DEADLINE_MS: must be shorter than CONTROLLER_LEASE_DURATION_MS');
    if (c.CONTROLLER_RETRY_PERIOD_MS >= c.CONTROLLER_RENEW_DEADLINE_MS)
      problems.push('CONTROLLER_RETRY_PERIOD_MS: must be shorter than CONTROLLER_RENEW_DEADLINE_MS');
    if ((c.DIRECT_ACCESS_SSLMODE === 'verify-ca' || c.DIRECT_ACCESS_SSLMODE === 'verify-full') && !c.DIRECT_ACCESS_CA_FILE)
      problems.push(`DIRECT_ACCESS_CA_FILE: is required with DIRECT_ACCESS_SSLMODE=${c.DIRECT_ACCESS_SSLMODE} (clients need the CA to verify the server)`);
    if (c.NODE_ENV === 'production') problems.push(...weakDatabasePasswords({ DATABASE_URL: c.DATABASE_URL, DATABASE_PLATFORM_URL: c.DATABASE_PLATFORM_URL }));
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const c = parsed.data;
  const tracingEnabled = tracingOn(c);
  return Object.freeze({ ...c, tracingEnabled });
}

export interface LoadOptions {
  /** Variables this service cannot run without in production (e.g. the worker's SMTP_URL). */
  requiredInProduction?: readonly (keyof typeof schema.shape)[];
}

/** Parses one service's schema; refuses the credentials it does not use. */
function loadService<S extends z.ZodObject>(
  service: Exclude<ServiceName, 'controller'>,
  env: NodeJS.ProcessEnv,
  opts: LoadOptions,
): Readonly<z.output<S>> & Tracing {
  const s = serviceSchemas[service] as unknown as S;
  const problems = unknownVariables(env);
  for (const key of CREDENTIALS)
    if (!(key in s.shape) && env[key] !== undefined && env[key] !== '')
      problems.push(`${key}: refused: sentinel-${service} does not use it, and a service holds only the credentials it needs (see .env.example)`);
  const input = present(env, Object.keys(s.shape));
  const parsed = s.safeParse(input);
  problems.push(...redisProblems(s.shape, input));
  if (!parsed.success) {
    problems.push(...issueProblems(parsed.error.issues, input));
  } else {
    const c = parsed.data as Partial<z.output<typeof schema>>;
    if (c.NODE_ENV === 'production') {
      problems.push(...productionProblems(c));
      for (const key of opts.requiredInProduction ?? []) if (c[key] === undefined) problems.push(`${key}: is required in production`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const c = parsed.data as z.output<S> & Parameters<typeof tracingOn>[0] & { CORS_ORIGINS?: string[] };
  return Object.freeze({
    ...c,
    ...(c.CORS_ORIGINS ? { CORS_ORIGINS: Object.freeze([...c.CORS_ORIGINS]) as string[] } : {}),
    tracingEnabled: tracingOn(c),
  });
}

/** The API's configuration. Throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: LoadOptions = {}): Config {
  return loadService<typeof apiSchema>('api', env, opts);
}
export const loadApiConfig = loadConfig;

/** The worker's configuration: no JWT secret, no owner URL; SMTP_URL required in production. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return loadService<typeof workerSchema>('worker', env, { requiredInProduction: ['SMTP_URL'] });
}

/** The scheduler's configuration: Redis, the cron table, the platform pool for the job relay. */
export function loadSchedulerConfig(env: NodeJS.ProcessEnv = process.env): SchedulerConfig {
  return loadService<typeof schedulerSchema>('scheduler', env, {});
}

/**
 * For entry points: the configuration, or a list of every problem on stderr and exit
 * code 78 (EX_CONFIG). A service never starts half-configured.
 */
export function loadConfigOrExit(service: string, opts: LoadOptions = {}): Config {
  return configOrExit(service, () => loadConfig(process.env, opts));
}

export function configOrExit<T>(service: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${service}: refusing to start.\n${err.message}\n`);
    process.exit(78);
  }
}

/**
 * For tools that need only part of the configuration (db:migrate, admin:create):
 * the same parsing and rules, restricted to `keys`.
 */
export function loadPartialConfig<K extends keyof Shape>(keys: readonly K[], env: NodeJS.ProcessEnv = process.env): Readonly<Pick<z.output<typeof schema>, K>> {
  const sub = schema.pick(Object.fromEntries(keys.map((k) => [k, true])) as never) as unknown as z.ZodType<Pick<z.output<typeof schema>, K>>;
  const input = present(env, keys as readonly string[]);
  const parsed = sub.safeParse(input);
  if (!parsed.success) throw new ConfigError(issueProblems(parsed.error.issues, input));
  return Object.freeze(parsed.data);
}
