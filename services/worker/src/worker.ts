// One BullMQ Worker per queue; each job name has exactly one processor. Retry policy
// lives in the job definitions (platform/queues): processors throw, and an
// UnrecoverableError (invalid payload, missing or foreign rows) fails the job at once.
import { context, propagation, trace } from '@opentelemetry/api';
import { Worker, type Job } from 'bullmq';
import { Histogram, Counter, Gauge } from 'prom-client';
import {
  inSpan,
  bullConnection,
  jobs,
  parsePayload,
  Prisma,
  UnrecoverableError,
  queueNames,
  JobProducer,
  JobsRepository,
  enqueueDeliveries,
  recordWebhookEvent,
  type AppDb,
  type WorkerConfig,
  type JobName,
  type Logger,
  type Metrics,
  type PlatformDb,
  type QueueName,
  type RedisClient,
  type WebhookEventType,
} from '@sentinel/platform';
import type { Mailer } from './mailer.js';
import { errorForLog, publicFailure } from './failure.js';
import type { JobRun } from './job-run.js';
import { processInvite, processInviteAdmin } from './processors/invite.js';
import { processAuditExport } from './processors/audit-export.js';
import { processTenantExport } from './processors/tenant-export.js';
import { processUsersImport } from './processors/users-import.js';
import { processWebhookDelivery } from './processors/webhook-deliver.js';
import { auditRetention, purgeExpired, usageRollup } from './processors/maintenance.js';

export interface WorkerDeps {
  config: WorkerConfig;
  logger: Logger;
  metrics: Metrics;
  appDb: AppDb;
  /** Handed to scheduled maintenance only (cross-tenant). Tenant jobs get appDb, under RLS. */
  platformDb: PlatformDb;
  /** Reads the per-tenant usage counters for the rollup. */
  redis: RedisClient;
  mailer: Mailer;
}

type Processor = (payload: never, run: JobRun) => Promise<unknown>;

/**
 * One processor per job name, each given only what it needs: tenant jobs the app pool
 * (RLS as their tenant), scheduled maintenance the platform pool. Processors also get
 * the producer, to enqueue follow-up jobs.
 */
function processorsFor(deps: WorkerDeps, producer: JobProducer): { [N in JobName]: Processor } {
  const tenant = { config: deps.config, appDb: deps.appDb, mailer: deps.mailer, producer };
  const maintenance = { config: deps.config, platformDb: deps.platformDb, redis: deps.redis };
  return {
    'user.invite': ((p, _run) => processInvite(tenant, p)) as Processor,
    'tenant.invite-admin': ((p, _run) => processInviteAdmin(tenant, p)) as Processor,
    'audit.export': ((p, run) => processAuditExport(tenant, p, run)) as Processor,
    'tenant.export': ((p, run) => processTenantExport(tenant, p, run)) as Processor,
    'users.import': ((p, run) => processUsersImport(tenant, p, run)) as Processor,
    'maintenance.purge-expired': (() => purgeExpired(maintenance)) as Processor,
    'maintenance.audit-retention': (() => auditRetention(maintenance)) as Processor,
    'maintenance.usage-rollup': ((p) => usageRollup(maintenance, p)) as Processor,
    'webhook.deliver': ((p, run) => processWebhookDelivery(tenant, p, run)) as Processor,
    'system.noop': async () => undefined,
  };
}

const tracer = trace.getTracer('sentinel-worker');

/** The webhook event a recorded job's completion emits (docs/webhooks.md), in the transaction that records it. */
const COMPLETION_EVENTS: Partial<Record<JobName, WebhookEventType>> = {
  'users.import': 'import.completed',
  'audit.export': 'export.completed',
  'tenant.export': 'export.completed',
};

export interface RunningWorkers {
  workers: Worker[];
  /** Stops taking jobs, waits for in-flight ones (BullMQ's close), then resolves. Idempotent. */
  close(): Promise<void>;
}

