import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { load } from 'js-yaml';
import { ownValue, LicitInputError } from '../../model/index.js';

/** How an importer (the root or a workspace) or a package depends on another. */
export type PnpmEdgeType = 'prod' | 'dev' | 'optional';

/** Where a dependency points: a package entry of the lockfile, or a directory (`link:`). */
export type PnpmTarget = { kind: 'package'; key: string } | { kind: 'link'; path: string };

export interface PnpmEdge {
  /** The name the dependent uses (an alias's own name for `npm:` aliases). */
  name: string;
  type: PnpmEdgeType;
  target: PnpmTarget;
}

export interface PnpmImporter {
  /** `.` for the root, else the workspace's path relative to the lockfile, forward slashes. */
  path: string;
  edges: PnpmEdge[];
}

export interface PnpmPackage {
  /** The lockfile's key for this install (with its peer suffix; without v6's leading `/`). */
  key: string;
  name: string;
  version: string;
  integrity: string | null;
  /** A tarball URL, `git+<repo>#<commit>`, or `file:<path>` for non-registry packages; null from the registry. */
  resolved: string | null;
  edges: PnpmEdge[];
}

export interface PnpmLockfile {
  lockfileVersion: string;
  importers: Map<string, PnpmImporter>;
  packages: Map<string, PnpmPackage>;
  /** Packages the package manager installs only on some platforms (Yarn berry's `conditions`). */
  conditional?: Set<string>;
}

/** Lockfile formats whose layout this reader knows: v6 (pnpm 8) and v9 (pnpm 9 and 10; v7 was its pre-release). */
const SUPPORTED_MAJORS = new Set(['6', '7', '9']);

/** The manifest fields a workspace's (importer's) dependencies come from, and the kind of edge each makes. */
export const IMPORTER_KINDS: [field: string, type: PnpmEdgeType][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
  ['devDependencies', 'dev'],
];
/** The same for an installed package: its dev dependencies are never installed. */
export const PACKAGE_KINDS: [field: string, type: PnpmEdgeType][] = [
  ['dependencies', 'prod'],
  ['optionalDependencies', 'optional'],
];

type YamlMap = Record<string, unknown>;

const isMap = (value: unknown): value is YamlMap => typeof value === 'object' && value !== null && !Array.isArray(value);
const entries = (value: unknown): [string, unknown][] => (isMap(value) ? Object.entries(value) : []);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);

/** Reads and parses a pnpm lockfile; a file licit cannot read as one is an input error. */
export function readPnpmLockfile(path: string, label: string): PnpmLockfile {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new LicitInputError(`cannot read ${label}: ${(error as Error).message}`, 'unreadable-input');
  }
  let document: unknown;
  try {
    // Several documents: pnpm's "env lockfile" comes first when pnpm manages the Node version.
    const documents: unknown[] = [];
    for (const part of source.split(/^---\s*$/m)) if (part.trim()) documents.push(load(part, { json: true }));
    document = documents.at(-1);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new LicitInputError(`${label} is not valid YAML (${reason}): fix or regenerate it`, 'invalid-lockfile');
  }
  return parsePnpmLockfile(document, label);
}

/** Turns a parsed pnpm lockfile (v6 to v9) into importers and packages. */
export function parsePnpmLockfile(document: unknown, label: string): PnpmLockfile {
  if (!isMap(document)) throw new LicitInputError(`${label} is not a pnpm lockfile (no mapping at the top)`, 'invalid-lockfile');
  const lockfileVersion = text(document.lockfileVersion);
  const major = lockfileVersion?.split('.')[0] ?? '';
  if (!lockfileVersion || !SUPPORTED_MAJORS.has(major)) {
    throw new LicitInputError(
      `${label} has lockfileVersion ${lockfileVersion ?? '(none)'}: licit reads pnpm lockfile versions 6.x and 9.x; regenerate it with pnpm 8 or later`,
      'unsupported-lockfile',
    );
  }
  const format: LockFormat = isMap(document.snapshots) || major !== '6' ? 'v9' : 'v6';
  for (const section of ['importers', 'packages', 'snapshots'] as const) {
    if (document[section] !== undefined && document[section] !== null && !isMap(document[section])) {
      throw new LicitInputError(`${label} is not a pnpm lockfile: its ${section} is not a mapping; fix or regenerate it`, 'invalid-lockfile');
    }
  }

  const importers = new Map<string, PnpmImporter>();
  // A project without workspaces keeps its dependencies at the top level, not under `importers`.
  const importerEntries = isMap(document.importers) ? entries(document.importers) : [['.', document] as [string, unknown]];
  for (const [path, importer] of importerEntries) {
    const importerPath = normalisePath(path);
    const edges: PnpmEdge[] = [];
    for (const [field, type] of IMPORTER_KINDS) {
      for (const [name, spec] of entries(isMap(importer) ? ownValue(importer, field) : undefined)) {
        // v6 and v9: { specifier, version }; v5's bare string form is not read (refused above).
        const reference = isMap(spec) ? text(spec.version) : text(spec);
        if (reference) edges.push({ name, type, target: targetOf(name, reference, importerPath, format) });
      }
    }
    importers.set(importerPath, { path: importerPath, edges });
  }

  const packages = new Map<string, PnpmPackage>();
  const metadata = new Map(entries(document.packages).map(([key, value]) => [stripSlash(key), value]));
  // v9 splits an install (snapshots, keyed with peers) from its package (packages, keyed without).
  const installs = format === 'v9' ? entries(document.snapshots) : entries(document.packages);
  for (const [rawKey, install] of installs) {
    const key = stripSlash(rawKey);
    const info = metadata.get(format === 'v9' ? withoutPeers(key) : key);
    packages.set(key, packageOf(key, isMap(info) ? info : {}, isMap(install) ? install : {}, format));
  }
  return { lockfileVersion, importers, packages };
}

