// `licit audit`: a whole codebase as one result. One walk of the tree sorts its files by owner; each
// ecosystem's walker turns its share into components (npm projects, Python, vendored directories, minified
// bundles' banners, first-party files whose header names another license, AI models); then the scan's own
// stages (conclude, classify, evaluate) judge them all under one policy.
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { ownValue, setOwn, LicitInputError, type AuditFacts, type Component, type Finding, type Inventory, type RootInfo, type ScanResult, type TreeProblem } from '../model/index.js';
import { evaluateInventory, type EvaluationSettings } from './scan.js';
import { createTextIdentifier } from '../walk/license-text.js';
import { walkNpmProject } from '../walk/npm.js';
import { walkModels } from '../walk/models/index.js';
import { walkPython } from '../walk/python/index.js';
import { layoutOf, basenameOf, type TreeLayout } from '../walk/audit/layout.js';
import { isDirectory, workspaceRoots } from '../walk/audit/workspace-roots.js';
import { compareText, listTree } from '../walk/audit/list-tree.js';
import { isSourceFile, readSourceHeaders, type SourceReading } from '../walk/source/index.js';
import { bannerIdentity, bannerTerms, type Banner, type BannerTerms } from '../walk/source/header.js';
import { normaliseDeclaredLicense } from '../licenses/metadata.js';
import { vendoredComponents, NO_HEADER } from '../walk/vendored/index.js';
import { isLicenseFileName } from '../walk/package-file-names.js';
import type { TextIdentifier } from '../walk/package-license.js';

export interface AuditOptions {
  /** Globs (relative to the root) left out of the walk, besides the policy's ignorePaths. */
  ignore: readonly string[];
  /** A directory inside the tree that is not part of it (the audit's own output folder). */
  exclude?: string;
  /** Called as the audit moves from one phase to the next. */
  onPhase?: (label: string) => void;
}

/** Test and fixture folders: model references there are not the product's own (as `scan` reads them). */
const MODEL_SEARCH_IGNORE = ['**/fixtures/**', '**/__fixtures__/**', '**/test/**', '**/tests/**', '**/__tests__/**', '**/*.test.*', '**/*.spec.*'];

export async function runAudit(directoryArgument: string, options: AuditOptions, settings: EvaluationSettings): Promise<ScanResult> {
  const root = resolve(directoryArgument);
  if (!isDirectory(root)) throw new LicitInputError(`no such directory: ${directoryArgument}`, 'no-directory');
  const phase = options.onPhase ?? ((): void => undefined);
  const excluded = options.exclude ? relative(root, resolve(options.exclude)) : null;
  const ignore = [
    ...options.ignore,
    ...settings.policy.ignorePaths,
    ...(excluded && !excluded.startsWith('..') && !isAbsolute(excluded) && excluded !== '' ? [`${excluded.split('\\').join('/')}/**`] : []),
  ];

  phase('listing the tree');
  const listing = await listTree(root, ignore);
  const layout = layoutOf({ files: listing.files, workspaceRoots: workspaceRoots(root, listing.files) });
  const identify = createTextIdentifier();
  const problems: TreeProblem[] = [...listing.problems];

  phase('walking npm projects');
  const npm = await walkNpmProjects(root, layout.npmProjects, identify, problems);
  const rootInfo = npm.root ?? genericRoot(root, layout, identify);
  const rootInfoResolved = await rootInfo;
  const rootName = rootInfoResolved.name;

  // The model walker lists and reads files on its own: it runs while the headers are read.
  const vendoredGlobs = layout.vendored.map((entry) => `${entry.directory}/**`);
  const modelWalk = walkModels(root, {
    rootName,
    nodeModules: false,
    ignore: [...MODEL_SEARCH_IGNORE, ...ignore, ...vendoredGlobs],
    installedWeights: npm.modelFiles,
  });
  // A failure is reported where the walk is awaited, not as an unhandled rejection meanwhile.
  modelWalk.catch(() => undefined);

  phase('reading Python metadata');
  const python = await walkPython(root, layout.pythonInstalls, layout.pythonManifests, rootName, identify);
  problems.push(...python.problems);

  phase('reading source headers');
  const vendoredFiles = layout.vendored.flatMap((entry) => entry.files);
  const sourceFiles = [...layout.firstParty, ...vendoredFiles].filter(isSourceFile);
  const readings = await readSourceHeaders(root, sourceFiles, (done) => phase(`reading source headers (${done}/${sourceFiles.length})`));
  const byPath = new Map(readings.map((reading) => [reading.path, reading]));
  for (const reading of readings) {
    if (reading.error) problems.push({ rule: 'unscanned-path', code: 'unreadable', package: null, path: reading.path, args: { error: reading.error } });
  }

  phase('reading vendored directories');
  const vendored = await vendoredComponents(root, layout.vendored, byPath, rootName, identify);
  problems.push(...vendored.problems);

  const projectLicense = settings.policy.context.projectLicense ?? rootInfoResolved.license;
  const firstParty = firstPartyComponents(layout.firstParty, byPath, projectLicense, rootName, problems);

  phase('looking for AI models');
  const models = await modelWalk;
  problems.push(...models.problems);

  phase('judging licenses');
  const components = [...npm.components, ...python.components, ...vendored.components, ...firstParty.components, ...models.components].sort(compareComponents);
  const inventory: Inventory = { root: rootInfoResolved, components, mode: 'actual', problems: [...problems, ...npm.problems] };
  const result = evaluateInventory(inventory, settings);
  const byRef = new Map(result.components.map((component) => [component.ref, component]));
  const located = (finding: Finding): Finding => withLocation(finding, finding.package ? byRef.get(finding.package) : undefined);
  const facts: AuditFacts = {
    files: listing.files.length,
    sourceFiles: sourceFiles.length,
    npmProjects: layout.npmProjects.map((directory) => directory || '.'),
    ignored: [...new Set(ignore)].sort(compareText),
    notScanned: listing.notScanned,
    firstParty: { files: layout.firstParty.length, headers: firstParty.tally, copyrights: firstParty.copyrights },
  };
  return {
    ...result,
    findings: result.findings.map(located),
    ...(result.suppressed ? { suppressed: result.suppressed.map(located) } : {}),
    summary: { ...result.summary, byKind: countKinds(result.components) },
    audit: facts,
  };
}

