// A keyed work queue with the guarantees of client-go's workqueue:
//  - a key is queued at most once however often it is added (deduplicated);
//  - a key is processed by one worker at a time; added again while processing, it is
//    queued once more after that worker is done (no event is lost, none runs twice at once);
//  - failures back off per key (exponential, capped) and reset on success;
//  - an overall token bucket bounds the rate at which keys are handed out.
// It reports what client-go's workqueue reports (the hooks in QueueMetrics; metrics.ts gives
// them client-go's names), so the dashboards written for Go controllers work unchanged.

/** What the queue reports as it runs: client-go's workqueue MetricsProvider, in seconds. */
export interface QueueMetrics {
  /** A key was queued (not counted when it was already waiting). */
  added(): void;
  /** A key was handed to a worker after waiting this long. */
  waited(seconds: number): void;
  /** A worker finished a key after this long. */
  worked(seconds: number): void;
  /** A key was requeued with backoff. */
  retried(): void;
}

export interface QueueOptions {
  backoffBaseMs: number;
  backoffMaxMs: number;
  qps: number;
  burst: number;
  metrics?: QueueMetrics;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  /** When each waiting key was queued, and when each key in flight was handed out (ms, monotonic). */
  private readonly queuedAt = new Map<string, number>();
  private readonly startedAt = new Map<string, number>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private readonly waiters: ((key: string | undefined) => void)[] = [];
  private tokens: number;
  private lastRefill = Date.now();
  private shuttingDown = false;

  constructor(private readonly o: QueueOptions) {
    this.tokens = o.burst;
  }

  get depth(): number {
    return this.queue.length;
  }

  /** How long each key in flight has been processed so far, in seconds. */
  inFlightSeconds(): number[] {
    const now = performance.now();
    return [...this.startedAt.values()].map((t) => (now - t) / 1000);
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    this.o.metrics?.added();
    this.queuedAt.set(key, performance.now());
    if (this.processing.has(key)) return; // queued again by done()
    this.enqueue(key);
  }

  /** A dirty key no worker holds goes to a waiting worker, else to the back of the queue. */
  private enqueue(key: string): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      this.dirty.delete(key);
      this.handOut(key);
      waiter(key);
    } else this.queue.push(key);
  }

  private handOut(key: string): void {
    const now = performance.now();
    this.processing.add(key);
    this.o.metrics?.waited((now - (this.queuedAt.get(key) ?? now)) / 1000);
    this.queuedAt.delete(key);
    this.startedAt.set(key, now);
  }

  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const existing = this.delayed.get(key);
    if (existing) clearTimeout(existing);
    const t = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    t.unref();
    this.delayed.set(key, t);
  }

  /** Requeues with this key's next backoff; returns the delay used. */
  addRateLimited(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const delay = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** n);
    this.o.metrics?.retried();
    this.addAfter(key, delay);
    return delay;
  }

  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** The next key to process, or undefined once shut down. Waits for the rate limiter. */
  async get(): Promise<string | undefined> {
    await this.takeToken();
    if (this.shuttingDown) return undefined;
    const key = this.queue.shift();
    if (key !== undefined) {
      this.dirty.delete(key);
      this.handOut(key);
      return key;
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(key: string): void {
    const started = this.startedAt.get(key);
    if (started !== undefined) this.o.metrics?.worked((performance.now() - started) / 1000);
    this.startedAt.delete(key);
    this.processing.delete(key);
    // Added while it was processed: that add was counted then, and waits from then.
    if (this.dirty.has(key) && !this.shuttingDown) this.enqueue(key);
  }

  shutdown(): void {
    this.shuttingDown = true;
    for (const t of this.delayed.values()) clearTimeout(t);
    this.delayed.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  private async takeToken(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.o.burst, this.tokens + ((now - this.lastRefill) / 1000) * this.o.qps);
      this.lastRefill = now;
      if (this.tokens >= 1 || this.shuttingDown) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.o.qps) * 1000)));
    }
  }
}
