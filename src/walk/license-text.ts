import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { identifyText, MAX_TEXT_BYTES } from '../licenses/text/index.js';
import { readBounded } from './read-bounded.js';
import type { TextIdentifier, TextReading } from './package-license.js';

/**
 * Reads license files (at most MAX_TEXT_BYTES each) and identifies them; identical bytes are
 * identified once per run, since a tree's license files are mostly the same few texts. The file's
 * name takes part (a LICENSE.<name> side file holds bundled notices).
 */
export function createTextIdentifier(): TextIdentifier {
  const byDigest = new Map<string, TextReading>();
  const identifier = async (absolutePath: string): Promise<TextReading> => {
    let bytes: Buffer;
    let truncated: boolean;
    try {
      ({ bytes, truncated } = readBounded(absolutePath, MAX_TEXT_BYTES));
    } catch (error) {
      return { expression: null, confidence: null, error: (error as NodeJS.ErrnoException).code ?? 'unreadable' };
    }
    return identifyBytes(bytes, truncated, absolutePath);
  };
  const identifyBytes = async (bytes: Buffer, truncated: boolean, absolutePath: string): Promise<TextReading> => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const fileName = basename(absolutePath);
    const key = `${sha256}\0${fileName}`;
    const known = byDigest.get(key);
    if (known) return known;
    const identification = identifyText(bytes, { truncated, fileName });
    const reading: TextReading = {
      expression: identification.expression,
      confidence: identification.expression ? identification.confidence : null,
      sha256,
      ...(identification.copyrights.length > 0 ? { copyrights: identification.copyrights } : {}),
      ...(identification.expression ? { parts: identification.parts, coverage: identification.coverage } : {}),
      ...(identification.binary ? { binary: true } : {}),
      ...(identification.truncated ? { truncated: true } : {}),
    };
    byDigest.set(key, reading);
    return reading;
  };
  const section = async (text: string): Promise<TextReading> => {
    const identification = identifyText(text);
    return {
      expression: identification.expression,
      confidence: identification.expression ? identification.confidence : null,
      ...(identification.copyrights.length > 0 ? { copyrights: identification.copyrights } : {}),
      ...(identification.expression ? { parts: identification.parts, coverage: identification.coverage } : {}),
    };
  };
  return Object.assign(identifier, { section, bytes: identifyBytes });
}
