// The entry points' first import: configuration and tracing only. Nothing here loads
// pg, ioredis or express, so tracing can be started before they are (see tracing.ts).
export {
  loadConfig,
  loadConfigOrExit,
  loadControllerConfig,
  loadWorkerConfig,
  loadSchedulerConfig,
  configOrExit,
  ConfigError,
  type Config,
  type ControllerConfig,
  type WorkerConfig,
  type SchedulerConfig,
} from './config.js';
export { startTracing, type TracingOptions } from './telemetry/tracing.js';