interface NpmWalk {
  root: RootInfo | null;
  components: Component[];
  problems: TreeProblem[];
  modelFiles: string[];
}

/**
 * Every npm project under the root, paths made relative to the root. The root's own project is the
 * project: a broken manifest or lockfile there is bad input (exit 2), as for `scan`; a nested project
 * that cannot be read is a finding and the audit goes on.
 */
async function walkNpmProjects(root: string, projects: readonly string[], identify: TextIdentifier, treeProblems: TreeProblem[]): Promise<NpmWalk> {
  const byRef = new Map<string, Component>();
  const problems: TreeProblem[] = [];
  const modelFiles: string[] = [];
  let rootInfo: RootInfo | null = null;
  for (const project of projects) {
    let inventory: Inventory;
    try {
      inventory = await walkNpmProject(join(root, project), { lockfileOnly: false, omit: new Set(), workspaces: [], readText: true, identifyText: identify });
    } catch (error) {
      if (project === '' || !(error instanceof LicitInputError)) throw error;
      treeProblems.push({ rule: 'unreadable-package', code: 'project-refused', package: null, path: project, args: { error: error.message } });
      continue;
    }
    const prefix = (path: string): string => (project === '' ? path : `${project}/${path}`);
    if (project === '') rootInfo = inventory.root;
    modelFiles.push(...(inventory.modelFiles ?? []).map(prefix));
    for (const problem of inventory.problems) problems.push({ ...problem, ...(problem.path !== undefined ? { path: prefix(problem.path) } : {}) });
    for (const component of inventory.components) {
      const rebased = { ...component, paths: component.paths.map(prefix) };
      const existing = byRef.get(component.ref);
      byRef.set(component.ref, existing ? mergeNpm(existing, rebased) : rebased);
    }
  }
  return { root: rootInfo, components: [...byRef.values()], problems, modelFiles: modelFiles.sort(compareText) };
}

function mergeNpm(a: Component, b: Component): Component {
  return {
    ...a,
    scopes: [...new Set([...a.scopes, ...b.scopes])].sort(),
    direct: a.direct || b.direct,
    paths: [...new Set([...a.paths, ...b.paths])].sort(compareText),
    dependsOn: [...new Set([...a.dependsOn, ...b.dependsOn])].sort(compareText),
  };
}

/** A root without an npm project: named after its directory, licensed by its own license files. */
async function genericRoot(root: string, layout: TreeLayout, identify: TextIdentifier): Promise<RootInfo> {
  const name = basename(root);
  const licenseFiles = layout.firstParty.filter((file) => !file.includes('/') && isLicenseFileName(file)).sort(compareText);
  const expressions: string[] = [];
  for (const file of licenseFiles) {
    const reading = await identify(join(root, file));
    if (reading.expression) expressions.push(reading.expression);
  }
  const license = expressions.length === 0 ? null : [...new Set(expressions)].join(' AND ');
  return { name, version: null, license, purl: `pkg:generic/${encodeURIComponent(name)}`, workspaces: [], dependsOn: [] };
}

