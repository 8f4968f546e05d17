// What `licit audit` asks of the disk about the tree's npm projects before it walks them.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_INPUT_BYTES, readBounded } from '../../model/index.js';
import { basenameOf } from './layout.js';

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Directories whose package.json declares workspaces: their members are first-party, not vendored. */
export function workspaceRoots(root: string, files: readonly string[]): Set<string> {
  const roots = new Set<string>();
  for (const file of files) {
    if (basenameOf(file) !== 'package.json') continue;
    const directory = file.slice(0, -'package.json'.length).replace(/\/$/, '');
    if (!['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'npm-shrinkwrap.json'].some((lock) => files.includes(directory ? `${directory}/${lock}` : lock))) continue;
    try {
      const manifest = JSON.parse(readBounded(join(root, file), MAX_INPUT_BYTES).bytes.toString('utf8')) as { workspaces?: unknown };
      if (manifest.workspaces !== undefined) roots.add(directory);
    } catch {
      // The npm walker reports a broken package.json.
    }
  }
  return roots;
}
