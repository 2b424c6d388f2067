// Job definitions, shared by producers (API, scheduler) and consumers (worker): each
// job's queue, payload schema and retry policy are written once, here. Payloads are
// validated when enqueued and again when processed.
import { context, propagation, trace, SpanKind } from '@opentelemetry/api';
import { Queue, UnrecoverableError, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { Tx } from '../db/index.js';
import type { ErrorCode } from '../errors.js';
import type { RedisClient } from '../redis/index.js';
import { emailAddress } from '../text.js';
import { inSpan } from '../telemetry/spans.js';

export { UnrecoverableError };

/**
 * A job's terminal failure in words its tenant may read: a catalog code and a human
 * sentence, both stored on the job's row. Not retried (it is BullMQ's
 * UnrecoverableError). Any other error a job throws is internal: its text goes to the
 * worker's log only.
 */
export class JobFailure extends UnrecoverableError {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    // BullMQ also recognises an unrecoverable error by its name.
    this.name = 'UnrecoverableError';
  }
}

export const jobs = {
  /** Email an invitation link to a user who has no password yet. */
  'user.invite': {
    queue: 'mail',
    payload: z.object({ tenantId: z.uuid(), invitationId: z.uuid() }).strict(),
    options: { attempts: 6, backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 } },
  },
  /**
   * The first admin of a tenant created from a Tenant resource (spec.admin.email): the
   * worker creates the user if absent and mails an invitation. The controller holds no
   * invitation secret; the worker does.
   */
  'tenant.invite-admin': {
    queue: 'mail',
    // The API's own email rule (text.ts): the controller's spec.admin.email is checked as a user's email would be.
    payload: z.object({ tenantId: z.uuid(), email: emailAddress }).strict(),
    options: { attempts: 6, backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 } },
  },
  /** Stream a tenant's audit rows (filtered) into an NDJSON or CSV export. */
  'audit.export': {
    queue: 'exports',
    payload: z
      .object({
        tenantId: z.uuid(),
        format: z.enum(['ndjson', 'csv']),
        filters: z
          .object({
            actorId: z.uuid().optional(),
            action: z.string().max(100).optional(),
            targetType: z.string().max(100).optional(),
            targetId: z.string().max(200).optional(),
            from: z.iso.datetime().optional(),
            to: z.iso.datetime().optional(),
          })
          .strict(),
      })
      .strict(),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 } },
  },
  /**
   * Stream all of a tenant's data (secrets left out) into a tar.gz of NDJSON files and a
   * manifest (docs/data-export.md); downloadable once, until `expiresAt`.
   */
  'tenant.export': {
    queue: 'exports',
    payload: z.object({ tenantId: z.uuid(), expiresAt: z.iso.datetime() }).strict(),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 } },
  },
  /** Create (and invite) the users of an uploaded CSV; per-row errors in the result. */
  'users.import': {
    queue: 'imports',
    payload: z.object({ tenantId: z.uuid() }).strict(),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 } },
  },
  /** Delete expired refresh tokens and invitations (scheduled; platform pool). */
  'maintenance.purge-expired': {
    queue: 'maintenance',
    payload: z.object({}).strict(),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000, jitter: 0.5 } },
  },
  /** Delete audit rows older than each tenant's audit_retention_days (scheduled). */
  'maintenance.audit-retention': {
    queue: 'maintenance',
    payload: z.object({}).strict(),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000, jitter: 0.5 } },
  },
  /** Per-tenant users, active users and API requests for one UTC day (default: yesterday). */
  'maintenance.usage-rollup': {
    queue: 'maintenance',
    payload: z.object({ day: z.iso.date().optional() }).strict(),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 10_000, jitter: 0.5 } },
  },
  /**
   * POST one webhook event to one endpoint, signed (Standard Webhooks). At least once: a
   * failed attempt (network error, timeout, any non-2xx answer, a redirect) is retried with
   * exponential backoff, 12 attempts over about 17 hours (WEBHOOK_RETRY_SCHEDULE).
   */
  'webhook.deliver': {
    queue: 'webhooks',
    payload: z.object({ tenantId: z.uuid(), deliveryId: z.uuid() }).strict(),
    options: { attempts: 12, backoff: { type: 'exponential', delay: 30_000, jitter: 0.2 } },
  },
  /**
   * Does nothing. Measures the job pipeline itself (bench/worker-throughput.ts) and
   * serves as a smoke check that a deployment's workers take jobs.
   */
  'system.noop': {
    queue: 'system',
    payload: z.object({ n: z.number().int() }).strict(),
    options: { attempts: 1 },
  },
} as const satisfies Record<string, { queue: string; payload: z.ZodType; options: JobsOptions }>;

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = z.output<(typeof jobs)[N]['payload']>;
export type QueueName = (typeof jobs)[JobName]['queue'];
export const queueNames = [...new Set(Object.values(jobs).map((j) => j.queue))] as QueueName[];

