import { parseSyml } from '@yarnpkg/parsers';
import { posix } from 'node:path';
import { ownValue, LicitInputError } from '../../model/index.js';
import type { PnpmEdge, PnpmEdgeType, PnpmImporter, PnpmLockfile, PnpmPackage } from '../pnpm/lockfile.js';
import { YARN_LOCKFILE } from './classic.js';
import { splitDescriptor } from './descriptors.js';
import { resolutionsOf, withProtocol } from './resolutions.js';
import { readWorkspaceManifest } from './workspaces.js';

/**
 * Berry lockfile versions this reader knows: 4 (Yarn 2), 6 (Yarn 3), 8 (Yarn 4.0 to 4.13) and
 * 10 (Yarn 4.14 on). Older ones wrote ranges without their `npm:` protocol, which is read too.
 */
const SUPPORTED_VERSIONS = new Set(['4', '5', '6', '7', '8', '9', '10']);

type Entry = Record<string, unknown>;
const isMap = (value: unknown): value is Entry => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringEntries = (value: unknown): [string, string][] =>
  isMap(value) ? Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string') : [];

/**
 * Reads a Yarn 2+ (berry) `yarn.lock` with Yarn's own parser into the lockfile graph the pnpm walker
 * inventories. The workspaces are the lockfile's `workspace:` entries; their dependency kinds come
 * from their package.json, since a berry lockfile merges a workspace's dev dependencies into its
 * `dependencies` and marks optional ones only in `dependenciesMeta`.
 */
export function readYarnBerry(directory: string, manifest: Record<string, unknown>, text: string): PnpmLockfile {
  let document: Record<string, unknown>;
  try {
    document = parseSyml(text);
  } catch (error) {
    throw new LicitInputError(`${YARN_LOCKFILE} could not be parsed (${(error as Error).message.split('\n')[0]}): fix or regenerate it`, 'invalid-lockfile');
  }
  const metadata = isMap(document.__metadata) ? document.__metadata : {};
  const version = typeof metadata.version === 'string' ? metadata.version : '(none)';
  if (!SUPPORTED_VERSIONS.has(version)) {
    throw new LicitInputError(
      `${YARN_LOCKFILE} is a Yarn berry lockfile of __metadata.version ${version}: licit reads versions 4 to 10 (Yarn 2 to 4); regenerate it with Yarn 4`,
      'unsupported-lockfile',
    );
  }

  // Each entry's key lists every descriptor (`a@npm:^1.0.0, a@npm:^1.1.0`) it resolves; its resolution names it.
  const locatorOf = new Map<string, string>();
  const entries: [locator: string, entry: Entry][] = [];
  for (const [key, entry] of Object.entries(document)) {
    if (key === '__metadata' || !isMap(entry) || typeof entry.resolution !== 'string') continue;
    for (const descriptor of key.split(/\s*,\s*/)) locatorOf.set(descriptor, entry.resolution);
    entries.push([entry.resolution, entry]);
  }

  const workspacePathOf = new Map<string, string>();
  for (const [locator] of entries) {
    const { range } = splitDescriptor(locator);
    if (range.startsWith('workspace:')) workspacePathOf.set(locator, normalise(range.slice('workspace:'.length)));
  }
  const resolve = resolutionsOf(manifest);
  const rootLocator = [...workspacePathOf].find(([, path]) => path === '.')?.[0] ?? '';
  const targetOf = (name: string, declared: string, from: string): PnpmEdge['target'] => {
    // Yarn 2 and 3 stored bare ranges, later ones with their protocol; a project-relative patch or file is bound to the root.
    const range = withProtocol(resolve(name, withProtocol(declared), from));
    const candidates = [`${name}@${range}`, `${name}@${range}::locator=${encodeURIComponent(rootLocator)}`, `${name}@${declared}`];
    const locator = candidates.map((descriptor) => locatorOf.get(descriptor)).find((found) => found !== undefined);
    if (locator === undefined) return { kind: 'package', key: `${name}@${range}` }; // not in the lockfile: reported out of sync
    const workspace = workspacePathOf.get(locator);
    return workspace === undefined ? { kind: 'package', key: locator } : { kind: 'link', path: workspace };
  };

  const importers = new Map<string, PnpmImporter>();
  const packages = new Map<string, PnpmPackage>();
  const conditional = new Set<string>();
  for (const [locator, entry] of entries) {
    const workspace = workspacePathOf.get(locator);
    const optional = new Set(Object.entries(isMap(entry.dependenciesMeta) ? entry.dependenciesMeta : {}).filter(([, meta]) => isMap(meta) && meta.optional === 'true').map(([name]) => name));
    const typeOf = workspace === undefined ? (name: string): PnpmEdgeType => (optional.has(name) ? 'optional' : 'prod') : workspaceKinds(directory, workspace, optional);
    const edges: PnpmEdge[] = stringEntries(entry.dependencies).map(([name, range]) => ({ name, type: typeOf(name), target: targetOf(name, range, locator) }));
    if (workspace !== undefined) {
      importers.set(workspace, { path: workspace, edges });
      continue;
    }
    const { name } = splitDescriptor(locator);
    if (typeof entry.conditions === 'string') conditional.add(locator);
    packages.set(locator, {
      key: locator,
      name,
      version: typeof entry.version === 'string' ? entry.version : '',
      // `checksum` is Yarn's hash of its own cache archive, not of the published tarball: never an SBOM hash.
      integrity: null,
      resolved: resolvedOf(locator, workspacePathOf),
      edges,
    });
  }
  return { lockfileVersion: `yarn-berry-${version}`, importers, packages, conditional };
}

