import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every package directory installed under `<root>/node_modules`, nested ones included, without
 * following links (linked packages are read the ordinary way when the tree reaches them).
 */
export function installedPackageDirectories(root: string): string[] {
  const found: string[] = [];
  const walkNodeModules = (nodeModules: string): void => {
    for (const entry of readEntries(nodeModules)) {
      if (entry.name.startsWith('.') || !entry.isDirectory()) continue;
      const path = join(nodeModules, entry.name);
      if (entry.name.startsWith('@')) {
        for (const scoped of readEntries(path)) {
          if (scoped.isDirectory() && !scoped.name.startsWith('.')) addPackage(join(path, scoped.name));
        }
      } else {
        addPackage(path);
      }
    }
  };
  const addPackage = (directory: string): void => {
    found.push(directory);
    walkNodeModules(join(directory, 'node_modules'));
  };
  walkNodeModules(join(root, 'node_modules'));
  return found;
}

function readEntries(directory: string): import('node:fs').Dirent[] {
  try {
    return readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
}
