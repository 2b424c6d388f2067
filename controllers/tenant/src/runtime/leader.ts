// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection:
// the holder renews every retryPeriod; if it cannot renew within renewDeadline it
// stops leading and tells its owner, which stops acting at once and decides when to
// campaign again (the manager aborts its in-flight reconciles and campaigns once they
// have returned); a candidate takes the lease once the holder's renewTime +
// leaseDuration has passed.
// Optimistic concurrency (resourceVersion on update) makes the take-over atomic.
import { isConflict, isNotFound, type KubeClient } from './kube.js';
import type { Logger } from '@sentinel/platform';

export interface LeaderOptions {
  namespace: string;
  name: string;
  identity: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  logger: Logger;
  onStartedLeading(): void;
  onStoppedLeading(): void;
}

interface Lease {
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

const microTime = (d = new Date()) => d.toISOString().replace('Z', '000Z');

export class LeaderElector {
  private leading = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private lastRenew = 0;
  /** When we last saw the lease change (our clock: other holders' clocks are not trusted). */
  private observed?: { record: string; at: number };

  constructor(
    private readonly kube: KubeClient,
    private readonly o: LeaderOptions,
  ) {}

  private get path() {
    return `/apis/coordination.k8s.io/v1/namespaces/${this.o.namespace}/leases`;
  }

  /** Campaigns (again, after a loss) until stop(). */
  start(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    void this.tick();
  }

  /** Releases the lease (so a successor need not wait for it to expire) and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (!this.leading) return;
    this.leading = false;
    await this.release();
  }

  private async release(): Promise<void> {
    try {
      const lease = await this.kube.get<Lease>(`${this.path}/${this.o.name}`);
      if (lease.spec.holderIdentity === this.o.identity) {
        lease.spec.holderIdentity = '';
        lease.spec.leaseDurationSeconds = 1;
        lease.spec.renewTime = microTime();
        await this.kube.replace(`${this.path}/${this.o.name}`, lease, { timeoutMs: 2_000 });
      }
    } catch (err) {
      this.o.logger.warn({ err: { message: (err as Error).message } }, 'could not release the lease');
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const ok = await this.tryAcquireOrRenew();
      // stop() ran while the request was in flight: a stopped elector never starts leading,
      // and gives back a lease it has just taken or renewed.
      if (this.stopped) {
        if (ok) await this.release();
        return;
      }
      if (ok) {
        this.lastRenew = Date.now();
        if (!this.leading) {
          this.leading = true;
          this.o.logger.info({ identity: this.o.identity }, 'became leader');
          this.o.onStartedLeading();
        }
      }
    } catch (err) {
      this.o.logger.warn({ err: { message: (err as Error).message } }, 'lease update failed');
    }
    if (this.leading && Date.now() - this.lastRenew > this.o.renewDeadlineMs) {
      this.leading = false;
      this.o.logger.error({ identity: this.o.identity }, 'could not renew the lease in time; leadership lost');
      this.o.onStoppedLeading(); // the owner decides when to campaign again
      return;
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.o.retryPeriodMs);
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = new Date();
    const durationS = Math.ceil(this.o.leaseDurationMs / 1000);
    let lease: Lease;
    try {
      lease = await this.kube.get<Lease>(`${this.path}/${this.o.name}`, { timeoutMs: this.o.retryPeriodMs * 2 });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await this.kube.create(this.path, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.o.name, namespace: this.o.namespace },
          spec: {
            holderIdentity: this.o.identity,
            leaseDurationSeconds: durationS,
            acquireTime: microTime(now),
            renewTime: microTime(now),
            leaseTransitions: 0,
          },
        });
        return true;
      } catch (e) {
        if (isConflict(e)) return false;
        throw e;
      }
    }
    const spec = lease.spec;
    const record = `${spec.holderIdentity}|${spec.renewTime}`;
    if (this.observed?.record !== record) this.observed = { record, at: Date.now() };
    const held = spec.holderIdentity && spec.holderIdentity !== this.o.identity;
    const expired = Date.now() > this.observed.at + (spec.leaseDurationSeconds ?? durationS) * 1000;
    if (held && !expired) return false;
    const takeover = spec.holderIdentity !== this.o.identity;
    lease.spec = {
      ...spec,
      holderIdentity: this.o.identity,
      leaseDurationSeconds: durationS,
      renewTime: microTime(now),
      ...(takeover ? { acquireTime: microTime(now), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 } : {}),
    };
    try {
      await this.kube.replace(`${this.path}/${this.o.name}`, lease, { timeoutMs: this.o.retryPeriodMs * 2 });
      if (takeover) this.o.logger.info({ previous: spec.holderIdentity || null }, 'acquired the lease');
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }
}
