import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The package manager whose own records licit reads for a project, when it is not npm's. */
export type ForeignManager = 'pnpm' | 'yarn-lockfile' | 'bun';

const NPM_LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];

/**
 * Which reader a project needs, from file names only (the readers and their parsers load only
 * when used): pnpm for a pnpm install (`node_modules/.modules.yaml` or `.pnpm`, which npm's
 * reader would misread) or a pnpm lockfile without an npm one; Yarn 1's lockfile reader for a
 * yarn.lock without any other lockfile, scanned lockfile-only or not installed; Bun's for a bun.lock (or
 * bun.lockb, refused by name) without another lockfile, unless npm installed node_modules. Null: npm's walker.
 */
export function foreignManager(directory: string, lockfileOnly: boolean): ForeignManager | null {
  const has = (path: string): boolean => existsSync(join(directory, path));
  const npmLockfile = NPM_LOCKFILES.some(has);
  const installed = has('node_modules');
  if (!lockfileOnly && (has('node_modules/.modules.yaml') || has('node_modules/.pnpm'))) return 'pnpm';
  if (has('pnpm-lock.yaml') && !npmLockfile && (lockfileOnly || !installed)) return 'pnpm';
  // Yarn berry's own install state (node-modules linker, Plug'n'Play with no node_modules at all, or its pnpm linker, refused).
  const yarnBerryInstall = ['node_modules/.yarn-state.yml', '.pnp.cjs', '.pnp.data.json', 'node_modules/.store'].some(has);
  if (has('yarn.lock') && !npmLockfile && !has('pnpm-lock.yaml') && (lockfileOnly || !installed || yarnBerryInstall)) return 'yarn-lockfile';
  const bunLockfile = has('bun.lock') || has('bun.lockb');
  const npmInstalled = has('node_modules/.package-lock.json');
  if (bunLockfile && !npmLockfile && !has('pnpm-lock.yaml') && !has('yarn.lock') && (lockfileOnly || !npmInstalled)) return 'bun';
  return null;
}
