import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { identifyText, MAX_TEXT_BYTES } from '../licenses/text/index.js';
import type { TextIdentifier, TextReading } from './package-license.js';

/**
 * Reads license files (at most MAX_TEXT_BYTES each) and identifies them; identical bytes are
 * identified once per run, since a tree's license files are mostly the same few texts.
 */
export function createTextIdentifier(): TextIdentifier {
  const byDigest = new Map<string, TextReading>();
  return async (absolutePath) => {
    let bytes: Buffer;
    let truncated: boolean;
    try {
      ({ bytes, truncated } = await readBounded(absolutePath));
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
}

async function readBounded(path: string): Promise<{ bytes: Buffer; truncated: boolean }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, MAX_TEXT_BYTES));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: buffer.subarray(0, filled), truncated: size > MAX_TEXT_BYTES };
  } finally {
    await handle.close();
  }
}
