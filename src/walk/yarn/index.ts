import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Inventory } from '../../model/index.js';
import { LicitInputError } from '../../model/index.js';
import type { NpmWalkOptions } from '../npm.js';
import { inventoryFromLockGraph } from '../pnpm/index.js';
import type { PnpmEdge, PnpmLockfile } from '../pnpm/lockfile.js';
import { readJsonObject } from '../project.js';
import { YARN_LOCKFILE, readYarnClassic } from './classic.js';
import { readYarnInstall, type YarnInstall } from './install.js';
import { yarnInstalledPackages } from './installed.js';

/** Walks a Yarn project's yarn.lock (classic or berry, with its workspaces' manifests) into the inventory the npm walker makes. */
export async function walkYarnLockfileProject(directoryArgument: string, options: NpmWalkOptions): Promise<Inventory> {
  const directory = resolve(directoryArgument);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new LicitInputError(`no such directory: ${directoryArgument}`, 'no-directory');
  const manifestPath = join(directory, 'package.json');
  if (!existsSync(manifestPath)) throw new LicitInputError(`no package.json in ${directoryArgument}: licit scans a project's root`, 'no-manifest');
  const manifest = readJsonObject(manifestPath, 'package.json');
  const lockfile = await readYarnLockfile(directory, manifest);
  const install = options.lockfileOnly ? null : readYarnInstall(directory);
  if (install) {
    withoutSkippedPlatformPackages(lockfile, install);
    // The lockfile says what is installed; Yarn's install state says where (a folder, or a place in a zip).
    const { store, options: readOptions } = await yarnInstalledPackages(directory, install, lockfile, options);
    return inventoryFromLockGraph({ directory, manifest, lockfile, mode: 'actual', store, virtualPath: () => null }, readOptions);
  }
  // Where Yarn hoists a version is not in its lockfile: no install location is claimed.
  return inventoryFromLockGraph({ directory, manifest, lockfile, mode: 'virtual', store: null, virtualPath: () => null }, options);
}

/** Reads yarn.lock in its own format: Yarn 1's (`# yarn lockfile v1`) or berry's (`__metadata`). */
export async function readYarnLockfile(directory: string, manifest: Record<string, unknown>): Promise<PnpmLockfile> {
  let text: string;
  try {
    text = readFileSync(join(directory, YARN_LOCKFILE), 'utf8');
  } catch (error) {
    throw new LicitInputError(`cannot read ${YARN_LOCKFILE}: ${(error as Error).message}`, 'unreadable-input');
  }
  if (/^__metadata:/m.test(text)) return (await import('./berry.js')).readYarnBerry(directory, manifest, text);
  return readYarnClassic(directory, manifest, text);
}

/**
 * A package locked with `conditions` (os, cpu, libc) that Yarn's install state does not hold was
 * skipped on this platform: it is not part of this installed tree, as pnpm's `skipped` list says for pnpm.
 */
function withoutSkippedPlatformPackages(lockfile: PnpmLockfile, install: YarnInstall): void {
  const skipped = new Set([...(lockfile.conditional ?? [])].filter((key) => !install.locations.has(key)));
  if (skipped.size === 0) return;
  for (const key of skipped) lockfile.packages.delete(key);
  const kept = (edge: PnpmEdge): boolean => edge.target.kind !== 'package' || !skipped.has(edge.target.key);
  for (const node of [...lockfile.packages.values(), ...lockfile.importers.values()]) node.edges = node.edges.filter(kept);
}
