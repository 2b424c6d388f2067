// Server-sent event streams (text/event-stream) of one resource's state: the current
// value at once, then each change, until a final value, the client leaving, or the
// server draining. Changes are found by polling the same service call a plain GET makes,
// so every read goes through the same checks (RLS, roles) as that GET, and nothing but
// the database is involved. Open streams are counted per tenant on this process: a
// tenant cannot hold more than its share of a replica's connections.
import type { Response } from 'express';
import { AppError, type Logger } from '@sentinel/platform';

export interface StreamLimits {
  /** Streams one tenant may have open on this process; more answer 429. */
  perTenant: number;
  /** How often the value is read again. */
  pollMs: number;
  /** How often a comment is sent while nothing changes (proxies close idle connections). */
  keepaliveMs: number;
}

export const DEFAULT_STREAM_TIMING = { pollMs: 500, keepaliveMs: 15_000 } as const;

/** How long a browser's EventSource waits before reconnecting after the stream ends. */
const RECONNECT_MS = 2_000;

export interface StreamSource<T> {
  /** The SSE event name each value is sent under. */
  event: string;
  /** The value as the GET answered it, read before the stream starts (so a 404 is still a plain problem). */
  first: T;
  /** Reads the value again; throwing ends the stream (the resource is gone or no longer visible). */
  load: () => Promise<T>;
  /** A final value: sent, then the stream ends. */
  done: (value: T) => boolean;
}

export class EventStreams {
  private readonly open = new Set<() => void>();
  private readonly perTenant = new Map<string, number>();
  private draining = false;

  constructor(
    private readonly limits: StreamLimits,
    private readonly log: Logger,
  ) {}

  /** Streams open now on this process (all tenants). */
  get size(): number {
    return this.open.size;
  }

  /**
   * Starts a stream on `res` for `tenantId`, or throws 429 (before anything is written)
   * when the tenant already has its share open. Returns at once; the stream runs until it ends.
   */
  start<T>(tenantId: string, res: Response, source: StreamSource<T>): void {
    const count = this.perTenant.get(tenantId) ?? 0;
    if (count >= this.limits.perTenant)
      throw new AppError('SENTINEL_STREAMS_BUSY', `At most ${this.limits.perTenant} event streams per tenant are open at once; close one or retry shortly`, {
        retryAfterSeconds: 5,
      });
    this.perTenant.set(tenantId, count + 1);

    let ended = false;
    let lastSent = '';
    let seq = 0;
    let poll: NodeJS.Timeout | undefined;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(poll);
      clearInterval(keepalive);
      this.open.delete(end);
      const left = (this.perTenant.get(tenantId) ?? 1) - 1;
      if (left > 0) this.perTenant.set(tenantId, left);
      else this.perTenant.delete(tenantId);
      res.end();
    };
    /**
     * Sends the value unless it is what the client already has. A client not keeping up
     * skips values and gets the latest once it has drained; a final value is always sent.
     */
    const send = (value: T, final: boolean) => {
      const data = JSON.stringify(value);
      if (data === lastSent || (res.writableNeedDrain && !final)) return;
      lastSent = data;
      res.write(`id: ${++seq}\nevent: ${source.event}\ndata: ${data}\n\n`);
    };
    const tick = async () => {
      let value: T;
      try {
        value = await source.load();
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) this.log.warn({ err }, 'event stream: reading the value failed; stream ended');
        return end();
      }
      if (ended) return;
      const final = source.done(value);
      send(value, final);
      if (final) return end();
      poll = setTimeout(() => void tick(), this.limits.pollMs);
    };

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    // nginx (the compose ingress) buffers responses unless told not to.
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: ${RECONNECT_MS}\n\n`);
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), this.limits.keepaliveMs);
    this.open.add(end);
    // 'close' on the response: the client left, or the response ended (IncomingMessage's fires once the request is read).
    res.once('close', end);
    if (!res.socket || res.socket.destroyed) return end();
    const final = source.done(source.first);
    send(source.first, final);
    if (final || this.draining) return end();
    poll = setTimeout(() => void tick(), this.limits.pollMs);
  }

  /**
   * While draining, every open stream ends (clients reconnect, to another replica once
   * this one's readiness fails) and a new one ends after its first event: graceful
   * shutdown never waits on a stream.
   */
  setDraining(v: boolean): void {
    this.draining = v;
    if (v) for (const end of [...this.open]) end();
  }
}
