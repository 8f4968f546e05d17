import Arborist from '@npmcli/arborist';
import { prepareArborist } from './arborist/index.js';
import npa from 'npm-package-arg';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LicitInputError, type Addition, type Inventory } from '../model/index.js';
import { normaliseDeclaredLicense } from '../licenses/metadata.js';
import type { TreeNode } from './load-tree.js';
import { guardArborist } from './arborist-guard.js';
import { mapConcurrent } from './map-concurrent.js';
import { inventoryFromTree } from './npm.js';
import type { TextIdentifier } from './package-license.js';
import { byKey, byText } from '../model/order.js';

/** A package arborist resolved, as the tarball fetcher needs it. */
export interface ResolvedPackage {
  name: string;
  version: string;
  /** The tarball URL (or `file:` path) arborist resolved. */
  resolved: string;
  integrity: string | null;
  /** Files wanted beyond the license-like ones at the top (the `SEE LICENSE IN` target). */
  alsoWanted: string[];
}

/** Returns a package's license-like files (path inside the package -> bytes); supplied by src/registry. */
export type LicenseFileFetcher = (pkg: ResolvedPackage) => Promise<Map<string, Buffer>>;

export interface AdditionRequest {
  /** What npm install accepts: name, name@range|version|tag, tarball path or URL, folder, npm: alias. */
  specs: string[];
  /**
   * The project the packages would be added to; its package.json and lockfile are copied into a
   * scratch directory so that arborist keeps what the project already has. Null: a blank project.
   */
  project: { directory: string; lockfile: string | null } | null;
  /** npm-registry-fetch / pacote options from the user's npm config (registries, auth, proxies). */
  fetchOptions: Record<string, unknown>;
  /** licit's cache root: arborist's HTTP cache goes to `<cacheDir>/_cacache`. */
  cacheDir: string;
  offline: boolean;
  preferOffline: boolean;
  /** Fetch every new package's tarball and read its license files (else only for `SEE LICENSE IN`). */
  deep: boolean;
  /** Refs whose license is judged elsewhere (the project already has them): their tarballs are not fetched. */
  known?: ReadonlySet<string>;
  fetchLicenseFiles?: LicenseFileFetcher;
  identifyText?: TextIdentifier;
  /**
   * Where pacote gets packuments (arborist's `packumentCache`), made from the options arborist gets;
   * supplied by src/registry to read them capped in size and time. Absent: pacote fetches them itself.
   */
  packuments?: (arboristOptions: Readonly<Record<string, unknown>>) => unknown;
}

export interface ResolvedAddition {
  /** The production tree after the addition (the whole project's, when the lockfile was copied). */
  inventory: Inventory;
  additions: Addition[];
  /** Deprecation notices of packages in the tree, by ref. */
  deprecated: { ref: string; message: string }[];
}

/**
 * Resolves what `npm install <specs>` would add, without installing anything anywhere: arborist
 * builds the ideal tree in a scratch directory (full packuments, since abbreviated ones carry no
 * license), and license files are fetched from tarballs into that scratch tree only when asked.
 */
