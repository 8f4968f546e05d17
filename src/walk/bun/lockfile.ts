import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ownValue, LicitInputError } from '../../model/index.js';
import type { PnpmEdge, PnpmEdgeType, PnpmImporter, PnpmLockfile, PnpmPackage } from '../pnpm/lockfile.js';
import { nestingOf } from './layout.js';

/** A bun.lock graph, with each workspace's folder by its name (nested keys start with a workspace's name). */
export interface BunLockfile extends PnpmLockfile {
  workspacePathByName: Map<string, string>;
}

export const BUN_LOCKFILE = 'bun.lock';

/** Text lockfile versions this reader knows: 0 (Bun 1.1.39 on), 1 (Bun 1.2) and 2 (Bun 1.3 and 1.4, same layout). */
const SUPPORTED_VERSIONS = new Set([0, 1, 2]);

type Info = Record<string, unknown>;
const isMap = (value: unknown): value is Info => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringEntries = (value: unknown): [string, string][] =>
  isMap(value) ? Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string') : [];

/** The manifest fields a workspace's dependencies come from in bun.lock; Bun installs peers, so they are followed. */
const WORKSPACE_KINDS: [field: string, type: PnpmEdgeType][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
  ['peerDependencies', 'prod'],
];
const PACKAGE_KINDS: [field: string, type: PnpmEdgeType][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'prod'],
];

/**
 * Reads Bun's text lockfile (JSONC, trailing commas) into the lockfile graph the pnpm walker inventories.
 * `workspaces` are the importers (keyed by path, `""` the root); `packages` are keyed by where Bun
 * installs them (`name`, or `parent/name` when nested, a workspace's own under its name), each a tuple
 * `[name@version, registry, info, integrity]` for registry packages, shorter for other sources. A
 * dependency resolves as Node would find it from that place: the nearest key up the nesting.
 */
export function parseBunLockfile(text: string, label: string): BunLockfile {
  const errors: ParseError[] = [];
  const document: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !isMap(document)) {
    const reason = errors[0] ? `${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset}` : 'no object at the top';
    throw new LicitInputError(`${label} is not valid JSONC (${reason}): fix or regenerate it`, 'invalid-lockfile');
  }
  const version = document.lockfileVersion;
  if (typeof version !== 'number' || !SUPPORTED_VERSIONS.has(version)) {
    throw new LicitInputError(
      `${label} has lockfileVersion ${JSON.stringify(version ?? null)}: licit reads Bun text lockfile versions 0 to 2; regenerate it with a Bun release licit knows`,
      'unsupported-lockfile',
    );
  }
  for (const section of ['workspaces', 'packages'] as const) {
    if (!isMap(document[section])) throw new LicitInputError(`${label} is not a Bun lockfile: its ${section} is not an object; fix or regenerate it`, 'invalid-lockfile');
  }
  const workspaces = document.workspaces as Record<string, unknown>;
  const entries = document.packages as Record<string, unknown>;

  const workspacePathOf = new Map<string, string>();
  for (const [path, workspace] of Object.entries(workspaces)) if (isMap(workspace) && typeof workspace.name === 'string') workspacePathOf.set(workspace.name, path || '.');

  const targetOf = (from: string[], name: string): PnpmEdge['target'] | null => {
    for (let depth = from.length; depth >= 0; depth--) {
      const key = [...from.slice(0, depth), name].join('/');
      const tuple = ownValue(entries, key);
      if (!Array.isArray(tuple) || typeof tuple[0] !== 'string') continue;
      const { range } = splitId(tuple[0]);
      if (range.startsWith('workspace:')) return { kind: 'link', path: workspaceOf(range.slice('workspace:'.length), workspacePathOf, tuple[0]) };
      return { kind: 'package', key };
    }
    return null;
  };
  const edgesOf = (fields: Info, kinds: [string, PnpmEdgeType][], from: string[]): PnpmEdge[] => {
    const optionalPeers = new Set(Array.isArray(fields.optionalPeers) ? fields.optionalPeers : []);
    const edges: PnpmEdge[] = [];
    for (const [field, type] of kinds) {
      for (const [name] of stringEntries(ownValue(fields, field))) {
        const target = targetOf(from, name);
        // A peer Bun did not install (optional, or provided by no one) is not a dependency of this tree.
        if (field === 'peerDependencies' && (!target || optionalPeers.has(name))) continue;
        edges.push({ name, type, target: target ?? { kind: 'package', key: name } });
      }
    }
    return edges;
  };

  const importers = new Map<string, PnpmImporter>();
  for (const [rawPath, workspace] of Object.entries(workspaces)) {
    if (!isMap(workspace)) continue;
    const path = rawPath || '.';
    const from = path === '.' || typeof workspace.name !== 'string' ? [] : [workspace.name];
    importers.set(path, { path, edges: edgesOf(workspace, WORKSPACE_KINDS, from) });
  }
  const packages = new Map<string, PnpmPackage>();
  for (const [key, tuple] of Object.entries(entries)) {
    if (!Array.isArray(tuple) || typeof tuple[0] !== 'string') continue;
    const { name, range } = splitId(tuple[0]);
    if (range.startsWith('workspace:')) continue;
    const info = tuple.find(isMap) ?? {};
    const registry = /^[a-z]+:/.test(range) ? null : typeof tuple[1] === 'string' ? tuple[1] : '';
    packages.set(key, {
      key,
      name,
      version: registry === null ? (typeof info.version === 'string' ? info.version : '') : range,
      integrity: registry !== null && typeof tuple[3] === 'string' && /^sha\d+-/.test(tuple[3]) ? tuple[3] : null,
      resolved: resolvedOf(name, range, registry),
      edges: edgesOf(info, PACKAGE_KINDS, nestingOf(key)),
    });
  }
  return { lockfileVersion: `bun-${version}`, importers, packages, workspacePathByName: workspacePathOf };
}

/** `name@range` (scoped names keep their first `@`). */
function splitId(id: string): { name: string; range: string } {
  const at = id.indexOf('@', 1);
  return at === -1 ? { name: id, range: '' } : { name: id.slice(0, at), range: id.slice(at + 1) };
}

function workspaceOf(path: string, workspacePathOf: ReadonlyMap<string, string>, id: string): string {
  return path || workspacePathOf.get(splitId(id).name) || '.';
}

/** Where a package comes from, in the `resolved` form of the other readers: null for the default registry. */
function resolvedOf(name: string, range: string, registry: string | null): string | null {
  if (registry !== null) {
    if (!registry) return null;
    const bare = name.slice(name.lastIndexOf('/') + 1);
    return `${registry.replace(/\/?$/, '/')}${name}/-/${bare}-${range}.tgz`;
  }
  if (/^(file|link):/.test(range)) return `file:${range.slice(range.indexOf(':') + 1)}`;
  if (/^(github|gitlab|bitbucket):/.test(range)) return range;
  if (/^git\+|^git:/.test(range)) return range;
  return range;
}
