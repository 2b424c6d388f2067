// The work queue's guarantees, in isolation (it has no outside parts: timers only).
import { WorkQueue } from './queue.js';

const fast = { backoffBaseMs: 10, backoffMaxMs: 80, qps: 10_000, burst: 10_000 };

test('a key added many times is queued once', async () => {
  const q = new WorkQueue(fast);
  for (let i = 0; i < 5; i++) q.add('a');
  q.add('b');
  expect(q.depth).toBe(2);
  expect(await q.get()).toBe('a');
  expect(await q.get()).toBe('b');
  expect(q.depth).toBe(0);
  q.shutdown();
});

test('a key is processed by one worker at a time and requeued once if it changed meanwhile', async () => {
  const q = new WorkQueue(fast);
  q.add('a');
  const first = await q.get();
  q.add('a');
  q.add('a');
  expect(q.depth).toBe(0); // held back while 'a' is in flight
  const second = q.get();
  let handedOut = false;
  void second.then(() => (handedOut = true));
  await new Promise((r) => setTimeout(r, 20));
  expect(handedOut).toBe(false);
  q.done(first!);
  expect(await second).toBe('a');
  q.done('a');
  expect(q.depth).toBe(0);
  q.shutdown();
});

test('failures back off exponentially per key, capped, and forget() resets', async () => {
  const q = new WorkQueue(fast);
  expect([1, 2, 3, 4, 5].map(() => q.addRateLimited('a'))).toEqual([10, 20, 40, 80, 80]);
  expect(q.retries('a')).toBe(5);
  q.forget('a');
  expect(q.addRateLimited('a')).toBe(10);
  const t = Date.now();
  expect(await q.get()).toBe('a');
  expect(Date.now() - t).toBeGreaterThanOrEqual(8);
  q.shutdown();
});

test('the token bucket bounds the rate keys are handed out', async () => {
  const q = new WorkQueue({ ...fast, qps: 50, burst: 1 });
  for (let i = 0; i < 6; i++) q.add(`k${i}`);
  const t = Date.now();
  for (let i = 0; i < 6; i++) q.done((await q.get())!);
  // One from the burst, five more at 50/s: at least ~100 ms.
  expect(Date.now() - t).toBeGreaterThanOrEqual(90);
  q.shutdown();
});

test('shutdown releases waiting workers', async () => {
  const q = new WorkQueue(fast);
  const waiting = q.get();
  q.shutdown();
  expect(await waiting).toBeUndefined();
  q.add('late');
  expect(q.depth).toBe(0);
});

test("it reports what client-go's workqueue reports: adds, waits, work and retries", async () => {
  const seen = { added: 0, waited: [] as number[], worked: [] as number[], retried: 0 };
  const q = new WorkQueue({
    ...fast,
    metrics: { added: () => seen.added++, waited: (s) => seen.waited.push(s), worked: (s) => seen.worked.push(s), retried: () => seen.retried++ },
  });
  q.add('a');
  q.add('a'); // already waiting: not an add
  await new Promise((r) => setTimeout(r, 20));
  const key = await q.get();
  expect(seen).toMatchObject({ added: 1, worked: [] });
  expect(seen.waited[0]).toBeGreaterThanOrEqual(0.015);
  expect(q.inFlightSeconds()).toHaveLength(1);
  q.add('a'); // changed while processed: counted once, queued when done
  q.addRateLimited(key!);
  q.done(key!);
  expect(seen).toMatchObject({ added: 2, retried: 1 });
  expect(seen.worked).toHaveLength(1);
  expect(q.inFlightSeconds()).toEqual([]);
  expect(await q.get()).toBe('a');
  expect(seen.waited).toHaveLength(2);
  q.shutdown();
});
