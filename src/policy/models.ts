// Model licenses judged against the project's context (pure): each restriction of rules/models/licenses.json
// is tested against the facts the context states (users, revenue, commercial use, use of outputs, the
// licensee's domicile, distribution). A broken condition is a `model-restriction` finding naming the clause;
// a fact the test needs but the context does not state is a `model-context-needed` finding listing the
// facts to confirm; duties (notices, "Built with …" phrases, name prefixes, royalties) are obligations.
import { isLeaf, parseExpression, type ExpressionNode } from '../model/spdx-expression.js';
import type { Component, Finding, FindingCode, Obligation, RuleCode } from '../model/index.js';
import { makeFinding } from './finding-rules.js';
import { getModelLicense, type Comparison, type FactSource, type ModelLicenseRecord, type ModelObligationFact, type ModelRestriction } from './model-knowledge.js';
import type { PolicyContext } from './policy.js';
import { compareText as compare } from '../model/order.js';

/** The context keys model licenses test (a subset of the policy's context); absent = not stated. */
export type ModelPolicyContext = Partial<
  Pick<
    PolicyContext,
    | 'distribution'
    | 'commercialUse'
    | 'monthlyActiveUsers'
    | 'annualRevenueUsd'
    | 'modelAttributableRevenueUsd'
    | 'modelOutputsTrainModels'
    | 'licenseeInEU'
  >
>;

/** A fact a model license may need: a context key, or `multimodal` (a fact about the model itself). */
export type ModelFact = keyof ModelPolicyContext | 'multimodal';

export interface ModelEvaluation {
  findings: Finding[];
  obligations: Obligation[];
}

type Args = Finding['args'];

interface Judgement {
  findings: Finding[];
  obligations: { obligation: string; license: string; args: Args }[];
}

const MAX_ALTERNATIVES = 64;

/**
 * Findings and obligations of the model components' licenses under the context. `_today` is accepted for
 * date-dependent terms; none of the current tests depends on today's date (Llama measures users on the
 * version's release date, which the findings carry as `measuredOn`).
 */
export function evaluateModels(components: readonly Component[], context: ModelPolicyContext, _today?: Date): ModelEvaluation {
  const findings: Finding[] = [];
  const grouped = new Map<string, { obligation: string; license: string; args: Args; packages: Set<string> }>();
  for (const component of components) {
    if (component.kind !== 'model') continue;
    const judgement = judgeComponent(component, context);
    findings.push(...judgement.findings);
    for (const duty of judgement.obligations) {
      const key = `${duty.license}\u0000${duty.obligation}\u0000${JSON.stringify(duty.args)}`;
      const group = grouped.get(key) ?? { ...duty, packages: new Set<string>() };
      group.packages.add(component.ref);
      grouped.set(key, group);
    }
  }
  const obligations = [...grouped.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, group]) => ({ obligation: group.obligation, license: group.license, packages: [...group.packages].sort(compare), args: group.args }));
  return { findings, obligations };
}

/** The least burdensome alternative of the component's expression (fewest errors, then warnings). */
function judgeComponent(component: Component, context: ModelPolicyContext): Judgement {
  const expression = component.license.chosen ?? component.license.expression;
  const node = expression ? parseExpression(expression) : null;
  if (!node) return { findings: [], obligations: [] };
  let best: Judgement | null = null;
  for (const ids of alternatives(node).slice(0, MAX_ALTERNATIVES)) {
    const judgement = judgeLicenses(ids, component, context);
    if (!best || weight(judgement) < weight(best)) best = judgement;
  }
  return best ?? { findings: [], obligations: [] };
}

function weight(judgement: Judgement): number {
  return judgement.findings.reduce((sum, finding) => sum + (finding.severity === 'error' ? 1000 : 1), 0);
}

