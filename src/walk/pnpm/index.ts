import { existsSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Component, ComponentLicense, Inventory, RootInfo, Scope, TreeProblem, WalkMode } from '../../model/index.js';
import { ownValue, LicitInputError, SCOPES } from '../../model/index.js';
import { declaredWorkspaceFolders } from '../declared-workspaces.js';
import { readInstalledManifest } from '../installed-manifest.js';
import { mapConcurrent } from '../map-concurrent.js';
import { compareProblems, compareText, type NpmWalkOptions } from '../npm.js';
import { readPackageLicense, type TextIdentifier } from '../package-license.js';
import { readJsonObject } from '../project.js';
import { npmPurl, originOf, purlQualifiers } from '../purl.js';
import { IMPORTER_KINDS, nameAndVersion, readPnpmLockfile, withoutPeers, type PnpmEdgeType, type PnpmLockfile } from './lockfile.js';
import { flagsOf, reach, splitId, edgesOf, nodeOf, type PnpmFlags, type PnpmNodeId } from './reach.js';
import { readPnpmInstall, storeFolderName, StoreIndex } from './store.js';

const CONCURRENT_PACKAGES = 32;
export const PNPM_LOCKFILE = 'pnpm-lock.yaml';

interface Member {
  name: string;
  version: string | null;
  license: string | null;
  /** What its package.json declares, to check the lockfile covers it. */
  declared: { name: string; spec: string; type: PnpmEdgeType }[];
}

/** Walks a pnpm project (node_modules/.pnpm, else pnpm-lock.yaml) into the same inventory the npm walker makes. */
export async function walkPnpmProject(directoryArgument: string, options: NpmWalkOptions): Promise<Inventory> {
  const directory = resolve(directoryArgument);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new LicitInputError(`no such directory: ${directoryArgument}`, 'no-directory');
  const manifestPath = join(directory, 'package.json');
  if (!existsSync(manifestPath)) throw new LicitInputError(`no package.json in ${directoryArgument}: licit scans a project's root`, 'no-manifest');
  const manifest = readJsonObject(manifestPath, 'package.json');

  const install = options.lockfileOnly ? null : readPnpmInstall(directory);
  const mode: WalkMode = install ? 'actual' : 'virtual';
  // What pnpm installed is recorded in the store's own copy of the lockfile.
  const installedLockfile = install ? join(install.virtualStore, 'lock.yaml') : null;
  const lockfilePath = installedLockfile && existsSync(installedLockfile) ? installedLockfile : join(directory, PNPM_LOCKFILE);
  if (!existsSync(lockfilePath)) {
    if (install) {
      const npmLockfile = ['npm-shrinkwrap.json', 'package-lock.json'].find((name) => existsSync(join(directory, name)));
      const hint = npmLockfile ? `, or scan with --lockfile-only to read ${npmLockfile} alone` : '';
      throw new LicitInputError(
        `node_modules was installed by pnpm (found node_modules/.modules.yaml) but neither node_modules/.pnpm/lock.yaml nor ${PNPM_LOCKFILE} is there to read it with: run \`pnpm install\`${hint}`,
        'foreign-install',
      );
    }
    throw new LicitInputError(`no ${PNPM_LOCKFILE} in ${directoryArgument}: run \`pnpm install --lockfile-only\` first`, 'no-lockfile');
  }
  const lockfile = readPnpmLockfile(lockfilePath, relative(directory, lockfilePath).split(sep).join('/'));
  if (install) for (const key of install.skipped) lockfile.packages.delete(key);
  const store = install ? new StoreIndex(install) : null;
  const virtualPath = (key: string, name: string): string => join(directory, 'node_modules', '.pnpm', storeFolderName(key), 'node_modules', name);
  return inventoryFromLockGraph({ directory, manifest, lockfile, mode, store, virtualPath }, options);
}

/** Finds an installed package's directory (absolute) from its lockfile key, or null when it is not installed. */
export interface InstalledPackages {
  locate(key: string, name: string, version: string): string | null;
  /** Reads the package.json of a located package that is not a plain folder (a Plug'n'Play zip). */
  readManifest?(directory: string): ReturnType<typeof readInstalledManifest>;
}

