// The arrival-rate scenarios over the multi-tenant mix (./mix.ts). Rates are iterations per
// second (one iteration is one action: one request, or an export's start and its polls).
//   load    LOAD_RATE for LOAD_DURATION_S (default 60), then a ramp to 2x and back (1.5x the duration)
//   stress  steps of LOAD_STEP_S (15) from LOAD_RATE, x1.5 each, until p99 > 500 ms or errors: the knee
//   spike   LOAD_RATE, then 5x within 5 s for LOAD_DURATION_S (30), then LOAD_RATE again (recovery)
//   soak    LOAD_RATE for LOAD_DURATION_S (default 1800), RSS of the services and p99 per minute
//   noisy   the mix at LOAD_RATE while the free-plan tenant floods at LOAD_NOISY_RATE (50)
import { readFileSync } from 'node:fs';
import { constantArrivalRate, rampingArrivalRate, runArrivals } from '../lib/executor.js';
import { Metrics } from '../lib/metrics.js';
import { Session } from '../lib/world.js';
import { MIX_THRESHOLDS, Mix, thresholdsFromEnv } from './mix.js';
import type { Scenario, ScenarioContext } from './types.js';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

export const load: Scenario = async ({ config, world, http, metrics, log }) => {
  const mix = await Mix.open(config, world, http, metrics);
  const d = config.durationS ?? 60;
  const base = { metrics, maxInFlight: config.maxInFlight, iteration: mix.iteration };
  log(`constant arrival rate: ${config.rate}/s for ${d}s`);
  await constantArrivalRate({ ...base, rate: config.rate, durationS: d });
  log(`ramping arrival rate: ${config.rate}/s -> ${config.rate * 2}/s over ${d / 2}s, held ${d / 2}s, back over ${d / 2}s`);
  await rampingArrivalRate({
    ...base,
    startRate: config.rate,
    stages: [
      { target: config.rate * 2, durationS: d / 2 },
      { target: config.rate * 2, durationS: d / 2 },
      { target: config.rate, durationS: d / 2 },
    ],
  });
  return { thresholds: thresholdsFromEnv(MIX_THRESHOLDS) };
};

export const stress: Scenario = async ({ config, world, http, metrics, log }) => {
  const mix = await Mix.open(config, world, http, metrics);
  const stepS = num('LOAD_STEP_S', 15);
  const maxRate = num('LOAD_MAX_RATE', 1000);
  const p99Limit = num('LOAD_KNEE_P99_MS', 500);
  const steps: { rate: number; achieved: number; p50: number; p95: number; p99: number; failed: number; dropped: number }[] = [];
  let knee: number | undefined;
  let broke: string | undefined;
  for (let rate = config.rate; rate <= maxRate; rate = Math.round(rate * 1.5)) {
    const step = new Metrics();
    metrics.window = step;
    const droppedBefore = metrics.count('dropped_iterations');
    await constantArrivalRate({ metrics, maxInFlight: config.maxInFlight, iteration: mix.iteration, rate, durationS: stepS, gracefulStopMs: 10_000 });
    metrics.window = undefined;
    const s = step.stats();
    const dropped = metrics.count('dropped_iterations') - droppedBefore;
    steps.push({ rate, achieved: Math.round(s.requests / stepS), p50: s.p50, p95: s.p95, p99: s.p99, failed: s.failed, dropped });
    log(`step ${rate}/s: ${s.requests} requests, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, failed ${s.failed}, dropped ${dropped}`);
    if (s.p99 > p99Limit || s.failed > 0 || dropped > 0) {
      broke = `${rate}/s: ${s.p99 > p99Limit ? `p99 ${s.p99.toFixed(0)} ms > ${p99Limit} ms` : s.failed ? `${s.failed} failed requests` : `${dropped} iterations dropped (client at LOAD_MAX_IN_FLIGHT)`}`;
      break;
    }
    knee = rate;
  }
  const kneeText =
    knee === undefined
      ? `below ${config.rate}/s (the first step broke: ${broke})`
      : `${knee}/s (next step ${broke ?? `not reached: LOAD_MAX_RATE ${maxRate}`})`;
  log(`knee: ${kneeText}`);
  // Stress exists to find the knee, not to pass thresholds: only isolation decides it.
  return { thresholds: [], extra: { knee: kneeText, kneeRate: knee ?? null, steps } };
};

