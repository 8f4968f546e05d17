import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

const FIRST_READ_BYTES = 64 * 1024;

/** Where the first read lands: most files fit, and only their own bytes are then copied out. */
const scratch = Buffer.allocUnsafeSlow(FIRST_READ_BYTES);

/**
 * Reads at most `maxBytes`: one read for the usual small file, more only for a big one.
 * Synchronous on purpose: license files are small and mostly in the page cache, where a direct
 * read costs a fraction of a round trip through libuv's thread pool. A fresh 64 KiB buffer per
 * file made a thousand-package scan spend tens of milliseconds in the garbage collector.
 */
export function readBounded(path: string, maxBytes: number): { bytes: Buffer; truncated: boolean } {
  // Non-blocking open and a type check: a FIFO or device named LICENSE must not hang the scan.
  const descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(descriptor).isFile()) throw Object.assign(new Error(`${path}: not a regular file`), { code: 'not-a-file' });
    let buffer = scratch;
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (buffer.length > maxBytes) break;
        const larger = Buffer.allocUnsafe(Math.min(buffer.length * 4, maxBytes + 1));
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      }
      const bytesRead = readSync(descriptor, buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const truncated = filled > maxBytes;
    const kept = buffer.subarray(0, Math.min(filled, maxBytes));
    return { bytes: buffer === scratch ? Buffer.from(kept) : kept, truncated };
  } finally {
    closeSync(descriptor);
  }
}