/** Disjunctive normal form: each alternative is the set of ids that must all be honoured. */
function alternatives(node: ExpressionNode): string[][] {
  if (isLeaf(node)) return [[node.license]];
  const left = alternatives(node.left);
  const right = alternatives(node.right);
  if (node.conjunction === 'or') return [...left, ...right];
  return left.flatMap((a) => right.map((b) => [...a, ...b])).slice(0, MAX_ALTERNATIVES);
}

function judgeLicenses(ids: string[], component: Component, context: ModelPolicyContext): Judgement {
  const records: ModelLicenseRecord[] = [];
  const add = (id: string | null | undefined): void => {
    const record = id ? getModelLicense(id) : undefined;
    if (record && !records.includes(record)) records.push(record);
  };
  for (const id of ids) {
    add(id);
    add(getModelLicense(id)?.acceptableUsePolicy?.id);
  }
  const judgement: Judgement = { findings: [], obligations: [] };
  for (const record of records) judgeRecord(record, component, context, judgement);
  return judgement;
}

function judgeRecord(record: ModelLicenseRecord, component: Component, context: ModelPolicyContext, judgement: Judgement): void {
  const needed = new Map<ModelFact, string[]>();
  // Whether the terms forbid commercial use outright while the context does not say whether the use is commercial.
  let commercialUnknown = false;
  const need = (fact: ModelFact, restriction: ModelRestriction): void => {
    needed.set(fact, [...(needed.get(fact) ?? []), clauseOf(restriction.source)]);
    if (restriction.type === 'commercial-use') commercialUnknown = true;
  };
  const broken = (code: FindingCode<'model-restriction'>, restriction: ModelRestriction, args: Args): void => {
    judgement.findings.push(finding({ rule: 'model-restriction', code }, record, component, { ...sourceArgs(restriction.source), ...args }));
  };
  const owe = (obligation: string, args: Args): void => {
    judgement.obligations.push({ obligation, license: record.id, args });
  };

  for (const restriction of record.restrictions) {
    switch (restriction.type) {
      case 'user-threshold': {
        const verdict = thresholdVerdict(context.monthlyActiveUsers, restriction.threshold, restriction.comparison, restriction.appliesTo, context.commercialUse);
        if (verdict === 'broken') {
          broken('user-threshold', restriction, {
            fact: 'monthlyActiveUsers',
            stated: context.monthlyActiveUsers ?? null,
            threshold: restriction.threshold,
            comparison: restriction.comparison,
            measuredOn: restriction.measuredOn,
            appliesTo: restriction.appliesTo,
          });
        } else if (verdict !== 'holds') for (const fact of verdict.needs) need(fact === 'value' ? 'monthlyActiveUsers' : 'commercialUse', restriction);
        break;
      }
      case 'revenue-threshold': {
        const fact = revenueFact(restriction.basis);
        const verdict = thresholdVerdict(context[fact], restriction.threshold, restriction.comparison, restriction.appliesTo, context.commercialUse);
        if (verdict === 'broken') {
          broken('revenue-threshold', restriction, {
            fact,
            stated: context[fact] ?? null,
            threshold: restriction.threshold,
            comparison: restriction.comparison,
            currency: restriction.currency,
            appliesTo: restriction.appliesTo,
          });
        } else if (verdict !== 'holds') for (const missing of verdict.needs) need(missing === 'value' ? fact : 'commercialUse', restriction);
        break;
      }
      case 'royalty': {
        const fact = revenueFact(restriction.basis);
        const verdict = thresholdVerdict(context[fact], restriction.threshold, restriction.comparison, restriction.appliesTo, context.commercialUse);
        if (verdict === 'broken') {
          const revenue = context[fact]!;
          const base = restriction.chargedOn === 'revenue-above-threshold' ? revenue - restriction.threshold : revenue;
          owe('royalty', {
            ...sourceArgs(restriction.source),
            fact,
            stated: revenue,
            threshold: restriction.threshold,
            rate: restriction.rate,
            chargedOn: restriction.chargedOn,
            dueUsd: Math.round(base * restriction.rate * 100) / 100,
            period: restriction.period,
          });
        } else if (verdict !== 'holds') for (const missing of verdict.needs) need(missing === 'value' ? fact : 'commercialUse', restriction);
        break;
      }
      case 'commercial-use':
        if (context.commercialUse === true) {
          const permission = restriction.effect === 'permission-required';
          broken(permission ? 'commercial-use-permission' : 'commercial-use', restriction, { fact: 'commercialUse', stated: true, scope: restriction.scope, contact: restriction.contact ?? null });
          if (permission) owe('obtain-permission', { ...sourceArgs(restriction.source), scope: restriction.scope, contact: restriction.contact ?? null });
        } else if (context.commercialUse === undefined) need('commercialUse', restriction);
        break;
      case 'hosted-service':
        if (context.distribution === 'saas') broken('hosted-service', restriction, { fact: 'distribution', stated: 'saas', effect: restriction.effect });
        else if (context.distribution === undefined) need('distribution', restriction);
        break;
      case 'output-use':
        if (restriction.prohibits === 'works-conflicting-with-aup') break;
        if (context.modelOutputsTrainModels === true) {
          broken('output-use', restriction, { fact: 'modelOutputsTrainModels', stated: true, prohibits: restriction.prohibits, except: restriction.except });
        } else if (context.modelOutputsTrainModels === undefined) need('modelOutputsTrainModels', restriction);
        break;
      case 'regional': {
        const multimodal = restriction.modality === 'any' ? true : (component.model?.multimodal ?? null);
        if (multimodal === false || context.licenseeInEU === false) break;
        if (context.licenseeInEU === undefined) {
          if (multimodal === true) need('licenseeInEU', restriction);
          break;
        }
        if (multimodal === true) {
          broken('regional', restriction, { fact: 'licenseeInEU', stated: true, region: restriction.region, modality: restriction.modality, endUsersExempt: restriction.endUsersExempt });
        } else need('multimodal', restriction);
        break;
      }
      case 'acceptable-use-policy':
        owe('comply-with-use-policy', { ...sourceArgs(restriction.source), url: record.url ?? record.acceptableUsePolicy?.url ?? null, passDownstream: restriction.passDownstream });
        break;
    }
  }

  for (const fact of record.obligations) {
    if (!triggered(fact, context)) continue;
    owe(OBLIGATION_NAMES[fact.type], obligationArgs(fact));
  }
  // A model trained on this model's outputs is itself a derivative under these terms (Gemma's distillation,
  // OpenRAIL's "Output of the Model", Falcon's and DeepSeek's definitions): its duties come with it.
  const derivatives = record.derivatives;
  if (derivatives?.includesOutputTrained) {
    if (context.modelOutputsTrainModels === true) {
      const duties = record.obligations.filter((fact) => fact.trigger !== 'commercial-use' && fact.trigger !== 'public-statement').map((fact) => OBLIGATION_NAMES[fact.type]);
      owe('output-trained-derivative', { ...sourceArgs(derivatives.source), duties: [...new Set(duties)].join(', ') || null, inherit: derivatives.inherit });
    } else if (context.modelOutputsTrainModels === undefined) {
      needed.set('modelOutputsTrainModels', [...(needed.get('modelOutputsTrainModels') ?? []), clauseOf(derivatives.source)]);
    }
  }
  if (record.needsReview) owe('review-terms', { url: record.url ?? null });

  if (needed.size > 0) {
    const facts = [...needed.keys()].sort(compare);
    // Shipping or serving a product is usually commercial: unknown use of non-commercial terms fails closed there.
    const code = commercialUnknown && context.distribution !== 'internal' ? 'commercial-use-needed' : 'facts-needed';
    judgement.findings.push(
      finding({ rule: 'model-context-needed', code }, record, component, {
        facts: facts.join(', '),
        count: facts.length,
        clauses: [...new Set([...needed.values()].flat())].join('; '),
        ...(record.text ? { file: record.text.file } : {}),
      }),
    );
  }
}

