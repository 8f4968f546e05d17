import type { ScanResult } from '../model/index.js';
import { toJsonReport } from '../report/json.js';
import { toTable } from '../report/table.js';
import { getLicenseRecord } from '../policy/knowledge.js';
import { toCycloneDx, toSpdx } from '../sbom/index.js';

export const REPORT_FORMATS = ['table', 'json', 'cyclonedx', 'spdx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

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
  cyclonedx: (result) => toCycloneDx(result, { timestamp: sourceDateEpoch() }),
  spdx: (result) =>
    toSpdx(result, {
      created: sourceDateEpoch() ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      describeLicenseRef: (id) => {
        const record = getLicenseRecord(id);
        return record ? { name: record.name } : undefined;
      },
    }),
} satisfies Record<ReportFormat, (result: ScanResult) => string>;

export function renderReport(format: ReportFormat, result: ScanResult): string {
  return RENDERERS[format](result);
}
