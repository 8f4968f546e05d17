// Markdown for a pull-request comment: a verdict a reviewer reads in seconds, then the detail. With a `diff`
// (--base) it speaks of what the change brings; without, of the whole scan. It stays under GitHub's comment
// limit however large the tree: lists shrink, with a count of what was left out, until the text fits.
import { CATEGORIES, diffPackage, type Category, type Component, type DiffPackage, type Finding, type Obligation, type ScanResult } from '../model/index.js';
import { markdownCode, markdownText } from './escape.js';
import { findingMessage } from './messages.js';
import { compareText } from '../model/order.js';

/** GitHub refuses comments longer than 65,536 characters; leave room for a marker the CI adds. */
export const MARKDOWN_MAX_LENGTH = 65_000;

/** Rows of a list shown before the rest goes into a collapsed `<details>`. */
const OPEN_ROWS = 10;

/** Row limits tried in turn until the comment fits. */
const ROW_LIMITS = [Infinity, 1000, 500, 200, 100, 50, 20, 10, 5];

export interface MarkdownOptions {
  maxLength?: number;
  /** `--fail-on`: the verdict line says FAIL exactly when the exit code is 1. Default `error`. */
  failOn?: 'error' | 'warning' | 'never';
}

/** Findings that say a license is missing from the data licit had (not that a license is wrong). */
const MISSING_DATA_RULES = new Set<string>(['license-not-in-lockfile']);

export function toMarkdown(result: ScanResult, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  for (const limit of ROW_LIMITS) {
    const text = render(result, limit, options.failOn ?? 'error');
    if (text.length <= maxLength) return text;
  }
  return hardTruncate(render(result, ROW_LIMITS.at(-1)!, options.failOn ?? 'error'), maxLength);
}

function render(result: ScanResult, limit: number, failOn: 'error' | 'warning' | 'never'): string {
  const diff = result.diff;
  const gating = diff && diff.gate === 'new' ? result.findings.filter((finding) => finding.new) : result.findings;
  const errors = gating.filter((finding) => finding.severity === 'error');
  const violations = errors.filter((finding) => !MISSING_DATA_RULES.has(finding.rule));
  const missing = errors.filter((finding) => MISSING_DATA_RULES.has(finding.rule));
  const warnings = gating.filter((finding) => finding.severity === 'warning');
  const components = componentIndex(result.components);
  const blocks: string[] = [verdictLine(result, { violations, missing, warnings }, failOn), subtitle(result)];

  blocks.push(categoryTable(result));
  if (violations.length > 0) blocks.push(findingSection(`Violations (${packageCount(violations)})`, violations, components, limit, false));
  if (missing.length > 0) blocks.push(missingSection(missing, result, components, limit));
  if (warnings.length > 0) blocks.push(findingSection(`Warnings (${packageCount(warnings)})`, warnings, components, limit, true));
  const infos = gating.filter((finding) => finding.severity === 'info');
  if (infos.length > 0) blocks.push(findingSection(`Notes, no action needed (${packageCount(infos)})`, infos, components, limit, true));
  const suppressed = result.suppressed ?? [];
  if (suppressed.length > 0) blocks.push(suppressedSection(suppressed, components, limit));
  if (diff) {
    blocks.push(packageSection(`New packages (${formatCount(diff.added.length)})`, diff.added, limit));
    if (diff.changed.length > 0) blocks.push(changedSection(`License changes (${formatCount(diff.changed.length)})`, diff.changed, limit));
    const toReview = diff.review.filter(({ to }) => !missing.some((finding) => finding.package === to.ref));
    if (toReview.length > 0) blocks.push(changedSection(`Upgrades to review: license not known on one side (${formatCount(toReview.length)})`, toReview, limit));
    if (diff.removed.length > 0) blocks.push(removedSection(diff.removed, limit));
    if (diff.fixed.length > 0) blocks.push(fixedSection(diff.fixed, limit));
    blocks.push(obligationSection(`New obligations (${formatCount(diff.obligationsAdded.length)})`, diff.obligationsAdded, limit));
    const old = result.findings.length - result.findings.filter((finding) => finding.new).length;
    if (diff.gate === 'new' && old > 0) {
      blocks.push(`<sub>${formatCount(old)} ${plural(old, 'finding')} already present on the base ${old === 1 ? 'is' : 'are'} not counted here (\`--all\` counts them).</sub>`);
    }
  } else {
    const packages = result.components.map(diffPackage);
    blocks.push(packageSection(`Packages (${formatCount(packages.length)})`, packages, limit));
    blocks.push(obligationSection(`Obligations (${formatCount(result.obligations.length)})`, result.obligations, limit));
  }
  blocks.push(footer(result));
  return `${blocks.filter((block) => block !== '').join('\n\n')}\n`;
}

