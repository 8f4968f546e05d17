import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import registryFetch from 'npm-registry-fetch';
import { inputFileProblem, LicitInputError } from '../model/index.js';
import { deadlineExceeded, gunzipCapped, isAbort, MAX_TARBALL_BYTES, MAX_UNPACKED_BYTES, readCappedBody, requestDeadline } from './capped-body.js';
import type { FetchOptions } from './npm-config.js';

/** The package a tarball belongs to (the shape `src/walk/ideal-tree.ts` hands over). */
export interface TarballRequest {
  name: string;
  version: string;
  /** `https://…/x-1.0.0.tgz`, or `file:/absolute/x.tgz`. */
  resolved: string;
  integrity: string | null;
  /** Paths inside the package to return besides its top-level files. */
  alsoWanted: string[];
}

export interface TarballFetchOptions {
  fetchOptions: FetchOptions;
  cacheDir: string;
  offline: boolean;
}

/** Top-level files larger than this are code or data, never a license text worth reading. */
const MAX_FILE_BYTES = 256 * 1024;

/**
 * Fetches a package's tarball (through the same HTTP cache arborist uses, `<cacheDir>/_cacache`,
 * checked against its integrity) and returns its top-level files and the ones asked for by path.
 * A published tarball never changes, so a cached one is used without asking the registry again.
 */
export function createTarballFileFetcher(options: TarballFetchOptions): (request: TarballRequest) => Promise<Map<string, Buffer>> {
  return async (request) => {
    if (request.resolved.startsWith('file:') && (await stat(localPath(request.resolved))).isDirectory()) {
      return folderFiles(localPath(request.resolved), request.alsoWanted);
    }
    const bytes = await tarballBytes(request, options);
    if (!bytes) return new Map();
    return selectFiles(await gunzipCapped(bytes, MAX_UNPACKED_BYTES, `the tarball of ${request.name}@${request.version}`), new Set(request.alsoWanted));
  };
}

async function tarballBytes(request: TarballRequest, options: TarballFetchOptions): Promise<Buffer | null> {
  const { resolved } = request;
  if (resolved.startsWith('file:')) {
    const path = localPath(resolved);
    const problem = inputFileProblem(path, MAX_TARBALL_BYTES);
    if (problem) throw new LicitInputError(`cannot read the tarball ${path}: ${problem}`, 'unreadable-input');
    return readFile(path);
  }
  if (!/^https?:\/\//.test(resolved)) return null; // git and other sources: nothing to download
  const deadline = requestDeadline(options.fetchOptions);
  const what = `the tarball of ${request.name}@${request.version}`;
  try {
    const response = await registryFetch(resolved, {
      ...options.fetchOptions,
      spec: `${request.name}@${request.version}`,
      cache: join(options.cacheDir, '_cacache'),
      offline: options.offline,
      preferOffline: true,
      ...(request.integrity ? { integrity: request.integrity } : {}),
      signal: deadline.signal,
    } as registryFetch.Options);
    return await readCappedBody(response, MAX_TARBALL_BYTES, what, deadline);
  } catch (error) {
    if (error instanceof LicitInputError) throw error;
    if (isAbort(error) && deadline.signal.aborted) throw deadlineExceeded(what, deadline);
    throw tarballError(error, `${request.name}@${request.version}`, options.offline);
  }
}

function tarballError(error: unknown, ref: string, offline: boolean): LicitInputError {
  const record = (typeof error === 'object' && error !== null ? error : {}) as { statusCode?: number; code?: string };
  if (offline || record.code === 'ENOTCACHED') {
    return new LicitInputError(`offline: the tarball of ${ref} is not in the cache; run once without --offline (or without --deep)`, 'offline-miss');
  }
  if (record.statusCode === 401 || record.statusCode === 403) {
    return new LicitInputError(`the registry refused the tarball of ${ref} (HTTP ${record.statusCode}): add a token for it to .npmrc or run npm login`, 'registry-auth');
  }
  if (record.code === 'EINTEGRITY') return new LicitInputError(`the tarball of ${ref} does not match its integrity: the registry or a proxy altered it`, 'registry-bad-answer');
  const reason = record.statusCode ? `HTTP ${record.statusCode}` : (record.code ?? String(error));
  return new LicitInputError(`cannot fetch the tarball of ${ref} (${reason}): check the registry, proxy and network settings`, 'registry-unreachable');
}

function localPath(resolved: string): string {
  return resolved.slice('file:'.length);
}

/** A folder given as the spec: its top-level files and the ones asked for, as a tarball of it would hold. */
async function folderFiles(directory: string, alsoWanted: string[]): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const entries = await readdir(directory, { withFileTypes: true });
  const candidates = [...entries.filter((entry) => entry.isFile()).map((entry) => entry.name), ...alsoWanted];
  for (const path of new Set(candidates)) {
    const absolute = resolve(directory, path);
    if (relative(directory, absolute).startsWith('..')) continue;
    try {
      const info = await stat(absolute);
      if (info.isFile() && (info.size <= MAX_FILE_BYTES || alsoWanted.includes(path))) files.set(path, await readFile(absolute));
    } catch {
      // A missing SEE LICENSE IN target is reported by the walker, which finds nothing there.
    }
  }
  return files;
}

/** Reads a ustar archive (as npm packs them: one top folder, usually `package/`). */
function selectFiles(tar: Buffer, alsoWanted: ReadonlySet<string>): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let longName: string | null = null;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(field(header, 124, 12) || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? null;
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = null;
    if (type !== '0' && type !== '\0') continue;
    const path = name.split('/').slice(1).join('/'); // without the top folder
    if (!path || path.split('/').includes('..')) continue;
    if (alsoWanted.has(path) || (!path.includes('/') && size <= MAX_FILE_BYTES)) files.set(path, Buffer.from(body));
  }
  return files;
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? raw.length : end).toString('utf8').trim();
}
