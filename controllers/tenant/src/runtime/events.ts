// Kubernetes Events (events.k8s.io/v1). An event lives in its object's namespace; a
// cluster-scoped object's (a Tenant's) in "default", as the API server requires and
// as `kubectl describe tenant` looks for them.
// The same event for the same object is not repeated within ten minutes: a resync
// that finds the same problem does not flood the event store.
// Events are sent one at a time from a bounded queue, as client-go's broadcaster sends them:
// a reconcile never waits for one, and under a burst (a thousand Tenants applied at once)
// they take one request's share of the API server instead of competing with the writes
// that bring Tenants to Ready; the queue drains behind them. When it is full, new events
// are dropped and logged.
import { randomBytes } from 'node:crypto';
import type { Logger } from '@sentinel/platform';
import type { KubeClient, KubeObject } from './kube.js';

const REPEAT_MS = 10 * 60_000;
const MAX_QUEUED = 5_000;

export class EventRecorder {
  private readonly recent = new Map<string, number>();
  private readonly queue: { namespace: string; body: Record<string, unknown>; reason: string }[] = [];
  private sending?: Promise<void>;
  private dropped = 0;

  constructor(
    private readonly kube: KubeClient,
    private readonly o: { controller: string; instance: string; logger: Logger },
  ) {}

  normal(obj: KubeObject, reason: string, action: string, note: string): void {
    this.emit(obj, 'Normal', reason, action, note);
  }

  warning(obj: KubeObject, reason: string, action: string, note: string): void {
    this.emit(obj, 'Warning', reason, action, note);
  }

  /** Fire and forget: an event that cannot be written is logged, never fails a reconcile. */
  private emit(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, action: string, note: string): void {
    const key = `${obj.metadata.uid}|${type}|${reason}|${note}`;
    const now = Date.now();
    if ((this.recent.get(key) ?? 0) > now - REPEAT_MS) return;
    this.recent.set(key, now);
    if (this.recent.size > 10_000) for (const [k, at] of this.recent) if (at < now - REPEAT_MS) this.recent.delete(k);
    const namespace = obj.metadata.namespace ?? 'default';
    const body = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: `${obj.metadata.name}.${now.toString(16)}${randomBytes(3).toString('hex')}`, namespace },
      eventTime: new Date(now).toISOString().replace('Z', '000Z'),
      type,
      reason,
      action,
      note: note.slice(0, 1000),
      reportingController: this.o.controller,
      reportingInstance: this.o.instance.slice(0, 128),
      regarding: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
      },
    };
    if (this.queue.length >= MAX_QUEUED) {
      if (this.dropped++ % 1_000 === 0) this.o.logger.warn({ reason, dropped: this.dropped }, 'event queue full: events dropped');
      return;
    }
    this.queue.push({ namespace, body, reason });
    this.sending ??= this.drain().finally(() => (this.sending = undefined));
  }

  private async drain(): Promise<void> {
    for (let e = this.queue.shift(); e; e = this.queue.shift()) {
      const { namespace, body, reason } = e;
      await this.kube
        .create(`/apis/events.k8s.io/v1/namespaces/${namespace}/events`, body)
        .catch((err: Error) => this.o.logger.warn({ err: { message: err.message }, reason }, 'could not record an event'));
    }
  }
}
