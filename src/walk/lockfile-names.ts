// The package names an npm lockfile records, whether or not they are installed: what a `--base` comparison
// of an installed head needs to tell a package the change removed from a platform build npm skipped.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const NPM_LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];

/** Names in the root lockfile's `packages` (lockfileVersion 2 and 3); empty without a readable one. */
export function lockfilePackageNames(directory: string): Set<string> {
  const names = new Set<string>();
  const lockfile = NPM_LOCKFILES.map((name) => join(resolve(directory), name)).find((path) => existsSync(path));
  if (!lockfile) return names;
  let packages: unknown;
  try {
    packages = (JSON.parse(readFileSync(lockfile, 'utf8')) as { packages?: unknown }).packages;
  } catch {
    // The scan itself has read (or refused) this lockfile already.
    return names;
  }
  if (typeof packages !== 'object' || packages === null) return names;
  for (const [location, entry] of Object.entries(packages as Record<string, unknown>)) {
    const at = location.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const declared = (entry as { name?: unknown } | null)?.name;
    names.add(typeof declared === 'string' && declared ? declared : location.slice(at + 'node_modules/'.length));
  }
  return names;
}
