// The job relay (transactional outbox). A tenant job is recorded as a `jobs` row in the
// transaction that asks for it and enqueued after commit; if Redis is away at that
// moment the row stays `queued` with no BullMQ job behind it. The relay finds such rows
// and enqueues them under the job id the producer would have used (`<name>-<row id>`),
// so an enqueue that did happen, or a second relay, adds nothing: BullMQ keeps one job
// per id for as long as it retains the job (a day after completion), and the relay only
// looks at rows still `queued`. One replica sweeps at a time (RelayRepository.lead).
// Webhook deliveries never attempted (the webhook outbox) are relayed the same way, as
// `webhook.deliver-<delivery id>`.
import { Counter, Gauge } from 'prom-client';
import type { JobPayload, JobProducer, Logger, Metrics, SchedulerConfig } from '@sentinel/platform';
import { isJobName, type QueuedJob, type RelayRepository } from './relay-repository.js';

export interface RelayDeps {
  config: Pick<SchedulerConfig, 'JOB_RELAY_INTERVAL_S' | 'JOB_RELAY_MIN_AGE_S' | 'JOB_RELAY_BATCH'>;
  repo: RelayRepository;
  producer: JobProducer;
  logger: Logger;
  metrics: Metrics;
}

export interface SweepResult {
  leader: boolean;
  /** Recorded jobs BullMQ did not hold. */
  missing: number;
  enqueued: number;
}

export interface JobRelay {
  sweep(): Promise<SweepResult>;
  /** Stops sweeping, waits for a sweep in progress, gives leadership up. Idempotent. */
  close(): Promise<void>;
}

export function startJobRelay(d: RelayDeps): JobRelay {
  const registers = [d.metrics.registry];
  const backlog = new Gauge({
    name: 'sentinel_job_relay_backlog',
    help: 'Tenant jobs queued longer than JOB_RELAY_MIN_AGE_S and not known to be in BullMQ after the last sweep (all of them while Redis is down)',
    registers,
  });
  const enqueuedTotal = new Counter({
    name: 'sentinel_job_relay_enqueued_total',
    help: 'Recorded jobs the relay enqueued because BullMQ did not hold them',
    labelNames: ['job'] as const,
    registers,
  });
  const sweeps = new Counter({ name: 'sentinel_job_relay_sweeps_total', help: 'Relay sweeps by result', labelNames: ['result'] as const, registers });
  const leaderGauge = new Gauge({ name: 'sentinel_job_relay_leader', help: '1 while this replica is the relay leader', registers });
  const log = d.logger.child({ component: 'job-relay' });
  const { JOB_RELAY_MIN_AGE_S: minAge, JOB_RELAY_BATCH: batch } = d.config;

  async function relayPage(page: QueuedJob[]): Promise<{ missing: number; enqueued: number }> {
    const lost = await d.producer.missing(page.filter((r) => isJobName(r.name)));
    let enqueued = 0;
    for (const r of lost) {
      try {
        await d.producer.enqueue(r.name, r.payload as JobPayload<typeof r.name>, r.id, r.recorded ? { record: r.id } : {});
      } catch (err) {
        // A payload that no longer validates can never run: say so and go on. Anything
        // else (Redis gone again) ends the sweep; the next one resumes.
        if ((err as Error).name !== 'ZodError') throw err;
        log.error(
          { jobId: r.id, tenantId: r.tenantId, job: r.name, err: { message: (err as Error).message } },
          'recorded job has an invalid payload; not relayed',
        );
        continue;
      }
      enqueued++;
      enqueuedTotal.inc({ job: r.name });
      log.info({ jobId: r.id, tenantId: r.tenantId, job: r.name }, 'relayed a recorded job BullMQ did not have');
    }
    return { missing: lost.length, enqueued };
  }

  async function sweep(): Promise<SweepResult> {
    if (!(await d.repo.lead())) {
      leaderGauge.set(0);
      sweeps.inc({ result: 'standby' });
      return { leader: false, missing: 0, enqueued: 0 };
    }
    leaderGauge.set(1);
    // The backlog is what this sweep saw BullMQ lacking and could not enqueue. Rows that
    // change state while it pages (a job completing) are simply not seen; only a sweep cut
    // short (Redis gone again) counts the rows it never reached, from the count taken first.
    const waiting = await d.repo.countWaiting(minAge);
    let examined = 0;
    let unsettled = 0;
    let complete = false;
    const result = { leader: true, missing: 0, enqueued: 0 };
    try {
      let after: QueuedJob | undefined;
      for (;;) {
        const page = await d.repo.waiting(minAge, batch, after);
        if (page.length === 0) break;
        const r = await relayPage(page);
        result.missing += r.missing;
        result.enqueued += r.enqueued;
        examined += page.length;
        unsettled += r.missing - r.enqueued;
        if (page.length < batch) break;
        after = page[page.length - 1];
      }
      complete = true;
      sweeps.inc({ result: 'ok' });
      if (result.missing) log.info(result, 'relay sweep');
      return result;
    } catch (err) {
      sweeps.inc({ result: 'error' });
      throw err;
    } finally {
      backlog.set(complete ? unsettled : unsettled + Math.max(0, waiting - examined));
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let closing: Promise<void> | undefined;
  const tick = () => {
    running = sweep()
      .catch((err: unknown) => log.warn({ err: { message: (err as Error).message } }, 'relay sweep failed; retrying at the next interval'))
      .finally(() => {
        running = undefined;
        if (!closing) timer = setTimeout(tick, d.config.JOB_RELAY_INTERVAL_S * 1000);
      });
  };
  if (d.config.JOB_RELAY_INTERVAL_S > 0) tick();
  else log.info('job relay off (JOB_RELAY_INTERVAL_S=0)');

  return {
    sweep,
    close: () =>
      (closing ??= (async () => {
        clearTimeout(timer);
        await running;
        leaderGauge.set(0);
        await d.repo.resign();
      })()),
  };
}
