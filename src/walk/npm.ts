import { basename, relative, resolve, sep } from 'node:path';
import type { Component, FindingCode, Inventory, Platform, RootInfo, Scope, TreeProblem, WalkMode } from '../model/index.js';
import { LicitInputError, SCOPES, VIA_GAP } from '../model/index.js';
import { chainTo, isOmitted, resolveLink, scopesOf, walkReachable, type OmitType, type Step } from './graph.js';
import { loadTree, type TreeNode } from './load-tree.js';
import { dependencyProblems } from './arborist-guard.js';
import { readPackageLicense, type LicenseReadOptions } from './package-license.js';
import { mapConcurrent } from './map-concurrent.js';
import { inspectProject } from './project.js';
import { prefetchInstalled, prefetchWanted, withPrefetchedReadings, type LicenseFileSource } from './prefetch/index.js';
import type { InstalledManifests } from './hidden-lockfile.js';
import { readInstalledManifests } from './installed-manifest.js';
import { npmPurl, originOf, purlQualifiers } from './purl.js';
import { foreignManager } from './package-manager.js';
import { compareComponents, compareProblems, compareText } from '../model/order.js';

/** Packages read at once: enough to keep the disk (or the registry, with --online) busy. */
const CONCURRENT_PACKAGES = 32;

export interface NpmWalkOptions extends LicenseReadOptions {
  lockfileOnly: boolean;
  omit: ReadonlySet<OmitType>;
  /** Workspace names (or paths) to restrict the walk to; empty = the whole project. */
  workspaces: readonly string[];
}

/** Walks an npm project (node_modules, else its lockfile) into an inventory of distinct packages. */
export async function walkNpmProject(directoryArgument: string, options: NpmWalkOptions): Promise<Inventory> {
  // pnpm's layout is not npm's: read as npm's it gives wrong scopes and phantom packages.
  const foreign = foreignManager(resolve(directoryArgument), options.lockfileOnly);
  if (foreign === 'pnpm') return (await import('./pnpm/index.js')).walkPnpmProject(directoryArgument, options);
  if (foreign === 'yarn-lockfile') return (await import('./yarn/index.js')).walkYarnLockfileProject(directoryArgument, options);
  if (foreign === 'bun') return (await import('./bun/index.js')).walkBunProject(directoryArgument, options);
  const layout = inspectProject(directoryArgument, { lockfileOnly: options.lockfileOnly });
  const prefetch = layout.hasNodeModules ? prefetchInstalled(prefetchWanted(layout.directory, options)) : null;
  const installedManifests = async (): Promise<InstalledManifests> => (await prefetch?.manifests) ?? readInstalledManifests(layout.directory);
  let loaded;
  try {
    loaded = await loadTree(layout, options.lockfileOnly, installedManifests);
  } catch (error) {
    prefetch?.cancel();
    throw error;
  }
  const { tree, mode, problems } = loaded;
  let readOptions: NpmWalkOptions = options;
  const manifests = mode === 'virtual' ? await prefetch?.manifests : null;
  if (manifests) readOptions = { ...readOptions, installedManifest: (directory) => manifests.get(directory) };
  const prefetched = await prefetch?.licenseFiles;
  if (prefetched) readOptions = await withPrefetched(readOptions, prefetched);
  return inventoryFromTree(tree, { mode, directory: layout.directory, options: readOptions, problems });
}

async function withPrefetched(options: NpmWalkOptions, source: LicenseFileSource): Promise<NpmWalkOptions> {
  const identifyText = options.identifyText ?? (await import('./license-text.js')).createTextIdentifier();
  return { ...options, identifyText: withPrefetchedReadings(identifyText, source), listedFiles: (directory) => source.listFiles(directory) };
}

export interface TreeInventorySource {
  /**
   * How package data is read: `actual` trusts each node's package.json and reads license files at
   * node.path (absent directories are simply empty); `virtual` treats node data as lockfile entries.
   */
  mode: WalkMode;
  /** The root directory paths are reported against. */
  directory: string;
  options: Omit<NpmWalkOptions, 'lockfileOnly'>;
  /** Problems already met while loading the tree. */
  problems?: TreeProblem[];
}

/**
 * Turns an arborist tree (loaded from disk, or an ideal tree arborist resolved) into an inventory
 * of distinct packages.
 */