type Verdict = 'holds' | 'broken' | { needs: ('value' | 'commercialUse')[] };

/**
 * A threshold test: `broken` when the stated value passes the line the license draws (and, for terms
 * on commercial use only, the use is commercial); the facts still needed otherwise. A value at the
 * line holds for "more than" and breaks for "or more".
 */
function thresholdVerdict(value: number | undefined, threshold: number, comparison: Comparison, appliesTo: 'any-use' | 'commercial-use', commercialUse: boolean | undefined): Verdict {
  if (appliesTo === 'commercial-use' && commercialUse === false) return 'holds';
  if (value === undefined) return { needs: appliesTo === 'commercial-use' && commercialUse === undefined ? ['value', 'commercialUse'] : ['value'] };
  const passes = comparison === 'greater-than' ? value > threshold : value >= threshold;
  if (!passes) return 'holds';
  if (appliesTo === 'commercial-use' && commercialUse === undefined) return { needs: ['commercialUse'] };
  return 'broken';
}

function revenueFact(basis: 'total-annual-revenue' | 'model-attributable-revenue'): 'annualRevenueUsd' | 'modelAttributableRevenueUsd' {
  return basis === 'total-annual-revenue' ? 'annualRevenueUsd' : 'modelAttributableRevenueUsd';
}

