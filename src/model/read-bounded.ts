import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { LicitInputError } from './errors.js';

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

/** Far beyond any real package.json, config or .npmrc. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;
/** Far beyond any real lockfile (50,000 packages take about 40 MB). */
export const MAX_LOCKFILE_BYTES = 512 * 1024 * 1024;

/**
 * Why `path` cannot be read as an input file (missing, not a regular file, larger than `maxBytes`),
 * or null when it can: the check behind every input licit does not control, without reading it.
 */
export function inputFileProblem(path: string, maxBytes: number): string | null {
  let descriptor: number;
  try {
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeError(error);
  }
  try {
    const stats = fstatSync(descriptor);
    if (stats.isDirectory()) return 'a directory, not a file';
    if (!stats.isFile()) return 'not a regular file (a FIFO, socket or device)';
    if (stats.size > maxBytes) return `larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`;
    return null;
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Reads an input file licit does not control (the root's package.json, lockfile or config, an
 * .npmrc) as UTF-8 text, without a byte-order mark (npm accepts one); a missing, special or
 * oversized file is the one-line input error naming `label`.
 */
export function readInputText(path: string, label: string, maxBytes = MAX_INPUT_BYTES): string {
  let read: { bytes: Buffer; truncated: boolean };
  try {
    read = readBounded(path, maxBytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'not-a-file' ? (inputFileProblem(path, maxBytes) ?? 'not a regular file') : code === 'ENOENT' ? 'no such file' : describeError(error);
    throw new LicitInputError(`cannot read ${label}: ${reason}`, 'unreadable-input');
  }
  if (read.truncated) throw new LicitInputError(`cannot read ${label}: larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`, 'unreadable-input');
  const text = read.bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ?? (message.split('\n')[0] || 'unreadable');
}

/**
 * Opens a file for reading without blocking (a FIFO opened for reading waits for a writer forever)
 * and only when it is a regular file; otherwise rejects with code `not-a-file`.
 */
export async function openRegularFile(path: string): Promise<FileHandle> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  if ((await handle.stat()).isFile()) return handle;
  await handle.close();
  throw Object.assign(new Error(`${path}: not a regular file`), { code: 'not-a-file' });
}
