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

/** One request's time in all (connecting, every retry, the whole body): `deadline` aborts it. */
export interface RequestDeadline {
  signal: AbortSignal;
  milliseconds: number;
}

/**
 * npm's `fetch-timeout` bounds each attempt as a whole, not only the silences within it (a registry that
 * sends a byte a second never falls silent): a request gets that long per attempt, plus the waits
 * between retries, and is then aborted wherever it is.
 */
export function requestDeadline(fetchOptions: Readonly<Record<string, unknown>>): RequestDeadline {
  const attempt = fetchOptions.attemptTimeout ?? fetchOptions.timeout;
  const timeout = typeof attempt === 'number' && attempt > 0 ? attempt : DEFAULT_ATTEMPT_MS;
  const retry = (typeof fetchOptions.retry === 'object' && fetchOptions.retry !== null ? fetchOptions.retry : {}) as { retries?: unknown; maxTimeout?: unknown };
  const retries = typeof retry.retries === 'number' && retry.retries > 0 ? retry.retries : 0;
  const backoff = typeof retry.maxTimeout === 'number' && retry.maxTimeout > 0 ? retry.maxTimeout : 0;
  const milliseconds = timeout * (retries + 1) + backoff * retries;
  return { signal: AbortSignal.timeout(milliseconds), milliseconds };
}

/** When the options carry no timeout at all (they come from readNpmConfig, which always sets one). */
const DEFAULT_ATTEMPT_MS = 90_000;

/** The one-line error for a request its deadline ended. */
export function deadlineExceeded(what: string, deadline: RequestDeadline): LicitInputError {
  return new LicitInputError(
    `${what}: no complete answer within ${formatSeconds(deadline.milliseconds)} s: fetch-timeout (and fetch-retries) in .npmrc set how long to wait`,
    'registry-timeout',
  );
}

function formatSeconds(milliseconds: number): string {
  return String(Math.round(milliseconds / 100) / 10);
}

/** True for the error a fetch rejects with once its signal has aborted it. */
export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && ((error as { name?: unknown }).name === 'AbortError' || (error as { type?: unknown }).type === 'aborted');
}

/** The whole body, or the one-line error once it passes `maxBytes` or its deadline (the rest is never read). */
export function readCappedBody(response: StreamingResponse, maxBytes: number, what: string, deadline?: RequestDeadline): Promise<Buffer> {
  const body = response.body as NodeJS.ReadableStream & { destroy?: () => void };
  const chunks: Buffer[] = [];
  let total = 0;
  return new Promise((resolve, reject) => {
    const stop = (error: Error): void => {
      body.removeAllListeners('data');
      body.on('error', () => undefined);
      body.destroy?.();
      reject(error);
    };
    const onDeadline = (): void => stop(deadlineExceeded(what, deadline!));
    if (deadline?.signal.aborted) return onDeadline();
    deadline?.signal.addEventListener('abort', onDeadline, { once: true });
    const settle = (): void => deadline?.signal.removeEventListener('abort', onDeadline);
    // Events, not `for await`: an async iterator over make-fetch-happen's pipeline adds a listener per chunk.
    body.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) return void chunks.push(Buffer.from(chunk));
      settle();
      stop(tooLarge(what, maxBytes));
    });
    body.on('end', () => {
      settle();
      resolve(Buffer.concat(chunks, total));
    });
    body.on('error', (error: Error) => {
      settle();
      reject(deadline?.signal.aborted ? deadlineExceeded(what, deadline) : error);
    });
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