/** A project's dependency graph as a lockfile records it, and where its packages are (or would be) installed. */
export interface LockGraphSource {
  directory: string;
  manifest: Record<string, unknown>;
  lockfile: PnpmLockfile;
  mode: WalkMode;
  /** Where an installed tree keeps each package (pnpm's store, Bun's or Yarn's node_modules), or null for a lockfile scan. */
  store: InstalledPackages | null;
  /** Where the package manager would install a package, for lockfile scans. */
  virtualPath: (key: string, name: string) => string | null;
}

/** The inventory of a lockfile graph (pnpm's, or another package manager's read into the same shape). */
export async function inventoryFromLockGraph(source: LockGraphSource, options: NpmWalkOptions): Promise<Inventory> {
  const { directory, manifest, lockfile, mode } = source;

  const members = new Map<string, Member>();
  for (const path of lockfile.importers.keys()) members.set(path, memberOf(directory, path, path === '.' ? manifest : null));
  const rootName = typeof manifest.name === 'string' && manifest.name ? manifest.name : basename(directory);

  const importerPaths = [...lockfile.importers.keys()].sort(compareText);
  const everyImporter = importerPaths.map((path): PnpmNodeId => `importer:${path}`);
  const flags = flagsOf(lockfile, everyImporter);
  const chosen = selectWorkspaces(options.workspaces, importerPaths, members);
  const starts = (chosen.length > 0 ? chosen : importerPaths).map((path) => ({
    id: `importer:${path}` as PnpmNodeId,
    chain: path === '.' ? [rootName] : [rootName, members.get(path)!.name],
  }));
  const nameOf = (id: PnpmNodeId, edge: { name: string }): string => {
    const [kind, key] = splitId(id);
    if (kind === 'package') return lockfile.packages.get(key)?.name ?? edge.name;
    if (kind === 'importer') return members.get(key)?.name ?? edge.name;
    return edge.name;
  };
  const reached = reach(lockfile, starts, flags, options.omit, nameOf);

  const problems: TreeProblem[] = [...uncovered(lockfile, members, options.omit.has('dev')), ...unlockedWorkspaces(directory, manifest, lockfile)];
  const nodes = new Map<PnpmNodeId, Located>();
  for (const id of reached.chains.keys()) {
    const located = locate(id, source, problems);
    if (located) nodes.set(id, located);
  }
  const groups = new Map<string, PnpmNodeId[]>();
  for (const [id, located] of nodes) {
    const group = groups.get(located.ref);
    if (group) group.push(id);
    else groups.set(located.ref, [id]);
  }

  const identifyText = options.readText ? (options.identifyText ?? lazyTextIdentifier()) : undefined;
  const modelFiles: string[] = [];
  const context = { directory, options: { ...options, identifyText }, modelFiles };
  const components = await mapConcurrent([...groups], CONCURRENT_PACKAGES, async ([ref, ids]) => {
    ids.sort((a, b) => compareText(nodes.get(a)!.location, nodes.get(b)!.location));
    const first = nodes.get(ids[0]!)!;
    const license = await readPackageLicense(first, ref, { ...context, mode: first.installed ? 'actual' : 'virtual' }, problems);
    return componentOf(ref, ids, first, license, { lockfile, nodes, reached, groups });
  });
  components.sort((a, b) => compareText(a.name, b.name) || compareText(a.version ?? '', b.version ?? ''));

  const direct = [...reached.direct].map((id) => nodes.get(id)?.ref).filter((ref): ref is string => ref !== undefined && groups.has(ref));
  const root: RootInfo = {
    name: rootName,
    version: typeof manifest.version === 'string' ? manifest.version : null,
    license: typeof manifest.license === 'string' ? manifest.license : null,
    purl: npmPurl(rootName, typeof manifest.version === 'string' ? manifest.version : null),
    workspaces: importerPaths
      .filter((path) => path !== '.')
      .map((path) => { const { name, version, license } = members.get(path)!; return { name, version, license, path }; })
      .sort((a, b) => compareText(a.name, b.name)),
    dependsOn: [...new Set(direct)].sort(compareText),
  };
  return { root, components, mode, problems: problems.sort(compareProblems), modelFiles: modelFiles.sort(compareText) };
}

/**
 * The text identifier, loaded on its first use: a lockfile scan reads no license file unless a package
 * names one (`SEE LICENSE IN`) and is installed, and loading the identifier costs a noticeable part of such a scan.
 */
