import { readdirSync, realpathSync, type Dirent } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';

/**
 * Every package directory installed under `<root>/node_modules`, nested ones included. A link is
 * followed (once) only when it leads to a folder inside the project, as workspaces and `file:`
 * dependencies do: its target (by its real path, as arborist names it) and the packages installed
 * under it are listed too. A link to the project itself or out of it is not followed.
 */
export function installedPackageDirectories(root: string): string[] {
  const found: string[] = [];
  const listed = new Set<string>();
  const walkNodeModules = (nodeModules: string): void => {
    for (const entry of readEntries(nodeModules)) {
      if (entry.name.startsWith('.')) continue;
      const path = join(nodeModules, entry.name);
      if (entry.name.startsWith('@') && entry.isDirectory()) {
        for (const scoped of readEntries(path)) {
          if (!scoped.name.startsWith('.')) addEntry(scoped, join(path, scoped.name));
        }
      } else {
        addEntry(entry, path);
      }
    }
  };
  const addEntry = (entry: Dirent, path: string): void => {
    if (entry.isDirectory()) addPackage(path);
    else if (entry.isSymbolicLink()) followLink(path);
  };
  const addPackage = (directory: string): void => {
    if (listed.has(directory)) return;
    listed.add(directory);
    found.push(directory);
    walkNodeModules(join(directory, 'node_modules'));
  };
  const followLink = (path: string): void => {
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      return;
    }
    const inside = relative(realRoot, target);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return;
    addPackage(target);
  };
  const realRoot = realpathOrSelf(root);
  walkNodeModules(join(root, 'node_modules'));
  return found;
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function readEntries(directory: string): Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
}
