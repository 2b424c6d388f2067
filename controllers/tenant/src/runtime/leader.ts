// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leaderelection:
// the holder renews every retryPeriod; if it cannot renew within renewDeadline it
// stops leading and tells its owner, which stops acting at once and decides when to
// campaign again (the manager aborts its in-flight reconciles and campaigns once they
// have returned); a candidate takes the lease once the holder's renewTime +
// leaseDuration has passed.
// Optimistic concurrency (resourceVersion on update) makes the take-over atomic.
//
// Fencing: a leader may act only until renewDeadline after it last *sent* a renewal that
// succeeded (monotonic clock, which keeps counting while the process is paused). A process
// that was paused (SIGSTOP, a long GC, a starved CPU) wakes with I/O to handle before its
// timers, so it could write before its renew loop notices; every write therefore calls
// fence() first, which refuses (LeadershipLostError) once the deadline has passed, and
// gives leadership up at once. renewDeadline < leaseDuration is the margin against a
// successor, which waits leaseDuration from when it saw the lease last change.
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
  /** A monotonic clock in ms (default performance.now; tests move it to play a pause). */
  now?: () => number;
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

/** A write refused because this replica can no longer be sure it leads. */
export class LeadershipLostError extends Error {
  override readonly name = 'LeadershipLostError';
}

export class LeaderElector {
  private leading = false;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  /** performance.now() when the last successful acquire or renew request was sent. */
  private renewedAt = -Infinity;
  /** When we last saw the lease change (our clock: other holders' clocks are not trusted). */
  private observed?: { record: string; at: number };
  /** Each campaign is a round of ticks; losing leadership ends the round (a tick in flight then ends with it). */
  private round = 0;

  constructor(
    private readonly kube: KubeClient,
    private readonly o: LeaderOptions,
  ) {}

  private now(): number {
    return this.o.now ? this.o.now() : performance.now();
  }

  private get path() {
    return `/apis/coordination.k8s.io/v1/namespaces/${this.o.namespace}/leases`;
  }

  /** Campaigns (again, after a loss) until stop(). */
  start(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    void this.tick(++this.round);
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

  /** True while this replica leads and its last renewal is recent enough to act on. */
  holds(): boolean {
    return this.leading && !this.stopped && this.now() - this.renewedAt < this.o.renewDeadlineMs;
  }

  /**
   * Call before every write that only the leader may make: throws LeadershipLostError unless
   * holds(). A leader whose deadline has passed without its renew loop noticing (it was
   * paused) gives leadership up here, at once.
   */
  fence(): void {
    if (this.holds()) return;
    if (this.leading && !this.stopped) this.lose('the lease was not renewed within the renew deadline (was the process paused?)');
    throw new LeadershipLostError(`${this.o.identity} does not hold the lease ${this.o.namespace}/${this.o.name}: write refused`);
  }

  private lose(why: string): void {
    this.round++;
    clearTimeout(this.timer);
    this.leading = false;
    this.o.logger.error({ identity: this.o.identity, reason: why }, 'leadership lost');
    this.o.onStoppedLeading(); // the owner decides when to campaign again
  }

  private async tick(round: number): Promise<void> {
    if (this.stopped || round !== this.round) return;
    try {
      const sentAt = this.now();
      const ok = await this.tryAcquireOrRenew();
      // stop() ran while the request was in flight: a stopped elector never starts leading,
      // and gives back a lease it has just taken or renewed.
      if (this.stopped) {
        if (ok) await this.release();
        return;
      }
      // Leadership was given up meanwhile (fence()): this round is over; the owner starts the next.
      if (round !== this.round) return;
      if (ok) {
        this.renewedAt = sentAt;
        if (!this.leading) {
          this.leading = true;
          this.o.logger.info({ identity: this.o.identity }, 'became leader');
          this.o.onStartedLeading();
        }
      }
    } catch (err) {
      this.o.logger.warn({ err: { message: (err as Error).message } }, 'lease update failed');
    }
    if (round !== this.round) return;
    if (this.leading && this.now() - this.renewedAt > this.o.renewDeadlineMs) {
      this.lose('could not renew the lease in time');
      return;
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(round), this.o.retryPeriodMs);
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