export const spike: Scenario = async ({ config, world, http, metrics, log }) => {
  const mix = await Mix.open(config, world, http, metrics);
  const d = config.durationS ?? 30;
  const high = config.rate * num('LOAD_SPIKE_FACTOR', 5);
  log(`spike: ${config.rate}/s for ${d}s, to ${high}/s in 5s, held ${d}s, back to ${config.rate}/s for ${d}s`);
  const phases: Record<string, unknown> = {};
  const windows = ['before', 'spike', 'after'] as const;
  const stages = [
    [{ target: config.rate, durationS: d }],
    [
      { target: high, durationS: 5 },
      { target: high, durationS: d },
    ],
    [
      { target: config.rate, durationS: 5 },
      { target: config.rate, durationS: d },
    ],
  ];
  let start = config.rate;
  for (const [i, name] of windows.entries()) {
    metrics.window = new Metrics();
    await rampingArrivalRate({ metrics, maxInFlight: config.maxInFlight, iteration: mix.iteration, startRate: start, stages: stages[i]! });
    const s = metrics.window.stats();
    phases[name] = { requests: s.requests, failed: s.failed, p50: s.p50, p95: s.p95, p99: s.p99 };
    start = stages[i]!.at(-1)!.target;
  }
  metrics.window = undefined;
  return { thresholds: thresholdsFromEnv(['http_req_failed < 0.01', 'p99 < 3000']), extra: { phases } };
};

/** RSS of a process in MiB, from /proc (Linux), or of a service from its Prometheus metrics. */
async function rss(pid: number | undefined, url: string | undefined): Promise<number | undefined> {
  try {
    if (pid !== undefined) {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 102.4) / 10 : undefined;
    }
    if (url) {
      const m = /^process_resident_memory_bytes(?:\{[^}]*\})? ([\d.e+]+)/m.exec(await (await fetch(url)).text());
      return m ? Math.round(Number(m[1]) / 104857.6) / 10 : undefined;
    }
  } catch {
    /* gone or unreachable: no sample */
  }
  return undefined;
}

export const soak: Scenario = async ({ config, world, http, metrics, log }) => {
  const mix = await Mix.open(config, world, http, metrics);
  const d = config.durationS ?? 1800;
  const names = [...new Set([...Object.keys(config.pids), ...Object.keys(config.metricsUrls)])];
  const memory: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const perMinute: { minute: number; requests: number; p99: number; failed: number }[] = [];
  log(`soak: ${config.rate}/s for ${d}s; RSS of ${names.join(', ') || 'nothing (set LOAD_PIDS or LOAD_METRICS_URLS)'} every 10 s`);
  const sample = async () => {
    for (const n of names) {
      const v = await rss(config.pids[n], config.metricsUrls[n]);
      if (v !== undefined) memory[n]!.push(v);
    }
  };
  await sample();
  metrics.window = new Metrics();
  let minute = 0;
  const sampler = setInterval(() => void sample(), 10_000);
  const roller = setInterval(() => {
    const s = metrics.window!.stats();
    perMinute.push({ minute: ++minute, requests: s.requests, p99: Math.round(s.p99 * 10) / 10, failed: s.failed });
    metrics.window = new Metrics();
  }, 60_000);
  try {
    await runArrivals({ metrics, maxInFlight: config.maxInFlight, iteration: mix.iteration }, () => config.rate, d);
  } finally {
    clearInterval(sampler);
    clearInterval(roller);
    metrics.window = undefined;
  }
  await sample();
  // Flat: the last minute's p99 within 2x the first's (plus 20 ms of noise); RSS reported per service.
  if (perMinute.length >= 2) {
    const first = perMinute[0]!.p99;
    const last = perMinute.at(-1)!.p99;
    metrics.check('soak: p99 stays flat', last <= first * 2 + 20, `first minute ${first} ms, last ${last} ms`);
  }
  const rssSummary = Object.fromEntries(
    Object.entries(memory).map(([n, v]) => [n, { firstMiB: v[0] ?? null, lastMiB: v.at(-1) ?? null, maxMiB: v.length ? Math.max(...v) : null, samples: v }]),
  );
  return { thresholds: thresholdsFromEnv(MIX_THRESHOLDS), extra: { rss: rssSummary, p99PerMinute: perMinute } };
};

