// HTTP for the load suite: undici's connection pool (one per origin), every request timed
// and recorded under its group tag, its status compared with what the caller expects, and
// its body checked for other tenants' records when the caller belongs to a tenant.
import { Pool } from 'undici';
import type { Metrics } from './metrics.js';
import type { Ownership } from './isolation.js';

export interface Answer<T = any> {
  status: number;
  headers: Record<string, string | undefined>;
  body: T;
  text: string;
  ms: number;
}

export interface RequestOptions {
  token?: string | undefined;
  json?: unknown;
  /** A raw body with its content type (CSV uploads). */
  raw?: { contentType: string; body: string };
  /** Statuses that count as success (default any 2xx). */
  expect?: number[];
  /** The caller's tenant: the answer is searched for other tenants' records (platform admins pass none). */
  tenantId?: string | undefined;
  /**
   * A stream (text/event-stream): read until `until(textSoFar)` holds or `ms` have passed, then
   * close it. The answer's text is what was read; SSE `data:` lines that are JSON are checked for isolation.
   */
  stream?: { ms: number; until?: (text: string) => boolean };
}

export class Http {
  private readonly pools: Pool[];
  private readonly origins: string[];
  private readonly answered: number[];
  private next = 0;
  readonly baseUrl: string;
  /**
   * @param baseUrls one API, or several of one installation: requests go round robin, each
   *   origin with its own connection pool (what `targets()` reports).
   */
  constructor(
    baseUrls: string | string[],
    readonly metrics: Metrics,
    readonly ownership: Ownership,
    connections = 64,
  ) {
    const urls = typeof baseUrls === 'string' ? [baseUrls] : baseUrls;
    this.baseUrl = urls[0]!;
    this.origins = urls.map((u) => new URL(u).origin);
    this.pools = this.origins.map((o) => new Pool(o, { connections, pipelining: 1, headersTimeout: 60_000, bodyTimeout: 120_000 }));
    this.answered = this.origins.map(() => 0);
  }

  /** Requests sent to each origin (round robin: they differ by at most one). */
  targets(): Record<string, number> {
    return Object.fromEntries(this.origins.map((o, i) => [o, this.answered[i]!]));
  }

  async request<T = any>(tag: string, method: string, path: string, o: RequestOptions = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw) {
      headers['content-type'] = o.raw.contentType;
      body = o.raw.body;
    } else if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    }
    const prefix = new URL(this.baseUrl).pathname.replace(/\/$/, '');
    const started = performance.now();
    let status = 0;
    let text = '';
    let answerHeaders: Record<string, string | undefined> = {};
    try {
      const i = this.next++ % this.pools.length;
      this.answered[i]! += 1;
      const r = await this.pools[i]!.request({ method: method as 'GET', path: prefix + path, headers, body: body ?? null });
      status = r.statusCode;
      if (o.stream) text = await readStream(r.body, o.stream);
      else text = await r.body.text();
      answerHeaders = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
    } catch (err) {
      text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    const ms = performance.now() - started;
    const ok = o.expect ? o.expect.includes(status) : status >= 200 && status < 300;
    this.metrics.request(tag, ms, status, !ok);
    this.metrics.check(`${tag}: expected status`, ok, `${method} ${path} answered ${status || 'nothing'}: ${text.slice(0, 300)}`);
    let parsed: unknown = text;
    const type = answerHeaders['content-type'] ?? '';
    try {
      if (type.includes('event-stream'))
        parsed = text
          .split('\n')
          .filter((l) => /^data:\s*[[{]/.test(l))
          .map((l) => JSON.parse(l.slice(5)) as unknown);
      else if (type.includes('ndjson'))
        parsed = text
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as unknown);
      else if (type.includes('json') && text) parsed = JSON.parse(text);
    } catch {
      /* not JSON after all: kept as text */
    }
    if (o.tenantId && status >= 200 && status < 300) {
      const foreign = this.ownership.foreign(o.tenantId, parsed);
      this.metrics.check('isolation', foreign.length === 0, `${method} ${path}: ${foreign.slice(0, 3).join('; ')}`);
    }
    return { status, headers: answerHeaders, body: parsed as T, text, ms };
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.close()));
  }
}

/** Reads a streamed body until `until` holds or `ms` have passed, then closes it. */
async function readStream(body: AsyncIterable<Buffer> & { destroy(): unknown }, o: { ms: number; until?: (text: string) => boolean }): Promise<string> {
  let text = '';
  const deadline = setTimeout(() => body.destroy(), o.ms);
  try {
    for await (const chunk of body) {
      text += chunk.toString('utf8');
      if (o.until?.(text)) break;
    }
  } catch {
    /* closed at the deadline: what was read is the answer */
  } finally {
    clearTimeout(deadline);
    body.destroy();
  }
  return text;
}
