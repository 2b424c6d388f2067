// The worker's pipeline in the test process: real PostgreSQL pools, Redis and BullMQ
// (the config's QUEUE_PREFIX), the configured mailer (SMTP_URL, or the log transport).
// startTestWorker starts one; useWorkerStack gives a suite the whole job path: the API
// that enqueues, a worker that runs the jobs, fixtures, and a real SMTP server if asked.
import { randomBytes } from 'node:crypto';
import { AppDb, PlatformDb, createLogger, createMetrics, createRedis, type Config, type Logger } from '@sentinel/platform';
import { createMailer } from '../../services/worker/src/mailer.js';
import { startWorkers, type RunningWorkers } from '../../services/worker/src/worker.js';
import { Fixtures, startApi, testConfig, type TestApi } from './stack.js';
import { startSmtp, type TestSmtp } from './smtp.js';
import { lateBound } from './suite.js';

export interface TestWorker {
  running: RunningWorkers;
  appDb: AppDb;
  config: Config;
  close(): Promise<void>;
}

export function startTestWorker(config: Config, logger: Logger = createLogger({ level: 'silent', service: 'worker-test' })): TestWorker {
  const appDb = new AppDb(config, logger);
  const platformDb = new PlatformDb(config, logger);
  const redis = createRedis(config, logger);
  const mailer = createMailer(config, logger);
  const running = startWorkers({ config, logger, metrics: createMetrics('worker'), appDb, platformDb, redis, mailer });
  return {
    running,
    appDb,
    config,
    close: async () => {
      await running.close();
      mailer.close();
      // A test may have stopped this Redis under the worker: quitting then has nothing to close.
      await Promise.all([appDb.close(), platformDb.close(), redis.quit().catch(() => undefined)]);
    },
  };
}

export interface WorkerStackOptions {
  /** Overrides for the API's environment. */
  api?: Record<string, string>;
  /** Overrides for the worker's environment. */
  worker?: Record<string, string>;
  /** Start a real SMTP server; the worker mails to it. */
  smtp?: boolean;
  /** The worker's logger (silent unless given). */
  logger?: Logger;
}

export interface WorkerStack {
  /** The fresh BullMQ prefix the API and the worker share, `{name-xxxxxx}`. */
  prefix: string;
  api: TestApi;
  fx: Fixtures;
  worker: TestWorker;
  /** Only with `smtp: true`. */
  smtp: TestSmtp;
}

/**
 * For the enclosing describe block (or file): an SMTP server if asked, the API, fixtures
 * and an in-process worker on a fresh queue prefix named after `name`; started in
 * beforeAll, closed in afterAll in the reverse order.
 */
export function useWorkerStack(name: string, opts: WorkerStackOptions = {}): WorkerStack {
  const prefix = `{${name}-${randomBytes(3).toString('hex')}}`;
  let smtp: TestSmtp | undefined;
  let api: TestApi | undefined;
  let fx: Fixtures | undefined;
  let worker: TestWorker | undefined;
  beforeAll(async () => {
    if (opts.smtp) smtp = await startSmtp();
    api = await startApi({ QUEUE_PREFIX: prefix, ...opts.api });
    fx = new Fixtures(api.config);
    const config = testConfig({ QUEUE_PREFIX: prefix, ...(smtp ? { SMTP_URL: smtp.url } : {}), ...opts.worker });
    worker = startTestWorker(config, opts.logger);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await fx?.close();
    await smtp?.close();
  });
  return { prefix, api: lateBound(() => api), fx: lateBound(() => fx), worker: lateBound(() => worker), smtp: lateBound(() => smtp) };
}
