// A full tenant export (docs/data-export.md): every file of EXPORT_TABLES as NDJSON plus
// manifest.json, in a tar.gz written as the job's output chunks, under RLS as the tenant.
// Memory stays flat whatever the tenant's size: rows come a keyset page at a time and go
// to a temporary file (a tar header needs the file's size before its bytes), which is then
// streamed through gzip into chunks of EXPORT_CHUNK_BYTES. Disk holds one file at a time.
// A retried run starts the archive over.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { JobChunksRepository, JobFailure, JobsRepository, type AppDb, type JobPayload, type WorkerConfig } from '@sentinel/platform';
import { rowsOf, totalOrUnknown, type JobRun } from '../job-run.js';
import { JobOutputWriter } from '../repositories/job-output.js';
import { EXPORT_TABLES, TenantExportRepository, type Cursor, type ExportTable } from '../repositories/tenant-export.js';
import { TAR_END, tarHeader, tarPadding } from '../tar.js';

/** The manifest's `formatVersion`: a change a reader of the archive must know about bumps it. */
export const EXPORT_FORMAT_VERSION = 1;
const PAGE = 2_000;
/** Progress goes to the job's row at most this often. */
const PROGRESS_EVERY_MS = 500;

export interface ExportedFile {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface TenantExportResult {
  formatVersion: number;
  files: ExportedFile[];
  archive: { bytes: number; sha256: string; chunks: number };
}

const jobs = new JobsRepository();
const chunks = new JobChunksRepository();

export async function processTenantExport(
  deps: { config: Pick<WorkerConfig, 'EXPORT_CHUNK_BYTES'>; appDb: AppDb },
  p: JobPayload<'tenant.export'>,
  run: JobRun,
): Promise<TenantExportResult> {
  const jobId = run.recordId;
  if (!jobId) throw new JobFailure('SENTINEL_JOB_INPUT_INVALID', 'An export must be a recorded job');
  const { tenantId } = p;
  const db = deps.appDb;
  const repo = new TenantExportRepository(db);
  const exists = await db.withTenant(tenantId, async (tx) => {
    if (!(await jobs.get(tx, tenantId, jobId))) return false;
    await chunks.clear(tx, tenantId, jobId, 'output');
    return true;
  });
  const tenant = exists ? await repo.tenant(tenantId) : undefined;
  if (!tenant) throw new JobFailure('SENTINEL_JOB_TARGET_GONE', 'The export or its tenant no longer exists');

  // Every row of the tenant's tables, and tenant.ndjson's one line.
  const counted = await totalOrUnknown(() => repo.counts(tenantId));
  const total = counted === undefined ? undefined : counted + 1;
  const createdAt = new Date();
  let rows = 0;
  let reported = 0;
  const progress = async (force = false) => {
    if (!force && Date.now() - reported < PROGRESS_EVERY_MS) return;
    reported = Date.now();
    await run.progress(rowsOf(rows, total));
  };

  const dir = await mkdtemp(join(tmpdir(), 'sentinel-export-'));
  const files: ExportedFile[] = [];

  /** Writes a file's lines to a temporary file, then yields it as a tar entry. */
  async function* entry(name: string, lines: AsyncIterable<string[]>): AsyncGenerator<Buffer> {
    const path = join(dir, name);
    const hash = createHash('sha256');
    let bytes = 0;
    let count = 0;
    const fh = await open(path, 'w');
    try {
      for await (const page of lines) {
        if (page.length === 0) continue;
        const b = Buffer.from(page.join('\n') + '\n', 'utf8');
        hash.update(b);
        await fh.write(b);
        bytes += b.length;
        count += page.length;
        rows += page.length;
        await progress();
      }
    } finally {
      await fh.close();
    }
    files.push({ name, rows: count, bytes, sha256: hash.digest('hex') });
    yield tarHeader(name, bytes, createdAt);
    for await (const b of createReadStream(path, { highWaterMark: 256 * 1024 })) yield b as Buffer;
    yield tarPadding(bytes);
    await rm(path);
  }

  async function* pages(t: ExportTable): AsyncGenerator<string[]> {
    let after: Cursor | undefined;
    for (;;) {
      const page = await repo.page(tenantId, t, after, PAGE);
      yield page.lines;
      if (page.lines.length < PAGE) return;
      after = page.cursor;
    }
  }

  async function* archive(): AsyncGenerator<Buffer> {
    yield* entry(
      'tenant.ndjson',
      (async function* () {
        yield [tenant!.line];
      })(),
    );
    for (const t of EXPORT_TABLES) yield* entry(t.file, pages(t));
    const manifest = Buffer.from(
      JSON.stringify(
        { formatVersion: EXPORT_FORMAT_VERSION, tenant: { id: tenantId, slug: tenant!.slug }, createdAt: createdAt.toISOString(), files },
        null,
        2,
      ) + '\n',
    );
    yield tarHeader('manifest.json', manifest.length, createdAt);
    yield manifest;
    yield tarPadding(manifest.length);
    yield TAR_END;
  }

  // The gzip stream's output, in chunks of EXPORT_CHUNK_BYTES.
  const archiveHash = createHash('sha256');
  const out = new JobOutputWriter(db, tenantId, jobId, deps.config.EXPORT_CHUNK_BYTES);
  try {
    await pipeline(archive(), createGzip(), async (gz: AsyncIterable<Buffer>) => {
      for await (const b of gz) {
        archiveHash.update(b);
        await out.write(b);
      }
      await out.flush();
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await progress(true);
  return { formatVersion: EXPORT_FORMAT_VERSION, files, archive: { bytes: out.bytes, sha256: archiveHash.digest('hex'), chunks: out.chunks } };
}
