// Markdown for a pull-request comment: a verdict a reviewer reads in seconds, then the detail. With a `diff`
// (--base) it speaks of what the change brings; without, of the whole scan. It stays under GitHub's comment
// limit however large the tree: lists shrink, with a count of what was left out, until the text fits.
import { CATEGORIES, diffPackage, type Category, type DiffPackage, type Finding, type Obligation, type ScanResult } from '../model/index.js';
import { markdownCode, markdownText } from './escape.js';
import { findingMessage } from './messages.js';

/** GitHub refuses comments longer than 65,536 characters; leave room for a marker the CI adds. */
export const MARKDOWN_MAX_LENGTH = 65_000;

/** Rows of a list shown before the rest goes into a collapsed `<details>`. */
const OPEN_ROWS = 10;

/** Row limits tried in turn until the comment fits. */
const ROW_LIMITS = [Infinity, 1000, 500, 200, 100, 50, 20, 10, 5];

export interface MarkdownOptions {
  maxLength?: number;
}

export function toMarkdown(result: ScanResult, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? MARKDOWN_MAX_LENGTH;
  for (const limit of ROW_LIMITS) {
    const text = render(result, limit);
    if (text.length <= maxLength) return text;
  }
  return hardTruncate(render(result, ROW_LIMITS.at(-1)!), maxLength);
}

function render(result: ScanResult, limit: number): string {
  const diff = result.diff;
  const gating = diff && diff.gate === 'new' ? result.findings.filter((finding) => finding.new) : result.findings;
  const errors = gating.filter((finding) => finding.severity === 'error');
  const warnings = gating.filter((finding) => finding.severity === 'warning');
  const blocks: string[] = [verdictLine(result, errors.length, warnings.length), subtitle(result)];

  blocks.push(categoryTable(result));
  if (errors.length > 0) blocks.push(findingSection(`Violations (${formatCount(errors.length)})`, errors, limit, false));
  if (warnings.length > 0) blocks.push(findingSection(`Warnings (${formatCount(warnings.length)})`, warnings, limit, true));
  const infos = gating.filter((finding) => finding.severity === 'info');
  if (infos.length > 0) blocks.push(findingSection(`Notes, no action needed (${formatCount(infos.length)})`, infos, limit, true));
  const suppressed = result.suppressed ?? [];
  if (suppressed.length > 0) blocks.push(suppressedSection(suppressed, limit));
  if (diff) {
    blocks.push(packageSection(`New packages (${formatCount(diff.added.length)})`, diff.added, limit));
    if (diff.changed.length > 0) blocks.push(changedSection(diff.changed, limit));
    if (diff.removed.length > 0) blocks.push(removedSection(diff.removed, limit));
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

function verdictLine(result: ScanResult, errors: number, warnings: number): string {
  const scope = result.diff && result.diff.gate === 'new' ? 'new ' : '';
  if (errors > 0) {
    const extra = warnings > 0 ? `, ${formatCount(warnings)} ${scope}${plural(warnings, 'warning')}` : '';
    return `### ❌ licit: ${formatCount(errors)} ${scope}license ${plural(errors, 'violation')}${extra}`;
  }
  if (warnings > 0) return `### ⚠️ licit: no ${scope}license violations, ${formatCount(warnings)} ${scope}${plural(warnings, 'warning')}`;
  return `### ✅ licit: no ${scope}license problems`;
}

function subtitle(result: ScanResult): string {
  const source = result.mode === 'actual' ? 'node_modules' : 'lockfile';
  const packages = `${formatCount(result.summary.packages)} ${plural(result.summary.packages, 'package')}`;
  if (!result.diff) return `${code(rootTitle(result))}: ${packages} scanned (${source}).`;
  const { base, added, removed, changed } = result.diff;
  const against = base.lockfile
    ? `Compared with ${code(base.ref)} (merge-base ${code(base.commit.slice(0, 12))})`
    : `${code(base.ref)} (merge-base ${code(base.commit.slice(0, 12))}) has no lockfile for this project: everything is new`;
  const change = `**${formatCount(added.length)} added**, ${formatCount(removed.length)} removed, ${formatCount(changed.length)} license ${plural(changed.length, 'change')}`;
  return `${against}: ${change}. ${code(rootTitle(result))} now has ${packages} (${source}).`;
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

function findingSection(title: string, findings: Finding[], limit: number, collapsed: boolean): string {
  const byRule = new Map<string, Finding[]>();
  for (const finding of findings) byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), finding]);
  const parts: string[] = [];
  let budget = limit;
  for (const [rule, group] of [...byRule].sort(([a], [b]) => compareText(a, b))) {
    const shown = group.slice(0, Math.max(0, budget));
    budget -= shown.length;
    const lines = [`**${rule}** (${formatCount(group.length)}) — what to do: ${escapeText(group[0]!.howToFix)}`, ''];
    lines.push(...shown.map(findingItem));
    if (shown.length < group.length) lines.push(`- … and ${formatCount(group.length - shown.length)} more`);
    parts.push(lines.join('\n'));
  }
  const body = parts.join('\n\n');
  return collapsed || findings.length > OPEN_ROWS ? details(title, body) : `#### ${title}\n\n${body}`;
}

