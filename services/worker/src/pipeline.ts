// For benchmarks only (bench/worker-throughput.ts): the worker's job pipeline without
// its process entry point. Services never import each other; nothing else uses this.
export { startWorkers, type RunningWorkers, type WorkerDeps } from './worker.js';
export { createMailer } from './mailer.js';