/** A workspace's edge kinds from its package.json (dev only when not also a production or optional dependency). */
function workspaceKinds(directory: string, path: string, optional: ReadonlySet<string>): (name: string) => PnpmEdgeType {
  const fields = readWorkspaceManifest(directory, path);
  const has = (field: string, name: string): boolean => {
    const entries = ownValue(fields, field);
    return isMap(entries) && Object.hasOwn(entries, name);
  };
  return (name) => {
    if (optional.has(name) || has('optionalDependencies', name)) return 'optional';
    if (has('dependencies', name) || !has('devDependencies', name)) return 'prod';
    return 'dev';
  };
}

/**
 * Where a locator's package comes from, in the `resolved` form the other readers give: null for the
 * npm registry, the archive URL for another one, `git+<repo>#<commit>`, a URL, or `file:<path>` for
 * a folder or archive of the project (relative to the workspace that declares it).
 */
function resolvedOf(locator: string, workspacePathOf: ReadonlyMap<string, string>): string | null {
  const { range } = splitDescriptor(locator);
  const [reference, parameters = ''] = range.split('::');
  const params = new URLSearchParams(parameters);
  if (reference!.startsWith('patch:')) {
    const inner = decodeURIComponent(reference!.slice('patch:'.length).split('#')[0]!);
    return resolvedOf(inner, workspacePathOf);
  }
  if (reference!.startsWith('npm:')) return params.get('__archiveUrl');
  const git = /^(?:git\+)?(.+?)#(?:.*&)?commit=([0-9a-f]+)/.exec(reference!);
  if (git) return `git+${git[1]!.replace(/^git\+/, '')}#${git[2]!}`;
  if (/^https?:/.test(reference!)) return reference!;
  const local = /^(file|link|portal):(.+)$/.exec(reference!);
  if (local) {
    const from = params.get('locator');
    const base = from ? (workspacePathOf.get(from) ?? '.') : '.';
    return `file:${normalise(posix.join(base, local[2]!))}`;
  }
  return reference ?? null;
}

function normalise(path: string): string {
  const normal = posix.normalize(path).replace(/\/$/, '');
  return normal === '' ? '.' : normal;
}