/**
 * When each retry of a webhook delivery comes, after the attempt before it (BullMQ's
 * exponential backoff: 30 s doubling, less up to 20% jitter): 30 s, 1, 2, 4, 8, 16, 32 min,
 * 1 h 4, 2 h 8, 4 h 16, 8 h 32 — the 12th and last attempt about 17 h after the first.
 */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = Array.from({ length: jobs['webhook.deliver'].options.attempts - 1 }, (_, i) => 30_000 * 2 ** i);

/** What travels in job.data: the payload plus the W3C trace context of the producer. */
export interface JobEnvelope<P = unknown> {
  payload: P;
  trace?: Record<string, string>;
  /** The tenant's `jobs` row this job reports its state to (tenant jobs only). */
  record?: string;
}

/** Kept for inspection: completed jobs for a day (1,000 at most), failed ones for 30 days. */
const retention: JobsOptions = { removeOnComplete: { age: 86_400, count: 1_000 }, removeOnFail: { age: 30 * 86_400 } };

/** How long an enqueue waits for a producer connection that is not ready. */
const CONNECT_WAIT_MS = 1_000;

const tracer = trace.getTracer('sentinel-queues');

/**
 * The producer's step in the trace: a PRODUCER span `enqueue <job>` around the enqueue (its
 * Redis commands are its children), whose context is the one the job carries, so the worker's
 * `job <job>` span is its child. A no-op span and an empty carrier when tracing is off.
 */
function enqueueSpan<T>(name: JobName, count: number, fn: (carrier: Record<string, string>) => Promise<T>): Promise<T> {
  const attributes = {
    'messaging.system': 'bullmq',
    'messaging.operation': 'publish',
    'messaging.destination.name': jobs[name].queue,
    ...(count > 1 ? { 'messaging.batch.message_count': count } : {}),
  };
  return inSpan(tracer, `enqueue ${name}`, { kind: SpanKind.PRODUCER, attributes }, (): Promise<T> => {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    return fn(carrier);
  });
}