function lazyTextIdentifier(): TextIdentifier {
  let loaded: Promise<TextIdentifier> | undefined;
  const load = (): Promise<TextIdentifier> => (loaded ??= import('../license-text.js').then((module) => module.createTextIdentifier()));
  return Object.assign(async (path: string) => (await load())(path), {
    section: async (text: string) => (await load()).section(text),
    bytes: async (bytes: Buffer, truncated: boolean, path: string) => (await load()).bytes!(bytes, truncated, path),
  });
}

function memberOf(directory: string, path: string, manifest: Record<string, unknown> | null): Member {
  let fields = manifest;
  if (!fields) {
    const read = readInstalledManifest(join(directory, path));
    fields = 'fields' in read ? read.fields : {};
  }
  return {
    name: typeof fields.name === 'string' && fields.name ? fields.name : path,
    version: typeof fields.version === 'string' ? fields.version : null,
    license: typeof fields.license === 'string' ? fields.license : null,
    declared: IMPORTER_KINDS.flatMap(([field, type]) => {
      const map = ownValue(fields, field);
      if (typeof map !== 'object' || map === null || Array.isArray(map)) return [];
      return Object.entries(map as Record<string, unknown>).map(([name, spec]) => ({ name, spec: String(spec), type }));
    }),
  };
}

/**
 * Dependencies a workspace's package.json declares and its importer in the lockfile lacks: a lockfile-only
 * scan must never pass on a lockfile that does not cover package.json (`pnpm install --frozen-lockfile` refuses it).
 */
function uncovered(lockfile: PnpmLockfile, members: ReadonlyMap<string, Member>, omitDev: boolean): TreeProblem[] {
  const problems: TreeProblem[] = [];
  for (const [path, importer] of lockfile.importers) {
    const member = members.get(path);
    if (!member) continue;
    const locked = new Set(importer.edges.map((edge) => edge.name));
    for (const { name, spec, type } of member.declared) {
      if (locked.has(name) || (type === 'dev' && omitDev)) continue;
      problems.push({ rule: 'lockfile-out-of-sync', code: 'missing-entry', package: path === '.' ? null : member.name, path, args: { dependency: name, spec, type } });
    }
  }
  return problems;
}

/** Workspaces package.json or pnpm-workspace.yaml declares and the lockfile has no importer for: never judged, so never a silent pass. */
function unlockedWorkspaces(directory: string, manifest: Record<string, unknown>, lockfile: PnpmLockfile): TreeProblem[] {
  return declaredWorkspaceFolders(directory, manifest)
    .filter((folder) => !lockfile.importers.has(folder))
    .map((folder) => {
      const read = readInstalledManifest(join(directory, folder));
      const name = 'fields' in read && typeof read.fields.name === 'string' ? read.fields.name : null;
      return { rule: 'lockfile-out-of-sync', code: 'missing-workspace', package: name, path: folder, args: { workspace: folder } };
    });
}

function selectWorkspaces(wanted: readonly string[], importerPaths: string[], members: Map<string, Member>): string[] {
  return wanted.map((name) => {
    const path = importerPaths.find((candidate) => candidate !== '.' && (members.get(candidate)?.name === name || candidate === name.replace(/\/$/, '')));
    if (!path) {
      const names = importerPaths.filter((candidate) => candidate !== '.').map((candidate) => members.get(candidate)!.name).sort().join(', ') || 'none';
      throw new LicitInputError(`no workspace named ${name} (workspaces: ${names})`, 'no-workspace');
    }
    return path;
  });
}

/** A reached package as the license reader sees it: where it is (or would be), and its manifest. */
interface Located {
  ref: string;
  name: string;
  version: string;
  path: string;
  location: string;
  package: Record<string, unknown>;
  packageName: string;
  installed: boolean;
  integrity: string | null;
  resolved: string | null;
  linked: boolean;
}

