import type { Category, Component, Finding, ScanResult } from '../model/index.js';
import { CATEGORIES } from '../model/index.js';
import { escapeControls } from './escape.js';
import { toDiffTable, type FailOn } from './diff-table.js';
import { findingMessage } from './messages.js';
import { compareText } from '../model/order.js';

export type TableStyle = 'red' | 'yellow' | 'green' | 'bold' | 'dim';

export interface TableOptions {
  /** Columns to fit (a terminal's width); null or absent: no limit (a pipe, a file, a CI log). */
  width?: number | null;
  /** Styles text for a colour terminal; absent: plain text. */
  paint?: (style: TableStyle, text: string) => string;
  /** Counts by category and license, then the findings: no package list. */
  summary?: boolean;
  /** List dev-only packages and info findings too (otherwise counted in one line each). */
  verbose?: boolean;
  /** With --base, the verdict follows `--fail-on` as the exit code does. */
  failOn?: FailOn;
}

/** Narrower than this, a finding's message goes under its rule instead of beside it. */
const SIDE_BY_SIDE_MESSAGE = 40;
const RULE_COLUMN = 26;
const MESSAGE_INDENT = 2 + 7 + 1 + RULE_COLUMN + 1;

/** The default human-readable report: packages grouped by category, then findings and obligations. */
export function toTable(result: ScanResult, options: TableOptions = {}): string {
  // With --base, only what the change does (diff-table.ts).
  if (result.diff) return toDiffTable(result, options.failOn ?? 'error');
  const width = options.width && options.width > 0 ? Math.max(options.width, 40) : Infinity;
  const paint = options.paint ?? ((_style: TableStyle, text: string) => text);
  const lines: string[] = [];
  lines.push(...wrap(`licit ${result.tool.version} — ${componentTitle(result.root)} (${result.mode === 'actual' ? 'node_modules' : 'lockfile'})`, width, 2), '');
  if (options.summary) lines.push(...summaryBlock(result, width));
  else lines.push(...packageBlock(result, width, options.verbose === true));
  const shown = options.verbose ? result.findings : result.findings.filter((finding) => finding.severity !== 'info');
  const hidden = result.findings.length - shown.length;
  if (shown.length > 0) {
    lines.push(`findings (${shown.length})`);
    for (const finding of shown) lines.push(...findingLines(finding, width, paint));
  }
  if (hidden > 0) lines.push(...wrap(`${shown.length > 0 ? '  ' : ''}${hidden} info ${hidden === 1 ? 'finding' : 'findings'} (no action needed) not shown; --verbose shows them`, width, 2));
  if (shown.length > 0 || hidden > 0) lines.push('');
  const suppressed = result.suppressed?.length ?? 0;
  if (suppressed > 0) {
    const what = `${suppressed} ${suppressed === 1 ? 'finding' : 'findings'}`;
    lines.push(...wrap(`waived by policy exceptions: ${what}, not counted (the JSON, SARIF and Markdown reports give each with its reason, comment and expiry)`, width, 2), '');
  }
  if (!options.summary && result.obligations.length > 0) {
    const byLicense = obligationsByLicense(result.obligations);
    lines.push(`obligations (${byLicense.length} ${byLicense.length === 1 ? 'license' : 'licenses'})`);
    for (const { license, duties, packages } of byLicense) {
      const count = `${packages.length} package${packages.length === 1 ? '' : 's'}`;
      lines.push(...wrap(`  ${escapeControls(license)}, ${count}: ${duties.join(', ')}`, width, 6), ...wrap(`      ${escapeControls(packageList(packages))}`, width, 6));
    }
    lines.push('');
  }
  const { summary } = result;
  const verdict = summary.errors > 0 ? paint('red', paint('bold', 'FAIL')) : summary.warnings > 0 ? paint('yellow', 'PASS with warnings') : paint('green', 'PASS');
  lines.push(`${verdict}: ${summary.packages} packages, ${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')}${summary.infos > 0 ? `, ${summary.infos} info` : ''}`);
  return `${lines.join('\n')}\n`;
}

function count(value: number, word: string): string {
  return `${value} ${word}${value === 1 ? '' : 's'}`;
}

/** `name@version`, or the name alone when there is no version (never `name@?`). */
function componentTitle(entry: { name: string; version: string | null }): string {
  return escapeControls(entry.version ? `${entry.name}@${entry.version}` : entry.name);
}

/** Installed for development alone (exactly `dev`, or `dev` with `optional`): it does not ship. */
function isDevOnly(component: Component): boolean {
  return component.scopes.includes('dev') && component.scopes.every((scope) => scope === 'dev' || scope === 'optional');
}

function byCategory(components: readonly Component[]): Map<Category, Component[]> {
  const groups = new Map<Category, Component[]>();
  for (const component of components) groups.set(component.category, [...(groups.get(component.category) ?? []), component]);
  return groups;
}

