import type { SchedulerConfig, JobName } from '@sentinel/platform';

export interface Schedule {
  id: string;
  pattern: string;
  job: JobName;
}

/** The cron table, from configuration. A schedule set to "off" is left out (and removed from Redis). */
export function schedulesFrom(config: SchedulerConfig): Schedule[] {
  const all: Schedule[] = [
    { id: 'purge-expired', pattern: config.SCHEDULE_PURGE_EXPIRED, job: 'maintenance.purge-expired' },
    { id: 'audit-retention', pattern: config.SCHEDULE_AUDIT_RETENTION, job: 'maintenance.audit-retention' },
    { id: 'usage-rollup', pattern: config.SCHEDULE_USAGE_ROLLUP, job: 'maintenance.usage-rollup' },
  ];
  return all.filter((s) => s.pattern !== 'off');
}
