import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Inventory } from '../../model/index.js';
import { LicitInputError } from '../../model/index.js';
import type { NpmWalkOptions } from '../npm.js';
import { inventoryFromLockGraph } from '../pnpm/index.js';
import { readJsonObject } from '../project.js';
import { readYarnClassic } from './classic.js';

/** Walks a Yarn 1 project's yarn.lock (with its workspaces' manifests) into the inventory the npm walker makes. */
export async function walkYarnLockfileProject(directoryArgument: string, options: NpmWalkOptions): Promise<Inventory> {
  const directory = resolve(directoryArgument);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new LicitInputError(`no such directory: ${directoryArgument}`, 'no-directory');
  const manifestPath = join(directory, 'package.json');
  if (!existsSync(manifestPath)) throw new LicitInputError(`no package.json in ${directoryArgument}: licit scans a project's root`, 'no-manifest');
  const manifest = readJsonObject(manifestPath, 'package.json');
  const lockfile = readYarnClassic(directory, manifest);
  // Where Yarn hoists a version is not in its lockfile: no install location is claimed.
  return inventoryFromLockGraph({ directory, manifest, lockfile, mode: 'virtual', store: null, virtualPath: () => null }, options);
}
