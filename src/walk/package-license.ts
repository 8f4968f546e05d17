import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ComponentLicense, FindingCode, LicenseFileEvidence, TreeProblem } from '../model/index.js';
import { LICIT_REFS } from '../licenses/license-ref.js';
import { normaliseDeclaredLicense, type DeclaredLicense } from '../licenses/metadata.js';
import { readInstalledManifest, type InstalledManifest } from './installed-manifest.js';
import { isLicenseFileName, isModelDirectoryName, isModelWeightFileName } from './package-file-names.js';
import { readBounded } from './read-bounded.js';
import { byText } from '../model/order.js';

/** What reading one license file gave: the evidence, and what got in the way of reading it. */
export interface TextReading extends Omit<LicenseFileEvidence, 'path'> {
  binary?: true;
  truncated?: true;
  /** An error code (ENOENT, EACCES…, or not-a-file for a FIFO, device or folder) when the file could not be read. */
  error?: string;
}

/** Reads a license file's text and says what it is; supplied by the text-identification stage. */
export interface TextIdentifier {
  (absolutePath: string): Promise<TextReading>;
  /** Identifies a piece of text already read (a README's License section). */
  section(text: string): Promise<TextReading>;
  /** Identifies a file's bytes read from elsewhere than the disk (a Plug'n'Play zip), at most MAX_TEXT_BYTES. */
  bytes?(bytes: Buffer, truncated: boolean, path: string): Promise<TextReading>;
}

export interface LicenseReadOptions {
  /** Discover and read license files (off with `--no-text`). */
  readText: boolean;
  identifyText?: TextIdentifier;
  /** Listings already made (by the prefetch worker); a directory it lacks is listed here. */
  listedFiles?: (packageDirectory: string) => PackageListing | undefined;
  /** Installed package.json files already read (by the prefetch worker), for lockfile entries without a license. */
  installedManifest?: (packageDirectory: string) => InstalledManifest | undefined;
  /** Fetches a manifest from the registry when the lockfile lacks license data (`--online`). */
  fetchManifest?: (name: string, version: string) => Promise<Record<string, unknown> | null>;
}

interface ReadContext {
  mode: 'actual' | 'virtual';
  directory: string;
  options: LicenseReadOptions;
  /** Collects model weight files found at installed packages' roots, relative to the scanned root. */
  modelFiles?: string[];
}




/** The files of a package directory that say something about its license or hold a model. */
export interface PackageListing {
  licenseFiles: string[];
  modelFiles: string[];
  readmeFiles: string[];
  /** Entries that are symbolic links. */
  links: Set<string>;
}

/** A package directory's license-like files (LICENSE*, LICENCE*, COPYING*, NOTICE*, UNLICENSE…) and model weight files. */
export function listPackageFiles(packageDirectory: string): PackageListing {
  let entries;
  try {
    // Synchronous: one cached directory read is cheaper than a trip through the thread pool.
    entries = readdirSync(packageDirectory, { withFileTypes: true });
  } catch {
    return { licenseFiles: [], modelFiles: [], readmeFiles: [], links: new Set() };
  }
  const files = entries.filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name);
  const modelDirectories = entries.filter((entry) => entry.isDirectory() && isModelDirectoryName(entry.name)).map((entry) => entry.name);
  return {
    licenseFiles: files.filter(isLicenseFileName).sort(),
    modelFiles: [...files.filter(isModelWeightFileName), ...modelDirectories.flatMap((name) => weightFilesIn(packageDirectory, name))].sort(),
    readmeFiles: files.filter((name) => README_FILE.test(name)).sort(),
    links: new Set(entries.filter((entry) => entry.isSymbolicLink()).map((entry) => entry.name)),
  };
}

