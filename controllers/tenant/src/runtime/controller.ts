// The generic controller: a work queue, `concurrency` workers taking keys off it, and the
// one place that turns a reconcile's outcome into what happens next (as controller-runtime's
// internal controller and its reconcileHandler):
//  - a result: the key's backoff is reset, and it runs again after requeueAfterMs if set;
//  - an error: it runs again with the key's next backoff;
//  - a TerminalError: recorded (log, metric, span) and not retried;
//  - anything once the controller was stopped with a reason (leadership lost): neither,
//    the key is left to whoever leads next.
// One controller serves one leadership term; a new term gets a new one.
import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { Logger } from '@sentinel/platform';
import type { Counter, Histogram } from 'prom-client';
import { WorkQueue, type QueueOptions } from './queue.js';
import { TerminalError, type Reconciler } from './reconcile.js';
import { LeadershipLostError } from './leader.js';

export interface ReconcileMetrics {
  /** By result: success, requeue, error (retried or terminal). */
  reconciles: Counter<'result'>;
  duration: Histogram;
  /** Reconciles requeued with backoff after an error. */
  retries: Counter;
}

export interface ReconcileControllerOptions {
  /** The kind reconciled, as in the span name (`reconcile Tenant`). */
  kind: string;
  /** What a key names, as in log fields (`tenant`) and span attributes (`sentinel.tenant`). */
  keyName: string;
  reconciler: Reconciler;
  concurrency: number;
  queue: QueueOptions;
  metrics: ReconcileMetrics;
  tracer: Tracer;
  logger: Logger;
}

export class ReconcileController {
  private readonly queue: WorkQueue;
  private readonly abort = new AbortController();
  private workers: Promise<void>[] = [];
  private stopped?: Promise<void>;

  constructor(private readonly o: ReconcileControllerOptions) {
    this.queue = new WorkQueue(o.queue);
  }

  get depth(): number {
    return this.queue.depth;
  }

  inFlightSeconds(): number[] {
    return this.queue.inFlightSeconds();
  }

  add(key: string): void {
    this.queue.add(key);
  }

  start(): void {
    if (this.stopped || this.workers.length) return;
    for (let i = 0; i < this.o.concurrency; i++) this.workers.push(this.work());
  }

  /**
   * Takes no more keys and resolves once every worker has returned. With a reason, in-flight
   * reconciles are aborted (their signal fires with it); without one they finish.
   */
  stop(reason?: Error): Promise<void> {
    if (reason) this.abort.abort(reason);
    this.queue.shutdown();
    return (this.stopped ??= Promise.all(this.workers).then(() => undefined));
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.reconcileOne(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private async reconcileOne(key: string): Promise<void> {
    const { metrics: m, logger, keyName } = this.o;
    const signal = this.abort.signal;
    const end = m.duration.startTimer();
    await this.o.tracer.startActiveSpan(`reconcile ${this.o.kind}`, { attributes: { [`sentinel.${keyName}`]: key } }, async (span) => {
      try {
        const r = await this.o.reconciler.reconcile(key, signal);
        this.queue.forget(key);
        if (r.requeueAfterMs !== undefined) this.queue.addAfter(key, r.requeueAfterMs);
        m.reconciles.inc({ result: r.requeueAfterMs !== undefined ? 'requeue' : 'success' });
      } catch (err) {
        const message = (err as Error).message;
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message });
        if (signal.aborted || err instanceof LeadershipLostError) {
          // Leadership is gone (the fence refused a write, or the term ended): the next leader redoes it.
          logger.info({ [keyName]: key, reason: signal.aborted ? (signal.reason as Error).message : message }, 'reconcile aborted');
        } else if (err instanceof TerminalError) {
          this.queue.forget(key);
          m.reconciles.inc({ result: 'error' });
          logger.warn({ err: { message }, [keyName]: key }, 'reconcile failed; not retried');
        } else {
          const delay = this.queue.addRateLimited(key);
          m.reconciles.inc({ result: 'error' });
          m.retries.inc();
          logger.warn({ err: { message }, [keyName]: key, retryInMs: delay, attempt: this.queue.retries(key) }, 'reconcile failed; will retry');
        }
      } finally {
        span.end();
        end();
      }
    });
  }
}
