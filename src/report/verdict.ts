// The one-line verdict of a scan (stderr, after the outputs), in colour when the caller's painter has it.
import type { ScanResult } from '../model/index.js';

const STYLES = { red: [31, 39], green: [32, 39], yellow: [33, 39], bold: [1, 22], dim: [2, 22] } as const;
export type Style = keyof typeof STYLES;

export type Painter = (style: Style, text: string) => string;

export function painter(enabled: boolean): Painter {
  return (style, text) => (enabled ? `\u001b[${STYLES[style][0]}m${text}\u001b[${STYLES[style][1]}m` : text);
}

/** One line: PASS / FAIL, what counted, and the change when compared with a base. */
export function verdictLine(result: ScanResult, failOn: 'error' | 'warning' | 'never', paint: Painter): string {
  const diff = result.diff;
  const counted = diff && diff.gate === 'new' ? result.findings.filter((finding) => finding.new) : result.findings;
  const errors = counted.filter((finding) => finding.severity === 'error').length;
  const warnings = counted.filter((finding) => finding.severity === 'warning').length;
  const failing = failOn !== 'never' && (errors > 0 || (failOn === 'warning' && warnings > 0));
  const scope = diff && diff.gate === 'new' ? 'new ' : '';
  const counts = `${errors} ${scope}${errors === 1 ? 'error' : 'errors'}, ${warnings} ${scope}${warnings === 1 ? 'warning' : 'warnings'}`;
  const change = diff ? ` · ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} relicensed since ${diff.base.ref}` : '';
  const word = failing ? paint('red', paint('bold', 'FAIL')) : warnings > 0 ? paint('yellow', 'PASS') : paint('green', 'PASS');
  return `licit: ${word} — ${counts} · ${result.summary.packages} packages${change}`;
}
