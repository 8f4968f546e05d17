import type { Component, Finding, ScanResult } from '../model/index.js';
import { findingMessage } from './messages.js';

/** JSON report, schema version 1 (schema/report-v1.schema.json): the contract other tools read. */
export function toJsonReport(result: ScanResult): string {
  const report = {
    schemaVersion: result.schemaVersion,
    tool: result.tool,
    mode: result.mode,
    root: result.root,
    packages: result.components.map(packageEntry),
    findings: result.findings.map(findingEntry),
    suppressed: (result.suppressed ?? []).map(findingEntry),
    obligations: result.obligations,
    summary: result.summary,
    ...(result.diff ? { diff: result.diff } : {}),
    ...(result.audit ? { audit: result.audit } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function packageEntry(component: Component): Record<string, unknown> {
  return {
    kind: component.kind,
    name: component.name,
    version: component.version,
    purl: component.purl,
    scopes: component.scopes,
    direct: component.direct,
    paths: component.paths,
    via: component.via,
    ...(component.parent !== undefined ? { parent: component.parent } : {}),
    license: component.license,
    category: component.category,
    ...(component.origin ? { origin: component.origin } : {}),
    ...(component.resolved ? { resolved: component.resolved } : {}),
    ...(component.integrity ? { integrity: component.integrity } : {}),
    ...(component.bundled ? { bundled: true } : {}),
    ...(component.extraneous ? { extraneous: true } : {}),
    ...(component.linked ? { linked: true } : {}),
    ...(component.evidence ? { evidence: component.evidence } : {}),
    ...(component.platform ? { platform: component.platform } : {}),
    ...(component.copyrights && component.copyrights.length > 0 ? { copyrights: component.copyrights } : {}),
    ...(component.authors && component.authors.length > 0 ? { authors: component.authors } : {}),
    ...(component.headers ? { headers: component.headers } : {}),
    dependencies: component.dependsOn,
  };
}

function findingEntry(finding: Finding): Record<string, unknown> {
  return {
    rule: finding.rule,
    severity: finding.severity,
    code: finding.code,
    package: finding.package,
    license: finding.license,
    via: finding.via,
    ...(finding.path !== undefined ? { path: finding.path } : {}),
    message: findingMessage(finding),
    howToFix: finding.howToFix,
    args: finding.args,
    ...(finding.new !== undefined ? { new: finding.new } : {}),
    ...(finding.suppression ? { suppression: finding.suppression } : {}),
  };
}
