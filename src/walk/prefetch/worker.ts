// Worker entry: reads the installed packages (their package.json, then their license files) while
// the main thread is busy loading the tree with arborist. See ./index.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { textMatcher } from '../../licenses/text/load-index.js';
import { readInstalledManifests } from '../installed-manifest.js';
import { createTextIdentifier } from '../license-text.js';
import { listPackageFiles } from '../package-license.js';
import type { PrefetchMessage, PrefetchRequest, WorkerStart } from './index.js';

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

function answer(request: PrefetchRequest): void {
  let directories: string[];
  try {
    const manifests = readInstalledManifests(request.root);
    directories = [...manifests.keys()];
    post({ kind: 'manifests', manifests: [...manifests] });
  } catch {
    post(null);
    return;
  }
  if (request.licenseFiles) readLicenseFiles(directories).then(post, () => post(null));
}

const start = workerData as WorkerStart;
if ('request' in start) {
  answer(start.request);
} else {
  // Started early, before the main thread knows what to scan: load the text index meanwhile.
  parentPort!.once('message', answer);
  if (start.warm.loadTextIndex) textMatcher().shingleIndex();
}
