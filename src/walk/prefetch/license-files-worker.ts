// Worker entry: lists the installed packages' files and identifies their license files while the
// main thread is busy loading the tree with arborist. See ./index.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import { textMatcher } from '../../licenses/text/load-index.js';
import { createTextIdentifier } from '../license-text.js';
import { listPackageFiles } from '../package-license.js';
import { installedPackageDirectories } from './package-directories.js';
import type { PrefetchedFiles, PrefetchRequest } from './index.js';

async function prefetch(root: string): Promise<PrefetchedFiles> {
  const identify = createTextIdentifier();
  const listings: PrefetchedFiles['listings'] = [];
  const readings: PrefetchedFiles['readings'] = [];
  for (const directory of installedPackageDirectories(root)) {
    const listing = listPackageFiles(directory);
    listings.push([directory, listing]);
    // A linked license file may lead out of its package: the main thread checks and reads it.
    for (const name of listing.licenseFiles) {
      if (listing.links.has(name)) continue;
      const path = join(directory, name);
      readings.push([path, await identify(path)]);
    }
  }
  return { listings, readings };
}

function answer(request: PrefetchRequest): void {
  prefetch(request.root).then(
    (result) => parentPort!.postMessage(result),
    () => parentPort!.postMessage(null),
  );
}

const started = workerData as PrefetchRequest | null;
if (started) {
  answer(started);
} else {
  // Started early, before the main thread knows what to scan: load the text index meanwhile.
  parentPort!.once('message', answer);
  const matcher = textMatcher();
  matcher.shingleIndex();
}