interface Gating {
  violations: Finding[];
  missing: Finding[];
  warnings: Finding[];
}

/** The first line: FAIL exactly when the exit code is 1, counted in packages (one package, several findings, is one). */
function verdictLine(result: ScanResult, gating: Gating, failOn: 'error' | 'warning' | 'never'): string {
  const scope = result.diff && result.diff.gate === 'new' ? 'new ' : '';
  const parts: string[] = [];
  const violating = packagesOf(gating.violations).size;
  const missing = packagesOf(gating.missing).size;
  const warned = packagesOf(gating.warnings).size;
  if (violating > 0) parts.push(`${formatCount(violating)} ${plural(violating, 'package')} with ${scope}license violations`);
  if (missing > 0) parts.push(`${formatCount(missing)} ${scope}${plural(missing, 'package')} without license data`);
  if (warned > 0) parts.push(`${formatCount(warned)} with ${scope}warnings`);
  const failing = failOn !== 'never' && (violating + missing > 0 || (failOn === 'warning' && warned > 0));
  if (parts.length === 0) return `### ✅ licit: no ${scope}license problems`;
  return `### ${failing ? '❌' : '⚠️'} licit: ${parts.join(', ')}`;
}

function subtitle(result: ScanResult): string {
  const source = result.mode === 'actual' ? 'node_modules' : 'lockfile';
  const packages = `${formatCount(result.summary.packages)} ${plural(result.summary.packages, 'package')}`;
  if (!result.diff) return `${code(rootTitle(result))}: ${packages} scanned (${source}).`;
  const { base, added, removed, changed, review } = result.diff;
  const ref = shortRef(base.ref);
  const mergeBase = base.commit.slice(0, 12);
  const where = ref === mergeBase ? code(ref) : `${code(ref)} (merge-base ${code(mergeBase)})`;
  const against = base.lockfile ? `Compared with ${where}` : `${where} has no lockfile for this project: everything is new`;
  const reviewed = review.length > 0 ? `, ${formatCount(review.length)} to review` : '';
  const change = `**${formatCount(added.length)} added**, ${formatCount(removed.length)} removed, ${formatCount(changed.length)} license ${plural(changed.length, 'change')}${reviewed}`;
  return `${against}: ${change}. ${code(rootTitle(result))} now has ${packages} (${source}).`;
}

/** A full commit id as its first 12 characters; a branch or tag as given. */
function shortRef(ref: string): string {
  return /^[0-9a-f]{40,64}$/.test(ref) ? ref.slice(0, 12) : ref;
}

function rootTitle(result: ScanResult): string {
  return `${result.root.name}${result.root.version ? `@${result.root.version}` : ''}`;
}

function categoryTable(result: ScanResult): string {
  const added = new Map<Category, number>();
  for (const entry of result.diff?.added ?? []) added.set(entry.category, (added.get(entry.category) ?? 0) + 1);
  const rows = CATEGORIES.filter((category) => (result.summary.byCategory[category] ?? 0) > 0 || added.has(category)).map((category) => {
    const total = formatCount(result.summary.byCategory[category] ?? 0);
    return result.diff ? [category, total, added.has(category) ? `+${formatCount(added.get(category)!)}` : ''] : [category, total];
  });
  if (rows.length === 0) return '';
  return table(result.diff ? ['category', 'packages', 'added'] : ['category', 'packages'], rows);
}

function findingSection(title: string, findings: Finding[], components: ReadonlyMap<string, Component>, limit: number, collapsed: boolean): string {
  // One group per rule and fix: a library copyleft is not fixed as a strong copyleft is.
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.rule}\u0000${finding.howToFix}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const parts: string[] = [];
  let budget = limit;
  for (const [, group] of [...groups].sort(([a], [b]) => compareText(a, b))) {
    const shown = group.slice(0, Math.max(0, budget));
    budget -= shown.length;
    const count = packagesOf(group).size;
    const lines = [`**${group[0]!.rule}** (${formatCount(count)} ${plural(count, 'package')}) — what to do: ${escapeText(group[0]!.howToFix)}`, ''];
    lines.push(...shown.map((finding) => findingItem(finding, components)));
    if (shown.length < group.length) lines.push(`- … and ${formatCount(group.length - shown.length)} more`);
    parts.push(lines.join('\n'));
  }
  const body = parts.join('\n\n');
  return collapsed || findings.length > OPEN_ROWS ? details(title, body) : `#### ${title}\n\n${body}`;
}