export const noisy: Scenario = async (ctx: ScenarioContext) => {
  const { config, world, http, metrics, log } = ctx;
  const mix = await Mix.open(config, world, http, metrics);
  const flooder = await Session.open(http, world.noisy.admin, 'setup');
  // Within one quota window (RATE_LIMIT_WINDOW_S, 60 s by default) the flood stays refused.
  const d = config.durationS ?? 40;
  const floodRate = num('LOAD_NOISY_RATE', 50);
  // First the mix alone (the baseline, in the same run on the same machine), then with the flood.
  log(`noisy: baseline, the mix alone at ${config.rate}/s for ${d}s`);
  const baseline = new Metrics();
  metrics.window = baseline;
  await constantArrivalRate({ metrics, maxInFlight: config.maxInFlight, iteration: mix.iteration, rate: config.rate, durationS: d });
  metrics.window = undefined;
  // The flooder spends its quota first (up to RATE_LIMIT_FREE requests are ordinary, admitted
  // load); what is measured is the flood beyond it, which the quota must refuse cheaply.
  let burned = 0;
  for (let limited = false; !limited && burned < 100_000;) {
    const batch = await Promise.all(Array.from({ length: 20 }, () => flooder.call('noisy.burn', 'GET', '/api/v1/users?limit=1', { expect: [200, 429] })));
    burned += batch.length;
    limited = batch.some((r) => r.status === 429);
  }
  log(`noisy: ${world.noisy.slug} spent its quota in ${burned} requests`);
  const flooded = new Metrics();
  metrics.window = flooded;
  log(`noisy: ${world.noisy.slug} (free plan) floods at ${floodRate}/s while ${world.tenants.length} tenants run the mix at ${config.rate}/s, for ${d}s`);
  const flood = runArrivals(
    {
      metrics,
      maxInFlight: config.maxInFlight,
      iteration: async () => {
        const r = await flooder.call('noisy.flood', 'GET', '/api/v1/users?limit=10', { expect: [200, 429] });
        if (r.status === 429) {
          metrics.add('noisy_429');
          metrics.check(
            'noisy.flood: 429 carries RateLimit-* and Retry-After',
            Boolean(r.headers['retry-after'] && r.headers['ratelimit-limit'] && r.headers['ratelimit-remaining'] === '0' && r.headers['ratelimit-reset']),
            JSON.stringify(r.headers),
          );
        }
      },
    },
    () => floodRate,
    d,
  );
  await Promise.all([flood, constantArrivalRate({ metrics, maxInFlight: config.maxInFlight, iteration: mix.iteration, rate: config.rate, durationS: d })]);
  metrics.window = undefined;
  // The other tenants, without and with the flood: p99 and failures of everything but the flooder.
  const others = (m: Metrics) => {
    const groups = [...m.groups.keys()].filter((g) => !['all', 'noisy.flood', 'noisy.burn', 'setup'].includes(g));
    const failed = groups.reduce((a, g) => a + m.stats(g).failed, 0);
    const requests = groups.reduce((a, g) => a + m.stats(g).requests, 0);
    return { requests, failed, p99: Object.fromEntries(groups.map((g) => [g, Math.round(m.stats(g).p99 * 10) / 10])) };
  };
  const before = others(baseline);
  const during = others(flooded);
  for (const g of ['users.list', 'users.get', 'audit.list'])
    metrics.check(
      `noisy: ${g} p99 of the other tenants within 2x their baseline (+50 ms)`,
      (during.p99[g] ?? 0) <= (before.p99[g] ?? 0) * 2 + 50,
      `baseline ${before.p99[g]} ms, during the flood ${during.p99[g]} ms`,
    );
  const flood429 = metrics.count('noisy_429');
  return {
    thresholds: [...thresholdsFromEnv(MIX_THRESHOLDS), 'count{noisy_429} > 0', 'checks == 1'],
    extra: { baseline: before, duringFlood: during, flooder: { ...metrics.stats('noisy.flood'), rateLimited: flood429 } },
  };
};
