// The deliverables of `licit audit`, rendered from one result: the JSON report, both SBOMs, the
// third-party notices (license texts read from the tree), the inventory CSV and the HTML report.
import { join } from 'node:path';
import type { Component, ScanResult } from '../model/index.js';
import { renderReport, sbomTimestamp } from './render.js';
import { isDevOnly } from '../policy/evaluate.js';
import { toNotice, type NoticePackage, type NoticeText } from '../report/notice.js';
import { toInventoryCsv } from '../report/inventory-csv.js';
import { toHtmlReport } from '../report/html.js';
import { isNoticeFileName, readNoticeText, referenceTexts } from './notice-texts.js';
import { findingRules } from '../policy/finding-rules.js';

export const AUDIT_FILES = ['report.html', 'report.json', 'sbom.cdx.json', 'sbom.spdx.json', 'THIRD-PARTY-NOTICES.md', 'inventory.csv'] as const;

export async function renderAuditOutputs(
  directory: string,
  result: ScanResult,
  /** sourceDateEpoch: SOURCE_DATE_EPOCH (reproducible builds); without it the SBOMs carry the time of the run. */
  options: { failOn: 'error' | 'warning' | 'never'; sourceDateEpoch?: string },
): Promise<{ name: (typeof AUDIT_FILES)[number]; content: string }[]> {
  const context = { directory, sourceDateEpoch: options.sourceDateEpoch };
  const notice = toNotice(
    { root: { name: result.root.name, version: result.root.version }, tool: result.tool, packages: noticePackages(directory, result) },
    'markdown',
  );
  return [
    { name: 'report.html', content: toHtmlReport(result, { failOn: options.failOn, rules: findingRules() }) },
    { name: 'report.json', content: await renderReport('json', result, context) },
    { name: 'sbom.cdx.json', content: (await import('../sbom/index.js')).toCycloneDx(result, { timestamp: sbomTimestamp(options.sourceDateEpoch), acknowledgeDeclared: true }) },
    { name: 'sbom.spdx.json', content: await renderReport('spdx', result, context) },
    { name: 'THIRD-PARTY-NOTICES.md', content: notice },
    { name: 'inventory.csv', content: toInventoryCsv(result) },
  ];
}

/** Every shipped third-party component with its license texts as the tree holds them. */
export function noticePackages(directory: string, result: ScanResult): NoticePackage[] {
  return result.components.filter((component) => !isDevOnly(component.scopes)).map((component) => noticePackage(directory, component));
}

function noticePackage(root: string, component: Component): NoticePackage {
  const license = component.license.chosen ?? component.license.expression;
  const base = textDirectory(component);
  const texts: NoticeText[] = [];
  for (const file of component.license.files) {
    if (base === null || file.path.includes('#')) continue;
    const text = readNoticeText(join(root, base, file.path));
    if (text === null) continue;
    texts.push({ kind: isNoticeFileName(file.path) ? 'notice' : 'license', license: file.expression, file: file.path, text });
  }
  if (!texts.some((text) => text.kind === 'license')) texts.push(...referenceTexts(license));
  const copyrights = [...new Set(component.license.files.flatMap((file) => file.copyrights ?? []))];
  const derived = [...(component.copyrights ?? []), ...(component.authors ?? []).map((author) => `Copyright ${author}`)];
  return { name: component.kind === 'npm' ? component.name : `${component.name}`, version: component.version, license, texts, copyrights, derivedCopyrights: derived };
}

/** Where a component's license files are, relative to the root: their paths are relative to it. */
function textDirectory(component: Component): string | null {
  switch (component.kind) {
    case 'npm':
    case 'vendored':
    case 'python':
      return component.paths[0] ?? null;
    default:
      return null;
  }
}