interface FirstParty {
  components: Component[];
  tally: Record<string, number>;
  copyrights: string[];
}

/**
 * First-party files: a header under the project's own license is counted; one under any other license
 * (or text no license explains) is a component of its own, judged against the project's license. A
 * minified bundle's banner is a component too.
 */
function firstPartyComponents(
  files: readonly string[],
  readings: ReadonlyMap<string, SourceReading>,
  projectLicense: string | null,
  rootName: string,
  problems: TreeProblem[],
): FirstParty {
  const tally: Record<string, number> = {};
  const copyrights = new Set<string>();
  const components: Component[] = [];
  for (const path of files) {
    const reading = readings.get(path);
    if (!reading) continue;
    const identification = reading.identification;
    const expression = identification?.expression ?? null;
    const banner = reading.banner && reading.header ? bannerIdentity(reading.header) : null;
    if (!banner) {
      setOwn(tally, expression ?? NO_HEADER, (ownValue(tally, expression ?? NO_HEADER) ?? 0) + 1);
      for (const line of identification?.copyrights ?? []) copyrights.add(line);
    }
    if (!banner && (expression === null || expression === projectLicense)) continue;
    const line = identification?.matches[0]?.startLine ?? identification?.parts[0]?.startLine ?? 1;
    if (banner) {
      components.push(bannerComponent(path, banner, bannerTerms(reading.header!), rootName, problems));
      continue;
    }
    const name = path;
    const kind = 'file';
    const fileCopyrights = [...new Set(identification?.copyrights ?? [])].sort();
    components.push({
      kind,
      ref: `${kind}:${path}`,
      name,
      version: null,
      purl: `pkg:generic/${encodeURIComponent(rootName)}?file_name=${encodeURIComponent(path)}`,
      scopes: ['prod'],
      direct: true,
      paths: [path],
      via: [rootName, name],
      license: {
        declared: null,
        expression,
        source: expression ? 'file' : 'none',
        files: [
          {
            path: basenameOf(path),
            expression,
            confidence: expression ? (identification?.confidence ?? null) : null,
            ...(identification && identification.parts.length > 0 ? { parts: identification.parts, coverage: identification.coverage } : {}),
            ...(fileCopyrights.length > 0 ? { copyrights: fileCopyrights } : {}),
          },
        ],
      },
      category: 'unknown',
      dependsOn: [],
      evidence: [{ file: path, line }],
      ...(fileCopyrights.length > 0 ? { copyrights: fileCopyrights } : {}),
    });
  }
  return { components, tally: sortedRecord(tally), copyrights: [...copyrights].sort(compareText) };
}

/** A minified bundle named by its banner, under the license the banner states (in its own words, normalised). */
function bannerComponent(path: string, banner: Banner, terms: BannerTerms, rootName: string, problems: TreeProblem[]): Component {
  const ref = `bundle:${path}`;
  const declared = terms.license ? normaliseDeclaredLicense({ license: terms.license }) : null;
  for (const problem of declared?.problems ?? []) problems.push({ rule: 'invalid-license-metadata', code: problem.code, package: ref, path, args: problem.args });
  return {
    kind: 'bundle',
    ref,
    name: banner.name,
    version: banner.version,
    purl: `pkg:generic/${encodeURIComponent(banner.name)}${banner.version ? `@${encodeURIComponent(banner.version)}` : ''}`,
    scopes: ['prod'],
    direct: true,
    paths: [path],
    via: [rootName, banner.name],
    license: { declared: declared?.declared ?? null, expression: declared?.expression ?? null, source: declared?.expression ? 'metadata' : 'none', files: [] },
    category: 'unknown',
    dependsOn: [],
    evidence: [{ file: path, line: 1 }],
    ...(terms.copyrights.length > 0 ? { copyrights: terms.copyrights } : {}),
  };
}

/** A finding about a file or bundle points at the file and the line its license starts on. */
function withLocation(finding: Finding, component: Component | undefined): Finding {
  if (!component || (component.kind !== 'file' && component.kind !== 'bundle')) return finding;
  const evidence = component.evidence?.[0];
  if (!evidence) return finding;
  return { ...finding, path: evidence.file, args: { ...finding.args, line: evidence.line } };
}

function countKinds(components: readonly Component[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const component of components) counts[component.kind] = (counts[component.kind] ?? 0) + 1;
  return sortedRecord(counts);
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}

function compareComponents(a: Component, b: Component): number {
  return compareText(a.kind, b.kind) || compareText(a.name, b.name) || compareText(a.version ?? '', b.version ?? '') || compareText(a.ref, b.ref);
}
