// Streamed response bodies (export downloads). res.write says false when the socket's buffer
// is full; the next chunk must wait for 'drain'. A client that goes away meanwhile never
// drains, so waiting for 'drain' alone would hold the request, and whatever feeds it, forever.
import type { Response } from 'express';

/** The client closed the connection before the body was written. */
export class ClientGone extends Error {
  constructor() {
    super('the client went away');
    this.name = 'ClientGone';
  }
}

/**
 * Writes one chunk, then waits while the socket is full: resolves when there is room again,
 * rejects with ClientGone when the connection closed before (or instead of) draining.
 */
export async function writeChunk(res: Response, chunk: Uint8Array | string): Promise<void> {
  if (res.destroyed) throw new ClientGone();
  if (res.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (gone: boolean) => () => {
      res.off('drain', drained);
      res.off('close', closed);
      if (gone) reject(new ClientGone());
      else resolve();
    };
    const drained = settle(false);
    const closed = settle(true);
    res.once('drain', drained);
    res.once('close', closed);
  });
}
