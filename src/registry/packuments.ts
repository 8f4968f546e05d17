// The packuments `licit check` resolves with: arborist asks pacote, and pacote asks its packument cache
// before the network. npm-registry-fetch passes no size limit down to the HTTP client, and pacote reads a
// whole answer with `res.json()`, so a registry could hand over 300 MB of JSON; this cache answers every
// packument request itself, through the capped reader and a per-request deadline.
import registryFetch from 'npm-registry-fetch';
import { LicitInputError } from '../model/index.js';
import { deadlineExceeded, isAbort, MAX_PACKUMENT_BYTES, readCappedBody, requestDeadline } from './capped-body.js';

/** The part of arborist's PackumentCache (an LRU map) that pacote uses: `<full|corgi>:<url>` keys. */
export interface PackumentSource {
  has(key: string): boolean;
  get(key: string): Promise<Record<string, unknown>> | undefined;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

const KEY = /^(full|corgi):(https?:\/\/.+)$/;
const ACCEPT = {
  full: 'application/json',
  corgi: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*',
} as const;

/**
 * A packument source for arborist's options (`packumentCache`): `options` are the ones arborist gets
 * (registries, auth, the HTTP cache folder, offline), `maxBytes` the largest answer read.
 */
export function cappedPackuments(options: Readonly<Record<string, unknown>>, maxBytes = MAX_PACKUMENT_BYTES): PackumentSource {
  const answers = new Map<string, Promise<Record<string, unknown>>>();
  return {
    has: (key) => KEY.test(key),
    get: (key) => {
      const match = KEY.exec(key);
      if (!match) return undefined;
      let answer = answers.get(key);
      if (!answer) {
        answer = fetchPackument(match[2]!, match[1] as keyof typeof ACCEPT, options, maxBytes);
        // A failure is not remembered: arborist may ask again.
        answer.catch(() => answers.delete(key));
        answers.set(key, answer);
      }
      return answer;
    },
    set: () => undefined,
    delete: (key) => void answers.delete(key),
  };
}

async function fetchPackument(url: string, kind: keyof typeof ACCEPT, options: Readonly<Record<string, unknown>>, maxBytes: number): Promise<Record<string, unknown>> {
  const name = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
  const what = `the packument of ${name}`;
  const deadline = requestDeadline(options);
  try {
    const response = await registryFetch(url, { ...options, headers: { accept: ACCEPT[kind] }, integrity: null, signal: deadline.signal } as unknown as registryFetch.Options);
    const body = await readCappedBody(response, maxBytes, what, deadline);
    let packument: unknown;
    try {
      packument = JSON.parse(body.toString('utf8'));
    } catch {
      throw new LicitInputError(`${what} is not JSON; check that the registry is an npm registry`, 'registry-bad-answer');
    }
    if (typeof packument !== 'object' || packument === null || Array.isArray(packument)) {
      throw new LicitInputError(`${what} is not a JSON object; check that the registry is an npm registry`, 'registry-bad-answer');
    }
    return packument as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof LicitInputError) && isAbort(error) && deadline.signal.aborted) throw deadlineExceeded(what, deadline);
    throw error;
  }
}
