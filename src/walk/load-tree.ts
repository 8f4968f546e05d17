import Arborist from '@npmcli/arborist';
import { lstatSync, realpathSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { readJsonObject, type ProjectLayout } from './project.js';
import { LicitInputError, type TreeProblem } from '../model/index.js';

export type TreeNode = Arborist.Node;
export type TreeEdge = Arborist.Edge;

/**
 * Loads the dependency tree: the installed one when node_modules is there (reading every
 * package.json, never the hidden lockfile, whose entries lack license data), else the lockfile's.
 * Installed entries that are symlink loops are left out and reported: arborist would never finish
 * on a cycle of links, and builds a wrong tree from a link to an ancestor.
 */
export async function loadTree(
  layout: ProjectLayout,
  lockfileOnly: boolean,
): Promise<{ tree: TreeNode; mode: 'actual' | 'virtual'; problems: TreeProblem[] }> {
  const arborist = new Arborist({ path: layout.directory });
  const problems: TreeProblem[] = [];
  if (!lockfileOnly && layout.hasNodeModules) {
    const filter = (parent: TreeNode, kid: string): boolean => {
      const path = resolve(parent.realpath, 'node_modules', kid);
      const loop = symlinkLoop(path);
      if (loop) {
        problems.push({
          rule: 'unreadable-package',
          code: 'symlink-loop',
          package: null,
          path: relative(layout.directory, path).split(sep).join('/'),
          args: { reason: loop },
        });
      }
      return loop === null;
    };
    const tree = await arborist.loadActual({ forceActual: true, filter } as Arborist.Options);
    // Arborist reads the lockfile too and, when it cannot, carries on without it: that is bad input.
    if (layout.lockfile && (tree.meta as { loadingError?: unknown } | undefined)?.loadingError) rejectLockfile(layout.lockfile);
    return { tree, mode: 'actual', problems };
  }
  try {
    return { tree: await arborist.loadVirtual(), mode: 'virtual', problems };
  } catch (error) {
    // A corrupt lockfile surfaces as ENOLOCK ("requires existing shrinkwrap"): say what is wrong instead.
    if (layout.lockfile && (error as { code?: string }).code === 'ENOLOCK') rejectLockfile(layout.lockfile);
    throw error;
  }
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

/** Throws the one-line error for an unreadable root lockfile (parsed again only on this rare path). */
function rejectLockfile(lockfile: string): never {
  const name = basename(lockfile);
  readJsonObject(lockfile, name);
  throw new LicitInputError(`${name} could not be read as an npm lockfile: fix or regenerate it`, 'invalid-lockfile');
}
