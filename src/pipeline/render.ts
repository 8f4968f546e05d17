// A scan result in each of licit's report formats, as text: the registry of renderers (each in report/ or
// sbom/) with what each needs besides the result. Writing the text anywhere is the caller's business.
import { LicitInputError, type ScanResult } from '../model/index.js';
import type { TableOptions } from '../report/table.js';

export const REPORT_FORMATS = ['table', 'json', 'markdown', 'sarif', 'cyclonedx', 'spdx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What some formats need besides the result: the scanned directory (SARIF points at its lockfile's lines). */
export interface RenderContext {
  directory: string;
  /** The table's width, colours and view (only for a table written to the terminal or stdout). */
  table?: TableOptions;
  /** `--fail-on`: the verdicts of the table and the Markdown say FAIL exactly when the exit code is 1. */
  failOn?: 'error' | 'warning' | 'never';
  /** SOURCE_DATE_EPOCH (reproducible-builds): the SBOMs' timestamps, when set. */
  sourceDateEpoch?: string | undefined;
}

/** SOURCE_DATE_EPOCH as an ISO time, when set. */
export function sourceDateEpoch(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  const date = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : null;
  // A number of seconds past what a Date holds (year 275760) is as unusable as a word.
  if (date === null || Number.isNaN(date.getTime())) throw new LicitInputError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not ${value}`, 'bad-environment');
  return isoSeconds(date);
}

/** An SBOM's creation time: SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
export function sbomTimestamp(value: string | undefined): string {
  return sourceDateEpoch(value) ?? isoSeconds(new Date());
}

const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

// Each format's renderer is loaded only when that format is asked for: a scan writes one or two.
const RENDERERS = {
  table: async (result, context) => (await import('../report/table.js')).toTable(result, { ...context.table, ...(context.failOn ? { failOn: context.failOn } : {}) }),
  json: async (result) => (await import('../report/json.js')).toJsonReport(result),
  markdown: async (result, context) => (await import('../report/markdown.js')).toMarkdown(result, { ...(context.failOn ? { failOn: context.failOn } : {}) }),
  sarif: async (result, context) => {
    const [{ toSarif }, { findingRules }, { manifestLines }] = await Promise.all([
      import('../report/sarif.js'),
      import('../policy/finding-rules.js'),
      import('../walk/manifest-lines.js'),
    ]);
    return toSarif(result, { rules: findingRules(), ...manifestLines(context.directory) });
  },
  cyclonedx: async (result, context) => (await import('../sbom/index.js')).toCycloneDx(result, { timestamp: sourceDateEpoch(context.sourceDateEpoch) }),
  spdx: async (result, context) => {
    const [{ toSpdx }, { getLicenseRecord }] = await Promise.all([import('../sbom/index.js'), import('../policy/knowledge.js')]);
    return toSpdx(result, {
      created: sbomTimestamp(context.sourceDateEpoch),
      describeLicenseRef: (id) => {
        const record = getLicenseRecord(id);
        return record ? { name: record.name } : undefined;
      },
    });
  },
} satisfies Record<ReportFormat, (result: ScanResult, context: RenderContext) => Promise<string>>;

export async function renderReport(format: ReportFormat, result: ScanResult, context: RenderContext = { directory: '.' }): Promise<string> {
  return RENDERERS[format](result, context);
}
