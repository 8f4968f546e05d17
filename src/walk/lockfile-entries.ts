// The packages an npm lockfile records, whether or not they are installed: what a comparison with an installed
// tree needs to tell a package that is gone from a platform build npm skipped (`os`/`cpu` not this machine's).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const NPM_LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];

export interface LockfileEntries {
  names: Set<string>;
  /** `name@version` */
  refs: Set<string>;
}

/** The root lockfile's `packages` entries (lockfileVersion 2 and 3); empty without a readable one. */
export function lockfileEntries(directory: string): LockfileEntries {
  const entries: LockfileEntries = { names: new Set(), refs: new Set() };
  const lockfile = NPM_LOCKFILES.map((name) => join(resolve(directory), name)).find((path) => existsSync(path));
  if (!lockfile) return entries;
  let packages: unknown;
  try {
    packages = (JSON.parse(readFileSync(lockfile, 'utf8')) as { packages?: unknown }).packages;
  } catch {
    // The scan itself has read (or refused) this lockfile already.
    return entries;
  }
  if (typeof packages !== 'object' || packages === null) return entries;
  for (const [location, value] of Object.entries(packages as Record<string, unknown>)) {
    const at = location.lastIndexOf('node_modules/');
    if (at < 0 || typeof value !== 'object' || value === null) continue;
    const { name: declared, version } = value as { name?: unknown; version?: unknown };
    const name = typeof declared === 'string' && declared ? declared : location.slice(at + 'node_modules/'.length);
    entries.names.add(name);
    if (typeof version === 'string' && version) entries.refs.add(`${name}@${version}`);
  }
  return entries;
}
