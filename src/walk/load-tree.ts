import Arborist from '@npmcli/arborist';
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import npa from 'npm-package-arg';
import Shrinkwrap from '@npmcli/arborist/lib/shrinkwrap.js';
import { guardArborist } from './arborist-guard.js';
import { prepareArborist } from './arborist/index.js';
import { settleHiddenLockfileTree, type InstalledManifests } from './hidden-lockfile.js';
import { readJsonObject, type ProjectLayout } from './project.js';
import { ownValue, inputFileProblem, LicitInputError, MAX_LOCKFILE_BYTES, type RuleCode, type TreeProblem } from '../model/index.js';

export type TreeNode = Arborist.Node;
export type TreeEdge = Arborist.Edge;

/** Where the tree came from: the hidden lockfile checked against every package.json, node_modules read in full, or the lockfile. */
export type TreeSource = 'hidden-lockfile' | 'node_modules' | 'lockfile';

export interface LoadedTree {
  tree: TreeNode;
  mode: 'actual' | 'virtual';
  source: TreeSource;
  problems: TreeProblem[];
}

/**
 * Loads the dependency tree: the installed one when node_modules is there, else the lockfile's.
 * The installed tree is the one every package.json describes: arborist may take it from the hidden
 * lockfile (node_modules/.package-lock.json), and `installedManifests` (every package.json, read
 * meanwhile) then settles it (see hidden-lockfile.ts); without them, or when they disagree,
 * arborist reads every package.json itself. Installed entries that are symlink loops are left out
 * and reported (arborist would never finish on a cycle of links, and builds a wrong tree from a
 * link to an ancestor), as are packages whose package.json is a FIFO or a device.
 */
export async function loadTree(
  layout: ProjectLayout,
  lockfileOnly: boolean,
  installedManifests?: () => Promise<InstalledManifests>,
): Promise<LoadedTree> {
  guardArborist();
  prepareArborist();
  if (!lockfileOnly && layout.hasNodeModules) {
    const settled = installedManifests && hiddenLockfileReadable(layout) ? await loadActualSettled(layout, installedManifests) : null;
    if (settled) return settled;
    const problems: TreeProblem[] = [];
    const arborist = new Arborist({ path: layout.directory });
    const tree = await arborist.loadActual({ forceActual: true, filter: unreadableEntryFilter(layout, problems) } as Arborist.Options);
    return checkedActualTree(layout, tree, problems);
  }
  try {
    const tree = await new Arborist({ path: layout.directory }).loadVirtual();
    assertLockfileShape(layout, tree);
    return { tree, mode: 'virtual', source: 'lockfile', problems: [] };
  } catch (error) {
    // A corrupt lockfile surfaces as ENOLOCK ("requires existing shrinkwrap"): say what is wrong instead.
    if (layout.lockfile && (error as { code?: string }).code === 'ENOLOCK') rejectLockfile(layout.lockfile);
    throw error;
  }
}

/**
 * The installed tree as arborist loads it by default (from the hidden lockfile when that is fresh),
 * settled against every package.json; null when it cannot be, and every package.json must be read.
 */
async function loadActualSettled(layout: ProjectLayout, installedManifests: () => Promise<InstalledManifests>): Promise<LoadedTree | null> {
  const arborist = new Arborist({ path: layout.directory });
  const problems: TreeProblem[] = [];
  // A hidden lockfile arborist cannot build a tree from (one a person or a tool wrote, say) is no
  // reason to fail: the caller reads every package.json instead.
  const tree = await arborist.loadActual({ filter: unreadableEntryFilter(layout, problems) } as Arborist.Options).catch(() => null);
  if (!tree) return null;
  if (!isFromHiddenLockfile(tree)) return checkedActualTree(layout, tree, problems);
  const lockfile = await Shrinkwrap.load({ path: tree.path, lockfileVersion: arborist.options.lockfileVersion, resolveOptions: arborist.options });
  if (layout.lockfile && lockfile.loadingError) rejectLockfile(layout.lockfile);
  if (hasSymlinkLoop(tree) || hasLinkOutside(tree, realpathOrSelf(layout.directory)) || !(await settleHiddenLockfileTree(tree, await installedManifests(), lockfile))) return null;
  return { tree, mode: 'actual', source: 'hidden-lockfile', problems };
}

/** npm's hidden lockfile is a cache: one that is not a regular file (a FIFO would never finish reading) is passed over. */
function hiddenLockfileReadable(layout: ProjectLayout): boolean {
  const path = join(layout.directory, 'node_modules', '.package-lock.json');
  return !existsSync(path) || inputFileProblem(path, MAX_LOCKFILE_BYTES) === null;
}

function checkedActualTree(layout: ProjectLayout, tree: TreeNode, problems: TreeProblem[]): LoadedTree {
  // Arborist reads the lockfile too and, when it cannot, carries on without it: that is bad input.
  if (layout.lockfile && (tree.meta as { loadingError?: unknown } | undefined)?.loadingError) rejectLockfile(layout.lockfile);
  assertLockfileShape(layout, tree);
  return { tree, mode: 'actual', source: 'node_modules', problems };
}

