// The worker's pipeline in the test process: real PostgreSQL pools, Redis and BullMQ
// (the config's QUEUE_PREFIX), the configured mailer (SMTP_URL, or the log transport).
import { AppDb, PlatformDb, createLogger, createMetrics, createRedis, type Config, type Logger } from '@sentinel/platform';
import { createMailer } from '../../services/worker/src/mailer.js';
import { startWorkers, type RunningWorkers } from '../../services/worker/src/worker.js';

export interface TestWorker {
  running: RunningWorkers;
  appDb: AppDb;
  close(): Promise<void>;
}

export function startTestWorker(config: Config, logger: Logger = createLogger({ level: 'silent', service: 'worker-test' })): TestWorker {
  const appDb = new AppDb(config, logger);
  const platformDb = new PlatformDb(config, logger);
  const redis = createRedis(config.REDIS_URL, logger);
  const mailer = createMailer(config, logger);
  const running = startWorkers({ config, logger, metrics: createMetrics('worker'), appDb, platformDb, redis, mailer });
  return {
    running,
    appDb,
    close: async () => {
      await running.close();
      mailer.close();
      await Promise.all([appDb.close(), platformDb.close(), redis.quit()]);
    },
  };
}
