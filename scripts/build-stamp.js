// The build stamp: a hash of everything dist/ is built from, written into dist/ by the build, so the
// tests (which run the built CLI) can tell a bundle built from the sources they test from a stale one.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const STAMP_FILE = 'build-stamp.json';

/** What the bundle is made of: licit's sources, the build script, and the installed dependencies' lockfile. */
const INPUTS = ['src', 'scripts/bundle.js', 'scripts/build-stamp.js', 'package.json', 'package-lock.json', 'tsconfig.json'];

function files(repo, path) {
  const full = join(repo, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repo, join(entry.parentPath ?? entry.path, entry.name)));
}

/** The hash of every input file's path and bytes, in a fixed order. */
export function sourceHash(repo) {
  const hash = createHash('sha256');
  for (const path of INPUTS.flatMap((input) => files(repo, input)).sort()) {
    hash.update(`${path}\0`).update(readFileSync(join(repo, path))).update('\0');
  }
  return hash.digest('hex');
}

/** The hash dist/ was built from, or null when there is no finished build. */
export function builtHash(repo) {
  try {
    return JSON.parse(readFileSync(join(repo, 'dist', STAMP_FILE), 'utf8')).sourceHash ?? null;
  } catch {
    return null;
  }
}
