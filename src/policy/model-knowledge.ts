// The AI-model license records of rules/models/licenses.json, by id: restrictions the policy tests
// against the project's context and obligations it reports.
import { readRules, type ModelLicenseRecord, type ModelObligationFact, type ModelRestriction } from '../knowledge/index.js';
import { hasGeneratedRecord, type LicenseRecord } from './knowledge.js';

export type {
  AppliesTo,
  Comparison,
  FactSource,
  ModelLicenseRecord,
  ModelObligationFact,
  ModelRestriction,
  ObligationTrigger,
  RevenueBasis,
} from '../knowledge/index.js';

let records: Map<string, ModelLicenseRecord> | undefined;

function load(): Map<string, ModelLicenseRecord> {
  records ??= new Map(readRules('models/licenses.json').licenses.map((record) => [record.id, record]));
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
