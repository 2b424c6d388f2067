// A client that keeps calling one URL while something happens to the cluster (an upgrade, a pod
// killed), the way a user's client would: CONCURRENCY loops on keep-alive connections, each
// sending its next request when the previous one answered (or, with RATE, paced so all loops
// together send about RATE requests a second: through the ingress the API tier allows 50 a second
// per client), until the file STOP_FILE appears or MAX_S seconds pass. Then it prints one JSON
// line: requests, answers by status, the transport errors (connection refused or reset: a request
// that got no answer at all), the slowest answer, and when the first and last failures happened.
// Usage: node tests/e2e/poller.mjs URL STOP_FILE [CONCURRENCY=4] [MAX_S=600] [RATE=0 (no pace)]
// POLL_HOST=name sends that Host header (an Ingress rule's host, with the ingress's address in URL).
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';

const [url, stopFile, concurrencyArg = '4', maxArg = '600', rateArg = '0'] = process.argv.slice(2);
if (!url || !stopFile) {
  console.error('usage: node tests/e2e/poller.mjs URL STOP_FILE [CONCURRENCY] [MAX_S] [RATE]');
  process.exit(2);
}
const concurrency = Number(concurrencyArg);
const deadline = Date.now() + Number(maxArg) * 1000;
const interval = Number(rateArg) > 0 ? (1000 * concurrency) / Number(rateArg) : 0; // per loop
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const headers = process.env.POLL_HOST ? { host: process.env.POLL_HOST } : {};
const byStatus = {};
const errors = {};
let requests = 0;
let slowest = 0;
const firstFailures = [];
let lastFailureAt = null;

function once() {
  return new Promise((resolve) => {
    const req = request(url, { agent, headers, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
      res.on('error', (err) => resolve({ error: err.code ?? 'error' }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err) => resolve({ error: err.code ?? 'error' }));
    req.end();
  });
}

function failed(what) {
  lastFailureAt = new Date().toISOString();
  if (firstFailures.length < 5) firstFailures.push(`${lastFailureAt} ${what}`);
}

async function loop() {
  while (Date.now() < deadline && !existsSync(stopFile)) {
    const t0 = performance.now();
    requests++;
    const r = await once();
    if (r.error) {
      errors[r.error] = (errors[r.error] ?? 0) + 1;
      failed(r.error);
    } else {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      if (r.status !== 200) failed(r.status);
    }
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    if (interval > ms) await new Promise((res) => setTimeout(res, interval - ms));
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, loop));
agent.destroy();
const seconds = (performance.now() - started) / 1000;
const count = (pred) => Object.entries(byStatus).reduce((n, [s, c]) => n + (pred(Number(s)) ? c : 0), 0);
console.log(
  JSON.stringify({
    requests,
    seconds: Number(seconds.toFixed(1)),
    rps: Math.round(requests / seconds),
    byStatus,
    errors,
    fivexx: count((s) => s >= 500),
    notOk: count((s) => s !== 200),
    transport: Object.values(errors).reduce((a, b) => a + b, 0),
    slowestMs: Math.round(slowest),
    firstFailures,
    lastFailureAt,
  }),
);
