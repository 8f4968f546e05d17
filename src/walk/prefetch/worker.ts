// Worker entry: reads the installed packages (their package.json, then their license files) while
// the main thread is busy loading the tree with arborist. See ./index.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { textMatcher } from '../../licenses/text/load-index.js';
import { readInstalledManifests } from '../installed-manifest.js';
import { createTextIdentifier } from '../license-text.js';
import { listPackageFiles } from '../package-license.js';
import { installedPackageDirectories } from './package-directories.js';
import type { PrefetchMessage, PrefetchRequest, WorkerStart } from './index.js';

type Emit = (message: PrefetchMessage) => void;

function post(message: PrefetchMessage): void {
  parentPort!.postMessage(message);
}

async function readLicenseFiles(directories: string[]): Promise<PrefetchMessage> {
  const identify = createTextIdentifier();
  const listings: [string, ReturnType<typeof listPackageFiles>][] = [];
  const readings: [string, Awaited<ReturnType<typeof identify>>][] = [];
  for (const directory of directories) {
    const listing = listPackageFiles(directory);
    listings.push([directory, listing]);
    // A linked license file may lead out of its package: the main thread checks and reads it.
    for (const name of listing.licenseFiles) {
      if (listing.links.has(name)) continue;
      const path = join(directory, name);
      readings.push([path, await identify(path)]);
    }
  }
  return { kind: 'license-files', listings, readings };
}

async function prefetch(request: PrefetchRequest, emit: Emit): Promise<void> {
  let directories: string[];
  try {
    if (request.manifests) {
      const manifests = readInstalledManifests(request.root);
      directories = [...manifests.keys()];
      emit({ kind: 'manifests', manifests: [...manifests] });
    } else {
      directories = installedPackageDirectories(request.root);
    }
  } catch {
    emit(null);
    return;
  }
  if (request.licenseFiles) emit(await readLicenseFiles(directories).catch(() => null));
}

function sameRequest(a: PrefetchRequest, b: PrefetchRequest): boolean {
  return a.root === b.root && a.manifests === b.manifests && a.licenseFiles === b.licenseFiles;
}

const start = workerData as WorkerStart;
if ('request' in start) {
  void prefetch(start.request, post);
} else if (start.warm.guess) {
  // Started early with the project the command line most likely names: read it now, and hand the
  // results over only if the main thread asks for exactly that (else read what it asks for).
  const guess = start.warm.guess;
  const held: PrefetchMessage[] = [];
  let claimed = false;
  void prefetch(guess, (message) => (claimed ? post(message) : held.push(message)));
  parentPort!.once('message', (request: PrefetchRequest) => {
    if (!sameRequest(request, guess)) return void prefetch(request, post);
    claimed = true;
    for (const message of held.splice(0)) post(message);
  });
} else {
  // Started early, before the main thread knows what to scan: load the text index meanwhile.
  parentPort!.once('message', (request: PrefetchRequest) => void prefetch(request, post));
  if (start.warm.loadTextIndex) textMatcher().shingleIndex();
}
