import { ownValue } from '../model/index.js';
import PackageJson from '@npmcli/package-json';
import calcDepFlags from '@npmcli/arborist/lib/calc-dep-flags.js';
import consistentResolve from '@npmcli/arborist/lib/consistent-resolve.js';
import resetDepFlags from '@npmcli/arborist/lib/reset-dep-flags.js';
import type Shrinkwrap from '@npmcli/arborist/lib/shrinkwrap.js';
import { REPORTED_KEYS, TOP_TREE_KEYS, TREE_KEYS, type InstalledManifest } from './installed-manifest.js';
import type { TreeNode } from './load-tree.js';

/** What was read from disk: every installed package directory the walk found, with its package.json. */
export type InstalledManifests = ReadonlyMap<string, InstalledManifest>;

/** Tree keys compared between the hidden lockfile's entry and package.json (the rest are read as they are). */
const COMPARED_KEYS = TREE_KEYS.filter((key) => !key.startsWith('_'));

/**
 * Arborist builds the installed tree from node_modules/.package-lock.json (the hidden lockfile npm
 * writes on every install) when no folder under node_modules is newer than it. That spares it
 * every package.json, a third of its load time, but the hidden lockfile knows less than those files:
 * no description, homepage or legacy `licenses`, versions cleaned up by semver, no `resolved` when
 * npm was told to omit it, stored dependency flags, and nothing of a package.json edited in place.
 *
 * This turns such a tree into the one `loadActual({ forceActual: true })` builds, using the
 * package.json files read meanwhile (by the prefetch worker): the reported fields are copied over, a
 * package whose identity or dependencies differ from its hidden entry is re-read as arborist reads
 * it, `resolved`/`integrity` are derived as arborist derives them (package.json, then the project's
 * lockfile), and the dependency flags are computed afresh. It returns false when the disk and the
 * tree disagree in a way it does not repair (a package.json missing or unreadable, a folder the tree
 * lacks, a package outside the walk): the caller then loads the tree the slow way.
 */
export async function settleHiddenLockfileTree(tree: TreeNode, installed: InstalledManifests, lockfile: Shrinkwrap): Promise<boolean> {
  const packageNodes = [...tree.inventory.values()].filter((node) => !node.isRoot && !node.isLink);
  if (packageNodes.length !== installed.size) return false;
  const manifests: [TreeNode, Record<string, unknown>][] = [];
  for (const node of packageNodes) {
    const read = installed.get(node.path);
    if (!read || 'error' in read) return false;
    manifests.push([node, read.fields]);
  }
  for (const [node, fields] of manifests) {
    if (sameTreeFields(node, fields)) continue;
    try {
      node.package = (await PackageJson.normalize(node.path)).content as TreeNode['package'];
    } catch {
      return false;
    }
  }
  for (const [node, fields] of manifests) {
    copyReportedFields(node, fields);
    deriveResolution(node, fields, lockfile);
  }
  resetDepFlags(tree);
  calcDepFlags(tree, true);
  return true;
}

function sameTreeFields(node: TreeNode, fields: Record<string, unknown>): boolean {
  const entry = node.package as Record<string, unknown>;
  if (fields.bundleDependencies !== undefined || fields.bundledDependencies !== undefined) return false;
  const keys: readonly string[] = node.isTop ? [...COMPARED_KEYS, ...TOP_TREE_KEYS] : COMPARED_KEYS;
  return keys.every((key) => canonical(comparable(key, fields)) === canonical(comparable(key, entry)));
}

/** A field as it shapes the tree: an optional dependency listed in `dependencies` too is only optional. */
function comparable(key: string, manifest: Record<string, unknown>): unknown {
  const value = ownValue(manifest, key);
  if (key !== 'dependencies' || !isRecord(value) || !isRecord(manifest.optionalDependencies)) return value;
  const optional = manifest.optionalDependencies;
  return Object.fromEntries(Object.entries(value).filter(([name]) => !Object.hasOwn(optional, name)));
}

/** JSON with sorted keys, an empty object the same as none: the order of a dependency map shapes nothing. */
function canonical(value: unknown): string {
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return keys.length === 0 ? '' : `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(ownValue(value, key))}`).join(',')}}`;
  }
  return value === undefined ? '' : JSON.stringify(value);
}

function copyReportedFields(node: TreeNode, fields: Record<string, unknown>): void {
  // Edited in place: assigning node.package would make arborist rebuild every edge of the node.
  const entry = node.package as Record<string, unknown>;
  for (const key of REPORTED_KEYS) {
    if (fields[key] === undefined) Reflect.deleteProperty(entry, key);
    else entry[key] = fields[key];
  }
}

/** resolved and integrity as arborist's Node derives them from package.json, completed from the lockfile. */
function deriveResolution(node: TreeNode, fields: Record<string, unknown>, lockfile: Shrinkwrap): void {
  const resolved = consistentResolve(fields._resolved);
  node.resolved = resolved && !(resolved.startsWith('file:') && fields._where) ? resolved : null;
  node.integrity = (fields._integrity as string | undefined) || null;
  lockfile.add(node);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
