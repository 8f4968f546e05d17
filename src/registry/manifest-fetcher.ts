import registryFetch from 'npm-registry-fetch';
import { LicitInputError } from '../model/index.js';
import { deadlineExceeded, isAbort, MAX_PACKUMENT_BYTES, readCappedBody, requestDeadline } from './capped-body.js';
import { createLimit } from './limit.js';
import { ManifestCache, slimManifest, type SlimManifest } from './manifest-cache.js';
import { readNpmConfig, registryFor, type Environment, type FetchOptions, type NpmConfig } from './npm-config.js';

export type ManifestFetcher = (name: string, version: string) => Promise<Record<string, unknown> | null>;

export interface ManifestFetcherOptions {
  /** The project whose `.npmrc` (with the user's and the global one) names the registries. */
  projectDir: string;
  /** licit's cache root (`--cache`, else `defaultCacheDir(env)`); manifests go to `<cacheDir>/manifests/`. */
  cacheDir: string;
  /** Answer from the cache only, never the network; also on when the npm config says `offline=true`. */
  offline?: boolean;
  /** Environment for npm_config_* variables and `${VAR}` expansion (default: this process's). */
  env?: Environment;
  /** How many packuments may be in flight at once. */
  concurrency?: number;
  userAgent?: string;
  /** An already-read npm config (e.g. shared with `licit check`); read from projectDir when absent. */
  npmConfig?: NpmConfig;
}

export const DEFAULT_CONCURRENCY = 16;

type VersionTable = Map<string, SlimManifest>;

/**
 * Makes the `fetchManifest` the npm walker calls for lockfile entries without license data: the
 * version's manifest, cut down to the fields licit reads, from licit's cache or else the registry
 * npm would use. Resolves null when the registry does not have that package or version (the walker
 * then reports `license-not-in-lockfile`) and, offline, on a cache miss. Any other failure (refused
 * credentials, an unreachable registry, a broken answer) rejects with a one-line LicitInputError:
 * `--online` was asked for explicitly, so a half-answered scan would be a silent lie.
 */
export function createManifestFetcher(options: ManifestFetcherOptions): ManifestFetcher {
  const config = options.npmConfig ?? readNpmConfig(options.projectDir, options.env ? { env: options.env } : {});
  const offline = options.offline ?? config.offline;
  const cache = new ManifestCache(options.cacheDir);
  const limit = createLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
  const fetchOptions: FetchOptions = { ...config.fetchOptions, ...(options.userAgent ? { userAgent: options.userAgent } : {}) };
  // One packument request per name, however many of its versions are asked for.
  const tables = new Map<string, Promise<VersionTable | null>>();

  return async (name, version) => {
    const registry = registryFor(name, fetchOptions);
    const cached = cache.read(name, version, registry);
    if (cached) return cached;
    if (offline) return null;

    let table = tables.get(name);
    if (!table) {
      table = limit(() => fetchVersionTable(name, registry, fetchOptions));
      tables.set(name, table);
    }
    const manifest = (await table)?.get(version) ?? null;
    if (manifest) writeCache(cache, registry, manifest, options.cacheDir);
    return manifest;
  };
}

/** A cache that cannot be written (a full disk, no permission) is the one-line error naming it. */
function writeCache(cache: ManifestCache, registry: string, manifest: SlimManifest, cacheDir: string): void {
  try {
    cache.write(registry, manifest);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
    throw new LicitInputError(`cannot write the cache in ${cacheDir} (${code}): free space there, or name another folder with --cache`, 'unwritable-cache');
  }
}

async function fetchVersionTable(name: string, registry: string, fetchOptions: FetchOptions): Promise<VersionTable | null> {
  const url = `${registry.replace(/\/+$/, '')}/${escapeName(name)}`;
  let packument: Record<string, unknown>;
  const deadline = requestDeadline(fetchOptions);
  try {
    const response = await registryFetch(url, {
      ...fetchOptions,
      // The full document: the abbreviated ("corgi") one leaves out `license`.
      headers: { accept: 'application/json' },
      signal: deadline.signal,
    } as registryFetch.Options);
    const parsed: unknown = JSON.parse((await readCappedBody(response, MAX_PACKUMENT_BYTES, `the packument of ${name}`, deadline)).toString('utf8'));
    if (!isRecord(parsed)) throw new SyntaxError('not a JSON object');
    packument = parsed;
  } catch (error) {
    if (error instanceof LicitInputError) throw error;
    if (isAbort(error) && deadline.signal.aborted) throw deadlineExceeded(`the packument of ${name} from registry ${displayRegistry(registry)}`, deadline);
    if (error instanceof SyntaxError) throw new LicitInputError(`registry ${displayRegistry(registry)} sent a packument for ${name} that is not a JSON object; check that it is an npm registry`, 'registry-bad-answer');
    if (statusOf(error) === 404) return null;
    throw registryError(error, name, registry);
  }

  const versions = packument.versions;
  if (!isRecord(versions)) throw new LicitInputError(`registry ${displayRegistry(registry)} sent a packument for ${name} without versions; check that it is an npm registry`, 'registry-bad-answer');
  const table: VersionTable = new Map();
  for (const [key, manifest] of Object.entries(versions)) {
    if (isRecord(manifest)) table.set(key, slimManifest(manifest, name, key));
  }
  return table;
}

/** As npm escapes names in registry paths: only the scope's slash (`@scope%2fname`). */
function escapeName(name: string): string {
  return name.replace('/', '%2f');
}

function registryError(error: unknown, name: string, registry: string): LicitInputError {
  const where = displayRegistry(registry);
  const status = statusOf(error);
  if (status === 401 || status === 403) {
    return new LicitInputError(
      `registry ${where} refused ${name} (HTTP ${status}): add a token for it to .npmrc (//host/path/:_authToken=…) or run npm login --registry ${where}`,
      'registry-auth',
    );
  }
  if (status !== undefined) {
    return new LicitInputError(`registry ${where} answered HTTP ${status} for ${name}: try again later, or scan without --online`, 'registry-error');
  }
  const timedOut = isRecord(error) && (error.type === 'request-timeout' || error.code === 'ETIMEDOUT' || error.code === 'ERR_SOCKET_TIMEOUT');
  const code = timedOut
    ? 'no answer in time: fetch-timeout in .npmrc sets how long to wait'
    : isRecord(error) && typeof error.code === 'string' && error.code !== 'FETCH_ERROR'
      ? error.code
      : error instanceof Error
        ? error.message.split('\n')[0]
        : String(error);
  return new LicitInputError(
    `cannot fetch ${name} from registry ${where} (${code}): check the registry, proxy and certificate settings in .npmrc and the network, or scan without --online`,
    'registry-unreachable',
  );
}

function statusOf(error: unknown): number | undefined {
  return isRecord(error) && typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

/** The registry URL without any credentials written into it. */
function displayRegistry(registry: string): string {
  try {
    const url = new URL(registry);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return registry;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
