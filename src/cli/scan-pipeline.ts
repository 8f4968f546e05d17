import type { Category, Component, Inventory, ScanResult, ScanSummary } from '../model/index.js';
import { classifyExpression } from '../policy/classify.js';
import { spdxLicenseListVersion } from '../policy/knowledge.js';
import { treeFindings } from '../policy/tree-findings.js';
import type { OmitType } from '../walk/graph.js';
import { walkNpmProject, type NpmWalkOptions } from '../walk/npm.js';
import { licitVersion } from './version.js';

export interface ScanOptions {
  lockfileOnly: boolean;
  omit: ReadonlySet<OmitType>;
  workspaces: readonly string[];
  readText: boolean;
  fetchManifest?: NpmWalkOptions['fetchManifest'];
}

/** walk -> identify -> classify -> evaluate: the whole scan, as data. */
export async function runScan(directory: string, options: ScanOptions): Promise<ScanResult> {
  const inventory = await walkNpmProject(directory, { ...options });
  return evaluateInventory(inventory);
}

export function evaluateInventory(inventory: Inventory): ScanResult {
  const components: Component[] = inventory.components.map((component) => ({
    ...component,
    category: classifyExpression(component.license.expression).category,
  }));
  const findings = treeFindings(inventory, components);
  return {
    schemaVersion: 1,
    tool: { name: 'licit', version: licitVersion(), spdxLicenseListVersion: spdxLicenseListVersion() },
    mode: inventory.mode,
    root: inventory.root,
    components,
    findings,
    obligations: [],
    summary: summarise(components, findings),
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
  };
}