/** Whether an obligation's trigger happens in this context; an unstated distribution counts as distributed (fail closed). */
function triggered(fact: ModelObligationFact, context: ModelPolicyContext): boolean {
  if (fact.condition === 'not-a-commercial-user' && context.commercialUse === true) return false;
  const distribution = context.distribution ?? 'distributed';
  switch (fact.trigger) {
    case 'distribute':
      return distribution === 'distributed';
    case 'make-available':
      return distribution !== 'internal';
    case 'commercial-use':
      return context.commercialUse !== false;
    case 'distribute-derived-model':
    case 'public-statement':
    case 'always':
      return true;
  }
}

const OBLIGATION_NAMES: Record<ModelObligationFact['type'], string> = {
  'include-license-text': 'include-license-text',
  'notice-file': 'include-notice-file',
  'attribution-phrase': 'attribution-phrase',
  'model-name-prefix': 'model-name-prefix',
  attribution: 'attribution',
  'pass-on-use-restrictions': 'pass-on-use-restrictions',
  'state-changes': 'state-changes',
  'retain-notices': 'retain-notices',
  'same-license': 'same-license-work',
  register: 'register',
  'royalty-report': 'royalty-report',
};

function obligationArgs(fact: ModelObligationFact): Args {
  const args: Args = { ...sourceArgs(fact.source), when: fact.trigger };
  if (fact.text !== undefined) args.text = fact.text;
  if (fact.phrase !== undefined) args.phrase = fact.phrase;
  if (fact.alternatives !== undefined) args.alternatives = fact.alternatives.join(' | ');
  if (fact.where !== undefined) args.where = fact.where;
  if (fact.prefix !== undefined) args.prefix = fact.prefix;
  if (fact.url !== undefined) args.url = fact.url;
  if (fact.condition !== undefined) args.condition = fact.condition;
  return args;
}

function sourceArgs(source: FactSource): Args {
  return 'file' in source ? { clause: source.clause, file: source.file } : { clause: null, url: source.url };
}

function clauseOf(source: FactSource): string {
  return 'file' in source ? `${source.file} ${source.clause}` : source.url;
}

function finding(ruleCode: Extract<RuleCode, { rule: 'model-restriction' | 'model-context-needed' }>, record: ModelLicenseRecord, component: Component, args: Args): Finding {
  const path = component.evidence?.[0]?.file ?? component.paths[0];
  return makeFinding({ ...ruleCode, package: component.ref, license: record.id, via: component.via, ...(path ? { path } : {}), args });
}