const README_FILE = /^readme(\.(md|markdown|txt|rst))?$/i;
const README_SECTION_BYTES = 4096;
const README_SEARCH_BYTES = 256 * 1024;
const LICENSE_HEADING = /^(#{1,6})[ \t]*licen[cs]e\b.*$|^licen[cs]e\b.*\n[-=]{3,}[ \t]*$/im;

/** The "License" section of a package's README (Markdown `## License` or an underlined heading), if any. */
function readmeLicenseSection(packageDirectory: string, readmeFiles: string[]): { path: string; text: string } | null {
  for (const name of readmeFiles) {
    let text: string;
    try {
      // A README can be any size: only its beginning is searched for the section.
      text = readBounded(join(packageDirectory, name), README_SEARCH_BYTES).bytes.toString('utf8');
    } catch {
      continue;
    }
    const heading = LICENSE_HEADING.exec(text);
    if (!heading) continue;
    const rest = text.slice(heading.index + heading[0].length);
    const level = heading[1]?.length ?? 2;
    const next = new RegExp(`^#{1,${level}}[ \\t]`, 'm').exec(rest);
    // The heading stays: "License" over a bare "MIT" is what makes that line a statement.
    const section = heading[0] + rest.slice(0, next?.index ?? rest.length);
    return { path: `${name}#license`, text: section.slice(0, README_SECTION_BYTES) };
  }
  return null;
}

/** Weight files one level down in a package's `models/`-like folder (no extra read for packages without one). */
function weightFilesIn(packageDirectory: string, folder: string): string[] {
  try {
    return readdirSync(join(packageDirectory, folder), { withFileTypes: true })
      .filter((entry) => entry.isFile() && isModelWeightFileName(entry.name))
      .map((entry) => `${folder}/${entry.name}`);
  } catch {
    return [];
  }
}

/** What the license reader needs of a package, whichever package manager installed it (an arborist node is one). */
export interface LicensedPackage {
  /** Absolute directory where the package is (or would be) installed. */
  path: string;
  /** That directory relative to the scanned root, forward slashes. */
  location: string;
  /** The package's manifest: the installed package.json, or the lockfile's entry. */
  package: object;
  packageName: string;
  version: string;
}

/** The license facts of one package: its metadata, normalised, and its license files. */
export async function readPackageLicense(
  node: LicensedPackage,
  ref: string,
  context: ReadContext,
  problems: TreeProblem[],
): Promise<ComponentLicense> {
  // In lockfile mode an installed copy is looked for only when the lockfile lacks what is needed.
  const installed = (): string | null => (context.mode === 'actual' ? node.path : installedCopy(context.directory, node.location, context.options));
  const manifest = await manifestWithLicense(node, ref, installed, context, problems);
  const declared = normaliseDeclaredLicense(manifest);
  for (const problem of declared.problems) {
    problems.push({ rule: 'invalid-license-metadata', code: problem.code, package: ref, path: node.location, args: problem.args });
  }

  const files: LicenseFileEvidence[] = [];
  const site = { ref, location: node.location, problems };
  let expression = declared.expression;
  if (declared.seeLicenseIn) {
    expression = await resolveSeeLicenseIn(declared, installed(), site, context, files);
  }
  // License texts are read from node_modules scans; a lockfile scan stays a lockfile scan.
  const installedDirectory = context.mode === 'actual' ? node.path : null;
  if (context.options.readText && installedDirectory) {
    const known = new Set(files.map((file) => file.path));
    const { licenseFiles, modelFiles, links, readmeFiles } = context.options.listedFiles?.(installedDirectory) ?? listPackageFiles(installedDirectory);
    // A weight file or README that is a link out of its package is not the package's to read.
    const inside = (name: string): boolean => !links.has(name) || !escapesAfterLinks(installedDirectory, join(installedDirectory, name));
    for (const name of modelFiles.filter(inside)) context.modelFiles?.push(relative(context.directory, join(installedDirectory, name)).split(sep).join('/'));
    for (const name of licenseFiles) {
      if (known.has(name)) continue;
      const path = join(installedDirectory, name);
      // Only a link can lead out of the package: regular files are not resolved (a realpath is costly).
      if (links.has(name) && escapesAfterLinks(installedDirectory, path)) {
        problems.push({ rule: 'unsafe-path', code: 'license-file-escape', package: ref, path: node.location, args: { file: name } });
        continue;
      }
      files.push(await evidenceFor(path, name, context.options, site));
    }
    // Nothing else says what the license is: a README's "License" section may.
    if (!expression && !files.some((file) => file.expression) && context.options.identifyText) {
      const readme = readmeLicenseSection(installedDirectory, readmeFiles.filter(inside));
      if (readme) files.push({ path: readme.path, ...(await context.options.identifyText.section(readme.text)) });
    }
  }
  files.sort(byText((file) => file.path));
  const source = !expression ? 'none' : declared.seeLicenseIn ? 'file' : 'metadata';
  return { declared: declared.declared, expression, source, files };
}

interface ProblemSite {
  ref: string;
  location: string;
  problems: TreeProblem[];
}

function installedCopy(root: string, location: string, options: LicenseReadOptions): string | null {
  if (!location) return null;
  const directory = join(root, location);
  const prefetched = options.installedManifest?.(directory);
  if (prefetched) return 'error' in prefetched && prefetched.error === 'ENOENT' ? null : directory;
  return existsSync(join(directory, 'package.json')) ? directory : null;
}

async function manifestWithLicense(
  node: LicensedPackage,
  ref: string,
  installed: () => string | null,
  context: ReadContext,
  problems: TreeProblem[],
): Promise<{ license?: unknown; licenses?: unknown }> {
  const manifest = node.package as { license?: unknown; licenses?: unknown };
  if (context.mode === 'actual' || manifest.license != null || manifest.licenses != null) return manifest;

  const installedDirectory = installed();
  if (installedDirectory) {
    const copy = context.options.installedManifest?.(installedDirectory) ?? readInstalledManifest(installedDirectory);
    // An unreadable installed copy tells nothing more than the lockfile: fall through.
    if ('fields' in copy) return copy.fields;
  }
  if (context.options.fetchManifest && node.version) {
    const fetched = await context.options.fetchManifest(node.packageName, node.version);
    if (fetched) return fetched;
  }
  problems.push({ rule: 'license-not-in-lockfile', code: 'absent', package: ref, path: node.location, args: {} });
  return manifest;
}

async function resolveSeeLicenseIn(
  declared: DeclaredLicense,
  packageDirectory: string | null,
  site: ProblemSite,
  context: ReadContext,
  files: LicenseFileEvidence[],
): Promise<string | null> {
  const { ref, location, problems } = site;
  const named = declared.seeLicenseIn!;
  if (!packageDirectory) {
    problems.push({ rule: 'license-not-in-lockfile', code: 'see-license-unread', package: ref, path: location, args: { file: named } });
    return null;
  }
  const target = resolve(packageDirectory, named);
  if (isAbsolute(named) || escapes(packageDirectory, target) || escapesAfterLinks(packageDirectory, target)) {
    problems.push({ rule: 'unsafe-path', code: 'see-license-escape', package: ref, path: location, args: { file: named } });
    return null;
  }
  if (!existsSync(target)) {
    problems.push({ rule: 'invalid-license-metadata', code: 'see-license-missing', package: ref, path: location, args: { file: named } });
    return null;
  }
  const relativePath = relative(packageDirectory, target).split(sep).join('/');
  const evidence = await evidenceFor(target, relativePath, context.options, site);
  files.push(evidence);
  return evidence.expression ?? LICIT_REFS.seeLicenseFile;
}

async function evidenceFor(
  absolutePath: string,
  relativePath: string,
  options: LicenseReadOptions,
  site: ProblemSite,
): Promise<LicenseFileEvidence> {
  if (!options.readText || !options.identifyText) return { path: relativePath, expression: null, confidence: null };
  const { binary, truncated, error, ...evidence } = await options.identifyText(absolutePath);
  const report = (code: FindingCode<'unreadable-license-file'>, args: Record<string, string>): void => {
    site.problems.push({ rule: 'unreadable-license-file', code, package: site.ref, path: site.location, args: { file: relativePath, ...args } });
  };
  if (error) report('unreadable', { error });
  else if (binary) report('binary', {});
  else if (truncated) report('too-large', {});
  return { path: relativePath, ...evidence };
}

function escapes(directory: string, target: string): boolean {
  const fromDirectory = relative(directory, target);
  return fromDirectory === '' || fromDirectory.startsWith('..') || isAbsolute(fromDirectory);
}

function escapesAfterLinks(directory: string, target: string): boolean {
  try {
    return escapes(realpathSync(directory), realpathSync(target));
  } catch {
    return false;
  }
}