export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();
  constructor(
    /** A BullMQ producer connection (bullConnection in redis/connections.ts): one Redis or a cluster. */
    private readonly connection: RedisClient,
    private readonly prefix: string,
  ) {}

  /**
   * BullMQ waits, without a bound, for a connection to be ready before a queue's first
   * command; an enqueue must not hang a request on a Redis that is down. Waits briefly (a
   * connection still opening at boot), then fails: a recorded job stays `queued` and the
   * scheduler's job relay enqueues it once Redis is back.
   */
  private async connected(): Promise<void> {
    if (this.connection.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.connection.off('ready', onReady);
        reject(new Error(`Redis is unavailable (${this.connection.status}): job not enqueued`));
      }, CONNECT_WAIT_MS);
      this.connection.once('ready', onReady);
    });
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      this.queues.set(name, (q = new Queue(name, { connection: this.connection, prefix: this.prefix })));
      // Connection errors surface where they matter (an enqueue rejects); without a
      // listener BullMQ prints each reconnect attempt to the console.
      q.on('error', () => {});
    }
    return q;
  }

  /**
   * Validates and enqueues. `idempotencyKey` becomes the job id: enqueuing the same
   * logical job twice while the first is still kept yields one job.
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, idempotencyKey: string, opts: { record?: string } = {}): Promise<string> {
    const def = jobs[name];
    const parsed = def.payload.parse(payload);
    return enqueueSpan(name, 1, async (trace) => {
      await this.connected();
      const envelope: JobEnvelope = { payload: parsed, ...(Object.keys(trace).length ? { trace } : {}), ...(opts.record ? { record: opts.record } : {}) };
      const job = await this.queue(def.queue).add(name, envelope, { ...retention, ...def.options, jobId: recordedJobId(name, idempotencyKey) });
      return job.id!;
    });
  }

  /**
   * Creates or updates a BullMQ Job Scheduler (one per id, however many schedulers
   * upsert it: each run is one job, `repeat:<id>:<time>`). Cron in UTC.
   */
  async schedule<N extends JobName>(schedulerId: string, pattern: string, name: N, payload: JobPayload<N>): Promise<void> {
    const def = jobs[name];
    const envelope: JobEnvelope = { payload: def.payload.parse(payload) };
    await this.queue(def.queue).upsertJobScheduler(schedulerId, { pattern, tz: 'UTC' }, { name, data: envelope, opts: { ...retention, ...def.options } });
  }

  /** Removes every scheduler of the given queues whose id is not in `keep`. */
  async unscheduleOthers(keep: ReadonlySet<string>): Promise<string[]> {
    const removed: string[] = [];
    for (const q of queueNames)
      for (const s of await this.queue(q).getJobSchedulers())
        if (s.key && !keep.has(s.key) && (await this.queue(q).removeJobScheduler(s.key))) removed.push(s.key);
    return removed;
  }

  /** Many jobs of one name in one round trip (BullMQ addBulk); each validated. */
  async enqueueMany<N extends JobName>(name: N, items: { payload: JobPayload<N>; key: string; record?: string }[]): Promise<void> {
    if (items.length === 0) return;
    const def = jobs[name];
    await enqueueSpan(name, items.length, async (trace) => {
      await this.connected();
      await this.queue(def.queue).addBulk(
        items.map((i) => ({
          name,
          data: {
            payload: def.payload.parse(i.payload),
            ...(Object.keys(trace).length ? { trace } : {}),
            ...(i.record ? { record: i.record } : {}),
          } satisfies JobEnvelope,
          opts: { ...retention, ...def.options, jobId: recordedJobId(name, i.key) },
        })),
      );
    });
  }

  /**
   * Of these recorded jobs, the ones BullMQ does not hold: never enqueued (Redis was
   * down when they were recorded) or lost with Redis's data. One pipelined round trip.
   * A job BullMQ still keeps in any state (waiting, delayed, active, completed, failed)
   * counts as held, so a job that ran is never reported missing while it is retained.
   */
  async missing<T extends { name: JobName; id: string }>(records: readonly T[]): Promise<T[]> {
    if (records.length === 0) return [];
    // Every queue's keys share QUEUE_PREFIX's hash slot, so this pipeline is valid on a cluster too.
    const pipeline = this.connection.pipeline();
    for (const r of records) pipeline.exists(this.queue(jobs[r.name].queue).toKey(recordedJobId(r.name, r.id)));
    const replies = (await pipeline.exec()) ?? [];
    return records.filter((_, i) => {
      const [err, n] = replies[i] ?? [new Error('no reply'), 0];
      if (err) throw err;
      return n === 0;
    });
  }

  /** The BullMQ job with this id, if still kept. */
  find(name: JobName, jobId: string) {
    return this.queue(jobs[name].queue).getJob(jobId);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

/** Consumer side: a payload that does not validate can never succeed, so it fails as terminal. */
export function parsePayload<N extends JobName>(name: N, data: unknown): { payload: JobPayload<N>; trace?: Record<string, string>; record?: string } {
  const env = data as Partial<JobEnvelope>;
  const r = jobs[name].payload.safeParse(env?.payload);
  if (!r.success)
    throw new JobFailure(
      'SENTINEL_JOB_INPUT_INVALID',
      `invalid payload for ${name}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return { payload: r.data as JobPayload<N>, ...(env.trace ? { trace: env.trace } : {}), ...(typeof env.record === 'string' ? { record: env.record } : {}) };
}

/** The BullMQ job id for a job name and idempotency key (for recorded tenant jobs, the row id). */
export function recordedJobId(name: JobName, key: string): string {
  return `${name}-${key}`;
}

/**
 * Records a tenant job inside the caller's transaction (so it commits with the change
 * that asked for it) and returns its id; enqueue it after commit with
 * `producer.enqueue(name, payload, id, { record: id })`.
 */
export async function recordTenantJob<N extends JobName>(tx: Tx, tenantId: string, createdBy: string | null, name: N, payload: JobPayload<N>): Promise<string> {
  const parsed = jobs[name].payload.parse(payload);
  const row = await tx.job.create({ data: { tenantId, name, payload: parsed as object, createdBy }, select: { id: true } });
  return row.id;
}