export async function inventoryFromTree(tree: TreeNode, source: TreeInventorySource): Promise<Inventory> {
  const { mode, options } = source;
  const workspaceNodes = selectWorkspaces(tree, options.workspaces);
  const starts = workspaceNodes.length > 0 ? workspaceNodes : [tree];
  const { chains, direct } = walkReachable(tree, starts, options.omit);

  const groups = new Map<string, TreeNode[]>();
  const problems: TreeProblem[] = [...(source.problems ?? [])];
  for (const node of tree.inventory.values()) {
    if (node.isRoot || node.isWorkspace) problems.push(...dependencyProblems(node, node.isRoot ? null : refOf(node)));
    if (node.isRoot || node.isLink || node.isWorkspace) continue;
    if (isOmitted(node, options.omit)) continue;
    if (!chains.has(node) && !(node.extraneous && workspaceNodes.length === 0)) continue;
    const key = refOf(node);
    const group = groups.get(key);
    if (group) group.push(node);
    else groups.set(key, [node]);
  }

  // The text matcher is loaded only for a scan that reads license texts.
  const identifyText = options.readText ? (options.identifyText ?? (await import('./license-text.js')).createTextIdentifier()) : undefined;
  const modelFiles: string[] = [];
  const context = { root: tree, mode, directory: source.directory, options: { ...options, identifyText }, modelFiles, bundling: hasBundles(tree) };
  const components = await mapConcurrent([...groups], CONCURRENT_PACKAGES, ([ref, nodes]) =>
    toComponent(ref, nodes, chains, direct, groups, context, problems),
  );
  const devOmitted = options.omit.has('dev') || installedWithoutDev(tree, mode);
  for (const node of chains.keys()) problems.push(...missingDependencies(node, mode, devOmitted));
  components.sort(compareComponents);

  return {
    root: rootInfo(tree, source.directory, direct, groups),
    components,
    mode,
    problems: problems.sort(compareProblems),
    modelFiles: modelFiles.sort(compareText),
  };
}

/** The package's own name (not an alias's folder name); the folder name when package.json is unreadable. */
function nameOf(node: TreeNode): string {
  // A link target without package.json has the folder's name; `/` (a link to the file system root) has none.
  return (node.packageName as string | null) || node.name || node.realpath;
}

function refOf(node: TreeNode): string {
  const version = node.version || null;
  return version ? `${nameOf(node)}@${version}` : nameOf(node);
}

function selectWorkspaces(tree: TreeNode, wanted: readonly string[]): TreeNode[] {
  if (wanted.length === 0) return [];
  const available = tree.workspaces ?? new Map<string, string>();
  return wanted.map((name) => {
    const byName = available.get(name);
    const path = byName ?? [...available.values()].find((candidate) => relative(tree.path, candidate) === name.replace(/\/$/, ''));
    const link = path ? [...tree.inventory.values()].find((node) => resolveLink(node).path === path && node.isWorkspace) : undefined;
    if (!link) {
      const names = [...available.keys()].sort().join(', ') || 'none';
      throw new LicitInputError(`no workspace named ${name} (workspaces: ${names})`, 'no-workspace');
    }
    return resolveLink(link);
  });
}

interface WalkContext {
  root: TreeNode;
  mode: WalkMode;
  directory: string;
  options: Omit<NpmWalkOptions, 'lockfileOnly'>;
  /** Whether any package bundles dependencies: without one, no node is in a bundle (arborist's inBundle walks up the tree). */
  bundling: boolean;
}

function hasBundles(tree: TreeNode): boolean {
  for (const node of tree.inventory.values()) {
    const bundled = (node.package as { bundleDependencies?: unknown }).bundleDependencies;
    if (Array.isArray(bundled) && bundled.length > 0) return true;
  }
  return false;
}

async function toComponent(
  ref: string,
  nodes: TreeNode[],
  chains: Map<TreeNode, Step>,
  direct: Set<TreeNode>,
  groups: Map<string, TreeNode[]>,
  context: WalkContext,
  problems: TreeProblem[],
): Promise<Component> {
  nodes.sort((a, b) => compareText(a.location, b.location));
  const first = nodes[0]!;
  const name = nameOf(first);
  const version = first.version || null;
  const reached = nodes.filter((node) => chains.has(node));
  const nearest = reached.reduce<TreeNode | undefined>((best, node) => (best && chains.get(best)!.length <= chains.get(node)!.length ? best : node), undefined);
  const chain = nearest ? chainTo(nearest, chains) : undefined;
  const parent = nearest ? chains.get(nearest)!.parent : null;
  const scopes = new Set<Scope>(nodes.flatMap(scopesOf));
  const isLinkTarget = !first.location.split('/').includes('node_modules');
  const resolved = first.resolved ?? null;
  const origin = originOf(resolved, isLinkTarget);
  const dependsOn = new Set<string>();
  for (const node of nodes) {
    for (const edge of node.edgesOut.values()) {
      if (!edge.to) continue;
      const target = resolveLink(edge.to);
      if (target.isRoot || target.isWorkspace) continue;
      const targetRef = refOf(target);
      if (targetRef !== ref && groups.has(targetRef)) dependsOn.add(targetRef);
    }
    problems.push(...dependencyProblems(node, ref));
    if (node.errors.length > 0) {
      problems.push({
        rule: 'unreadable-package',
        code: manifestErrorCode(node.errors[0]),
        package: ref,
        path: node.location,
        args: { error: String(node.errors[0]?.message ?? node.errors[0]).split('\n')[0] ?? '' },
      });
    }
  }

  const license = await readPackageLicense(first, ref, context, problems);
  const component: Component = {
    kind: 'npm',
    ref,
    name,
    version,
    purl: npmPurl(name, version, purlQualifiers(origin, resolved)),
    scopes: SCOPES.filter((scope) => scopes.has(scope)),
    direct: nodes.some((node) => direct.has(node)),
    paths: nodes.map((node) => node.location),
    via: chain ? chain.map((node) => (node ? nameOf(node) : VIA_GAP)) : [rootName(context.root, context.directory), name],
    parent: parent && !parent.isRoot && !parent.isWorkspace ? refOf(parent) : null,
    license,
    category: 'unknown',
    origin,
    resolved,
    integrity: first.integrity ?? null,
    dependsOn: [...dependsOn].sort(compareText),
    description: typeof first.package.description === 'string' ? first.package.description : null,
    homepage: typeof first.package.homepage === 'string' ? first.package.homepage : null,
  };
  const platform = platformOf(first.package);
  if (platform) component.platform = platform;
  if (context.bundling && nodes.some((node) => node.inBundle)) component.bundled = true;
  if (reached.length === 0) component.extraneous = true;
  if (isLinkTarget) component.linked = true;
  return component;
}