/** Waived findings, collapsed: each with the exception's reason, comment and expiry, for the audit trail. */
function suppressedSection(suppressed: Finding[], limit: number): string {
  const shown = suppressed.slice(0, limit);
  const items = shown.map((finding) => {
    const waiver = finding.suppression!;
    const until = waiver.expires ? `, until ${escapeText(waiver.expires)}` : '';
    return `${findingItem(finding)}<br>waived by exceptions[${waiver.exception}] (${code(waiver.package)}): ${escapeText(waiver.reason)}${until} — ${escapeText(waiver.comment)}`;
  });
  const title = `Waived by policy exceptions (${formatCount(suppressed.length)}, not counted)`;
  return details(title, items.join('\n') + moreLine(suppressed.length - shown.length));
}

function findingItem(finding: Finding): string {
  const license = finding.license ? ` · ${code(finding.license)}` : '';
  const subject = finding.package ? `${code(finding.package)}${license}: ` : '';
  const chain = finding.via.length > 1 ? `<br>via ${finding.via.map(code).join(' › ')}` : '';
  return `- ${subject}${messageText(finding)}${chain}`;
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
    entry.license === null ? '(none)' : code(entry.license),
    entry.category,
    entry.scopes.join(', ') + (entry.direct ? ' (direct)' : ''),
  ]);
  const body = table(['package', 'version', 'license', 'category', 'scope'], rows) + moreLine(sorted.length - shown.length);
  return packages.length > OPEN_ROWS ? details(title, body) : `#### ${title}\n\n${body}`;
}

function changedSection(changed: NonNullable<ScanResult['diff']>['changed'], limit: number): string {
  const title = `License changes (${formatCount(changed.length)})`;
  const shown = changed.slice(0, limit);
  const rows = shown.map(({ from, to }) => [
    code(to.name),
    `${code(from.version ?? '?')} → ${code(to.version ?? '?')}`,
    `${from.license === null ? '(none)' : code(from.license)} → ${to.license === null ? '(none)' : code(to.license)}`,
    `${from.category} → ${to.category}`,
  ]);
  const body = table(['package', 'version', 'license', 'category'], rows) + moreLine(changed.length - shown.length);
  return changed.length > OPEN_ROWS ? details(title, body) : `#### ${title}\n\n${body}`;
}

function removedSection(removed: DiffPackage[], limit: number): string {
  const title = `Removed packages (${formatCount(removed.length)})`;
  const shown = removed.slice(0, limit);
  const body = shown.map((entry) => `${code(entry.ref)}`).join(', ') + moreLine(removed.length - shown.length);
  return details(title, body);
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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
