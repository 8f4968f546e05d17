// The license knowledge of rules/, indexed once per process for the classifier. Facts live in the JSON
// files (read by src/knowledge); this module only indexes them.
import { readRules, type CompatibilityVerdict, type LicenseRecord, type VocabularyTerm } from '../knowledge/index.js';
import { ownValue } from '../model/index.js';
import { modelClassificationRecords } from './model-knowledge.js';

export type { CompatibilityVerdict, ExceptionEffect, ExceptionEffectKind, LicenseFlags, LicenseRecord, VocabularyTerm } from '../knowledge/index.js';

interface Index {
  /** Id prefix of licit's minted ids -> the record that classifies them (rules/licit-licenses.json `families`). */
  families: [string, LicenseRecord][];
  /** Ids with a record in rules/licenses.json or rules/licit-licenses.json (not merged from rules/models/). */
  generated: Set<string>;
  byId: Map<string, LicenseRecord>;
  byLowerCaseId: Map<string, LicenseRecord>;
  spdxLicenseListVersion: string;
}

let index: Index | undefined;

function knowledge(): Index {
  if (index) return index;
  const generated = readRules('licenses.json');
  const own = readRules('licit-licenses.json');
  const byId = new Map<string, LicenseRecord>();
  const byLowerCaseId = new Map<string, LicenseRecord>();
  for (const record of [...generated.licenses, ...own.licenses]) {
    byId.set(record.id, record);
    byLowerCaseId.set(record.id.toLowerCase(), record);
  }
  const families = Object.entries(own.families ?? {})
    .filter(([prefix]) => !prefix.startsWith('$'))
    .map(([prefix, id]): [string, LicenseRecord] => {
      const record = byId.get(id);
      if (!record) throw new Error(`rules/licit-licenses.json: family ${prefix} names ${id}, which has no record`);
      return [prefix, record];
    });
  index = { families, generated: new Set(byId.keys()), byId, byLowerCaseId, spdxLicenseListVersion: generated.spdxLicenseListVersion };
  // Model licenses that licenses.json lacks get their records from rules/models/ (which reads the index set above).
  for (const record of modelClassificationRecords()) {
    byId.set(record.id, record);
    byLowerCaseId.set(record.id.toLowerCase(), record);
  }
  return index;
}

/** SPDX ids match case-insensitively (SPDX spec, annex D); the exact spelling is tried first. */
function lookup(id: string): LicenseRecord | undefined {
  const { byId, byLowerCaseId, families } = knowledge();
  return byId.get(id) ?? byLowerCaseId.get(id.toLowerCase()) ?? families.find(([prefix]) => id.startsWith(prefix) && id.length > prefix.length)?.[1];
}

/** Whether rules/licenses.json (or licit's own list) has the id, as opposed to a record merged from rules/models/. */
export function hasGeneratedRecord(id: string): boolean {
  return knowledge().generated.has(id);
}

/** The record of a license id (SPDX, LicenseRef-scancode-…, LicenseRef-licit-…), or undefined. */
export function getLicenseRecord(id: string): LicenseRecord | undefined {
  const record = lookup(id);
  return record?.kind === 'license' ? record : undefined;
}

/** The record of an SPDX exception id (the part after `WITH`), or undefined. */
export function getExceptionRecord(id: string): LicenseRecord | undefined {
  const record = lookup(id);
  return record?.kind === 'exception' ? record : undefined;
}

/** The SPDX License List version the rules were built from, e.g. "3.28.0". */
export function spdxLicenseListVersion(): string {
  return knowledge().spdxLicenseListVersion;
}

/** Every license id with a record (exceptions excluded), sorted. */
export function listLicenseIds(): string[] {
  return idsOfKind('license');
}

/** Every exception id with a record, sorted. */
export function listExceptionIds(): string[] {
  return idsOfKind('exception');
}

function idsOfKind(kind: LicenseRecord['kind']): string[] {
  return [...knowledge().byId.values()].filter((record) => record.kind === kind).map((record) => record.id).sort();
}

/**
 * OSADL's verdict on using a `subordinate` component in a work under the `leading` license, or undefined
 * when the matrix does not cover the pair. "No" for weak copyleft under a permissive leading license means
 * "cannot be relicensed", not "cannot be used" (see rules/compatibility.json).
 */
export function compatibilityVerdict(leading: string, subordinate: string): CompatibilityVerdict | undefined {
  const row = ownValue(readRules('compatibility.json').leading, leading);
  if (!row) return undefined;
  for (const [verdict, ids] of Object.entries(row) as [CompatibilityVerdict, string[]][]) {
    if (ids.includes(subordinate)) return verdict;
  }
  return undefined;
}

/** The obligation/restriction/grant terms and their one-line meanings. */
export function getVocabulary(): Readonly<Record<string, VocabularyTerm>> {
  return readRules('vocabulary.json').terms;
}
