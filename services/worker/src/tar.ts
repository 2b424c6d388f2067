// The few pieces of a POSIX ustar archive (POSIX.1-2001, pax's "ustar Interchange Format")
// a tenant export needs: regular files only, each a 512-byte header, its bytes, zero padding
// to a 512-byte boundary, and two zero blocks at the end. GNU tar, bsdtar and busybox read it.

export const BLOCK = 512;

/** An octal field of `width` bytes: digits, zero-padded, then a NUL. */
function octal(buf: Buffer, offset: number, width: number, value: number): void {
  buf.write(value.toString(8).padStart(width - 1, '0') + '\0', offset, width, 'ascii');
}

/** The 512-byte header of a regular file of `size` bytes, mode 0644, owned by uid/gid 0. */
export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name longer than 100 bytes: ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  if (size < 8 ** 11) octal(h, 124, 12, size);
  else {
    // Larger than 8 GiB: the base-256 size GNU tar and bsdtar read (high bit set, big-endian).
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 128);
  }
  octal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  h.write('0', 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('sentinel', 265, 32, 'ascii');
  h.write('sentinel', 297, 32, 'ascii');
  // The checksum is the byte sum of the header with its own field read as eight spaces.
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

/** The zeros that bring a file of `size` bytes to a block boundary. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/** The end of an archive: two zero blocks. */
export const TAR_END = Buffer.alloc(2 * BLOCK);
