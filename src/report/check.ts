// `licit check` output: the verdict first, then what the packages bring. Prose is made here, at the edge.
import type { CheckReport, Component, Finding } from '../model/index.js';
import { escapeControls, markdownCode, markdownText } from './escape.js';
import { findingMessage } from './messages.js';

export const CHECK_FORMATS = ['table', 'json', 'markdown'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export function renderCheck(format: CheckFormat, report: CheckReport): string {
  return RENDERERS[format](report);
}

const RENDERERS = {
  table: (report) => toText(report),
  json: (report) => `${JSON.stringify(toJson(report), null, 2)}\n`,
  markdown: (report) => toMarkdown(report),
} satisfies Record<CheckFormat, (report: CheckReport) => string>;

/** The one-line verdict: `OK to add` or `blocked: <license> via <chain>`. */
export function verdictLine(report: CheckReport): string {
  const { verdict } = report.diff;
  if (verdict.status === 'ok') return 'OK to add';
  const first = verdict.reasons[0]!;
  const chain = first.via.length > 1 ? ` via ${first.via.slice(1).join(' > ')}` : '';
  return `blocked: ${first.license ?? first.package ?? first.rule}${chain}`;
}

/** Why the verdict is what it is, in a sentence or two. */
function verdictWhy(report: CheckReport, findingsAre: 'above' | 'below'): string[] {
  const { verdict, newLicenses } = report.diff;
  const policy = policyName(report);
  if (verdict.status === 'blocked') {
    const more = verdict.reasons.length > 1 ? [`${verdict.reasons.length - 1} more new error${verdict.reasons.length > 2 ? 's' : ''} ${findingsAre}, under new findings`] : [];
    return [findingMessage(verdict.reasons[0]!), `fix: ${verdict.reasons[0]!.howToFix}`, ...more];
  }
  const licenses = newLicenses.map((entry) => `${entry.license} (${entry.category})`).join(', ');
  return [
    `no new error under ${policy}${licenses ? `; new licenses ${licenses} are allowed there` : '; no new license'}`,
    report.policyDescription,
  ];
}

function policyName(report: CheckReport): string {
  const from = report.policy.source ? `, from ${report.policy.source}` : ', the default';
  return `the ${report.policy.preset} policy (distribution: ${report.policy.distribution}${from})`;
}

function subject(report: CheckReport): string {
  const added = report.additions.map((addition) => addition.ref).join(', ') || report.specs.join(', ');
  return report.project ? `${added} into ${report.project.name}` : added;
}

function toText(report: CheckReport): string {
  const { diff } = report;
  const lines: string[] = [`licit check ${subject(report)} — ${policyName(report)}`, ''];
  const rows = report.components.map((component) => [
    `  ${component.ref}`,
    licenseCell(component),
    component.category,
    component.via.length > 2 ? `via ${component.via.slice(1, -1).join(' > ')}` : component.direct ? 'direct' : '',
  ]);
  lines.push(`new packages (${diff.added.length})${diff.reused.length > 0 ? `, and ${diff.reused.length} the project already has` : ''}`);
  lines.push(...alignColumns(rows), '');
  if (diff.nowShipped.length > 0) lines.push(`now shipped (dev-only in the project until now): ${diff.nowShipped.map((entry) => entry.ref).join(', ')}`, '');
  lines.push(`new licenses: ${diff.newLicenses.map((entry) => `${entry.license} (${entry.category})`).join(', ') || 'none'}`);
  if (diff.obligationsAdded.length > 0) {
    lines.push('new obligations:');
    for (const group of obligationsByLicense(report)) lines.push(`  ${group.license}: ${group.obligations.join(', ')} — ${group.packages.join(', ')}`);
  } else {
    lines.push('new obligations: none');
  }
  lines.push('');
  // Info findings need no action: counted, not listed (the JSON output has them).
  const actionable = diff.findingsAdded.filter((finding) => finding.severity !== 'info');
  const infos = diff.findingsAdded.length - actionable.length;
  if (actionable.length > 0) {
    lines.push(`new findings (${actionable.length})`);
    for (const finding of actionable) {
      lines.push(`  ${finding.severity.padEnd(7)} ${finding.rule.padEnd(26)} ${findingMessage(finding)}`);
      if (finding.via.length > 2) lines.push(`  ${' '.repeat(35)}via ${finding.via.join(' > ')}`);
    }
    lines.push('');
  }
  if (infos > 0) lines.push(`${infos} info ${infos === 1 ? 'finding' : 'findings'} (no action needed) not listed`, '');
  for (const entry of report.deprecated) lines.push(`deprecated: ${entry.ref}: ${entry.message}`);
  for (const note of report.notes) lines.push(`note: ${note}`);
  if (report.deprecated.length + report.notes.length > 0) lines.push('');
  lines.push(verdictLine(report), ...verdictWhy(report, 'above').map((line) => `  ${line}`));
  // Names, licenses and messages come from registries: no ESC, CR or LF of theirs reaches the terminal.
  return `${lines.map(escapeControls).join('\n')}\n`;
}

function toMarkdown(report: CheckReport): string {
  const { diff } = report;
  const icon = diff.verdict.status === 'ok' ? '✅' : '❌';
  const lines = [`### ${icon} licit check: ${escape(verdictLine(report))}`, '', `${escape(subject(report))} — ${escape(policyName(report))}`, ''];
  lines.push(...verdictWhy(report, 'below').map((line) => `> ${escape(line)}`), '');
  lines.push(`**New packages (${diff.added.length})**${diff.reused.length > 0 ? ` — ${diff.reused.length} more the project already has` : ''}`, '');
  lines.push('| package | license | category | via |', '| --- | --- | --- | --- |');
  for (const component of report.components) {
    lines.push(`| ${markdownCode(component.ref)} | ${escape(licenseCell(component))} | ${component.category} | ${escape(component.via.slice(1).join(' › '))} |`);
  }
  lines.push('', `**New licenses:** ${diff.newLicenses.map((entry) => `${escape(entry.license)} (${entry.category})`).join(', ') || 'none'}`, '');
  if (diff.obligationsAdded.length > 0) {
    lines.push('**New obligations**', '');
    for (const group of obligationsByLicense(report)) {
      lines.push(`- ${escape(group.license)}: ${group.obligations.map(escape).join(', ')} — ${group.packages.map(markdownCode).join(', ')}`);
    }
    lines.push('');
  }
  if (diff.findingsAdded.length > 0) {
    lines.push(`**New findings (${diff.findingsAdded.length})**`, '');
    for (const finding of diff.findingsAdded) lines.push(`- **${finding.severity}** ${markdownCode(finding.rule)} ${escape(findingMessage(finding))}${finding.via.length > 2 ? ` (via ${escape(finding.via.join(' › '))})` : ''}`);
    lines.push('');
  }
  for (const entry of report.deprecated) lines.push(`- deprecated: ${markdownCode(entry.ref)}: ${escape(entry.message)}`);
  for (const note of report.notes) lines.push(`- note: ${escape(note)}`);
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function toJson(report: CheckReport): unknown {
  const finding = (entry: Finding) => ({
    rule: entry.rule,
    severity: entry.severity,
    code: entry.code,
    package: entry.package,
    license: entry.license,
    via: entry.via,
    message: findingMessage(entry),
    howToFix: entry.howToFix,
  });
  const { diff } = report;
  return {
    schemaVersion: 1,
    command: 'check',
    tool: report.tool,
    specs: report.specs,
    project: report.project,
    policy: report.policy,
    verdict: {
      status: diff.verdict.status,
      summary: verdictLine(report),
      reasons: diff.verdict.status === 'blocked' ? diff.verdict.reasons.map(finding) : [],
    },
    additions: report.additions,
    packages: report.components.map((component) => ({
      name: component.name,
      version: component.version,
      purl: component.purl,
      direct: component.direct,
      via: component.via,
      license: component.license,
      category: component.category,
      dependencies: component.dependsOn,
    })),
    reused: diff.reused,
    nowShipped: diff.nowShipped.map((entry) => entry.ref),
    newLicenses: diff.newLicenses,
    obligationsAdded: diff.obligationsAdded,
    findings: diff.findingsAdded.map(finding),
    deprecated: report.deprecated,
    notes: report.notes,
  };
}

/** One line per license: its new obligations and the packages that bring them. */
function obligationsByLicense(report: CheckReport): { license: string; obligations: string[]; packages: string[] }[] {
  const groups = new Map<string, { license: string; obligations: string[]; packages: Set<string> }>();
  for (const obligation of report.diff.obligationsAdded) {
    const group = groups.get(obligation.license) ?? { license: obligation.license, obligations: [], packages: new Set<string>() };
    group.obligations.push(obligation.obligation);
    for (const ref of obligation.packages) group.packages.add(ref);
    groups.set(obligation.license, group);
  }
  return [...groups.values()].map((group) => ({ ...group, packages: [...group.packages].sort() }));
}

function licenseCell(component: Component): string {
  const expression = component.license.expression ?? '(none)';
  return component.license.chosen && component.license.chosen !== expression ? `${expression} → ${component.license.chosen}` : expression;
}

function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]!.length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd());
}

/** Markdown text, with a table's pipes escaped too. */
const escape = markdownText;
