// What the job relay reads from PostgreSQL, through the platform pool (cross-tenant
// maintenance; never the owner role): its leadership lock and the recorded jobs that
// still wait to be enqueued: `jobs` rows in `queued`, and webhook deliveries never attempted
// (the outbox, webhooks/outbox.ts), each as the `webhook.deliver` job its producer would enqueue.
import type { PoolClient } from 'pg';
import { jobs, type JobName, type PlatformDb } from '@sentinel/platform';

/** The advisory lock key of the relay's leadership (distinct from Prisma Migrate's 72707369). */
const RELAY_LOCK = 5_378_841_021;

export interface QueuedJob {
  tenantId: string;
  id: string;
  name: JobName;
  payload: unknown;
  updatedAt: Date;
  /** A `jobs` row the worker reports to (not so for webhook deliveries, which keep their own row). */
  recorded: boolean;
}

/** Both kinds of waiting work, as one ordered set for the keyset below. */
const WAITING = `(
  SELECT tenant_id, id, name, payload, updated_at, true AS recorded FROM jobs WHERE state = 'queued'
  UNION ALL
  SELECT tenant_id, id, 'webhook.deliver', jsonb_build_object('tenantId', tenant_id, 'deliveryId', id), updated_at, false
    FROM webhook_deliveries WHERE state = 'pending' AND attempts = 0
) w`;

export class RelayRepository {
  private leader?: PoolClient | undefined;

  constructor(private readonly db: PlatformDb) {}

  /**
   * Leadership among replicas: a session advisory lock held on one connection taken out
   * of the pool. It lasts while that connection does; a leader that dies (or loses its
   * connection) frees it for the next replica that asks. True while this one leads.
   */
  async lead(): Promise<boolean> {
    if (this.leader) {
      try {
        await this.leader.query('SELECT 1');
        return true;
      } catch (err) {
        this.drop(err as Error);
      }
    }
    const c = await this.db.connect();
    try {
      const { rows } = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [RELAY_LOCK]);
      if (!rows[0]?.ok) {
        c.release();
        return false;
      }
    } catch (err) {
      c.release(err as Error);
      throw err;
    }
    // A connection lost while idle between sweeps is dropped here; the next sweep re-elects.
    c.on('error', (err) => this.drop(err));
    this.leader = c;
    return true;
  }

  /** Gives leadership up (shutdown): unlocks and returns the connection. */
  async resign(): Promise<void> {
    const c = this.leader;
    if (!c) return;
    this.leader = undefined;
    try {
      await c.query('SELECT pg_advisory_unlock($1)', [RELAY_LOCK]);
      c.release();
    } catch (err) {
      c.release(err as Error);
    }
  }

  private drop(err: Error): void {
    const c = this.leader;
    this.leader = undefined;
    c?.release(err);
  }

  /** How many recorded jobs have waited in `queued` for at least minAgeS. */
  async countWaiting(minAgeS: number): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${WAITING} WHERE updated_at < now() - make_interval(secs => $1)`, [
      minAgeS,
    ]);
    return rows[0]?.n ?? 0;
  }

  /**
   * One page of recorded jobs in `queued` untouched for at least minAgeS (younger ones may
   * still be on their way to Redis), oldest first, after `after` (keyset).
   */
  async waiting(minAgeS: number, limit: number, after?: { updatedAt: Date; id: string }): Promise<QueuedJob[]> {
    const { rows } = await this.db.query<{ tenant_id: string; id: string; name: string; payload: unknown; updated_at: Date; recorded: boolean }>(
      `SELECT tenant_id, id, name, payload, updated_at, recorded FROM ${WAITING}
        WHERE updated_at < now() - make_interval(secs => $1)
          AND ($2::timestamptz IS NULL OR (updated_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY updated_at, id
        LIMIT $4`,
      [minAgeS, after?.updatedAt ?? null, after?.id ?? null, limit],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id, name: r.name as JobName, payload: r.payload, updatedAt: r.updated_at, recorded: r.recorded }));
  }
}

export const isJobName = (name: string): name is JobName => Object.hasOwn(jobs, name);