/** package.json's `os`, `cpu` and `libc` (arrays of strings, or one string), when any is given. */
function platformOf(manifest: Record<string, unknown>): Platform | null {
  const list = (value: unknown): string[] =>
    (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []).filter((entry): entry is string => typeof entry === 'string').sort(compareText);
  const platform = { os: list(manifest.os), cpu: list(manifest.cpu), libc: list(manifest.libc) };
  return platform.os.length + platform.cpu.length + platform.libc.length > 0 ? platform : null;
}

function manifestErrorCode(error: unknown): FindingCode<'unreadable-package'> {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'EJSONPARSE') return 'malformed-package-json';
  if (code === 'ENOENT') return 'missing-package-json';
  return 'unreadable-package-json';
}

/**
 * An install made with `npm ci --omit=dev` (or NODE_ENV=production): the project's dev dependencies are
 * missing and not one installed package is dev-only. A full install with a dev dependency lost still has
 * the rest of its dev tree, so it is reported.
 */
function installedWithoutDev(tree: TreeNode, mode: WalkMode): boolean {
  if (mode !== 'actual') return false;
  const tops = [tree, ...[...tree.inventory.values()].filter((node) => node.isWorkspace && !node.isLink)];
  const devEdges = tops.flatMap((node) => [...node.edgesOut.values()].filter((edge) => edge.type === 'dev'));
  if (!devEdges.some((edge) => !edge.to)) return false;
  for (const node of tree.inventory.values()) if (!node.isRoot && !node.isLink && (node.dev || node.devOptional)) return false;
  return true;
}

/**
 * Dependencies the tree lacks: not installed (node_modules), or not in the lockfile (a lockfile
 * scan, which must never pass on a lockfile that does not cover package.json). A lockfile entry
 * the project's own package.json does not accept is out of sync too (`npm ci` refuses it).
 */
function missingDependencies(node: TreeNode, mode: 'actual' | 'virtual', devOmitted: boolean): TreeProblem[] {
  const problems: TreeProblem[] = [];
  const top = node.isRoot || node.isWorkspace;
  const site = { package: node.isRoot ? null : refOf(node), path: node.location || '.' };
  for (const edge of node.edgesOut.values()) {
    if (edge.type === 'optional' || edge.type === 'peerOptional' || edge.type === 'peer') continue;
    if (edge.type === 'dev' && (!top || devOmitted)) continue;
    const args = { dependency: edge.name, spec: edge.spec, type: edge.type };
    if (!edge.to) {
      problems.push(mode === 'actual' ? { rule: 'unreadable-package', code: 'missing-dependency', ...site, args } : { rule: 'lockfile-out-of-sync', code: 'missing-entry', ...site, args });
    } else if (mode === 'virtual' && top && edge.invalid && !edge.to.isLink) {
      problems.push({ rule: 'lockfile-out-of-sync', code: 'spec-mismatch', ...site, args: { ...args, locked: edge.to.version || null } });
    }
  }
  return problems;
}

function rootName(root: TreeNode, directory: string): string {
  return typeof root.package.name === 'string' && root.package.name ? root.package.name : basename(directory);
}

function rootInfo(root: TreeNode, directory: string, direct: Set<TreeNode>, groups: Map<string, TreeNode[]>): RootInfo {
  const name = rootName(root, directory);
  const version = typeof root.package.version === 'string' ? root.package.version : null;
  const workspaces = [...(root.workspaces ?? new Map<string, string>())]
    .map(([workspaceName, path]) => {
      const node = [...root.inventory.values()].find((candidate) => candidate.path === path && !candidate.isLink);
      return {
        name: workspaceName,
        version: node?.version || null,
        path: relative(directory, path).split(sep).join('/'),
        license: typeof node?.package.license === 'string' ? node.package.license : null,
      };
    })
    .sort((a, b) => compareText(a.name, b.name));
  const dependsOn = [...new Set([...direct].map(refOf).filter((ref) => groups.has(ref)))].sort(compareText);
  return {
    name,
    version,
    license: typeof root.package.license === 'string' ? root.package.license : null,
    purl: npmPurl(name, version),
    workspaces,
    dependsOn,
  };
}

// The pnpm and Yarn walkers take these from here.
export { compareProblems, compareText };
