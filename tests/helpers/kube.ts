// Helpers for the Tenant controller's tests. What is real: etcd and kube-apiserver
// (scripts/control-plane.ts, one per test file so a test may restart it), the Tenant
// CRD and the controller's RBAC from controllers/tenant/config (the controller runs
// with its ServiceAccount's token, not as cluster admin), PostgreSQL and Redis.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createLogger, loadControllerConfig, type ControllerConfig } from '@sentinel/platform';
import { KubeClient, startController, tenantPath, type Controller, type Tenant } from '@sentinel/tenant-controller';
import { installTenantController, startControlPlane, type ControlPlane } from '../../scripts/control-plane.js';
import { waitFor } from './wait.js';

export interface TestCluster {
  cp: ControlPlane;
  admin: KubeClient;
  /** The controller's ServiceAccount kubeconfig (bound to its ClusterRole and Role). */
  controllerKubeconfig: string;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const cp = await startControlPlane();
  try {
    const controllerKubeconfig = await installTenantController(cp);
    return { cp, admin: KubeClient.fromFile(cp.kubeconfig), controllerKubeconfig, stop: () => cp.stop() };
  } catch (err) {
    await cp.stop();
    throw err;
  }
}

/** The controller's environment for tests: fast timers, its own queue prefix. */
export function controllerEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.DATABASE_URL!,
    DATABASE_PLATFORM_URL: process.env.DATABASE_PLATFORM_URL!,
    REDIS_URL: process.env.REDIS_URL!,
    QUEUE_PREFIX: '{ctl-test}',
    CONTROLLER_PORT: '0',
    CONTROLLER_RESYNC_MS: '2000',
    CONTROLLER_WALL_CHECK_MS: '500',
    CONTROLLER_LEASE_DURATION_MS: '3000',
    CONTROLLER_RENEW_DEADLINE_MS: '2000',
    CONTROLLER_RETRY_PERIOD_MS: '300',
    CONTROLLER_BACKOFF_BASE_MS: '100',
    CONTROLLER_BACKOFF_MAX_MS: '1000',
    CONTROLLER_WATCH_IDLE_MS: '5000',
    ...overrides,
  };
}

export function controllerConfig(overrides: Record<string, string> = {}): ControllerConfig {
  return loadControllerConfig(controllerEnv(overrides));
}

export function startTestController(cluster: TestCluster, overrides: Record<string, string> = {}, identity?: string): Controller {
  return startController({
    config: controllerConfig(overrides),
    kube: KubeClient.fromFile(cluster.controllerKubeconfig),
    logger: createLogger({ level: (process.env.TEST_CONTROLLER_LOG as 'info' | undefined) ?? 'silent', service: 'controller-test' }),
    ...(identity ? { identity } : {}),
  });
}

export const condition = (t: Tenant | undefined, type: string) => t?.status?.conditions?.find((c) => c.type === type);

export async function getTenant(kube: KubeClient, name: string): Promise<Tenant | undefined> {
  try {
    return await kube.get<Tenant>(tenantPath(name));
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw err;
  }
}

/** Resolves with the Tenant once Ready=True for its current generation. */
export function waitReady(kube: KubeClient, name: string, timeoutMs = 20_000): Promise<Tenant> {
  return waitFor(
    `Tenant ${name} Ready`,
    async () => {
      const t = await getTenant(kube, name);
      const ready = condition(t, 'Ready');
      return ready?.status === 'True' && t?.status?.observedGeneration === t?.metadata.generation ? t : undefined;
    },
    timeoutMs,
  );
}

export function tenantManifest(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'sentinel.io/v1beta1', kind: 'Tenant', metadata: { name }, spec });
}

/** `kubectl apply` of a Tenant as the cluster admin; throws with kubectl's stderr if refused. */
export async function applyTenant(cluster: TestCluster, name: string, spec: Record<string, unknown>) {
  const r = await cluster.cp.kubectl(['apply', '-f', '-'], { input: tenantManifest(name, spec) });
  if (r.code !== 0) throw new Error(r.stderr);
  return r;
}

/** The Events with this reason about a Tenant (the API server keeps events about cluster-scoped objects in `default`), by name. */
/** The Events with `reason` about the object `name` in `default` (the Tenants' namespace for Events). */
export async function eventsOf(cluster: TestCluster, name: string, reason: string): Promise<{ type: string; message?: string; note?: string }[]> {
  const r = await cluster.cp.kubectl(['get', 'events', '-n', 'default', '--field-selector', `involvedObject.name=${name},reason=${reason}`, '-o', 'json']);
  return (JSON.parse(r.stdout) as { items: { type: string; message?: string; note?: string }[] }).items;
}

export async function eventNames(cluster: TestCluster, name: string, reason: string): Promise<string> {
  const r = await cluster.cp.kubectl(['get', 'events', '-n', 'default', '--field-selector', `involvedObject.name=${name},reason=${reason}`, '-o', 'name']);
  return r.stdout.trim();
}

/**
 * A TCP relay in front of PostgreSQL: closing it is the database going away for the
 * controller (and only for it), while the real server keeps serving everyone else.
 */
export class DbRelay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => this.sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Refuses new connections and cuts the open ones. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = undefined;
  }

  /** A URL like `url` but through the relay. */
  via(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }
}
