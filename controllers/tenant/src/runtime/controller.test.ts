// The generic controller's result handling, in isolation: a scripted reconciler and a
// real work queue and metrics registry (no outside parts).
import { trace } from '@opentelemetry/api';
import { createLogger } from '@sentinel/platform';
import { Counter, Histogram, Registry } from 'prom-client';
import { ReconcileController } from './controller.js';
import { TerminalError, type Result } from './reconcile.js';

const logger = createLogger({ level: 'silent', service: 'controller-test' });

function harness(reconcile: (key: string, signal: AbortSignal, attempt: number) => Promise<Result>) {
  const registers = [new Registry()];
  const metrics = {
    reconciles: new Counter({ name: 'reconciles', help: 'h', labelNames: ['result'] as const, registers }),
    duration: new Histogram({ name: 'duration', help: 'h', registers }),
    retries: new Counter({ name: 'retries', help: 'h', registers }),
  };
  const attempts = new Map<string, number>();
  const controller = new ReconcileController({
    kind: 'Thing',
    keyName: 'thing',
    concurrency: 2,
    queue: { backoffBaseMs: 10, backoffMaxMs: 40, qps: 10_000, burst: 10_000 },
    metrics,
    tracer: trace.getTracer('test'),
    logger,
    reconciler: {
      reconcile: (key, signal) => {
        const n = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, n);
        return reconcile(key, signal, n);
      },
    },
  });
  const results = async () => Object.fromEntries((await metrics.reconciles.get()).values.map((v) => [v.labels.result, v.value]));
  return { controller, attempts, results, retries: async () => (await metrics.retries.get()).values[0]?.value ?? 0 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('an error is retried with backoff until the reconcile succeeds', async () => {
  const h = harness(async (_key, _signal, n) => {
    if (n < 3) throw new Error('not yet');
    return {};
  });
  h.controller.start();
  h.controller.add('a');
  await sleep(150);
  await h.controller.stop();
  expect(h.attempts.get('a')).toBe(3);
  expect(await h.results()).toEqual({ error: 2, success: 1 });
  expect(await h.retries()).toBe(2);
});

test('a TerminalError is recorded and not retried', async () => {
  const h = harness(async () => {
    throw new TerminalError(new Error('name taken'));
  });
  h.controller.start();
  h.controller.add('a');
  await sleep(150);
  await h.controller.stop();
  expect(h.attempts.get('a')).toBe(1);
  expect(await h.results()).toEqual({ error: 1 });
  expect(await h.retries()).toBe(0);
});

test('requeueAfterMs runs the key again after that delay', async () => {
  const h = harness(async (_key, _signal, n) => (n === 1 ? { requeueAfterMs: 20 } : {}));
  h.controller.start();
  h.controller.add('a');
  await sleep(150);
  await h.controller.stop();
  expect(h.attempts.get('a')).toBe(2);
  expect(await h.results()).toEqual({ requeue: 1, success: 1 });
});

test('stop() lets in-flight reconciles finish; stop(reason) aborts them and retries nothing', async () => {
  const running = harness(async () => {
    await sleep(50);
    return {};
  });
  running.controller.start();
  running.controller.add('a');
  await sleep(10);
  await running.controller.stop();
  expect(await running.results()).toEqual({ success: 1 });

  let seen: unknown;
  const aborted = harness(
    (_key, signal) =>
      new Promise((_, reject) =>
        signal.addEventListener('abort', () => {
          seen = signal.reason;
          reject(signal.reason as Error);
        }),
      ),
  );
  aborted.controller.start();
  aborted.controller.add('a');
  await sleep(10);
  const lost = new Error('leadership lost');
  await aborted.controller.stop(lost);
  expect(seen).toBe(lost);
  expect(aborted.attempts.get('a')).toBe(1);
  expect(await aborted.results()).toEqual({});
  expect(await aborted.retries()).toBe(0);
});
