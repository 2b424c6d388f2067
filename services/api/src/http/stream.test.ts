// Streamed bodies over a real socket: an Express route writes 64 KiB chunks with writeChunk
// for as long as it may, to a client that reads the headers and then stops reading.
import type { AddressInfo } from 'node:net';
import { request, type Server } from 'node:http';
import express from 'express';
import { errorHandler } from './middleware.js';
import { ClientGone, writeChunk } from './stream.js';

let server: Server;
let port: number;
let outcome: Promise<{ chunks: number; error?: Error }>;
let report: (r: { chunks: number; error?: Error }) => void;

beforeAll(async () => {
  const app = express();
  app.get('/file', async (_req, res, next) => {
    let chunks = 0;
    try {
      res.setHeader('Content-Type', 'application/octet-stream');
      // 64 MiB at most: far more than the socket buffers between the two ends hold.
      for (; chunks < 1024; chunks++) await writeChunk(res, Buffer.alloc(65_536, 120));
      res.end();
      report({ chunks });
    } catch (err) {
      report({ chunks, error: err as Error });
      next(err);
    }
  });
  app.get('/broken', async (_req, res, next) => {
    try {
      await writeChunk(res, 'the first half of a body');
      throw new Error('the database went away midway');
    } catch (err) {
      next(err);
    }
  });
  app.use(errorHandler);
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  outcome = new Promise((r) => (report = r));
});

test('a client that stops reading holds the writer at a full socket; when it leaves, the writer ends with ClientGone', async () => {
  const req = request({ port, path: '/file' });
  const res = await new Promise<import('node:http').IncomingMessage>((r) => req.once('response', r).end());
  expect(res.statusCode).toBe(200);
  res.pause();
  // The writer is now waiting for room: it has written what the socket buffers took and no more.
  await new Promise((r) => setTimeout(r, 300));
  const settled = await Promise.race([outcome.then(() => true), new Promise((r) => setTimeout(() => r(false), 50))]);
  expect(settled).toBe(false);
  res.destroy();
  const { chunks, error } = await Promise.race([
    outcome,
    new Promise<never>((_, rej) => setTimeout(() => rej(new Error('the writer still waits for a drain that cannot come')), 5_000)),
  ]);
  expect(error).toBeInstanceOf(ClientGone);
  expect(chunks).toBeGreaterThan(0);
  expect(chunks).toBeLessThan(1024);
});

test('a client that reads gets every byte of the body', async () => {
  const r = await fetch(`http://127.0.0.1:${port}/file`);
  const body = Buffer.from(await r.arrayBuffer());
  expect(body.length).toBe(1024 * 65_536);
  expect(await outcome).toEqual({ chunks: 1024 });
});

test('a body that fails midway is cut, not ended: the client cannot take half a file for a whole one', async () => {
  const r = await fetch(`http://127.0.0.1:${port}/broken`);
  expect(r.status).toBe(200);
  await expect(r.text()).rejects.toThrow();
});