type LockFormat = 'v6' | 'v9';

function packageOf(key: string, info: YamlMap, install: YamlMap, format: LockFormat): PnpmPackage {
  const parsed = nameAndVersion(withoutPeers(key));
  const edges: PnpmEdge[] = [];
  for (const [field, type] of PACKAGE_KINDS) {
    for (const [name, reference] of entries(ownValue(install, field))) {
      const value = text(reference);
      if (value) edges.push({ name, type, target: targetOf(name, value, '.', format) });
    }
  }
  const resolution = isMap(info.resolution) ? info.resolution : {};
  return {
    key,
    name: text(info.name) ?? parsed.name,
    version: text(info.version) ?? parsed.version,
    integrity: text(resolution.integrity),
    resolved: resolvedOf(resolution),
    edges,
  };
}

function resolvedOf(resolution: YamlMap): string | null {
  const tarball = text(resolution.tarball);
  if (tarball) return tarball;
  const repo = text(resolution.repo);
  if (repo) return `${repo.startsWith('git') ? '' : 'git+'}${repo}#${text(resolution.commit) ?? ''}`;
  const directory = text(resolution.directory);
  return directory ? `file:${directory}` : null;
}

/**
 * The lockfile key a dependency reference points to, as pnpm's own `refToRelative` reads it
 * (@pnpm/dependency-path): a bare version is the dependency's own name at that version, an
 * alias carries the real name, and `link:` is a directory relative to the dependent.
 */
function targetOf(name: string, reference: string, fromPath: string, format: LockFormat): PnpmTarget {
  if (reference.startsWith('link:')) return { kind: 'link', path: normalisePath(posix.join(fromPath, reference.slice(5))) };
  if (format === 'v6') {
    if (reference.startsWith('file:') || reference.startsWith('/')) return { kind: 'package', key: stripSlash(reference) };
    const peers = reference.indexOf('(');
    const beforePeers = peers === -1 ? reference : reference.slice(0, peers);
    return { kind: 'package', key: beforePeers.includes('/') ? reference : `${name}@${reference}` };
  }
  if (reference.startsWith('@')) return { kind: 'package', key: reference };
  const at = reference.indexOf('@');
  if (at === -1) return { kind: 'package', key: `${name}@${reference}` };
  const colon = reference.indexOf(':');
  const bracket = reference.indexOf('(');
  const isAlias = (colon === -1 || at < colon) && (bracket === -1 || at < bracket);
  return { kind: 'package', key: isAlias ? reference : `${name}@${reference}` };
}

/** `name@version` out of a key without peers (`@scope/name@1.0.0`, `name@file:dir`). */
export function nameAndVersion(key: string): { name: string; version: string } {
  const at = key.indexOf('@', 1);
  return at === -1 ? { name: key, version: '' } : { name: key.slice(0, at), version: key.slice(at + 1) };
}

/** A key without its peer (and patch-hash) suffix: `a@1.0.0(b@2.0.0)` -> `a@1.0.0`. */
export function withoutPeers(key: string): string {
  const bracket = key.indexOf('(');
  return bracket === -1 ? key : key.slice(0, bracket);
}

const stripSlash = (key: string): string => (key.startsWith('/') ? key.slice(1) : key);

function normalisePath(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/\/$/, '');
  return normal === '' ? '.' : normal;
}