function isFromHiddenLockfile(tree: TreeNode): boolean {
  const meta = tree.meta as { hiddenLockfile?: boolean; loadedFromDisk?: boolean } | undefined;
  return meta?.hiddenLockfile === true && meta.loadedFromDisk === true;
}

/**
 * Leaves out of arborist's walk of node_modules, each reported, the entries it cannot get past:
 * symlink loops, and packages whose package.json is a FIFO or a device (reading one never ends).
 */
function unreadableEntryFilter(layout: ProjectLayout, problems: TreeProblem[]): (parent: TreeNode, kid: string) => boolean {
  const realRoot = realpathOrSelf(layout.directory);
  return (parent, kid) => {
    const path = resolve(parent.realpath, 'node_modules', kid);
    const report = (ruleCode: Extract<RuleCode, { rule: 'unreadable-package' | 'unsafe-path' }>, args: Record<string, string>): false => {
      problems.push({ ...ruleCode, package: null, path: relative(layout.directory, path).split(sep).join('/'), args });
      return false;
    };
    const loop = symlinkLoop(path);
    if (loop) return report({ rule: 'unreadable-package', code: 'symlink-loop' }, { reason: loop });
    if (linksOutside(path, realRoot) && !declaresLink([parent.package, layout.manifest], kid)) return report({ rule: 'unsafe-path', code: 'link-outside-root' }, { dependency: kid });
    if (isSpecialFile(join(path, 'package.json'))) return report({ rule: 'unreadable-package', code: 'package-json-not-a-file' }, {});
    return true;
  };
}

/** Whether an installed entry is a link whose target lies outside the project (`/`, a home directory, another checkout). */
function linksOutside(path: string, realRoot: string): boolean {
  try {
    if (!lstatSync(path).isSymbolicLink()) return false;
    const fromRoot = relative(realRoot, realpathSync.native(path));
    return fromRoot.startsWith('..') || isAbsolute(fromRoot);
  } catch {
    return false;
  }
}

/**
 * Whether the project (or the package that holds the link) declares `name` as a folder dependency
 * (`file:../x`, `link:`): the only links out of the project licit follows (DESIGN.md, What may be read).
 */
function declaresLink(manifests: Record<string, unknown>[], name: string): boolean {
  return manifests.some((manifest) =>
    DEPENDENCY_FIELDS.some((field) => {
      const map = ownValue(manifest, field);
      const spec = typeof map === 'object' && map !== null ? ownValue(map as Record<string, unknown>, name) : undefined;
      if (typeof spec !== 'string') return false;
      try {
        return npa.resolve(name, spec).type === 'directory';
      } catch {
        return false;
      }
    }),
  );
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

function realpathOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

function isSpecialFile(path: string): boolean {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    return stats !== undefined && (stats.isFIFO() || stats.isCharacterDevice() || stats.isBlockDevice() || stats.isSocket());
  } catch {
    return false;
  }
}

/** The hidden lockfile records links as they are: one that loops is only seen (and reported) by the full walk. */
function hasSymlinkLoop(tree: TreeNode): boolean {
  return [...tree.inventory.values()].some((node) => node.isLink && symlinkLoop(node.path) !== null);
}

/** A link out of the project is judged (declared or refused) only by the full walk. */
function hasLinkOutside(tree: TreeNode, realRoot: string): boolean {
  return [...tree.inventory.values()].some((node) => node.isLink && linksOutside(node.path, realRoot));
}

/** Why an installed entry is a symlink loop, or null when it is not one. */
function symlinkLoop(path: string): string | null {
  let real: string;
  try {
    // The parent is already a real path, so only the entry itself can be a link: one lstat spares
    // the realpath of every ordinary directory.
    if (!lstatSync(path).isSymbolicLink()) return null;
    real = realpathSync.native(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'cycle' : null;
  }
  return path.startsWith(real + sep) ? 'links-to-ancestor' : null;
}

/**
 * Arborist reads any object as a lockfile: `packages` as an array would give packages named "0",
 * "1"… (a missing or null `packages` is an old lockfile, which it rebuilds from `dependencies`).
 */
function assertLockfileShape(layout: ProjectLayout, tree: TreeNode): void {
  const meta = tree.meta as { data?: { packages?: unknown }; hiddenLockfile?: boolean } | undefined;
  const packages = meta?.data?.packages;
  if (!layout.lockfile || meta?.hiddenLockfile || packages === undefined || packages === null) return;
  if (typeof packages !== 'object' || Array.isArray(packages)) {
    throw new LicitInputError(`${basename(layout.lockfile)}: "packages" must be an object of install locations, not ${Array.isArray(packages) ? 'an array' : typeof packages}; regenerate it with npm install`, 'invalid-lockfile');
  }
}

/** Throws the one-line error for an unreadable root lockfile (parsed again only on this rare path). */
function rejectLockfile(lockfile: string): never {
  const name = basename(lockfile);
  readJsonObject(lockfile, name, MAX_LOCKFILE_BYTES);
  throw new LicitInputError(`${name} could not be read as an npm lockfile: fix or regenerate it`, 'invalid-lockfile');
}
