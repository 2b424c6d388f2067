// The event-stream machinery on its own, with short timings: a real Express app over
// HTTP (fetch), a value source in memory. The job stream over PostgreSQL, Redis and the
// worker is tests/console-api.test.ts.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { AppError, createLogger } from '@sentinel/platform';
import { EventStreams } from './sse.js';

interface Value {
  n: number;
}

let server: Server;
let base: string;
let streams: EventStreams;
let value: Value;
let failWith: Error | undefined;
let reads = 0;

beforeAll(async () => {
  streams = new EventStreams({ perTenant: 1, pollMs: 20, keepaliveMs: 60 }, createLogger({ level: 'silent', service: 'sse-test' }));
  const app = express();
  app.get('/stream/:tenant', (req, res, next) => {
    try {
      streams.start(req.params.tenant, res, {
        event: 'value',
        first: value,
        load: async () => {
          reads++;
          if (failWith) throw failWith;
          return { ...value };
        },
        done: (v) => v.n >= 100,
      });
    } catch (err) {
      next(err);
    }
  });
  app.use((err: AppError, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.status).setHeader('Retry-After', String(err.extras.retryAfterSeconds)).json({ code: err.code });
  });
  server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

beforeEach(() => {
  value = { n: 0 };
  failWith = undefined;
  streams.setDraining(false);
});

/** Reads the raw stream until it ends, or until `until(text)` holds. */
async function read(r: Response, until: (text: string) => boolean = () => false): Promise<string> {
  const reader = r.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value: chunk, done } = await reader.read();
    if (done) return text;
    text += decoder.decode(chunk, { stream: true });
    if (until(text)) {
      await reader.cancel();
      return text;
    }
  }
}

const events = (text: string) => [...text.matchAll(/event: value\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!) as Value);
const waitUntil = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

test('the first value at once, each change once, keepalives while nothing changes, the end after a final value', async () => {
  const r = await fetch(`${base}/stream/a`);
  expect(r.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const text = read(r);
  await new Promise((ok) => setTimeout(ok, 150)); // more than two keepalive periods with no change
  value = { n: 1 };
  await new Promise((ok) => setTimeout(ok, 60));
  value = { n: 100 };
  const all = await text;
  expect(all.startsWith('retry: 2000\n\n')).toBe(true);
  expect(events(all)).toEqual([{ n: 0 }, { n: 1 }, { n: 100 }]);
  expect(all.match(/^: keepalive$/gm)!.length).toBeGreaterThanOrEqual(2);
  expect(streams.size).toBe(0);
});

test('a tenant over its share gets 429 before any byte of a stream; another tenant does not; a client leaving frees the slot and stops the reads', async () => {
  const controller = new AbortController();
  const first = await fetch(`${base}/stream/a`, { signal: controller.signal });
  expect(first.status).toBe(200);
  const busy = await fetch(`${base}/stream/a`);
  expect({ status: busy.status, retryAfter: busy.headers.get('retry-after'), body: await busy.json() }).toEqual({
    status: 429,
    retryAfter: '5',
    body: { code: 'SENTINEL_STREAMS_BUSY' },
  });
  const other = await fetch(`${base}/stream/b`);
  expect(other.status).toBe(200);
  controller.abort();
  await waitUntil(() => streams.size === 1);
  const readsAfterLeaving = reads;
  await new Promise((ok) => setTimeout(ok, 100));
  // Only the other tenant's stream still reads (about 5 reads in 100 ms at 20 ms).
  expect(reads - readsAfterLeaving).toBeLessThan(8);
  expect((await fetch(`${base}/stream/a`, { signal: AbortSignal.timeout(200) }).catch(() => undefined))?.status).toBe(200);
  streams.setDraining(true);
  expect(events(await read(other))).toEqual([{ n: 0 }]);
  await waitUntil(() => streams.size === 0);
});

test('a read that fails ends the stream after what was sent; draining ends new streams after their first event', async () => {
  const r = await fetch(`${base}/stream/a`);
  const text = read(r);
  await new Promise((ok) => setTimeout(ok, 50));
  failWith = new AppError('SENTINEL_NOT_FOUND');
  expect(events(await text)).toEqual([{ n: 0 }]);
  failWith = undefined;
  streams.setDraining(true);
  expect(events(await read(await fetch(`${base}/stream/a`)))).toEqual([{ n: 0 }]);
  expect(streams.size).toBe(0);
});
