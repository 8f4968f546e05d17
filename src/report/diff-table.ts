// The terminal report of `licit scan --base`: only what the change does (added, removed, relicensed, to review,
// new findings, fixed findings), and one verdict, counted as the exit code counts.
import { escapeControls } from './escape.js';
import type { DiffPackage, Finding, ScanResult } from '../model/index.js';
import { findingMessage } from './messages.js';

export type FailOn = 'error' | 'warning' | 'never';

export function toDiffTable(result: ScanResult, failOn: FailOn): string {
  const diff = result.diff!;
  const title = `${result.root.name}${result.root.version ? `@${result.root.version}` : ''}`;
  const source = result.mode === 'actual' ? 'node_modules' : 'lockfile';
  const against = diff.base.lockfile ? `${diff.base.ref} (merge-base ${diff.base.commit.slice(0, 12)})` : `${diff.base.ref}, which has no lockfile here: everything is new`;
  const lines: string[] = [`licit ${result.tool.version} — ${title} (${source}) against ${against}`, ''];
  const list = (heading: string, rows: string[]): void => {
    if (rows.length === 0) return;
    lines.push(`${heading} (${rows.length})`, ...rows.map((row) => `  ${row}`), '');
  };
  list('added', diff.added.map((entry) => `${ref(entry)}  ${entry.license ?? 'license not recorded'}  ${entry.category}  ${entry.scopes.join(',')}`));
  list('removed', diff.removed.map(ref));
  list('license changed', diff.changed.map(({ from, to }) => `${to.name} ${from.version ?? '?'} → ${to.version ?? '?'}  ${from.license ?? '?'} → ${to.license ?? '?'}`));
  list('to review: license not known on one side', diff.review.map(({ from, to }) => `${to.name} ${from.version ?? '?'} → ${to.version ?? '?'}  ${from.license ?? 'not recorded'} → ${to.license ?? 'not recorded'}`));
  const counted = diff.gate === 'new' ? result.findings.filter((finding) => finding.new) : result.findings;
  const scope = diff.gate === 'new' ? 'new ' : '';
  list(`${scope}findings`, counted.map(findingRow));
  list('fixed by the change', diff.fixed.map((finding) => `${finding.severity.padEnd(7)} ${finding.rule.padEnd(26)} ${finding.package ?? 'the project'}`));
  const old = result.findings.length - counted.length;
  if (old > 0) lines.push(`${old} ${old === 1 ? 'finding' : 'findings'} already on the base, not counted (--all counts them)`, '');
  lines.push(verdict(counted, failOn, scope));
  // Names, licenses and messages come from lockfiles and package.json files: no ESC, CR or LF of theirs reaches the terminal.
  return `${lines.map(escapeControls).join('\n')}\n`;
}

const ref = (entry: DiffPackage): string => `${entry.name}@${entry.version ?? '?'}`;

function findingRow(finding: Finding): string {
  return `${finding.severity.padEnd(7)} ${finding.rule.padEnd(26)} ${findingMessage(finding)}`;
}

/** FAIL exactly when the exit code is 1. */
function verdict(counted: readonly Finding[], failOn: FailOn, scope: string): string {
  const errors = counted.filter((finding) => finding.severity === 'error').length;
  const warnings = counted.length - errors;
  const failing = failOn !== 'never' && (errors > 0 || (failOn === 'warning' && warnings > 0));
  const word = failing ? 'FAIL' : warnings > 0 ? 'PASS with warnings' : 'PASS';
  return `${word}: ${errors} ${scope}${errors === 1 ? 'error' : 'errors'}, ${warnings} ${scope}${warnings === 1 ? 'warning' : 'warnings'}`;
}
