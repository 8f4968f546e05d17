// inventory.csv: one row per component, RFC 4180 (CRLF, quoted where needed), for spreadsheets and the
// tools of an acquirer's counsel. Pure.
import type { Component, ScanResult } from '../model/index.js';

const COLUMNS = ['kind', 'name', 'version', 'license', 'declared', 'category', 'source', 'scopes', 'paths', 'copyrights', 'findings', 'purl'] as const;

export function toInventoryCsv(result: ScanResult): string {
  const findings = new Map<string, number>();
  for (const finding of result.findings) if (finding.package) findings.set(finding.package, (findings.get(finding.package) ?? 0) + 1);
  const rows = result.components.map((component) => row(component, findings.get(component.ref) ?? 0));
  return [COLUMNS.join(','), ...rows.map((cells) => cells.map(cell).join(','))].join('\r\n') + '\r\n';
}

function row(component: Component, findings: number): string[] {
  return [
    component.kind,
    component.name,
    component.version ?? '',
    component.license.chosen ?? component.license.expression ?? '',
    component.license.declared ?? '',
    component.category,
    component.license.source,
    component.scopes.join(' '),
    component.paths.join(' '),
    (component.copyrights ?? []).join('; '),
    String(findings),
    component.purl,
  ];
}

/**
 * A field quoted when it holds a comma, quote or line break; a leading =, +, - or @ (a formula to a
 * spreadsheet) is made inert with an apostrophe, as OWASP's CSV-injection advice says.
 */
function cell(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}
