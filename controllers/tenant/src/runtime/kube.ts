// A small REST client for the few calls the controller makes. Authentication comes
// from @kubernetes/client-node's KubeConfig (kubeconfig files, in-cluster service
// account tokens that rotate, client certificates); requests go through undici with
// the dispatcher client-node prepares. Owning the request lets the controller use
// Server-Side Apply on subresources and hold watches the way it needs to.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { HttpMethod, KubeConfig, RequestContext } from '@kubernetes/client-node';
import { fetch, type Dispatcher } from 'undici';

export class KubeError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'KubeError';
  }
}

export const isNotFound = (err: unknown) => err instanceof KubeError && err.status === 404;
export const isConflict = (err: unknown) => err instanceof KubeError && err.status === 409;
export const isGone = (err: unknown) => err instanceof KubeError && err.status === 410;

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Default 30 s; a request (and reading its answer) that takes longer is aborted. */
  timeoutMs?: number;
}

/** How long one dispatcher (and its connections) serves before TLS material is picked up afresh. */
const DISPATCHER_REUSE_MS = 5 * 60_000;

const APPLY_PATCH = 'application/apply-patch+yaml';
const MERGE_PATCH = 'application/merge-patch+json';

export class KubeClient {
  readonly server: string;
  /**
   * The dispatcher requests go through, shared by every copy of this client (guarded()).
   * client-node builds a new undici Agent for every request, so each request used to open
   * its own TLS connection (a handshake on both sides, the API server's included) and leave
   * it idle behind it: most of the controller's CPU and much of its memory under a burst.
   */
  private readonly agents: { current?: { key: string; since: number; dispatcher: Dispatcher } };