function locate(id: PnpmNodeId, source: LockGraphSource, problems: TreeProblem[]): Located | null {
  const { lockfile, directory, store } = source;
  const [kind, key] = splitId(id);
  if (kind === 'importer') return null;
  if (kind === 'directory') {
    // A `link:` to a folder that is not a workspace: the project declares it, so its package.json is read.
    const path = join(directory, key);
    const read = readInstalledManifest(path);
    const fields = 'fields' in read ? read.fields : {};
    const name = typeof fields.name === 'string' ? fields.name : basename(key);
    const version = typeof fields.version === 'string' ? fields.version : '';
    return { ref: version ? `${name}@${version}` : name, name, version, path, location: key, package: fields, packageName: name, installed: store !== null, integrity: null, resolved: `file:${key}`, linked: true };
  }
  const entry = lockfile.packages.get(key);
  if (!entry) {
    // A dependency the lockfile points at but does not record: nothing to judge it by, so never a silent pass.
    const { name, version } = nameAndVersion(withoutPeers(key));
    problems.push({ rule: 'lockfile-out-of-sync', code: 'missing-entry', package: null, path: '.', args: { dependency: name, spec: version, type: 'prod' } });
    return null;
  }
  let { version } = entry;
  let fields: Record<string, unknown> = {};
  const localDirectory = entry.resolved?.startsWith('file:') && !/\.(tgz|tar\.gz)$/.test(entry.resolved) ? entry.resolved.slice(5) : null;
  if (localDirectory && !store) {
    // A `file:` folder is part of the project: its package.json says what version and license it has.
    const read = readInstalledManifest(join(directory, localDirectory));
    if ('fields' in read) fields = read.fields;
  }
  let path = source.virtualPath(key, entry.name) ?? '';
  let installed = false;
  if (store) {
    const found = store.locate(key, entry.name, entry.version);
    if (found) {
      path = found;
      installed = true;
      const read = store.readManifest?.(found) ?? readInstalledManifest(found);
      if ('fields' in read) fields = read.fields;
      else problems.push({ rule: 'unreadable-package', code: read.error === 'ENOENT' ? 'missing-package-json' : 'malformed-package-json', package: `${entry.name}@${version}`, path: relative(directory, found).split(sep).join('/'), args: { error: read.error } });
    } else {
      problems.push({ rule: 'unreadable-package', code: 'missing-dependency', package: null, path: '.', args: { dependency: entry.name, spec: entry.version, type: 'prod' } });
    }
  }
  if (typeof fields.version === 'string' && (localDirectory || !version)) version = fields.version;
  return {
    ref: version ? `${entry.name}@${version}` : entry.name,
    name: entry.name,
    version,
    path,
    location: path ? relative(directory, path).split(sep).join('/') : '',
    package: fields,
    packageName: entry.name,
    installed,
    integrity: entry.integrity,
    resolved: entry.resolved,
    linked: false,
  };
}

interface ComponentContext {
  lockfile: PnpmLockfile;
  nodes: Map<PnpmNodeId, Located>;
  reached: ReturnType<typeof reach>;
  groups: Map<string, PnpmNodeId[]>;
}

function componentOf(ref: string, ids: PnpmNodeId[], first: Located, license: ComponentLicense, context: ComponentContext): Component {
  const { lockfile, nodes, reached, groups } = context;
  const scopes = new Set<Scope>(ids.flatMap((id) => scopesOf(reached.flags.get(id))));
  const dependsOn = new Set<string>();
  for (const id of ids) {
    for (const edge of edgesOf(id, lockfile)) {
      const target = nodes.get(nodeOf(edge, lockfile));
      if (target && target.ref !== ref && groups.has(target.ref)) dependsOn.add(target.ref);
    }
  }
  const chain = ids.map((id) => reached.chains.get(id)!).sort((a, b) => a.length - b.length)[0]!;
  const origin = originOf(first.resolved, first.linked);
  const version = first.version || null;
  const component: Component = {
    kind: 'npm',
    ref,
    name: first.name,
    version,
    purl: npmPurl(first.name, version, purlQualifiers(origin, first.resolved)),
    scopes: SCOPES.filter((scope) => scopes.has(scope)),
    direct: ids.some((id) => reached.direct.has(id)),
    paths: [...new Set(ids.map((id) => nodes.get(id)!.location))].filter(Boolean).sort(compareText),
    via: chain,
    license,
    category: 'unknown',
    origin,
    resolved: first.resolved,
    integrity: first.integrity,
    dependsOn: [...dependsOn].sort(compareText),
    description: typeof first.package.description === 'string' ? first.package.description : null,
    homepage: typeof first.package.homepage === 'string' ? first.package.homepage : null,
  };
  if (first.linked) component.linked = true;
  return component;
}

function scopesOf(flags: PnpmFlags | undefined): Scope[] {
  if (!flags) return ['prod'];
  if (flags.dev) return ['dev'];
  if (flags.optional) return ['optional'];
  if (flags.devOptional) return ['dev', 'optional'];
  return ['prod'];
}
