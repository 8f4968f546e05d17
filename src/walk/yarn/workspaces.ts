import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { readInstalledManifest } from '../installed-manifest.js';

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The globs of the root package.json's `workspaces` (an array, or Yarn 1's `{ packages }`). */
export function workspaceGlobs(manifest: Record<string, unknown>): string[] {
  const field = manifest.workspaces;
  const patterns = Array.isArray(field) ? field : isMap(field) && Array.isArray(field.packages) ? field.packages : [];
  return patterns.filter((pattern): pattern is string => typeof pattern === 'string');
}

/** Workspace folders (the root package.json's `workspaces` globs) with their package.json. */
export function workspaceMembers(directory: string, manifest: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const globs = workspaceGlobs(manifest);
  const members = new Map<string, Record<string, unknown>>();
  if (globs.length === 0) return members;
  const folders = fg.sync(globs, { cwd: directory, onlyDirectories: true, ignore: ['**/node_modules/**'] }).sort();
  for (const folder of folders) {
    const path = folder.replace(/\/$/, '');
    if (!existsSync(join(directory, path, 'package.json'))) continue;
    const read = readInstalledManifest(join(directory, path));
    if ('fields' in read && typeof read.fields.name === 'string') members.set(path, read.fields);
  }
  return members;
}

/** A workspace's package.json fields ({} when it has none or it cannot be read: the lockfile still names it). */
export function readWorkspaceManifest(directory: string, path: string): Record<string, unknown> {
  const read = readInstalledManifest(join(directory, path));
  return 'fields' in read ? read.fields : {};
}
