// Kubernetes Events (events.k8s.io/v1). An event lives in its object's namespace; a
// cluster-scoped object's (a Tenant's) in "default", as the API server requires and
// as `kubectl describe tenant` looks for them.
// The same event for the same object is not repeated within ten minutes: a resync
// that finds the same problem does not flood the event store.
import { randomBytes } from 'node:crypto';
import type { Logger } from '@sentinel/platform';
import type { KubeClient, KubeObject } from './kube.js';

const REPEAT_MS = 10 * 60_000;

export class EventRecorder {
  private readonly recent = new Map<string, number>();

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
    this.kube
      .create(`/apis/events.k8s.io/v1/namespaces/${namespace}/events`, body)
      .catch((err: Error) => this.o.logger.warn({ err: { message: err.message }, reason }, 'could not record an event'));
  }
}
