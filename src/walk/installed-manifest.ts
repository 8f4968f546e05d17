import { ownValue, setOwn } from '../model/index.js';
import { join } from 'node:path';
import { installedPackageDirectories } from './prefetch/package-directories.js';
import { readBounded } from './read-bounded.js';

/**
 * The parts of an installed package.json that decide the tree arborist builds (identity, dependency
 * edges, bundling, where it came from) and the parts licit reports (license, description, homepage).
 * Only these cross from the prefetch worker, which keeps the message small.
 */
export const TREE_KEYS = [
  'name',
  'version',
  'dependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'acceptDependencies',
  'bundleDependencies',
  'bundledDependencies',
  '_resolved',
  '_integrity',
  '_where',
] as const;
/** Read only for packages at the top of their own tree (workspaces and other link targets). */
export const TOP_TREE_KEYS = ['devDependencies', 'workspaces'] as const;
export const REPORTED_KEYS = ['license', 'licenses', 'description', 'homepage'] as const;

const KEPT_KEYS: readonly string[] = [...TREE_KEYS, ...TOP_TREE_KEYS, ...REPORTED_KEYS];

/** Far beyond any real manifest; a bigger one is not read (the tree is then loaded by arborist itself). */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** An installed package.json cut down to KEPT_KEYS, or why it could not be read. */
export type InstalledManifest = { fields: Record<string, unknown> } | { error: string };

/** Reads `<directory>/package.json` as arborist would find it, keeping only what licit compares or reports. */
export function readInstalledManifest(directory: string): InstalledManifest {
  let read: { bytes: Buffer; truncated: boolean };
  try {
    // Bounded and non-blocking: a FIFO named package.json must not hang the reader.
    read = readBounded(join(directory, 'package.json'), MAX_MANIFEST_BYTES);
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? 'EJSONPARSE' };
  }
  return manifestFromBytes(read.bytes, read.truncated);
}

/** A package.json's bytes (read at most MAX_MANIFEST_BYTES, from a folder or an archive) cut down to KEPT_KEYS. */
export function manifestFromBytes(bytes: Buffer, truncated: boolean): InstalledManifest {
  if (truncated) return { error: 'too-large' };
  let parsed: unknown;
  try {
    const text = bytes.toString('utf8');
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { error: 'EJSONPARSE' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'EJSONPARSE' };
  const fields: Record<string, unknown> = {};
  for (const key of KEPT_KEYS) {
    const value = ownValue(parsed as Record<string, unknown>, key);
    if (value !== undefined) setOwn(fields, key, value);
  }
  return { fields };
}

/** Every package installed under `<root>/node_modules` (see installedPackageDirectories), with its package.json. */
export function readInstalledManifests(root: string): Map<string, InstalledManifest> {
  return new Map(installedPackageDirectories(root).map((directory) => [directory, readInstalledManifest(directory)]));
}