function packageBlock(result: ScanResult, width: number, verbose: boolean): string[] {
  const lines: string[] = [];
  const groups = byCategory(result.components);
  for (const category of CATEGORIES) {
    const group = groups.get(category);
    if (!group) continue;
    const shown = verbose ? group : group.filter((component) => !isDevOnly(component));
    const folded = group.length - shown.length;
    lines.push(`${category} (${group.length})`);
    const rows = shown.map((component) => [`  ${componentTitle(component)}`, licenseCell(component), component.scopes.join(',')]);
    lines.push(...fitColumns(rows, width));
    if (folded > 0) lines.push(`  + ${folded} dev-only ${folded === 1 ? 'package' : 'packages'} (--verbose lists them)`);
    lines.push('');
  }
  return lines;
}

/** Counts by category (with how many are dev-only) and by license: the shape of the tree at a glance. */
function summaryBlock(result: ScanResult, width: number): string[] {
  const groups = byCategory(result.components);
  const categoryRows = CATEGORIES.filter((category) => groups.has(category)).map((category) => {
    const group = groups.get(category)!;
    const dev = group.filter(isDevOnly).length;
    return [`  ${category}`, String(group.length), dev > 0 ? `(${dev} dev-only)` : ''];
  });
  const licenses = new Map<string, number>();
  for (const component of result.components) {
    const license = component.license.chosen ?? component.license.expression ?? '(none)';
    licenses.set(license, (licenses.get(license) ?? 0) + 1);
  }
  const licenseRows = [...licenses]
    .sort(([a, countA], [b, countB]) => countB - countA || compareText(a, b))
    .map(([license, total]) => [`  ${escapeControls(license)}`, String(total)]);
  return [`categories (${result.components.length} packages)`, ...fitColumns(categoryRows, width), '', `licenses (${licenses.size})`, ...fitColumns(licenseRows, width), ''];
}

function findingLines(finding: Finding, width: number, paint: NonNullable<TableOptions['paint']>): string[] {
  const severity = paint(finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'dim', finding.severity.padEnd(7));
  // Messages and chains carry names from package.json files, lockfiles or model cards: controls are escaped.
  const message = escapeControls(findingMessage(finding));
  const via = finding.via.length > 2 ? `via ${escapeControls(finding.via.join(' > '))}` : null;
  if (width - MESSAGE_INDENT < SIDE_BY_SIDE_MESSAGE) {
    const lines = [`  ${severity} ${finding.rule}`, ...wrap(`    ${message}`, width, 4)];
    if (via) lines.push(...wrap(`    ${via}`, width, 4).map((line) => paint('dim', line)));
    return lines;
  }
  const lines = wrap(`  ${' '.repeat(7)} ${finding.rule.padEnd(RULE_COLUMN)} ${message}`, width, MESSAGE_INDENT);
  lines[0] = `  ${severity}${lines[0]!.slice(2 + 7)}`;
  if (via) lines.push(...wrap(`${' '.repeat(MESSAGE_INDENT)}${via}`, width, MESSAGE_INDENT).map((line) => paint('dim', line)));
  return lines;
}

/** The concluded expression, and the alternative the policy took when it offers a choice. */
function licenseCell(component: Component): string {
  return escapeControls(rawLicenseCell(component));
}

function rawLicenseCell(component: Component): string {
  const expression = component.license.expression ?? '(none)';
  if (!component.license.chosen || component.license.chosen === expression) return expression;
  const reason = component.license.choiceReason === 'avoids-conflict' ? ' (avoids a license conflict)' : '';
  return `${expression} → ${component.license.chosen}${reason}`;
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
    .sort((a, b) => b.packages.length - a.packages.length || compareText(a.license, b.license));
}

function packageList(packages: string[]): string {
  const shown = packages.slice(0, LISTED_PACKAGES).join(', ');
  return packages.length > LISTED_PACKAGES ? `${shown} and ${packages.length - LISTED_PACKAGES} more` : shown;
}

/**
 * Aligned columns, the last one ragged. Too wide for `width`: the widest cells are cut with `…`, the
 * longest column first, down to a few characters each.
 */
function fitColumns(rows: string[][], width: number): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]!.length))) ?? [];
  const gaps = 2 * Math.max(0, widths.length - 1);
  while (widths.reduce((sum, value) => sum + value, 0) + gaps > width) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 8) break;
    widths[widest]!--;
  }
  return rows.map((row) =>
    row
      .map((cell, column) => {
        const fitted = cell.length > widths[column]! ? `${cell.slice(0, widths[column]! - 1)}…` : cell;
        return column === row.length - 1 ? fitted : fitted.padEnd(widths[column]!);
      })
      .join('  ')
      .trimEnd(),
  );
}

/** Word-wraps a line to `width`; continuation lines start with `indent` spaces. A word longer than a line is cut. */
function wrap(text: string, width: number, indent: number): string[] {
  if (text.length <= width) return [text];
  const pad = ' '.repeat(Math.min(indent, width - 20));
  const leading = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = leading;
  let empty = true;
  for (const word of text.slice(leading.length).split(' ')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = pad;
      empty = true;
    }
    if (!empty) line += ' ';
    let rest = word;
    while (line.length + rest.length > width) {
      const room = width - line.length;
      lines.push(line + rest.slice(0, room));
      rest = rest.slice(room);
      line = pad;
    }
    line += rest;
    empty = false;
  }
  lines.push(line);
  return lines;
}
