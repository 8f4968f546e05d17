// The AI-model license records of rules/models/licenses.json, typed: restrictions the policy tests
// against the project's context and obligations it reports. Loaded once; paths resolve from this module.
import { readFileSync } from 'node:fs';
import { hasGeneratedRecord, type LicenseRecord } from './knowledge.js';
import { licitFileUrl } from '../model/package-root.js';

/** Where a fact comes from: a stored text and its clause, or a web address when no text is stored. */
export type FactSource = { file: string; clause: string; quote: string } | { url: string; basis: string };

export type Comparison = 'greater-than' | 'at-least';
export type AppliesTo = 'any-use' | 'commercial-use';
export type RevenueBasis = 'total-annual-revenue' | 'model-attributable-revenue';

export type ModelRestriction =
  | {
      type: 'user-threshold';
      metric: 'monthly-active-users';
      threshold: number;
      comparison: Comparison;
      measuredAt: 'version-release-date' | 'any-time';
      measuredOn: string | null;
      period: string | null;
      whose: string;
      appliesTo: AppliesTo;
      consequence: 'separate-license-required';
      source: FactSource;
    }
  | {
      type: 'revenue-threshold';
      basis: RevenueBasis;
      threshold: number;
      currency: 'USD';
      comparison: Comparison;
      whose: string;
      appliesTo: AppliesTo;
      consequence: 'license-terminates' | 'separate-license-required';
      source: FactSource;
    }
  | {
      type: 'royalty';
      rate: number;
      basis: RevenueBasis;
      threshold: number;
      currency: 'USD';
      comparison: Comparison;
      chargedOn: 'revenue-above-threshold' | 'all-revenue';
      period: string;
      appliesTo: AppliesTo;
      source: FactSource;
    }
  | { type: 'commercial-use'; effect: 'prohibited' | 'permission-required'; scope: string; contact?: string; source: FactSource }
  | { type: 'hosted-service'; effect: 'prohibited' | 'permission-required'; source: FactSource }
  | { type: 'output-use'; prohibits: 'improve-other-llm' | 'create-or-improve-foundation-model' | 'works-conflicting-with-aup'; except: string | null; source: FactSource }
  | { type: 'regional'; region: 'EU'; test: 'licensee-domicile'; modality: 'multimodal' | 'any'; effect: 'rights-not-granted'; endUsersExempt: boolean; source: FactSource }
  | { type: 'acceptable-use-policy'; passDownstream: boolean; attachment?: string; source: FactSource };

export type ObligationTrigger = 'distribute' | 'make-available' | 'distribute-derived-model' | 'public-statement' | 'commercial-use' | 'always';

export interface ModelObligationFact {
  type:
    | 'include-license-text'
    | 'notice-file'
    | 'attribution-phrase'
    | 'model-name-prefix'
    | 'attribution'
    | 'pass-on-use-restrictions'
    | 'state-changes'
    | 'retain-notices'
    | 'same-license'
    | 'register'
    | 'royalty-report';
  trigger: ObligationTrigger;
  source: FactSource;
  text?: string;
  phrase?: string;
  alternatives?: string[];
  where?: string;
  prefix?: string;
  url?: string;
  condition?: 'not-a-commercial-user';
}

export interface ModelLicenseRecord {
  id: string;
  name: string;
  family: string;
  version: string | null;
  kind: 'license' | 'acceptable-use-policy';
  date: string | null;
  dateKind: string | null;
  text: { file: string } | null;
  url?: string;
  licensor: string | null;
  huggingFace: { licenses: string[]; licenseNames: string[]; licenseLinks: string[] };
  acceptableUsePolicy?: { id: string | null; file: string | null; url: string; source: FactSource };
  restrictions: ModelRestriction[];
  obligations: ModelObligationFact[];
  derivatives: { inherit: boolean; includesOutputTrained: boolean; source: FactSource } | null;
  needsReview?: true;
  note?: string;
}

let records: Map<string, ModelLicenseRecord> | undefined;

function load(): Map<string, ModelLicenseRecord> {
  records ??= new Map(
    (JSON.parse(readFileSync(licitFileUrl('rules/models/licenses.json'), 'utf8')) as { licenses: ModelLicenseRecord[] }).licenses.map(
      (record) => [record.id, record],
    ),
  );
  return records;
}

/** The model-license record of an id (LicenseRef-scancode-… or LicenseRef-licit-…), or undefined. */
export function getModelLicense(id: string): ModelLicenseRecord | undefined {
  return load().get(id);
}

export function listModelLicenses(): ModelLicenseRecord[] {
  return [...load().values()];
}

/** SPDX licenses with model terms here (CC-BY-NC…): judged by those terms when a model carries them. */
export function modelTermsLicenseIds(): string[] {
  return listModelLicenses()
    .map((record) => record.id)
    .filter((id) => !id.startsWith('LicenseRef-'));
}

/**
 * License records (rules/licenses.json's shape) for the model-license ids rules/licenses.json lacks, so
 * the classifier can place them: category `model`, terms from rules/vocabulary.json. Until
 * scripts/build-rules.js carries them, the knowledge loader should merge these.
 */
export function modelClassificationRecords(): LicenseRecord[] {
  return listModelLicenses()
    .filter((record) => !hasGeneratedRecord(record.id))
    .map((record) => ({
      id: record.id,
      name: record.name,
      kind: 'license',
      category: 'model',
      obligations: uniqueSorted([
        ...record.obligations.map(obligationTerm).filter((term): term is string => term !== null),
        ...record.restrictions.filter((restriction) => restriction.type === 'royalty').map(() => 'royalty'),
        ...(record.needsReview ? ['review-terms'] : []),
      ]),
      restrictions: uniqueSorted(record.restrictions.map(restrictionTerm).filter((term): term is string => term !== null)),
      flags: { osi: false, deprecated: false, ...(record.needsReview ? { needsReview: true as const } : {}) },
      sources: { category: 'licit:model-rules', obligations: 'licit:model-rules', ...(record.id.startsWith('LicenseRef-scancode-') ? { id: `scancode:${record.id.slice('LicenseRef-scancode-'.length)}` } : {}) },
      note: 'AI-model license from rules/models/licenses.json; its thresholds and conditions are judged by src/policy/models.ts.',
    }));
}

/** The vocabulary term of an obligation; null when the vocabulary has none (the model rules keep the detail). */
function obligationTerm(fact: ModelObligationFact): string | null {
  switch (fact.type) {
    case 'include-license-text':
      return 'include-license-text';
    case 'notice-file':
    case 'retain-notices':
      return 'include-notice-file';
    case 'attribution-phrase':
    case 'model-name-prefix':
    case 'attribution':
      return 'attribution-phrase';
    case 'state-changes':
      return 'state-changes';
    case 'same-license':
      return 'same-license-work';
    case 'royalty-report':
      return 'royalty';
    case 'register':
    case 'pass-on-use-restrictions':
      return null;
  }
}

function restrictionTerm(restriction: ModelRestriction): string | null {
  switch (restriction.type) {
    case 'user-threshold':
      return 'user-threshold';
    case 'revenue-threshold':
      return 'revenue-threshold';
    case 'commercial-use':
      return 'non-commercial';
    case 'hosted-service':
    case 'regional':
      return 'field-of-use';
    case 'output-use':
      return 'output-use-restriction';
    case 'acceptable-use-policy':
      return 'acceptable-use-policy';
    case 'royalty':
      return null;
  }
}

function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}
