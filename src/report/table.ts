import type { Category, Component, ScanResult } from '../model/index.js';
import { CATEGORIES } from '../model/index.js';
import { toDiffTable, type FailOn } from './diff-table.js';
import { findingMessage } from './messages.js';

/**
 * The default human-readable report: packages grouped by category, then findings and obligations. With
 * `--base`, only what the change does (diff-table.ts).
 */
export function toTable(result: ScanResult, options: { failOn?: FailOn } = {}): string {
  if (result.diff) return toDiffTable(result, options.failOn ?? 'error');
  const lines: string[] = [];
  const title = `${result.root.name}${result.root.version ? `@${result.root.version}` : ''}`;
  lines.push(`licit ${result.tool.version} — ${title} (${result.mode === 'actual' ? 'node_modules' : 'lockfile'})`, '');
  const groups = new Map<Category, Component[]>();
  for (const component of result.components) {
    const group = groups.get(component.category) ?? [];
    group.push(component);
    groups.set(component.category, group);
  }
  for (const category of CATEGORIES) {
    const group = groups.get(category);
    if (!group) continue;
    lines.push(`${category} (${group.length})`);
    const rows = group.map((component) => [
      `  ${component.name}@${component.version ?? '?'}`,
      licenseCell(component),
      component.scopes.join(','),
    ]);
    lines.push(...alignColumns(rows), '');
  }
  if (result.findings.length > 0) {
    lines.push(`findings (${result.findings.length})`);
    for (const finding of result.findings) {
      lines.push(`  ${finding.severity.padEnd(7)} ${finding.rule.padEnd(26)} ${findingMessage(finding)}`);
      if (finding.via.length > 2) lines.push(`  ${' '.repeat(35)}via ${finding.via.join(' > ')}`);
    }
    lines.push('');
  }
  if (result.obligations.length > 0) {
    const byLicense = obligationsByLicense(result.obligations);
    lines.push(`obligations (${byLicense.length} licenses)`);
    for (const { license, duties, packages } of byLicense) {
      const count = `${packages.length} package${packages.length === 1 ? '' : 's'}`;
      lines.push(`  ${license}, ${count}: ${duties.join(', ')}`, `      ${packageList(packages)}`);
    }
    lines.push('');
  }
  const { summary } = result;
  const verdict = summary.errors > 0 ? 'FAIL' : summary.warnings > 0 ? 'PASS with warnings' : 'PASS';
  lines.push(`${verdict}: ${summary.packages} packages, ${summary.errors} errors, ${summary.warnings} warnings`);
  return `${lines.join('\n')}\n`;
}

/** The concluded expression, and the alternative the policy took when it offers a choice. */
function licenseCell(component: Component): string {
  const expression = component.license.expression ?? '(none)';
  return component.license.chosen && component.license.chosen !== expression ? `${expression} → ${component.license.chosen}` : expression;
}

const LISTED_PACKAGES = 3;

/** One line per license: what it obliges and for which packages (obligations arrive one per duty). */
function obligationsByLicense(obligations: ScanResult['obligations']): { license: string; duties: string[]; packages: string[] }[] {
  const groups = new Map<string, { duties: Set<string>; packages: Set<string> }>();
  for (const { license, obligation, packages } of obligations) {
    const group = groups.get(license) ?? { duties: new Set<string>(), packages: new Set<string>() };
    group.duties.add(obligation);
    for (const name of packages) group.packages.add(name);
    groups.set(license, group);
  }
  return [...groups]
    .map(([license, group]) => ({ license, duties: [...group.duties].sort(), packages: [...group.packages].sort() }))
    .sort((a, b) => b.packages.length - a.packages.length || (a.license < b.license ? -1 : a.license > b.license ? 1 : 0));
}

function packageList(packages: string[]): string {
  const shown = packages.slice(0, LISTED_PACKAGES).join(', ');
  return packages.length > LISTED_PACKAGES ? `${shown} and ${packages.length - LISTED_PACKAGES} more` : shown;
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]!.length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
}
