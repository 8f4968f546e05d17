import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { licitFileUrl } from '../../model/package-root.js';
import type { InstalledManifest } from '../installed-manifest.js';
import type { InstalledManifests } from '../hidden-lockfile.js';
import type { PackageListing, TextIdentifier, TextReading } from '../package-license.js';

/** What the worker is asked: the project root whose node_modules it reads, and what to read there. */
export interface PrefetchRequest {
  root: string;
  /** Every installed package.json. */
  manifests: boolean;
  /** Every package's license files, identified. */
  licenseFiles: boolean;
}

/**
 * How a worker is started: with its request, or early (warm) and told what to do later, possibly
 * with a guess at that request to start on meanwhile.
 */
export type WorkerStart = { request: PrefetchRequest } | { warm: { loadTextIndex: boolean; guess: PrefetchRequest | null } };

/** What a scan of `root` asks the worker for. */
export function prefetchWanted(root: string, options: { lockfileOnly: boolean; readText: boolean }): PrefetchRequest {
  return {
    root,
    // Every package.json settles a tree arborist takes from the hidden lockfile, or stands in for
    // lockfile entries without a license.
    manifests: options.lockfileOnly || existsSync(join(root, 'node_modules', '.package-lock.json')),
    licenseFiles: options.readText && !options.lockfileOnly,
  };
}

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
  /** null when the worker failed or was not asked for them: the caller reads them itself. */
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
export function warmUpPrefetchWorker(
  loadTextIndex: boolean,
  guess: PrefetchRequest | null = null,
  script: URL | null = bundledWorkerScript(),
): Worker | undefined {
  if (warm || !script || !existsSync(script)) return warm;
  const start: WorkerStart = { warm: { loadTextIndex, guess } };
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
 * with arborist (which leaves most of a second core idle): every package.json and every license
 * file (identified), as asked. The worker is a bundle entry, so only the built CLI has one;
 * from the TypeScript sources (the tests) this gives null and everything is read on the main
 * thread, as it is for anything the worker did not reach (linked license files, packages outside
 * the project). A worker that fails gives nulls.
 */
export function prefetchInstalled(request: PrefetchRequest, script: URL | null = bundledWorkerScript()): InstalledPrefetch | null {
  if (!request.manifests && !request.licenseFiles) return null;
  let worker: Worker;
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
  if (!request.manifests) settleManifests(null);
  if (!request.licenseFiles) settleFiles(null);
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
