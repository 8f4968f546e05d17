import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { licitFileUrl } from '../../model/package-root.js';
import type { InstalledManifest } from '../installed-manifest.js';
import type { InstalledManifests } from '../hidden-lockfile.js';
import type { PackageListing, TextIdentifier, TextReading } from '../package-license.js';

/** What the worker is asked: the project root whose node_modules it reads, and whether to read license files too. */
export interface PrefetchRequest {
  root: string;
  licenseFiles: boolean;
}

/** How a worker is started: with its request, or early (warm) and told what to do later. */
export type WorkerStart = { request: PrefetchRequest } | { warm: { loadTextIndex: boolean } };

/**
 * What the worker sends, in this order: every installed package directory with its package.json
 * (as soon as they are read, for the tree load), then the license files (when asked for). null
 * means it failed.
 */
export type PrefetchMessage =
  | { kind: 'manifests'; manifests: [string, InstalledManifest][] }
  | { kind: 'license-files'; listings: [string, PackageListing][]; readings: [string, TextReading][] }
  | null;

/** Package listings and license readings to use before touching the disk again. */
export interface LicenseFileSource {
  listFiles(directory: string): PackageListing | undefined;
  reading(path: string): TextReading | undefined;
}

export interface InstalledPrefetch {
  /** null when the worker failed: the caller reads them itself. */
  manifests: Promise<InstalledManifests | null>;
  /** null when the worker failed or was not asked for license files. */
  licenseFiles: Promise<LicenseFileSource | null>;
  cancel(): void;
}

/** A worker started before the command knew its project, loading the text index meanwhile. */
let warm: Worker | undefined;

/**
 * Starts the worker early (while the CLI loads the scan command), so that its start-up (and, for
 * a scan that reads license files, the text index load) is done by the time the root is known. It
 * waits for prefetchInstalled; a scan that never asks leaves it behind (it does not keep the
 * process alive).
 */
export function warmUpPrefetchWorker(loadTextIndex: boolean, script: URL | null = bundledWorkerScript()): Worker | undefined {
  if (warm || !script || !existsSync(script)) return warm;
  const start: WorkerStart = { warm: { loadTextIndex } };
  const worker = new Worker(script, { workerData: start });
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
 * Starts reading the installed packages in a worker thread, while the main thread loads the tree
 * with arborist (which leaves most of a second core idle): every package.json, then, when asked,
 * every license file, identified. The worker is a bundle entry, so only the built CLI has one;
 * from the TypeScript sources (the tests) this gives null and everything is read on the main
 * thread, as it is for anything the worker did not reach (linked license files, packages outside
 * the project). A worker that fails gives nulls.
 */
export function prefetchInstalled(root: string, licenseFiles: boolean, script: URL | null = bundledWorkerScript()): InstalledPrefetch | null {
  let worker: Worker;
  const request: PrefetchRequest = { root, licenseFiles };
  if (warm) {
    worker = warm;
    warm = undefined;
    worker.postMessage(request);
  } else {
    if (!script || !existsSync(script)) return null;
    const start: WorkerStart = { request };
    worker = new Worker(script, { workerData: start });
    worker.unref();
  }
  let settleManifests!: (value: InstalledManifests | null) => void;
  let settleFiles!: (value: LicenseFileSource | null) => void;
  const manifests = new Promise<InstalledManifests | null>((resolve) => (settleManifests = resolve));
  const files = new Promise<LicenseFileSource | null>((resolve) => (settleFiles = resolve));
  if (!licenseFiles) settleFiles(null);
  const fail = (): void => {
    settleManifests(null);
    settleFiles(null);
  };
  worker.on('message', (message: PrefetchMessage) => {
    if (message?.kind === 'manifests') settleManifests(new Map(message.manifests));
    else if (message?.kind === 'license-files') settleFiles(sourceOf(message));
    else fail();
  });
  worker.once('error', fail);
  worker.once('exit', fail);
  return { manifests, licenseFiles: files, cancel: () => void worker.terminate() };
}

function bundledWorkerScript(): URL | null {
  return import.meta.url.endsWith('.ts') ? null : licitFileUrl('dist/prefetch-worker.js');
}

function sourceOf(prefetched: { listings: [string, PackageListing][]; readings: [string, TextReading][] }): LicenseFileSource {
  const listings = new Map(prefetched.listings);
  const readings = new Map(prefetched.readings);
  return { listFiles: (directory) => listings.get(directory), reading: (path) => readings.get(path) };
}

/** The identifier, answering from the prefetched readings first. */
export function withPrefetchedReadings(identifier: TextIdentifier, source: LicenseFileSource): TextIdentifier {
  const prefetched = async (path: string): Promise<TextReading> => source.reading(path) ?? identifier(path);
  return Object.assign(prefetched, { section: identifier.section });
}
