// A job's output file (an export) as the job's numbered `output` chunks, under RLS as its
// tenant: bytes are gathered until a chunk is full, then written in a transaction of their
// own, so a file of any size holds at most one chunk in memory.
import { JobChunksRepository, type AppDb } from '@sentinel/platform';

const chunks = new JobChunksRepository();

export class JobOutputWriter {
  private parts: Buffer[] = [];
  private size = 0;
  /** Chunks written so far. */
  chunks = 0;
  /** Bytes taken so far. */
  bytes = 0;

  constructor(
    private readonly db: AppDb,
    private readonly tenantId: string,
    private readonly jobId: string,
    private readonly chunkBytes: number,
  ) {}

  async write(b: Buffer): Promise<void> {
    this.parts.push(b);
    this.size += b.length;
    this.bytes += b.length;
    if (this.size >= this.chunkBytes) await this.flush();
  }

  /** Writes what is gathered as a chunk; call once more at the end. */
  async flush(): Promise<void> {
    if (this.size === 0) return;
    const data = Buffer.concat(this.parts, this.size);
    const seq = this.chunks++;
    this.parts = [];
    this.size = 0;
    await this.db.withTenant(this.tenantId, (tx) => chunks.append(tx, this.tenantId, this.jobId, 'output', seq, data));
  }
}
