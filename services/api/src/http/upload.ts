// Raw uploads (the CSV of a bulk import). The body is never held in memory: it is
// streamed to a temporary file with its own size limit, and handed on as a stream of
// chunks. A declared Content-Length over the limit is refused before a byte is read;
// a chunked body is cut off at the limit. Each API process receives at most
// `maxConcurrent` uploads at once, so disk and file handles stay bounded too.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request } from 'express';
import { AppError } from '@sentinel/platform';

export interface Upload {
  bytes: number;
  /** The content in chunks of at most `chunkBytes`, read from the temporary file. */
  chunks(chunkBytes: number): AsyncIterable<Buffer<ArrayBuffer>>;
  /** The first `bytes` bytes (fewer if the upload is shorter). */
  head(bytes: number): Promise<Buffer>;
}

export class UploadReceiver {
  private active = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxConcurrent: number,
  ) {}

  /** Streams `req` to a temporary file, runs `use` on it, and always removes the file. */
  async receive<T>(req: Request, use: (upload: Upload) => Promise<T>): Promise<T> {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > this.maxBytes) throw tooLarge(this.maxBytes);
    if (this.active >= this.maxConcurrent) throw new AppError('SENTINEL_UPLOADS_BUSY', undefined, { retryAfterSeconds: 1 });
    this.active++;
    let dir: string | undefined;
    try {
      dir = await mkdtemp(join(tmpdir(), 'sentinel-upload-'));
      const file = join(dir, 'body');
      await toFile(req, file, this.maxBytes);
      const { size } = await stat(file);
      const head = async (bytes: number) => {
        const fh = await open(file);
        try {
          const { buffer, bytesRead } = await fh.read(Buffer.alloc(Math.min(bytes, size)), 0, Math.min(bytes, size), 0);
          return buffer.subarray(0, bytesRead);
        } finally {
          await fh.close();
        }
      };
      return await use({
        bytes: size,
        head,
        chunks: (chunkBytes) => createReadStream(file, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer<ArrayBuffer>>,
      });
    } finally {
      this.active--;
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }
}

const tooLarge = (max: number) => new AppError('SENTINEL_PAYLOAD_TOO_LARGE', `The upload is larger than ${max} bytes`);

/**
 * Copies the body to `file`. Past `max` it stops reading (the request is left
 * unread, so the answer closes the connection) rather than destroying the socket,
 * which would leave no way to answer 413.
 */
function toFile(req: Request, file: string, max: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { mode: 0o600 });
    let seen = 0;
    let settled = false;
    const fail = (err: AppError) => {
      if (settled) return;
      settled = true;
      req.unpipe(out);
      req.pause();
      out.destroy();
      reject(err);
    };
    const interrupted = () =>
      fail(new AppError('SENTINEL_VALIDATION_FAILED', 'The upload was interrupted', { errors: [{ field: 'body', message: 'incomplete' }] }));
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > max) fail(tooLarge(max));
    });
    req.on('error', interrupted);
    req.on('close', () => {
      if (!req.complete) interrupted();
    });
    out.on('error', () => fail(new AppError('SENTINEL_INTERNAL')));
    out.on('finish', () => {
      if (settled) return;
      settled = true;
      resolve();
    });
    req.pipe(out);
  });
}
