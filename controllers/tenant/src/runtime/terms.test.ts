// Leadership terms, in isolation: the preparation is a promise the test resolves by hand,
// so leadership can be lost (and won again) at exactly the moment that matters.
import { createLogger } from '@sentinel/platform';
import { LeaderTerms } from './terms.js';

const logger = createLogger({ level: 'silent', service: 'terms-test' });

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Terms whose preparations wait for the test, recording what each term started and how it
 * stopped. An unabortable preparation ignores the term's signal, as the wall check does.
 */
function harness({ abortable }: { abortable: boolean }) {
  const preparing: ReturnType<typeof deferred>[] = [];
  const log: string[] = [];
  let n = 0;
  const terms = new LeaderTerms({
    logger,
    prepare: (signal) => {
      const d = deferred();
      preparing.push(d);
      if (!abortable) return d.promise;
      return Promise.race([d.promise, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)))]);
    },
    start: () => {
      const id = ++n;
      log.push(`start ${id}`);
      return { stop: async (lost?: Error) => void log.push(`stop ${id}${lost ? ' lost' : ''}`) };
    },
  });
  return { terms, preparing, log };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

test('a term starts its work once prepared, and ending it stops that work', async () => {
  const { terms, preparing, log } = harness({ abortable: true });
  terms.begin();
  expect(terms.leading).toBe(true);
  preparing[0]!.resolve();
  await settle();
  expect(log).toEqual(['start 1']);
  await terms.end(new Error('leadership lost'));
  expect(terms.leading).toBe(false);
  expect(log).toEqual(['start 1', 'stop 1 lost']);
});

test('leadership lost and won again while the first term prepares: only the second term starts', async () => {
  const { terms, preparing, log } = harness({ abortable: false });
  terms.begin();
  let ended = false;
  void terms.end(new Error('leadership lost')).then(() => (ended = true));
  terms.begin();
  await settle();
  expect(ended).toBe(false); // an ended term's preparation is waited for
  preparing[0]!.resolve(); // the superseded preparation finishes late
  await settle();
  expect(ended).toBe(true);
  expect(log).toEqual([]);
  preparing[1]!.resolve();
  await settle();
  expect(log).toEqual(['start 1']);
  await terms.end();
  expect(log).toEqual(['start 1', 'stop 1']);
});

test('leadership lost while preparing: nothing starts, and end() does not wait for a preparation that would never finish', async () => {
  const { terms, preparing, log } = harness({ abortable: true });
  terms.begin();
  await terms.end(new Error('leadership lost'));
  expect(preparing).toHaveLength(1); // never resolved: the abort released it
  await settle();
  expect(log).toEqual([]);
});

test('end() waits for the work of every ended term, not only the last', async () => {
  const stops: ReturnType<typeof deferred>[] = [];
  let prepared = 0;
  const terms = new LeaderTerms({
    logger,
    prepare: async () => void prepared++,
    start: () => ({ stop: () => (stops.push(deferred()), stops.at(-1)!.promise) }),
  });
  terms.begin();
  await settle();
  void terms.end(new Error('leadership lost'));
  terms.begin();
  await settle();
  let done = false;
  void terms.end().then(() => (done = true));
  await settle();
  expect([prepared, stops.length]).toEqual([2, 2]);
  stops[1]!.resolve();
  await settle();
  expect(done).toBe(false); // the first term's work is still returning
  stops[0]!.resolve();
  await settle();
  expect(done).toBe(true);
});