/** Waived findings, collapsed: each with the exception's reason, comment and expiry, for the audit trail. */
function suppressedSection(suppressed: Finding[], components: ReadonlyMap<string, Component>, limit: number): string {
  const shown = suppressed.slice(0, limit);
  const items = shown.map((finding) => {
    const waiver = finding.suppression!;
    const until = waiver.expires ? `, until ${escapeText(waiver.expires)}` : '';
    return `${findingItem(finding, components)}<br>waived by exceptions[${waiver.exception}] (${code(waiver.package)}): ${escapeText(waiver.reason)}${until} — ${escapeText(waiver.comment)}`;
  });
  const title = `Waived by policy exceptions (${formatCount(suppressed.length)}, not counted)`;
  return details(title, items.join('\n') + moreLine(suppressed.length - shown.length));
}

/** Packages whose license the data licit read does not record: missing metadata, not a wrong license. */
function missingSection(findings: Finding[], result: ScanResult, components: ReadonlyMap<string, Component>, limit: number): string {
  const count = packagesOf(findings).size;
  const title = `License data missing (${formatCount(count)} ${plural(count, 'package')})`;
  const previous = new Map((result.diff?.review ?? []).map(({ from, to }) => [to.ref, from]));
  const shown = findings.slice(0, limit);
  const items = shown.map((finding) => {
    const before = finding.package ? previous.get(finding.package) : undefined;
    const was = before ? ` (upgraded from ${code(before.version ?? '?')}${before.license ? `, ${code(before.license)} there` : ''})` : '';
    return `- ${finding.package ? code(finding.package) : 'the project'}${was} · ${scopeOf(finding, components)}: ${messageText(finding)}`;
  });
  const intro = `Nothing licit read says which license these packages are under; the gate counts them until something does. ${escapeText(findings[0]!.howToFix)}`;
  const body = [intro, '', ...items].join('\n') + moreLine(findings.length - shown.length);
  return findings.length > OPEN_ROWS ? details(title, body) : `#### ${title}\n\n${body}`;
}

function findingItem(finding: Finding, components: ReadonlyMap<string, Component>): string {
  const license = finding.license ? ` · ${code(finding.license)}` : '';
  const scope = finding.package ? ` · ${scopeOf(finding, components)}` : '';
  const subject = finding.package ? `${code(finding.package)}${license}${scope}: ` : '';
  const chain = finding.via.length > 1 ? `<br>via ${finding.via.map(code).join(' › ')}` : '';
  return `- ${subject}${messageText(finding)}${chain}`;
}

/** `dev` for a package installed for development alone (not shipped), else `prod`. */
function scopeOf(finding: Finding, components: ReadonlyMap<string, Component>): string {
  const scopes = finding.package ? (components.get(finding.package)?.scopes ?? []) : [];
  const devOnly = scopes.includes('dev') && scopes.every((scope) => scope === 'dev' || scope === 'optional');
  return devOnly ? 'dev' : 'prod';
}

function componentIndex(components: readonly Component[]): Map<string, Component> {
  const index = new Map<string, Component>();
  for (const component of components) if (!index.has(component.ref) || component.kind === 'npm') index.set(component.ref, component);
  return index;
}

function packagesOf(findings: readonly Finding[]): Set<string> {
  return new Set(findings.map((finding) => finding.package ?? ''));
}

function packageCount(findings: readonly Finding[]): string {
  const count = packagesOf(findings).size;
  return `${formatCount(count)} ${plural(count, 'package')}`;
}

/** The finding's sentence, with package names set as code (no accidental @mentions or markup). */
function messageText(finding: Finding): string {
  let message = findingMessage(finding);
  if (finding.package && message.startsWith(`${finding.package}: `)) message = message.slice(finding.package.length + 2);
  return message
    .split(/(\s+)/)
    .map((token) => {
      const match = /^(.*?@.*?)([,.;:)]*)$/.exec(token);
      return match && /^[\w@(]/.test(token) ? `${code(match[1]!)}${escapeText(match[2]!)}` : escapeText(token);
    })
    .join('');
}

/** Riskiest first: by category from most to least restrictive, then name. */
function byRisk(a: DiffPackage, b: DiffPackage): number {
  return CATEGORIES.indexOf(b.category) - CATEGORIES.indexOf(a.category) || compareText(a.name, b.name) || compareText(a.version ?? '', b.version ?? '');
}

function packageSection(title: string, packages: DiffPackage[], limit: number): string {
  if (packages.length === 0) return `#### ${title}\n\nNone.`;
  const sorted = [...packages].sort(byRisk);
  const shown = sorted.slice(0, limit);
  const rows = shown.map((entry) => [
    code(entry.name),
    entry.version === null ? '' : code(entry.version),
    licenseCell(entry.license),
    entry.category,
    entry.scopes.join(', ') + (entry.direct ? ' (direct)' : ''),
  ]);
  const body = table(['package', 'version', 'license', 'category', 'scope'], rows) + moreLine(sorted.length - shown.length);
  return packages.length > OPEN_ROWS ? details(title, body) : `#### ${title}\n\n${body}`;
}

