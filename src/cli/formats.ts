import type { ScanResult } from '../model/index.js';
import { toJsonReport } from '../report/json.js';
import { toMarkdown } from '../report/markdown.js';
import { toSarif } from '../report/sarif.js';
import { findingRules } from '../policy/finding-rules.js';
import { manifestLines } from './manifest-lines.js';
import { toTable } from '../report/table.js';
import { getLicenseRecord } from '../policy/knowledge.js';
import { toCycloneDx, toSpdx } from '../sbom/index.js';

export const REPORT_FORMATS = ['table', 'json', 'markdown', 'sarif', 'cyclonedx', 'spdx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What some formats need besides the result: the scanned directory (SARIF points at its lockfile's lines). */
export interface RenderContext {
  directory: string;
}

/** SOURCE_DATE_EPOCH (reproducible-builds) as an ISO time, when set. */
function sourceDateEpoch(): string | null {
  const value = process.env.SOURCE_DATE_EPOCH;
  if (value === undefined || value === '') return null;
  if (!/^\d+$/.test(value)) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds, not ${value}`);
  return new Date(Number(value) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const RENDERERS = {
  table: (result) => toTable(result),
  json: (result) => toJsonReport(result),
  markdown: (result) => toMarkdown(result),
  sarif: (result, context) => toSarif(result, { rules: findingRules(), ...manifestLines(context.directory) }),
  cyclonedx: (result) => toCycloneDx(result, { timestamp: sourceDateEpoch() }),
  spdx: (result) =>
    toSpdx(result, {
      created: sourceDateEpoch() ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      describeLicenseRef: (id) => {
        const record = getLicenseRecord(id);
        return record ? { name: record.name } : undefined;
      },
    }),
} satisfies Record<ReportFormat, (result: ScanResult, context: RenderContext) => string>;

export function renderReport(format: ReportFormat, result: ScanResult, context: RenderContext = { directory: '.' }): string {
  return RENDERERS[format](result, context);
}