  /**
   * @param writeGuard called before every request that is not a GET: throwing refuses it
   *   (the leader's fence: see guarded()).
   */
  constructor(
    readonly kc: KubeConfig,
    private readonly writeGuard?: () => void,
    agents?: KubeClient['agents'],
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/$/, '');
    this.agents = agents ?? {};
  }

  /** The same client, refusing writes when `guard` throws (reads and watches are not guarded). */
  guarded(guard: () => void): KubeClient {
    return new KubeClient(this.kc, guard, this.agents);
  }

  /**
   * The shared dispatcher in place of the one client-node just built, while the cluster and
   * user it was built for are the same and for at most DISPATCHER_REUSE_MS, so that rotated
   * certificate files are read again. Credentials an exec plugin or auth provider supplies
   * may be client certificates that change at any time: those keep a dispatcher per request.
   * The replaced dispatcher closes once its requests (a watch too) have finished.
   */
  private dispatcherFor(fresh: Dispatcher | undefined): Dispatcher | undefined {
    const user = this.kc.getCurrentUser();
    if (!fresh || user?.exec || user?.authProvider) return fresh;
    const cluster = this.kc.getCurrentCluster();
    const key = JSON.stringify([cluster, user?.name, user?.certFile, user?.certData, user?.keyFile, user?.keyData]);
    const now = Date.now();
    const current = this.agents.current;
    if (current && current.key === key && now - current.since < DISPATCHER_REUSE_MS) {
      void fresh.close().catch(() => undefined);
      return current.dispatcher;
    }
    this.agents.current = { key, since: now, dispatcher: fresh };
    if (current) void current.dispatcher.close().catch(() => undefined);
    return fresh;
  }

  /** KUBECONFIG, then in-cluster, then ~/.kube/config (client-node's documented order). */
  static fromDefault(): KubeClient {
    const kc = new KubeConfig();
    kc.loadFromDefault();
    return new KubeClient(kc);
  }

  static fromFile(path: string): KubeClient {
    const kc = new KubeConfig();
    kc.loadFromFile(path);
    return new KubeClient(kc);
  }

  private async send(method: HttpMethod, path: string, o: RequestOptions) {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const ctx = new RequestContext(url.toString(), method);
    await this.kc.applySecurityAuthentication(ctx);
    const headers = { ...ctx.getHeaders(), accept: 'application/json' } as Record<string, string>;
    let body: string | undefined;
    if (o.body !== undefined) {
      headers['content-type'] = o.contentType ?? 'application/json';
      body = JSON.stringify(o.body);
    }
    const dispatcher = this.dispatcherFor(ctx.getDispatcher() as Dispatcher | undefined);
    return fetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(dispatcher ? { dispatcher } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  }

  async request<T = unknown>(method: HttpMethod, path: string, o: RequestOptions = {}): Promise<T> {
    o.signal?.throwIfAborted(); // an abort listener added now would never fire
    if (method !== HttpMethod.GET) this.writeGuard?.();
    // A plain timer, cleared as soon as the body is read: AbortSignal.timeout would keep
    // every request's signal (and what listens to it) alive for the whole timeout.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`${method} ${path}: no answer within ${o.timeoutMs ?? 30_000} ms`)), o.timeoutMs ?? 30_000);
    const onOuterAbort = () => abort.abort(o.signal?.reason);
    o.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let res, text;
    try {
      res = await this.send(method, path, { ...o, signal: abort.signal });
      text = await res.text();
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onOuterAbort);
    }
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok)
      throw new KubeError(res.status, String(json.reason ?? res.statusText), String(json.message ?? `${method} ${path}: ${res.status}`), json.details);
    return json as T;
  }

  get<T>(path: string, o?: RequestOptions) {
    return this.request<T>(HttpMethod.GET, path, o);
  }
  create<T>(path: string, body: unknown, o: RequestOptions = {}) {
    return this.request<T>(HttpMethod.POST, path, { ...o, body });
  }
  replace<T>(path: string, body: unknown, o: RequestOptions = {}) {
    return this.request<T>(HttpMethod.PUT, path, { ...o, body });
  }
  delete<T>(path: string, o?: RequestOptions) {
    return this.request<T>(HttpMethod.DELETE, path, o);
  }
  /** Server-Side Apply: the field manager owns exactly the fields in `body`. */
  apply<T>(path: string, body: unknown, fieldManager: string, o: RequestOptions = {}) {
    return this.request<T>(HttpMethod.PATCH, path, { ...o, body, contentType: APPLY_PATCH, query: { ...o.query, fieldManager, force: true } });
  }
  mergePatch<T>(path: string, body: unknown, o: RequestOptions = {}) {
    return this.request<T>(HttpMethod.PATCH, path, { ...o, body, contentType: MERGE_PATCH });
  }

  /**
   * Streams watch events until the server ends the watch, the signal aborts, or no
   * byte (event or bookmark) arrives for idleMs: a silent watch is indistinguishable
   * from a dead connection, so it is ended and the caller resumes from its last
   * resourceVersion. Errors (HTTP, 410 Gone as an ERROR event) are thrown.
   */
  async *watch<T>(path: string, query: Query, opts: { signal: AbortSignal; idleMs: number }): AsyncGenerator<WatchEvent<T>> {
    const idle = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), opts.idleMs);
    };
    touch();
    try {
      const signal = AbortSignal.any([opts.signal, idle.signal]);
      const res = await this.send(HttpMethod.GET, path, { query: { ...query, watch: true }, signal });
      if (!res.ok) {
        const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
        throw new KubeError(res.status, String(json.reason ?? res.statusText), String(json.message ?? `watch ${path}: ${res.status}`));
      }
      const lines = createInterface({ input: Readable.fromWeb(res.body! as never), crlfDelay: Infinity });
      try {
        for await (const line of lines) {
          touch();
          if (!line.trim()) continue;
          const ev = JSON.parse(line) as WatchEvent<T>;
          if (ev.type === 'ERROR') {
            const st = ev.object as { code?: number; reason?: string; message?: string };
            throw new KubeError(st.code ?? 500, st.reason ?? 'WatchError', st.message ?? 'watch error event');
          }
          yield ev;
        }
      } catch (err) {
        if (idle.signal.aborted || opts.signal.aborted) return;
        throw err;
      }
    } catch (err) {
      if (idle.signal.aborted || opts.signal.aborted) return;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
