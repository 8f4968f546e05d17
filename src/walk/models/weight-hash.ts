// The SHA-256 of a model's weight file, streamed in fixed chunks so memory stays flat whatever the size;
// files above a size bound are not hashed (a multi-gigabyte checkpoint would dominate the scan).
import { createHash } from 'node:crypto';
import { openRegularFile } from '../../model/index.js';

/** Weight files up to this size get a hash in the SBOM. */
export const MAX_HASHED_WEIGHT_BYTES = 512 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** `sha256-<base64>` (subresource-integrity form) of the file, or null when it is too large or unreadable. */
export async function weightFileIntegrity(path: string, maxBytes: number = MAX_HASHED_WEIGHT_BYTES): Promise<string | null> {
  let handle;
  try {
    handle = await openRegularFile(path);
    const { size } = await handle.stat();
    if (size > maxBytes) return null;
    const hash = createHash('sha256');
    const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, Math.max(size, 1)));
    for (let position = 0; position < size; ) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      hash.update(chunk.subarray(0, bytesRead));
      position += bytesRead;
    }
    return `sha256-${hash.digest('base64')}`;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}
