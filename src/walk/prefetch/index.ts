import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { licitFileUrl } from '../../model/package-root.js';
import type { PackageListing, TextIdentifier, TextReading } from '../package-license.js';

/** What the worker is asked: the project root whose node_modules it reads. */
export interface PrefetchRequest {
  root: string;
}

/** What the worker found: each installed package directory's listing, each license file's reading. */
export interface PrefetchedFiles {
  listings: [string, PackageListing][];
  readings: [string, TextReading][];
}

/** Package listings and license readings to use before touching the disk again. */
export interface LicenseFileSource {
  listFiles(directory: string): PackageListing | undefined;
  reading(path: string): TextReading | undefined;
}

export interface LicenseFilePrefetch {
  result: Promise<LicenseFileSource | null>;
  cancel(): void;
}

/** A worker started before the command knew its project, loading the text index meanwhile. */
let warm: Worker | undefined;

/**
 * Starts the worker early (while the CLI loads the scan command), so that its start-up and the
 * text index load are done by the time the root is known. It waits for prefetchLicenseFiles; a
 * scan that never asks leaves it behind (it does not keep the process alive).
 */
export function warmUpLicenseFileWorker(script: URL | null = bundledWorkerScript()): Worker | undefined {
  if (warm || !script || !existsSync(script)) return warm;
  const worker = new Worker(script, { workerData: null });
  worker.unref();
  worker.on('error', () => undefined);
  // A worker that died while waiting is not handed a request (nothing would ever answer it).
  worker.once('exit', () => {
    if (warm === worker) warm = undefined;
  });
  warm = worker;
  return worker;
}

/**
 * Starts listing the installed packages and identifying their license files in a worker thread,
 * while the main thread loads the tree with arborist (which leaves most of a second core idle).
 * The worker is a bundle entry, so only the built CLI has one; from the TypeScript sources (the
 * tests) this gives null and everything is read on the main thread, as it is for any package the
 * worker did not reach (linked packages, workspaces). A worker that fails also gives null.
 */
export function prefetchLicenseFiles(root: string, script: URL | null = bundledWorkerScript()): LicenseFilePrefetch | null {
  let worker: Worker;
  const request: PrefetchRequest = { root };
  if (warm) {
    worker = warm;
    warm = undefined;
    worker.postMessage(request);
  } else {
    if (!script || !existsSync(script)) return null;
    worker = new Worker(script, { workerData: request });
    worker.unref();
  }
  const result = new Promise<LicenseFileSource | null>((resolve) => {
    worker.once('message', (message: PrefetchedFiles | null) => resolve(message && sourceOf(message)));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return { result, cancel: () => void worker.terminate() };
}

function bundledWorkerScript(): URL | null {
  return import.meta.url.endsWith('.ts') ? null : licitFileUrl('dist/license-files-worker.js');
}

function sourceOf(prefetched: PrefetchedFiles): LicenseFileSource {
  const listings = new Map(prefetched.listings);
  const readings = new Map(prefetched.readings);
  return { listFiles: (directory) => listings.get(directory), reading: (path) => readings.get(path) };
}

/** The identifier, answering from the prefetched readings first. */
export function withPrefetchedReadings(identifier: TextIdentifier, source: LicenseFileSource): TextIdentifier {
  const prefetched = async (path: string): Promise<TextReading> => source.reading(path) ?? identifier(path);
  return Object.assign(prefetched, { section: identifier.section });
}
