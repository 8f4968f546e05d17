// `licit explain <model license>`: the terms src/policy/models.ts judges, one line each with its clause:
// thresholds, restrictions, duties with what triggers them, and what counts as a derivative.
import { getModelLicense, type FactSource, type ModelObligationFact, type ModelRestriction } from './model-knowledge.js';

export interface ModelTerms {
  license: string;
  name: string;
  licensor: string | null;
  thresholds: string[];
  restrictions: string[];
  duties: string[];
  derivatives: string | null;
  needsReview: boolean;
}

const TRIGGERS: Record<ModelObligationFact['trigger'], string> = {
  distribute: 'when distributed',
  'make-available': 'when distributed or made available to others (hosted use included)',
  'distribute-derived-model': 'when a derived model is distributed',
  'public-statement': 'in public statements about a derivative',
  'commercial-use': 'in commercial use',
  always: 'always',
};

export function explainModelLicense(id: string): ModelTerms | null {
  const record = getModelLicense(id);
  if (!record) return null;
  const thresholds: string[] = [];
  const restrictions: string[] = [];
  for (const restriction of record.restrictions) {
    const line = restrictionLine(restriction);
    (['user-threshold', 'revenue-threshold', 'royalty'].includes(restriction.type) ? thresholds : restrictions).push(`${line} (${clause(restriction.source)})`);
  }
  const duties = record.obligations.map((fact) => `${fact.type}${detail(fact)}, ${TRIGGERS[fact.trigger]}${fact.condition ? ` (${fact.condition})` : ''} (${clause(fact.source)})`);
  const derivatives = record.derivatives
    ? `${record.derivatives.inherit ? 'derivatives stay under these terms' : 'derivatives are not bound'}${record.derivatives.includesOutputTrained ? '; models trained on its outputs count as derivatives' : ''} (${clause(record.derivatives.source)})`
    : null;
  return { license: record.id, name: record.name, licensor: record.licensor, thresholds, restrictions, duties, derivatives, needsReview: record.needsReview === true };
}

function restrictionLine(restriction: ModelRestriction): string {
  const only = (appliesTo: string): string => (appliesTo === 'commercial-use' ? ', commercial use only' : '');
  const over = (comparison: string): string => (comparison === 'greater-than' ? 'more than' : 'at least');
  switch (restriction.type) {
    case 'user-threshold':
      return `${over(restriction.comparison)} ${restriction.threshold.toLocaleString('en-US')} monthly active users: ${restriction.consequence}${only(restriction.appliesTo)}${restriction.measuredOn ? `, measured on ${restriction.measuredOn}` : ''}`;
    case 'revenue-threshold':
      return `${over(restriction.comparison)} USD ${restriction.threshold.toLocaleString('en-US')} of ${restriction.basis}: ${restriction.consequence}${only(restriction.appliesTo)}`;
    case 'royalty':
      return `royalty ${restriction.rate * 100}% of ${restriction.basis} ${restriction.chargedOn} above USD ${restriction.threshold.toLocaleString('en-US')} ${restriction.period}${only(restriction.appliesTo)}`;
    case 'commercial-use':
      return `commercial use ${restriction.effect}: ${restriction.scope}${restriction.contact ? ` (${restriction.contact})` : ''}`;
    case 'hosted-service':
      return `offering the model as a hosted service ${restriction.effect}`;
    case 'output-use':
      return `outputs may not ${restriction.prohibits}${restriction.except ? ` (except ${restriction.except})` : ''}`;
    case 'regional':
      return `no rights in ${restriction.modality} models for licensees domiciled in the ${restriction.region}${restriction.endUsersExempt ? ' (end users exempt)' : ''}`;
    case 'acceptable-use-policy':
      return `acceptable-use policy${restriction.passDownstream ? ', passed on to downstream users' : ''}`;
  }
}

function detail(fact: ModelObligationFact): string {
  if (fact.phrase) return ` "${fact.phrase}"`;
  if (fact.prefix) return ` "${fact.prefix}…"`;
  if (fact.url) return ` ${fact.url}`;
  return '';
}

function clause(source: FactSource): string {
  return 'file' in source ? `${source.file} ${source.clause}` : source.url;
}
