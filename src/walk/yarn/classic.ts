import * as yarnLockfile from '@yarnpkg/lockfile';
import { ownValue, LicitInputError } from '../../model/index.js';
import { workspaceMembers } from './workspaces.js';
import { IMPORTER_KINDS, PACKAGE_KINDS, type PnpmEdge, type PnpmEdgeType, type PnpmImporter, type PnpmLockfile, type PnpmPackage } from '../pnpm/lockfile.js';

export const YARN_LOCKFILE = 'yarn.lock';


type Entry = { version?: unknown; resolved?: unknown; integrity?: unknown; dependencies?: unknown; optionalDependencies?: unknown };

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringEntries = (value: unknown): [string, string][] =>
  isMap(value) ? Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string') : [];

/**
 * Reads a Yarn 1 (classic) `yarn.lock` with Yarn's own parser, and the root's and workspaces'
 * package.json (the lockfile records neither workspaces nor dependency kinds), into the lockfile
 * graph the pnpm walker inventories: importers are the root and its workspaces.
 */
export function readYarnClassic(directory: string, manifest: Record<string, unknown>, text: string): PnpmLockfile {
  if (!/^# yarn lockfile v1$/m.test(text)) {
    throw new LicitInputError(`${YARN_LOCKFILE} has no "# yarn lockfile v1" header: licit reads Yarn 1 lockfiles only`, 'unsupported-lockfile');
  }
  let parsed: { type: string; object: Record<string, Entry> };
  try {
    parsed = parseYarnLockfile(text) as typeof parsed;
  } catch (error) {
    throw new LicitInputError(`${YARN_LOCKFILE} could not be parsed (${(error as Error).message.split('\n')[0]}): fix or regenerate it`, 'invalid-lockfile');
  }
  if (parsed.type !== 'success') {
    throw new LicitInputError(`${YARN_LOCKFILE} has merge conflicts: resolve them (yarn install) first`, 'invalid-lockfile');
  }

  // Several descriptors (`a@^1.0.0, a@^1.1.0`) share one entry: the package key is its name@version.
  const keyOf = new Map<string, string>();
  const packages = new Map<string, PnpmPackage>();
  const pending: [PnpmPackage, Entry][] = [];
  for (const [descriptor, entry] of Object.entries(parsed.object)) {
    const version = typeof entry.version === 'string' ? entry.version : '';
    const name = realName(descriptor);
    const key = `${name}@${version}`;
    keyOf.set(descriptor, key);
    if (packages.has(key)) continue;
    const resolved = typeof entry.resolved === 'string' ? entry.resolved.replace(/^(https?:[^#]*)#.*$/, '$1') : null;
    const node: PnpmPackage = { key, name, version, integrity: typeof entry.integrity === 'string' ? entry.integrity : null, resolved, edges: [] };
    packages.set(key, node);
    pending.push([node, entry]);
  }

  const workspaces = workspaceMembers(directory, manifest);
  const byName = new Map([...workspaces].map(([path, fields]) => [fields.name as string, path]));
  const edgeOf = (name: string, range: string, type: PnpmEdgeType): PnpmEdge | null => {
    const workspace = byName.get(name);
    if (workspace !== undefined && !range.startsWith('npm:')) return { name, type, target: { kind: 'link', path: workspace } };
    const key = keyOf.get(`${name}@${range}`);
    return key ? { name, type, target: { kind: 'package', key } } : null;
  };
  for (const [node, entry] of pending) {
    for (const [field, type] of PACKAGE_KINDS) {
      for (const [name, range] of stringEntries(entry[field as keyof Entry])) {
        const edge = edgeOf(name, range, type);
        if (edge) node.edges.push(edge);
      }
    }
  }
  const importers = new Map<string, PnpmImporter>();
  for (const [path, fields] of [['.', manifest] as [string, Record<string, unknown>], ...workspaces]) {
    const edges: PnpmEdge[] = [];
    for (const [field, type] of IMPORTER_KINDS) {
      for (const [name, range] of stringEntries(ownValue(fields, field))) {
        const edge = edgeOf(name, range, type);
        if (edge) edges.push(edge);
      }
    }
    importers.set(path, { path, edges });
  }
  return { lockfileVersion: 'yarn-1', importers, packages };
}

// A CommonJS module that also sets `exports.default`: its `parse` is at the top or under `default`, by loader.
const parseYarnLockfile = (yarnLockfile as { parse?: typeof yarnLockfile.parse }).parse ?? yarnLockfile.default.parse;

/** The package's own name: an alias descriptor `my-ms@npm:ms@2.0.0` names `ms`. */
function realName(descriptor: string): string {
  const at = descriptor.indexOf('@', 1);
  const name = descriptor.slice(0, at);
  const range = descriptor.slice(at + 1);
  if (!range.startsWith('npm:')) return name;
  const target = range.slice(4);
  const targetAt = target.indexOf('@', 1);
  return targetAt === -1 ? target : target.slice(0, targetAt);
}
