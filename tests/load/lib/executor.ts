// Open-model executors, as k6's constant-arrival-rate and ramping-arrival-rate: iterations
// start on a schedule of time, never waiting for earlier ones to answer, so a slow server
// meets the same arrival rate a real crowd would give it (a closed loop would slow down with
// it and hide the queueing). When `maxInFlight` iterations are already running, a due
// arrival is dropped and counted (`dropped_iterations`), not delayed.
import type { Metrics } from './metrics.js';

export interface Stage {
  /** Iterations per second reached at the end of the stage. */
  target: number;
  durationS: number;
}

export interface ArrivalOptions {
  metrics: Metrics;
  maxInFlight: number;
  /** One iteration; `n` counts from 0. Its errors are counted (`iteration_errors`), never thrown. */
  iteration: (n: number) => Promise<void>;
  /** How long to wait for iterations still running at the end (default 30 s). */
  gracefulStopMs?: number;
}

/** The rate at second `t` of a ramp: linear from the previous stage's target (the first from `startRate`). */
export function rampRate(startRate: number, stages: Stage[], t: number): number {
  let from = startRate;
  let at = 0;
  for (const s of stages) {
    if (t < at + s.durationS) return from + ((s.target - from) * (t - at)) / s.durationS;
    from = s.target;
    at += s.durationS;
  }
  return from;
}

export const constantArrivalRate = (o: ArrivalOptions & { rate: number; durationS: number }) => runArrivals(o, () => o.rate, o.durationS);

export const rampingArrivalRate = (o: ArrivalOptions & { startRate: number; stages: Stage[] }) =>
  runArrivals(
    o,
    (t) => rampRate(o.startRate, o.stages, t),
    o.stages.reduce((a, s) => a + s.durationS, 0),
  );

/** Starts iterations at `rate(t)` per second for `durationS` seconds; resolves when they have finished (or the grace period ran out). */
export async function runArrivals(o: ArrivalOptions, rate: (tS: number) => number, durationS: number): Promise<{ started: number; dropped: number }> {
  const t0 = performance.now();
  const endMs = durationS * 1000;
  const running = new Set<Promise<void>>();
  let started = 0;
  let dropped = 0;
  // The time (ms from t0) of the next arrival; a rate of 0 checks again 50 ms later.
  let next = 0;
  const advance = (at: number) => {
    const r = rate(at / 1000);
    return r > 0 ? at + 1000 / r : at + 50;
  };
  if (rate(0) <= 0) next = advance(0);
  while (next < endMs) {
    const now = performance.now() - t0;
    if (next > now) {
      await new Promise((r) => setTimeout(r, Math.min(next - now, 50)));
      continue;
    }
    // Every arrival that is due now starts now (catching up after a late timer), in order.
    while (next <= now && next < endMs) {
      if (rate(next / 1000) > 0) {
        if (running.size >= o.maxInFlight) {
          dropped++;
          o.metrics.add('dropped_iterations');
        } else {
          const n = started++;
          o.metrics.add('iterations');
          const p: Promise<void> = o
            .iteration(n)
            .catch((err: unknown) => {
              o.metrics.add('iteration_errors');
              o.metrics.check('iteration completes', false, err instanceof Error ? err.message : String(err));
            })
            .finally(() => running.delete(p));
          running.add(p);
        }
      }
      next = advance(next);
    }
  }
  const grace = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), o.gracefulStopMs ?? 30_000).unref());
  if ((await Promise.race([Promise.all(running).then(() => 'done' as const), grace])) === 'timeout') o.metrics.add('interrupted_iterations', running.size);
  return { started, dropped };
}
