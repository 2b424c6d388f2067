// Everything the load suite needs to know comes from the environment, so the same
// commands run against `npm run dev`, compose behind nginx or a cluster's ingress.
// docs/load.md lists the variables; `npm run load:smoke` sets them for the stack it starts.
import { createHmac } from 'node:crypto';

export interface LoadConfig {
  /** Where the API answers: the origin in front of /api/v1 and /openapi.json (the first of baseUrls). */
  baseUrl: string;
  /**
   * Every API the load is spread over, round robin per request (LOAD_BASE_URL may list several,
   * comma-separated: two API processes of one installation, or two replicas' addresses).
   */
  baseUrls: string[];
  /** A platform admin of the installation (signs in to the platform tenant). */
  adminEmail: string;
  adminPassword: string;
  /** Tenants `<prefix>-1` .. `<prefix>-<tenants>` (pro plan), and `<prefix>-noisy` (free plan). */
  prefix: string;
  tenants: number;
  /** Members per tenant, besides its tenant admin. */
  usersPerTenant: number;
  /** Seconds per phase of a scenario (smoke ignores it; soak's default is 1800). */
  durationS: number | undefined;
  /** Target arrival rate, iterations per second. */
  rate: number;
  /** Most iterations in flight at once; more arrivals are dropped and counted. */
  maxInFlight: number;
  /** Where invitation mail can be read to give new tenant admins a password: smtp://host:port (the suite listens) or file:<path> (a worker log). */
  invites: string | undefined;
  /** The JSON summary file. */
  out: string;
  /** Soak: process ids to sample RSS of (name=pid, comma-separated), and metrics URLs (name=url). */
  pids: Record<string, number>;
  metricsUrls: Record<string, string>;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}=${raw}: must be a number >= 0`);
  return n;
}

function pairs(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (raw ?? '').split(',').filter(Boolean)) {
    const i = part.indexOf('=');
    if (i < 1) throw new Error(`${part}: expected name=value`);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadConfig {
  const adminEmail = env.LOAD_ADMIN_EMAIL ?? '';
  const adminPassword = env.LOAD_ADMIN_PASSWORD ?? '';
  if (!adminEmail || !adminPassword)
    throw new Error('LOAD_ADMIN_EMAIL and LOAD_ADMIN_PASSWORD (a platform admin of the installation) are required: see docs/load.md');
  const duration = env.LOAD_DURATION_S;
  const baseUrls = (env.LOAD_BASE_URL || 'http://127.0.0.1:8000')
    .split(',')
    .map((u) => u.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  const paths = new Set(baseUrls.map((u) => new URL(u).pathname));
  if (paths.size > 1) throw new Error(`LOAD_BASE_URL=${env.LOAD_BASE_URL}: every URL must have the same path prefix`);
  return {
    baseUrl: baseUrls[0]!,
    baseUrls,
    adminEmail,
    adminPassword,
    prefix: env.LOAD_PREFIX ?? 'load',
    tenants: Math.max(2, int('LOAD_TENANTS', 3)),
    usersPerTenant: Math.max(1, int('LOAD_USERS_PER_TENANT', 5)),
    durationS: duration ? int('LOAD_DURATION_S', 0) : undefined,
    rate: int('LOAD_RATE', 20),
    maxInFlight: Math.max(1, int('LOAD_MAX_IN_FLIGHT', 64)),
    invites: env.LOAD_INVITES || undefined,
    out: env.LOAD_OUT ?? '.sentinel/load/summary.json',
    pids: Object.fromEntries(Object.entries(pairs(env.LOAD_PIDS)).map(([k, v]) => [k, Number(v)])),
    metricsUrls: pairs(env.LOAD_METRICS_URLS),
  };
}

/**
 * The password of a seeded account, derived from the platform admin's password and the
 * email: the seed and every scenario compute the same one, and nothing is stored.
 */
export function derivedPassword(config: Pick<LoadConfig, 'adminPassword'>, email: string): string {
  return `${createHmac('sha256', config.adminPassword).update(`sentinel-load:${email}`).digest('base64url').slice(0, 24)}-Ld7`;
}
