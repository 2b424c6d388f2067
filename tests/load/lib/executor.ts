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
  const running = new Set<Promise<void>>();
  let started = 0;
  let dropped = 0;
  // Arrivals due so far: the integral of the rate from 0 to `last` (trapezoids of at most 10 ms),
  // so a ramp gets the number of iterations its area says, whatever the timer's granularity.
  let due = 0;
  let last = 0;
  let arrived = 0;
  for (;;) {
    const now = Math.min((performance.now() - t0) / 1000, durationS);
    for (let a = last; a < now;) {
      const b = Math.min(now, a + 0.01);
      due += ((rate(a) + rate(b)) / 2) * (b - a);
      a = b;
    }
    last = now;
    // Every arrival that is due starts now (catching up after a late timer), never waiting for earlier ones.
    for (; arrived < Math.floor(due + 1e-9); arrived++) {
      if (running.size >= o.maxInFlight) {
        dropped++;
        o.metrics.add('dropped_iterations');
        continue;
      }
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
    if (now >= durationS) break;
    // Sleep until about the next arrival (1 to 50 ms).
    const r = rate(now);
    const untilNext = r > 0 ? ((Math.floor(due) + 1 - due) / r) * 1000 : 50;
    await new Promise((res) => setTimeout(res, Math.max(1, Math.min(50, untilNext))));
  }
  const grace = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), o.gracefulStopMs ?? 30_000).unref());
  if ((await Promise.race([Promise.all(running).then(() => 'done' as const), grace])) === 'timeout') o.metrics.add('interrupted_iterations', running.size);
  return { started, dropped };
}