function changedSection(title: string, changed: NonNullable<ScanResult['diff']>['changed'], limit: number): string {
  const shown = changed.slice(0, limit);
  const rows = shown.map(({ from, to }) => [
    code(to.name),
    `${code(from.version ?? '?')} → ${code(to.version ?? '?')}`,
    `${licenseCell(from.license)} → ${licenseCell(to.license)}`,
    `${from.category} → ${to.category}`,
  ]);
  const body = table(['package', 'version', 'license', 'category'], rows) + moreLine(changed.length - shown.length);
  return changed.length > OPEN_ROWS ? details(title, body) : `#### ${title}\n\n${body}`;
}

/** A license as a cell: missing data is said to be missing, not shown as "none". */
function licenseCell(license: string | null): string {
  return license === null ? 'not recorded' : code(license);
}

function removedSection(removed: DiffPackage[], limit: number): string {
  const title = `Removed packages (${formatCount(removed.length)})`;
  const shown = removed.slice(0, limit);
  const body = shown.map((entry) => `${code(entry.ref)}`).join(', ') + moreLine(removed.length - shown.length);
  return details(title, body);
}

/** The base's findings the change takes away: credit where it is due. */
function fixedSection(fixed: NonNullable<ScanResult['diff']>['fixed'], limit: number): string {
  const errors = fixed.filter((finding) => finding.severity === 'error');
  const count = new Set(fixed.map((finding) => finding.package ?? '')).size;
  const title = `Fixed by this change (${formatCount(count)} ${plural(count, 'package')}${errors.length > 0 ? `, ${formatCount(errors.length)} ${plural(errors.length, 'violation')}` : ''})`;
  const shown = fixed.slice(0, limit);
  const items = shown.map((finding) => `- ${finding.package ? code(finding.package) : 'the project'}: ${escapeText(finding.rule)}${finding.license ? ` (${code(finding.license)})` : ''}`);
  const body = items.join('\n') + moreLine(fixed.length - shown.length);
  return fixed.length > OPEN_ROWS ? details(title, body) : `#### ${title}\n\n${body}`;
}

/** One line per license: what it obliges, and for which packages. */
function obligationSection(title: string, obligations: Obligation[], limit: number): string {
  if (obligations.length === 0) return `#### ${title}\n\nNone.`;
  const byLicense = new Map<string, { obligations: string[]; packages: Set<string> }>();
  for (const obligation of obligations) {
    const entry = byLicense.get(obligation.license) ?? { obligations: [], packages: new Set<string>() };
    entry.obligations.push(obligation.obligation);
    for (const ref of obligation.packages) entry.packages.add(ref);
    byLicense.set(obligation.license, entry);
  }
  const licenses = [...byLicense].sort(([a], [b]) => compareText(a, b));
  const shown = licenses.slice(0, limit);
  const items = shown.map(([license, entry]) => {
    const packages = [...entry.packages].sort(compareText);
    const names = packages.slice(0, 5).map(code).join(', ');
    const more = packages.length > 5 ? ` and ${formatCount(packages.length - 5)} more` : '';
    const duties = [...new Set(entry.obligations)].sort(compareText).map((duty) => escapeText(duty.replace(/-/g, ' '))).join(', ');
    return `- ${code(license)}: ${duties} — ${names}${more}`;
  });
  const body = items.join('\n') + moreLine(licenses.length - shown.length);
  return licenses.length > OPEN_ROWS ? details(title, body) : `#### ${title}\n\n${body}`;
}

function footer(result: ScanResult): string {
  return `<sub>licit ${escapeText(result.tool.version)} · SPDX license list ${escapeText(result.tool.spdxLicenseListVersion)}</sub>`;
}

function details(summary: string, body: string): string {
  return `<details><summary><b>${summary}</b></summary>\n\n${body}\n\n</details>`;
}

function moreLine(hidden: number): string {
  return hidden > 0 ? `\n\n… and ${formatCount(hidden)} more (the JSON report has them all).` : '';
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- |').join('')}`, ...rows.map(line)].join('\n');
}

/** An inline code span that survives any content (backticks, pipes in tables are escaped by `table`). */
const code = markdownCode;
/** Plain text with Markdown and HTML neutralised. */
const escapeText = markdownText;

function hardTruncate(text: string, maxLength: number): string {
  const note = '\n\n… (truncated: the full report is in the JSON output)\n';
  const room = maxLength - note.length - 200; // the closing tags below
  const cut = text.lastIndexOf('\n', room);
  const kept = text.slice(0, cut > 0 ? cut : room);
  const open = (kept.match(/<details>/g) ?? []).length - (kept.match(/<\/details>/g) ?? []).length;
  return `${kept}${note}${'</details>\n'.repeat(Math.max(0, open))}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

/** 1234567 -> "1,234,567", independent of the locale. */
function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

