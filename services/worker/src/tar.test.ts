// Unit tests for the ustar writer: archives it writes are read back by the system's tar.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BLOCK, TAR_END, tarHeader, tarPadding } from './tar.js';

const run = promisify(execFile);

test('files of 0, 1, 511, 512 and 513 bytes round-trip through tar, with their sizes, modes and times', async () => {
  const mtime = new Date('2026-12-02T09:00:00Z');
  const files = [0, 1, 511, 512, 513].map((n) => ({ name: `f-${n}.ndjson`, body: Buffer.alloc(n, 0x61 + (n % 26)) }));
  const parts: Buffer[] = [];
  for (const f of files) parts.push(tarHeader(f.name, f.body.length, mtime), f.body, tarPadding(f.body.length));
  parts.push(TAR_END);
  const archive = Buffer.concat(parts);
  expect(archive.length % BLOCK).toBe(0);
  const dir = await mkdtemp(join(tmpdir(), 'tar-test-'));
  try {
    await writeFile(join(dir, 'a.tar'), archive);
    const listing = (await run('tar', ['tvf', 'a.tar', '--utc', '--numeric-owner'], { cwd: dir })).stdout.trim().split('\n');
    expect(listing).toHaveLength(files.length);
    for (const [i, f] of files.entries()) expect(listing[i]).toMatch(new RegExp(`^-rw-r--r-- 0/0\\s+${f.body.length} 2026-12-02 09:00 ${f.name}$`));
    await run('tar', ['xf', 'a.tar'], { cwd: dir });
    for (const f of files) expect(await readFile(join(dir, f.name))).toEqual(f.body);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the header checksum is the byte sum with its field as spaces; over-long names and 8 GiB files', () => {
  const h = tarHeader('manifest.json', 1234, new Date(0));
  const copy = Buffer.from(h);
  copy.fill(0x20, 148, 156);
  const sum = copy.reduce((a, b) => a + b, 0);
  expect(h.subarray(148, 156).toString('ascii')).toBe(sum.toString(8).padStart(6, '0') + '\0 ');
  expect(h.subarray(257, 263).toString('ascii')).toBe('ustar\0');
  expect(() => tarHeader('x'.repeat(101), 1, new Date(0))).toThrow(/longer than 100 bytes/);
  // Past the octal field's reach: GNU's base-256 size.
  const big = tarHeader('big.ndjson', 8 ** 11 + 5, new Date(0));
  expect(big[124]).toBe(0x80);
  expect(big.readBigUInt64BE(128)).toBe(BigInt(8 ** 11 + 5));
});
