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

/**
 * How long credentials are reused before client-node is asked again: client-go re-reads a
 * service account's token file once a minute too (kubelet rotates it well before expiry).
 */
const CREDENTIALS_REUSE_MS = 60_000;
/** How long one dispatcher (and its connections) serves before TLS material is picked up afresh. */
const DISPATCHER_REUSE_MS = 5 * 60_000;

interface Credentials {
  headers: Record<string, string>;
  dispatcher: Dispatcher | undefined;
}

/**
 * What every copy of one client (guarded()) shares. client-node builds a new undici Agent
 * for every request, so each request used to open its own TLS connection (a handshake on
 * both sides, the API server's included) and leave it idle behind it, and it read the
 * kubeconfig's files again each time: most of the controller's CPU and much of its memory
 * under a burst.
 */
interface SharedTransport {
  credentials?: Credentials & { at: number };
  refreshing?: Promise<Credentials>;
  dispatcher?: { since: number; dispatcher: Dispatcher };
}

const APPLY_PATCH = 'application/apply-patch+yaml';
const MERGE_PATCH = 'application/merge-patch+json';

export class KubeClient {
  readonly server: string;
  private readonly shared: SharedTransport;

  /**
   * @param writeGuard called before every request that is not a GET: throwing refuses it
   *   (the leader's fence: see guarded()).
   */
  constructor(
    readonly kc: KubeConfig,
    private readonly writeGuard?: () => void,
    shared?: SharedTransport,
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = cluster.server.replace(/\/$/, '');
    this.shared = shared ?? {};
  }

  /** The same client, refusing writes when `guard` throws (reads and watches are not guarded). */
  guarded(guard: () => void): KubeClient {
    return new KubeClient(this.kc, guard, this.shared);
  }

  /**
   * Headers and dispatcher for a request. Static credentials (a token or token file, client
   * certificates, basic auth) are taken from client-node once a minute, and one dispatcher
   * keeps its connections for DISPATCHER_REUSE_MS, after which rotated certificate files are
   * read again; the replaced one closes once its requests (a watch too) have finished. What
   * an exec plugin or auth provider supplies may change or expire at any moment: those are
   * asked for every request, as client-node does.
   */
  private credentials(method: HttpMethod, url: string): Promise<Credentials> {
    const user = this.kc.getCurrentUser();
    const fresh = async (): Promise<Credentials> => {
      const ctx = new RequestContext(url, method);
      await this.kc.applySecurityAuthentication(ctx);
      return { headers: ctx.getHeaders(), dispatcher: ctx.getDispatcher() as Dispatcher | undefined };
    };
    if (user?.exec || user?.authProvider) return fresh();
    const s = this.shared;
    if (s.credentials && Date.now() - s.credentials.at < CREDENTIALS_REUSE_MS) return Promise.resolve(s.credentials);
    return (s.refreshing ??= fresh()
      .then((c) => {
        const now = Date.now();
        let dispatcher = c.dispatcher;
        if (dispatcher && s.dispatcher && now - s.dispatcher.since < DISPATCHER_REUSE_MS) {
          void dispatcher.close().catch(() => undefined);
          dispatcher = s.dispatcher.dispatcher;
        } else if (dispatcher) {
          if (s.dispatcher) void s.dispatcher.dispatcher.close().catch(() => undefined);
          s.dispatcher = { since: now, dispatcher };
        }
        s.credentials = { headers: c.headers, dispatcher, at: now };
        return s.credentials;
      })
      .finally(() => (s.refreshing = undefined)));
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
    const { headers: auth, dispatcher } = await this.credentials(method, url.toString());
    const headers: Record<string, string> = { ...auth, accept: 'application/json' };
    let body: string | undefined;
    if (o.body !== undefined) {
      headers['content-type'] = o.contentType ?? 'application/json';
      body = JSON.stringify(o.body);
    }
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
