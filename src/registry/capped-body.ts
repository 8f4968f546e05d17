import { createGunzip } from 'node:zlib';
import { LicitInputError } from '../model/index.js';

/** Far beyond the largest packument on the public registry; a bigger answer is refused, not held in memory. */
export const MAX_PACKUMENT_BYTES = 128 * 1024 * 1024;
/** Tarballs (compressed) and what they unpack to: licit keeps only the small license-like files. */
export const MAX_TARBALL_BYTES = 256 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;

/** The part of a fetch response licit reads: its body (make-fetch-happen's is a Node stream, typed as the web's). */
export interface StreamingResponse {
  body: unknown;
}

/** The whole body, or the one-line error once it passes `maxBytes` (the rest is never read). */
export function readCappedBody(response: StreamingResponse, maxBytes: number, what: string): Promise<Buffer> {
  const body = response.body as NodeJS.ReadableStream & { destroy?: () => void };
  const chunks: Buffer[] = [];
  let total = 0;
  return new Promise((resolve, reject) => {
    // Events, not `for await`: an async iterator over make-fetch-happen's pipeline adds a listener per chunk.
    body.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) return void chunks.push(Buffer.from(chunk));
      body.removeAllListeners('data');
      body.destroy?.();
      reject(tooLarge(what, maxBytes));
    });
    body.on('end', () => resolve(Buffer.concat(chunks, total)));
    body.on('error', reject);
  });
}

/** Gunzips `bytes`, stopping (with the one-line error) once the output passes `maxBytes`: a gzip bomb costs no more. */
export async function gunzipCapped(bytes: Buffer, maxBytes: number, what: string): Promise<Buffer> {
  const gunzip = createGunzip();
  gunzip.end(bytes);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        gunzip.destroy();
        throw tooLarge(`${what} (unpacked)`, maxBytes);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof LicitInputError) throw error;
    throw new LicitInputError(`${what} is not a gzip archive (${(error as Error).message.split('\n')[0]})`, 'registry-bad-answer');
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(what: string, maxBytes: number): LicitInputError {
  return new LicitInputError(`${what} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; refused`, 'registry-bad-answer');
}
