import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { identifyText, MAX_TEXT_BYTES } from '../licenses/text/index.js';
import type { TextIdentifier, TextReading } from './package-license.js';

/**
 * Reads license files (at most MAX_TEXT_BYTES each) and identifies them; identical bytes are
 * identified once per run, since a tree's license files are mostly the same few texts.
 */
export function createTextIdentifier(): TextIdentifier {
  const byDigest = new Map<string, TextReading>();
  const identifier = async (absolutePath: string): Promise<TextReading> => {
    let bytes: Buffer;
    let truncated: boolean;
    try {
      ({ bytes, truncated } = readBounded(absolutePath));
    } catch (error) {
      return { expression: null, confidence: null, error: (error as NodeJS.ErrnoException).code ?? 'unreadable' };
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const known = byDigest.get(sha256);
    if (known) return known;
    const identification = identifyText(bytes, { truncated });
    const reading: TextReading = {
      expression: identification.expression,
      confidence: identification.expression ? identification.confidence : null,
      sha256,
      ...(identification.copyrights.length > 0 ? { copyrights: identification.copyrights } : {}),
      ...(identification.binary ? { binary: true } : {}),
      ...(truncated ? { truncated: true } : {}),
    };
    byDigest.set(sha256, reading);
    return reading;
  };
  const section = async (text: string): Promise<TextReading> => {
    const identification = identifyText(text);
    return {
      expression: identification.expression,
      confidence: identification.expression ? identification.confidence : null,
      ...(identification.copyrights.length > 0 ? { copyrights: identification.copyrights } : {}),
    };
  };
  return Object.assign(identifier, { section });
}

const FIRST_READ_BYTES = 64 * 1024;

/**
 * Reads at most MAX_TEXT_BYTES: one read for the usual small file, more only for a big one.
 * Synchronous on purpose: license files are small and mostly in the page cache, where a direct
 * read costs a fraction of a round trip through libuv's thread pool.
 */
function readBounded(path: string): { bytes: Buffer; truncated: boolean } {
  const descriptor = openSync(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(FIRST_READ_BYTES);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (buffer.length > MAX_TEXT_BYTES) break;
        const larger = Buffer.allocUnsafe(Math.min(buffer.length * 4, MAX_TEXT_BYTES + 1));
        buffer.copy(larger, 0, 0, filled);
        buffer = larger;
      }
      const bytesRead = readSync(descriptor, buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const truncated = filled > MAX_TEXT_BYTES;
    return { bytes: buffer.subarray(0, Math.min(filled, MAX_TEXT_BYTES)), truncated };
  } finally {
    closeSync(descriptor);
  }
}
