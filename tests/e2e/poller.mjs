// A client that keeps calling one URL while something happens to the cluster (an upgrade, a pod
// killed), the way a user's client would: CONCURRENCY loops, each sending the next request as soon
// as the previous one answered (keep-alive connections, as fetch does), until the file STOP_FILE
// appears or MAX_S seconds pass. Then it prints one JSON line: requests, answers by status, and the
// transport errors (connection refused or reset: a request that got no answer at all).
// Usage: node tests/e2e/poller.mjs URL STOP_FILE [CONCURRENCY=4] [MAX_S=600]
import { existsSync } from 'node:fs';

const [url, stopFile, concurrencyArg = '4', maxArg = '600'] = process.argv.slice(2);
if (!url || !stopFile) {
  console.error('usage: node tests/e2e/poller.mjs URL STOP_FILE [CONCURRENCY] [MAX_S]');
  process.exit(2);
}
const deadline = Date.now() + Number(maxArg) * 1000;
const byStatus = {};
const errors = {};
let requests = 0;
let slowest = 0;
const firstFailures = [];
let lastFailureAt = null;

async function loop() {
  while (Date.now() < deadline && !existsSync(stopFile)) {
    const t0 = performance.now();
    requests++;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      if (res.status >= 500) {
        lastFailureAt = new Date().toISOString();
        if (firstFailures.length < 5) firstFailures.push(`${lastFailureAt} ${res.status}`);
      }
    } catch (err) {
      const code = err.cause?.code ?? err.name ?? 'error';
      errors[code] = (errors[code] ?? 0) + 1;
      lastFailureAt = new Date().toISOString();
      if (firstFailures.length < 5) firstFailures.push(`${lastFailureAt} ${code}`);
    }
    slowest = Math.max(slowest, performance.now() - t0);
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrencyArg) }, loop));
const seconds = (performance.now() - started) / 1000;
const failed = Object.entries(byStatus).reduce((n, [s, c]) => n + (Number(s) >= 500 ? c : 0), 0);
const transport = Object.values(errors).reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify({
    requests,
    seconds: Number(seconds.toFixed(1)),
    rps: Math.round(requests / seconds),
    byStatus,
    errors,
    fivexx: failed,
    transport,
    slowestMs: Math.round(slowest),
    firstFailures,
    lastFailureAt,
  }),
);
