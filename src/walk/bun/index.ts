import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Inventory } from '../../model/index.js';
import { LicitInputError, readInputText, MAX_LOCKFILE_BYTES } from '../../model/index.js';
import type { NpmWalkOptions } from '../npm.js';
import { inventoryFromLockGraph } from '../pnpm/index.js';
import { readJsonObject } from '../project.js';
import { BUN_LOCKFILE, parseBunLockfile } from './lockfile.js';
import { installLocation } from './layout.js';

/** Walks a Bun project (bun.lock, and the node_modules Bun installed from it) into the inventory the npm walker makes. */
export async function walkBunProject(directoryArgument: string, options: NpmWalkOptions): Promise<Inventory> {
  const directory = resolve(directoryArgument);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new LicitInputError(`no such directory: ${directoryArgument}`, 'no-directory');
  const manifestPath = join(directory, 'package.json');
  if (!existsSync(manifestPath)) throw new LicitInputError(`no package.json in ${directoryArgument}: licit scans a project's root`, 'no-manifest');
  const manifest = readJsonObject(manifestPath, 'package.json');
  if (!existsSync(join(directory, BUN_LOCKFILE))) {
    throw new LicitInputError(
      `found bun.lockb, Bun's binary lockfile, which licit does not read: run \`bun install --save-text-lockfile\` to write bun.lock`,
      'unsupported-lockfile',
    );
  }
  const lockfile = parseBunLockfile(readInputText(join(directory, BUN_LOCKFILE), BUN_LOCKFILE, MAX_LOCKFILE_BYTES), BUN_LOCKFILE);
  // Bun's hoisted node_modules puts each package where its bun.lock key says.
  const location = installLocation(lockfile.workspacePathByName);
  const installed = !options.lockfileOnly && existsSync(join(directory, 'node_modules'));
  if (installed && existsSync(join(directory, 'node_modules', '.bun'))) {
    throw new LicitInputError(
      'node_modules was installed by Bun\'s isolated linker (found node_modules/.bun), which licit does not read yet: scan with --lockfile-only, or install with `linker = "hoisted"`',
      'unsupported-layout',
    );
  }
  const store = installed
    ? {
        locate: (key: string): string | null => {
          const path = join(directory, location(key));
          return existsSync(join(path, 'package.json')) ? path : null;
        },
      }
    : null;
  const virtualPath = (key: string): string => join(directory, location(key));
  return inventoryFromLockGraph({ directory, manifest, lockfile, mode: installed ? 'actual' : 'virtual', store, virtualPath }, options);
}
