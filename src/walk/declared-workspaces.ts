import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { load } from 'js-yaml';
import { workspaceGlobs } from './yarn/workspaces.js';

/**
 * The workspace folders a project declares, whichever package manager it uses: the root package.json's
 * `workspaces` (npm, Yarn, Bun) and pnpm-workspace.yaml's `packages`; only folders with a package.json.
 */
export function declaredWorkspaceFolders(directory: string, manifest: Record<string, unknown>): string[] {
  const globs = [...workspaceGlobs(manifest), ...pnpmWorkspaceGlobs(directory)];
  if (globs.length === 0) return [];
  const folders = fg.sync(globs, { cwd: directory, onlyDirectories: true, ignore: ['**/node_modules/**'] });
  return [...new Set(folders.map((folder) => folder.replace(/\/$/, '')))].filter((folder) => folder !== '.' && existsSync(join(directory, folder, 'package.json'))).sort();
}

function pnpmWorkspaceGlobs(directory: string): string[] {
  const path = join(directory, 'pnpm-workspace.yaml');
  if (!existsSync(path)) return [];
  let document: unknown;
  try {
    document = load(readFileSync(path, 'utf8'), { json: true });
  } catch {
    return []; // pnpm itself refuses to install with it; the lockfile's importers stand.
  }
  const packages = typeof document === 'object' && document !== null ? (document as { packages?: unknown }).packages : undefined;
  return Array.isArray(packages) ? packages.filter((glob): glob is string => typeof glob === 'string') : [];
}
