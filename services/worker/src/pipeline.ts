// For benchmarks only (bench/worker-throughput.ts, bench/tenant-export.ts): the worker's job pipeline without
// its process entry point. Services never import each other; nothing else uses this.
export { startWorkers, type RunningWorkers, type WorkerDeps } from './worker.js';
export { createMailer } from './mailer.js';
export { allLinesStatement } from './repositories/tenant-export.js';