export async function resolveAddition(request: AdditionRequest): Promise<ResolvedAddition> {
  for (const spec of request.specs) assertPackageSpec(spec);
  guardArborist();
  const scratch = mkdtempSync(join(tmpdir(), 'licit-check-'));
  try {
    prepareScratch(scratch, request.project);
    prepareArborist();
    const arboristOptions: Record<string, unknown> = {
      ...request.fetchOptions,
      path: scratch,
      cache: join(request.cacheDir, '_cacache'),
      fullMetadata: true,
      offline: request.offline,
      preferOffline: request.preferOffline,
      ignoreScripts: true,
      // A folder is judged as npm would pack it: with its own dependencies from the registry.
      installLinks: true,
      audit: false,
      fund: false,
      progress: false,
    };
    if (request.packuments) arboristOptions.packumentCache = request.packuments(arboristOptions);
    const arborist = new Arborist(arboristOptions as Arborist.Options);
    let tree: TreeNode;
    try {
      tree = await arborist.buildIdealTree({ add: request.specs, saveType: 'prod' } as Arborist.BuildIdealTreeOptions);
    } catch (error) {
      throw resolutionError(error, request);
    }
    const additions = additionsOf(arborist, request.specs);
    if (request.fetchLicenseFiles) await unpackLicenseFiles(tree, request, request.fetchLicenseFiles);
    const inventory = await inventoryFromTree(tree, {
      mode: 'actual',
      directory: scratch,
      options: { omit: new Set(['dev']), workspaces: [], readText: true, identifyText: request.identifyText },
    });
    return { inventory, additions, deprecated: deprecationsOf(tree) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The scratch project: the real one's package.json, lockfile and workspace manifests when it has a
 * lockfile, else a blank package.json (without a lockfile arborist would re-resolve every dependency).
 */
function prepareScratch(scratch: string, project: AdditionRequest['project']): void {
  if (!project?.lockfile) {
    const manifest = project ? readJson(join(project.directory, 'package.json')) : {};
    const blank = { name: stringOr(manifest.name, 'licit-check'), version: stringOr(manifest.version, '0.0.0'), private: true };
    writeFileSync(join(scratch, 'package.json'), `${JSON.stringify(typeof manifest.license === 'string' ? { ...blank, license: manifest.license } : blank)}\n`);
    return;
  }
  copyFileSync(join(project.directory, 'package.json'), join(scratch, 'package.json'));
  copyFileSync(project.lockfile, join(scratch, relative(project.directory, project.lockfile)));
  const lock = readJson(project.lockfile);
  const packages = typeof lock.packages === 'object' && lock.packages !== null ? Object.keys(lock.packages) : [];
  // Workspace folders (and file: links inside the project) must exist for arborist to load the lockfile.
  for (const location of packages) {
    if (location === '' || location.split('/').includes('node_modules') || isAbsolute(location)) continue;
    const source = resolve(project.directory, location, 'package.json');
    if (relative(project.directory, source).startsWith('..') || !existsSync(source)) continue;
    mkdirSync(join(scratch, location), { recursive: true });
    copyFileSync(source, join(scratch, location, 'package.json'));
  }
}

function additionsOf(arborist: Arborist, specs: string[]): Addition[] {
  const additions: Addition[] = [];
  for (const request of arborist.explicitRequests) {
    const edge = request.from.edgesOut.get(request.name);
    const node = edge?.to ? (edge.to.isLink && edge.to.target ? edge.to.target : edge.to) : null;
    if (!node) continue;
    const name = (node.packageName as string | null) || node.name;
    const spec = specs.find((candidate) => candidate === request.name || candidate.startsWith(`${request.name}@`)) ?? edge?.rawSpec ?? request.name;
    additions.push({ spec, name, ref: node.version ? `${name}@${node.version}` : name });
  }
  return additions.sort(byText((addition) => addition.ref));
}

function deprecationsOf(tree: TreeNode): { ref: string; message: string }[] {
  const found = new Map<string, string>();
  for (const node of tree.inventory.values()) {
    const message = (node.package as { deprecated?: unknown }).deprecated;
    if (typeof message === 'string' && message && node.version) found.set(`${(node.packageName as string | null) || node.name}@${node.version}`, message);
  }
  return [...found].sort(byKey).map(([ref, message]) => ({ ref, message }));
}

/** Packages fetched at once for --deep. */
const CONCURRENT_TARBALLS = 16;

/**
 * Writes license files from the tarballs of the packages that need them (all new packages with
 * --deep, else local folders and tarballs and those whose license is `SEE LICENSE IN <file>`) to
 * their place in the scratch tree, where the walker reads them as it reads node_modules.
 */
async function unpackLicenseFiles(tree: TreeNode, request: AdditionRequest, fetch: LicenseFileFetcher): Promise<void> {
  const wanted: { node: TreeNode; pkg: ResolvedPackage }[] = [];
  for (const node of tree.inventory.values()) {
    if (node.isRoot || node.isLink || node.isWorkspace || !node.resolved || !node.version) continue;
    // A folder on disk is read where it is; a package from the project's lockfile is judged by the project's scan.
    if (!node.location.split('/').includes('node_modules')) continue;
    const name = (node.packageName as string | null) || node.name;
    if (request.known?.has(`${name}@${node.version}`)) continue;
    const seeLicenseIn = normaliseDeclaredLicense(node.package as { license?: unknown; licenses?: unknown }).seeLicenseIn;
    const local = node.resolved.startsWith('file:');
    // A registry's `dist.tarball` of `file:///…` would have licit read local files: only a folder or
    // tarball the user named (an edge with a file spec) is read from the disk.
    if (local && !requestedFromDisk(node)) continue;
    if (!request.deep && !seeLicenseIn && !local) continue;
    const alsoWanted = seeLicenseIn ? [seeLicenseIn.replace(/^\.\//, '')] : [];
    const resolved = local ? `file:${resolve(tree.path, node.resolved.slice('file:'.length))}` : node.resolved;
    wanted.push({ node, pkg: { name, version: node.version, resolved, integrity: node.integrity ?? null, alsoWanted } });
  }
  await mapConcurrent(wanted, CONCURRENT_TARBALLS, async ({ node, pkg }) => {
    const files = await fetch(pkg);
    for (const [path, bytes] of files) {
      const target = resolve(node.path, path);
      if (relative(node.path, target).startsWith('..')) continue;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
  });
}

function requestedFromDisk(node: TreeNode): boolean {
  return [...node.edgesIn].some((edge) => {
    try {
      const type = npa.resolve(edge.name, edge.spec, edge.from?.realpath).type;
      return type === 'file' || type === 'directory';
    } catch {
      return false;
    }
  });
}

function readJson(path: string): Record<string, unknown> {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value ? value : fallback;
}

interface ResolutionFailure {
  code?: string;
  stack?: string;
  statusCode?: number;
  pkgid?: string;
  uri?: string;
  path?: string;
  message?: string;
}

/** A spec npm would refuse, as the one-line input error, before any scratch directory or request. */
function assertPackageSpec(spec: string): void {
  try {
    npa(spec);
  } catch (error) {
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new LicitInputError(`not a package spec npm accepts: ${firstLine}`, 'bad-spec');
  }
}

/** Arborist's and pacote's failures as one line that says what to do; anything unforeseen is a bug and stays as it is. */
function resolutionError(error: unknown, request: AdditionRequest): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const failure = error as ResolutionFailure;
  // pacote names a bare name as `name@*`; the user typed `name`.
  const what = failure.pkgid?.replace(/@\*$/, '') ?? request.specs.join(' ');
  const where = failure.uri ? ` ${registryOf(failure.uri)}` : '';
  const firstLine = (failure.message ?? '').split('\n')[0] ?? '';
  const fail = (message: string, code: string): LicitInputError => new LicitInputError(message, code);
  if (failure.code === 'ENOTCACHED' || (request.offline && failure.code === 'ENOTFOUND')) {
    return fail(`offline: ${what} is not in the cache (${request.cacheDir}); run once without --offline to fill it`, 'offline-miss');
  }
  if (failure.statusCode === 404 || failure.code === 'E404') return fail(`${what}: no such package in the registry${where} (HTTP 404); check the name and the registry in .npmrc`, 'registry-not-found');
  if (failure.statusCode === 401 || failure.statusCode === 403) {
    return fail(`${what}: the registry${where} refused it (HTTP ${failure.statusCode}): add a token for it to .npmrc (//host/path/:_authToken=…) or run npm login`, 'registry-auth');
  }
  if (failure.code === 'ETARGET') return fail(`${firstLine.replace(/\.$/, '')}: see \`npm view ${what.replace(/@[^@]*$/, '') || what} versions\``, 'no-matching-version');
  if (failure.statusCode !== undefined) return fail(`${what}: the registry${where} answered HTTP ${failure.statusCode}; try again later`, 'registry-error');
  if (failure.code && /^E(?:CONNREFUSED|CONNRESET|NOTFOUND|AI_AGAIN|TIMEDOUT|HOSTUNREACH|NETUNREACH)$|^ERR_SOCKET_TIMEOUT$|^FETCH_ERROR$/.test(failure.code)) {
    return fail(`cannot reach the registry${where} for ${what} (${failure.code}): check the registry, proxy and certificate settings in .npmrc and the network, or use --offline`, 'registry-unreachable');
  }
  if (failure.code && /^EINVALID(?:TAGNAME|PACKAGENAME)$|^EUNSUPPORTEDPROTOCOL$|^EINVALIDTYPE$/.test(failure.code)) {
    return fail(`not a package spec npm accepts: ${firstLine}`, 'bad-spec');
  }
  if (failure.code && /^(?:ENOSPC|EDQUOT|EROFS|EACCES|EPERM)$/.test(failure.code)) {
    return fail(`cannot write ${failure.path ?? request.cacheDir} (${failure.code}): free space there, or name another cache folder with --cache`, 'unwritable-cache');
  }
  if (failure.code === 'ENOENT' || failure.code === 'ENOTDIR') return fail(`${failure.path ?? what}: no such file or folder`, 'bad-spec');
  if (failure.code === 'ERESOLVE') return fail(`cannot resolve a tree for ${request.specs.join(' ')}: ${firstLine}`, 'unresolvable');
  return error;
}

/** The registry part of a request URL, without credentials. */
function registryOf(uri: string): string {
  try {
    const url = new URL(uri);
    return `${url.protocol}//${url.host}/`;
  } catch {
    return uri;
  }
}
