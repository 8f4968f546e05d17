// The scan as data: walk -> identify -> classify -> evaluate. No config lookup, no output, no exit code:
// the CLI (or any other caller) brings the policy and decides what to do with the result.
import { basename } from 'node:path';
import type { Category, Component, Inventory, ScanResult, ScanSummary, TreeProblem } from '../model/index.js';
import { concludeLicense } from '../policy/conclude.js';
import { walkModels } from '../walk/models/index.js';
import { classifyExpression } from '../policy/classify.js';
import { defaultPolicy } from '../policy/config.js';
import { evaluatePolicy } from '../policy/evaluate.js';
import { spdxLicenseListVersion } from '../policy/knowledge.js';
import type { Policy } from '../policy/policy.js';
import type { OmitType } from '../walk/graph.js';
import type { LicenseReadOptions } from '../walk/package-license.js';
import { walkNpmProject } from '../walk/npm.js';
import { projectDirectory } from '../walk/directory.js';
import { licitVersion } from './version.js';

export interface ScanOptions {
  lockfileOnly: boolean;
  omit: ReadonlySet<OmitType>;
  workspaces: readonly string[];
  readText: boolean;
  fetchManifest?: LicenseReadOptions['fetchManifest'];
  /** Look for AI models (artifacts and references in the project's files); default true. */
  models?: boolean;
  /** Only models: no npm tree is walked. */
  modelsOnly?: boolean;
  /** Search every installed package's whole tree for model weight files (a full traversal of node_modules). */
  deep?: boolean;
}

/** Project folders whose model references are not the product's own: tests and their fixtures. */
const MODEL_SEARCH_IGNORE = ['**/fixtures/**', '**/__fixtures__/**', '**/test/**', '**/tests/**', '**/__tests__/**', '**/*.test.*', '**/*.spec.*'];

export interface EvaluationSettings {
  policy: Policy;
  /** Today's date (YYYY-MM-DD) for exception expiry; the CLI passes the real one, tests a fixed one. */
  today: string;
}

/** Today's date in UTC, YYYY-MM-DD. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** walk -> identify -> classify -> evaluate: the whole scan, as data. */
export async function scan(directory: string, options: ScanOptions, settings?: EvaluationSettings): Promise<ScanResult> {
  return evaluateInventory(await walkInventory(directory, options, settings), settings);
}

/** The walk alone (npm tree and models): the inventory a scan evaluates. */
export async function walkInventory(directory: string, options: ScanOptions, settings?: EvaluationSettings): Promise<Inventory> {
  const walk = options.modelsOnly ? Promise.resolve(modelsOnlyInventory(directory)) : walkNpmProject(directory, { ...options });
  // The project's files are listed for models while the npm walk waits on the disk.
  const modelWalk =
    options.models !== false || options.modelsOnly
      ? walkModels(directory, {
          rootName: fromWalk(walk, (inventory) => inventory.root.name),
          ignore: [...MODEL_SEARCH_IGNORE, ...(settings?.policy.ignorePaths ?? [])],
          // Installed packages are searched at their roots while the npm walk lists them; --deep searches all of node_modules.
          nodeModules: options.deep === true || options.modelsOnly === true,
          installedWeights: fromWalk(walk, (inventory) => inventory.modelFiles ?? []),
        })
      : undefined;
  // A failed npm walk is reported by the await below, not as the model walk's unhandled rejection.
  modelWalk?.catch(() => undefined);
  const inventory = await walk;
  if (modelWalk) {
    const models = await modelWalk;
    inventory.components = [...inventory.components, ...models.components].sort(compareComponents);
    inventory.problems = [...inventory.problems, ...models.problems];
  }
  return inventory;
}

/** A value the npm walk will give; its failure is left to whoever awaits the walk itself. */
function fromWalk<T>(walk: Promise<Inventory>, pick: (inventory: Inventory) => T): Promise<T> {
  const value = walk.then(pick);
  value.catch(() => undefined);
  return value;
}

function modelsOnlyInventory(directoryArgument: string): Inventory {
  const name = basename(projectDirectory(directoryArgument));
  return {
    root: { name, version: null, license: null, purl: `pkg:generic/${encodeURIComponent(name)}`, workspaces: [], dependsOn: [] },
    components: [],
    mode: 'actual',
    problems: [],
  };
}

function compareComponents(a: Component, b: Component): number {
  const text = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return text(a.kind, b.kind) || text(a.name, b.name) || text(a.version ?? '', b.version ?? '');
}

export function evaluateInventory(inventory: Inventory, settings: EvaluationSettings = { policy: defaultPolicy(), today: todayUtc() }): ScanResult {
  // Metadata problems go through the conclusion, which settles their severity against the files.
  const metadataProblems = new Map<string, TreeProblem[]>();
  const otherProblems: TreeProblem[] = [];
  for (const problem of inventory.problems) {
    if (problem.rule === 'invalid-license-metadata' && problem.package) metadataProblems.set(problem.package, [...(metadataProblems.get(problem.package) ?? []), problem]);
    else otherProblems.push(problem);
  }
  const concluded = inventory.components.map((component) => {
    const own = metadataProblems.get(component.ref) ?? [];
    metadataProblems.delete(component.ref);
    return concludeLicense(component, own);
  });
  const classified: Inventory = {
    ...inventory,
    components: inventory.components.map((component, index) => ({
      ...component,
      license: concluded[index]!.license,
      category: classifyExpression(concluded[index]!.license.expression).category,
    })),
    problems: [...otherProblems, ...[...metadataProblems.values()].flat(), ...concluded.flatMap((conclusion) => conclusion.problems)],
  };
  const { components, findings, suppressed, obligations } = evaluatePolicy(classified, settings.policy, { today: settings.today });
  return {
    schemaVersion: 1,
    tool: { name: 'licit', version: licitVersion(), spdxLicenseListVersion: spdxLicenseListVersion() },
    mode: inventory.mode,
    root: inventory.root,
    components,
    findings,
    suppressed,
    obligations,
    summary: { ...summarise(components, findings), suppressed: suppressed.length },
  };
}

function summarise(components: Component[], findings: ScanResult['findings']): ScanSummary {
  const byCategory: Partial<Record<Category, number>> = {};
  for (const component of components) byCategory[component.category] = (byCategory[component.category] ?? 0) + 1;
  return {
    packages: components.filter((component) => component.kind === 'npm').length,
    models: components.filter((component) => component.kind === 'model').length,
    byCategory,
    errors: findings.filter((finding) => finding.severity === 'error').length,
    warnings: findings.filter((finding) => finding.severity === 'warning').length,
    infos: findings.filter((finding) => finding.severity === 'info').length,
  };
}