export function startWorkers(deps: WorkerDeps): RunningWorkers {
  const { registry } = deps.metrics;
  const duration = new Histogram({
    name: 'sentinel_job_duration_seconds',
    help: 'Job processing time by job name and outcome',
    labelNames: ['job', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'sentinel_job_attempts_total',
    help: 'Job attempts by job name and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const producerConnection = bullConnection(deps.config, { forWorker: false });
  const producer = new JobProducer(producerConnection, deps.config.QUEUE_PREFIX);
  new Gauge({
    name: 'sentinel_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      for (const q of queueNames) {
        const counts = await producer.queue(q).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        for (const [state, n] of Object.entries(counts)) this.set({ queue: q, state }, n);
      }
    },
  });

  // Each job ends with one observation and one increment; prom-client hashes a labels object
  // on every call, so the children are looked up once per job name and outcome.
  const outcomeMetrics = new Map<string, { duration: Histogram.Internal<'job' | 'outcome'>; attempts: Counter.Internal }>();
  const metricsFor = (job: JobName, outcome: string) => {
    const key = `${job}|${outcome}`;
    let m = outcomeMetrics.get(key);
    if (!m) outcomeMetrics.set(key, (m = { duration: duration.labels({ job, outcome }), attempts: attempts.labels({ job, outcome }) }));
    return m;
  };

  const processors = processorsFor(deps, producer);

  /** Keeps a tenant job's `jobs` row in step, under RLS as its tenant. */
  const jobRows = new JobsRepository();
  const record = (tenantId: string, id: string, data: Prisma.JobUpdateManyMutationInput) =>
    deps.appDb.withTenant(tenantId, (tx) => jobRows.record(tx, tenantId, id, data));

  const handle = async (job: Job) => {
    const name = job.name as JobName;
    const started = process.hrtime.bigint();
    // The job's fields on every line it logs. A child logger costs a serialisation of them
    // per job, so it is made only for the lines beyond the one 'job done' (a no-op job's whole
    // pipeline is ~100 µs; issue #13 measures it against a bare BullMQ worker).
    const fields: { jobId: string | undefined; jobName: JobName; attempt: number; tenantId?: string } = {
      jobId: job.id,
      jobName: name,
      attempt: job.attemptsMade + 1,
    };
    let child: Logger | undefined;
    const log = () => (child ??= deps.logger.child(fields));
    let outcome = 'completed';
    let tracked: { tenantId: string; id: string } | undefined;
    let traceId: string | undefined;
    try {
      if (!(name in jobs)) throw new UnrecoverableError(`no processor for job ${name}`);
      const { payload, trace: carrier, record: recordId } = parsePayload(name, job.data);
      const tenantId = (payload as { tenantId?: string }).tenantId;
      if (tenantId) fields.tenantId = tenantId;
      if (tenantId && recordId) {
        tracked = { tenantId, id: recordId };
        await record(tenantId, recordId, { state: 'active', attempts: job.attemptsMade + 1 });
      }
      const parent = carrier ? propagation.extract(context.active(), carrier) : context.active();
      const result = await inSpan(
        tracer,
        `job ${name}`,
        { attributes: { 'messaging.system': 'bullmq', 'messaging.operation': 'process', 'sentinel.job.id': String(job.id) } },
        async (span) => {
          if (span.isRecording()) traceId = span.spanContext().traceId;
          const run: JobRun = {
            recordId: tracked?.id,
            attempt: job.attemptsMade + 1,
            attempts: job.opts.attempts ?? 1,
            progress: async (p, o) => {
              await job.updateProgress(p);
              if (tracked && !o?.recorded) await record(tracked.tenantId, tracked.id, { progress: p });
            },
          };
          const result = await processors[name](payload as never, run);
          if (tracked) {
            const t = tracked;
            const event = COMPLETION_EVENTS[name];
            const deliveries = await deps.appDb.withTenant(t.tenantId, async (tx) => {
              await jobRows.record(tx, t.tenantId, t.id, {
                state: 'completed',
                result: result === undefined || result === null ? Prisma.DbNull : (result as Prisma.InputJsonValue),
                failureCode: null,
                failureReason: null,
                finishedAt: new Date(),
              });
              return event ? recordWebhookEvent(tx, t.tenantId, event, { job: { id: t.id, name, result: result ?? null } }) : [];
            });
            await enqueueDeliveries(producer, log(), t.tenantId, deliveries);
          }
          // Inside the span, so the line carries the job's trace id.
          deps.logger.info({ ...fields, result }, 'job done');
          return result;
        },
        parent,
      );
      return result;
    } catch (err) {
      const terminal = (err as Error).name === 'UnrecoverableError';
      const final = terminal || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      outcome = terminal ? 'terminal' : 'retry';
      const failure = publicFailure(err, { final, traceId });
      // The whole error, for operators; the row gets only the code and the sentence.
      log().warn({ err: errorForLog(err), code: failure.code, ...(traceId ? { traceId } : {}), outcome, final }, 'job failed');
      if (tracked)
        await record(tracked.tenantId, tracked.id, {
          state: final ? 'failed' : 'queued',
          failureCode: failure.code,
          failureReason: failure.reason,
          ...(final ? { finishedAt: new Date() } : {}),
        }).catch((e: unknown) => log().warn({ err: errorForLog(e) }, 'could not record the failure'));
      throw err;
    } finally {
      const m = metricsFor(name, outcome);
      m.duration.observe(Number(process.hrtime.bigint() - started) / 1e9);
      m.attempts.inc();
    }
  };

  const consumed = deps.config.WORKER_QUEUES.length ? queueNames.filter((q) => deps.config.WORKER_QUEUES.includes(q)) : queueNames;
  const unknown = deps.config.WORKER_QUEUES.filter((q) => !queueNames.includes(q as QueueName));
  if (unknown.length) throw new Error(`WORKER_QUEUES names unknown queues: ${unknown.join(', ')} (known: ${queueNames.join(', ')})`);
  // One Redis: BullMQ opens (and closes) its own connections from the URL; blocking ones need
  // maxRetriesPerRequest: null. A cluster cannot be described by options (BullMQ would open a
  // plain Redis): each Worker gets a Cluster of its own (it duplicates it for its blocking
  // connection), closed here after the Worker.
  const clusters: RedisClient[] = [];
  const workerConnection = () => {
    if (deps.config.REDIS_CLUSTER_NODES === undefined) return { url: deps.config.REDIS_URL, maxRetriesPerRequest: null };
    const c = bullConnection(deps.config, { forWorker: true });
    clusters.push(c);
    return c;
  };
  const workers = consumed.map(
    (q) =>
      new Worker(q, handle, {
        connection: workerConnection(),
        prefix: deps.config.QUEUE_PREFIX,
        concurrency: deps.config.WORKER_CONCURRENCY,
        lockDuration: deps.config.WORKER_LOCK_DURATION_MS,
        stalledInterval: deps.config.WORKER_STALLED_INTERVAL_MS,
        // A job that stalls twice (its worker killed twice mid-run) fails instead of looping.
        maxStalledCount: 2,
      }),
  );
  for (const w of workers) w.on('error', (err) => deps.logger.warn({ err: { message: err.message } }, 'worker error'));
  let closing: Promise<void> | undefined;
  return {
    workers,
    close: () =>
      (closing ??= Promise.all(workers.map((w) => w.close()))
        .then(() => Promise.all(clusters.map((c) => c.quit().catch(() => c.disconnect()))))
        .then(() => producer.close())
        .then(() => producerConnection.quit().catch(() => producerConnection.disconnect()))
        .then(() => undefined)),
  };
}
