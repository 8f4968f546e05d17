// `licit explain <expression>` as data: what licit knows about an expression, how the policy reads it,
// and whether it combines with the project's license in each distribution context, with each fact's source.
import { formatExpression, isLeaf, parseExpression, type ExpressionNode, type LicenseLeaf } from '../model/spdx-expression.js';
import { isUnlicensedValue, LICIT_REFS } from '../licenses/license-ref.js';
import { ownValue, LicitInputError, type Category, type Severity } from '../model/index.js';
import { explainModelLicense, type ModelTerms } from './explain-model.js';
import { getExceptionRecord, getLicenseRecord, getVocabulary, type LicenseRecord } from './knowledge.js';
import { judgeExpression, type JudgeContext } from './judge-expression.js';
import { suggestLicenseId, type ListVerdict } from './license-lists.js';
import { DISTRIBUTIONS, type Distribution, type Policy } from './policy.js';
import { projectLicenseOf, type CompatibilityBasis, type CompatibilityCode } from './project-compat.js';

export interface Term {
  term: string;
  meaning: string;
}

export interface LicenseFacts {
  /** The license as written in the expression. */
  license: string;
  /** The record's id (`X+` reads as `X-or-later`), or null when licit has no record. */
  id: string | null;
  name: string | null;
  category: Category;
  obligations: string[];
  restrictions: string[];
  grants: string[];
  flags: Record<string, boolean>;
  sources: Record<string, string>;
  note: string | null;
  exception: { id: string; name: string; effect: string; relaxes: string[]; adds: string[]; lowersTo: Category | null; sources: Record<string, string> } | null;
}

export interface ContextVerdict {
  distribution: Distribution;
  /** The alternative the policy takes in this context (the whole expression when there is no choice). */
  chosen: string;
  status: 'compatible' | Severity;
  problems: { license: string; code: CompatibilityCode; severity: Severity; leading: string; basis: CompatibilityBasis; verdict: string | null }[];
  basis: CompatibilityBasis[];
}

export interface Explanation {
  expression: string;
  /** Under the policy's own context: the alternative taken, its category and terms. */
  chosen: string;
  choiceOffered: boolean;
  category: Category;
  obligations: Term[];
  restrictions: Term[];
  licenses: LicenseFacts[];
  policy: { preset: string; source: string | null; distribution: Distribution; verdicts: { license: string; verdict: ListVerdict }[] };
  projectLicense: string | null;
  compatibility: ContextVerdict[];
  sources: { compatibility: string; categories: string; obligations: string };
  /** The model licenses of the expression, with the terms licit judges. */
  modelTerms: ModelTerms[];
}

const SOURCE_NOTES = {
  compatibility: 'OSADL license compatibility matrix (rules/compatibility.json, CC0-1.0) where it holds both licenses; otherwise licit\'s reading of the categories',
  categories: 'ScanCode LicenseDB categories mapped to licit\'s (sources.category "scancode:<key>"), with reviewed overrides ("licit:override"); see rules/SOURCES.md',
  obligations: 'OSADL license checklists (sources.obligations "osadl:<file>") or licit\'s category defaults; see rules/SOURCES.md',
};

export function explainExpression(expression: string, policy: Policy, projectLicense: string | null): Explanation {
  // npm's "UNLICENSED" is not SPDX; licit reads it as its own id, as the metadata stage does.
  const node = parseExpression(isUnlicensedValue(expression) ? LICIT_REFS.unlicensed : expression.trim());
  if (!node) {
    const suggestion = suggestLicenseId(expression.trim());
    throw new LicitInputError(
      `"${expression}" is not a valid SPDX expression${suggestion ? ` (did you mean ${suggestion}?)` : ''}; use SPDX ids or LicenseRef-… joined by AND, OR, WITH`,
      'bad-expression',
    );
  }
  const text = formatExpression(node);
  const project = projectLicenseOf(projectLicense);
  const contextFor = (distribution: Distribution): JudgeContext => ({ allow: policy.allow, deny: policy.deny, project, distribution, shipped: true, rules: policy.rules });
  const own = judgeExpression(text, contextFor(policy.context.distribution));
  const vocabulary = getVocabulary();
  const terms = (names: string[]): Term[] => [...new Set(names)].sort().map((term) => ({ term, meaning: ownValue(vocabulary, term)?.meaning ?? '' }));

  return {
    expression: text,
    chosen: own.chosen ?? text,
    choiceOffered: own.choiceOffered,
    category: own.category,
    obligations: terms(own.leaves.flatMap((leaf) => leaf.obligations)),
    restrictions: terms(own.leaves.flatMap((leaf) => leaf.restrictions)),
    licenses: dedupeLeaves(node).map(licenseFacts),
    modelTerms: dedupeLeaves(node).flatMap((leaf) => explainModelLicense(leaf.license) ?? []),
    policy: {
      preset: policy.preset,
      source: policy.source,
      distribution: policy.context.distribution,
      verdicts: own.leaves.map((leaf) => ({ license: leaf.license, verdict: leaf.list })),
    },
    projectLicense: project.expression,
    compatibility: DISTRIBUTIONS.map((distribution) => {
      const judged = judgeExpression(text, contextFor(distribution));
      const problems = judged.leaves.flatMap((leaf) =>
        leaf.compatibility?.status === 'problem'
          ? [{ license: leaf.license, code: leaf.compatibility.code, severity: leaf.compatibility.severity, leading: leaf.compatibility.projectLicense, basis: leaf.compatibility.basis, verdict: leaf.compatibility.verdict }]
          : [],
      );
      const status = problems.some((problem) => problem.severity === 'error') ? 'error' : problems.length > 0 ? 'warning' : 'compatible';
      const basis = [...new Set(judged.leaves.map((leaf) => leaf.compatibility?.basis ?? 'context'))].sort();
      return { distribution, chosen: judged.chosen ?? text, status, problems, basis };
    }),
    sources: SOURCE_NOTES,
  };
}

function dedupeLeaves(node: ExpressionNode): LicenseLeaf[] {
  const seen = new Map<string, LicenseLeaf>();
  const visit = (current: ExpressionNode): void => {
    if (isLeaf(current)) seen.set(formatExpression(current), current);
    else {
      visit(current.left);
      visit(current.right);
    }
  };
  visit(node);
  return [...seen.values()];
}

function licenseFacts(leaf: LicenseLeaf): LicenseFacts {
  const record: LicenseRecord | undefined = (leaf.plus ? getLicenseRecord(`${leaf.license}-or-later`) : undefined) ?? getLicenseRecord(leaf.license);
  const exception = leaf.exception ? getExceptionRecord(leaf.exception) : undefined;
  return {
    license: formatExpression(leaf),
    id: record?.id ?? null,
    name: record?.name ?? null,
    category: record?.category ?? 'unknown',
    obligations: record?.obligations ?? [],
    restrictions: record?.restrictions ?? [],
    grants: record?.grants ?? [],
    flags: record ? Object.fromEntries(Object.entries(record.flags).map(([key, value]) => [key, value === true])) : {},
    sources: record ? { ...record.sources } : {},
    note: record?.note ?? record?.reason ?? null,
    exception: exception
      ? {
          id: exception.id,
          name: exception.name,
          effect: exception.exception?.effect ?? 'additional-permission',
          relaxes: exception.exception?.relaxes ?? [],
          adds: exception.exception?.adds ?? [],
          lowersTo: exception.exception?.lowersTo ?? null,
          sources: { ...exception.sources },
        }
      : null,
  };
}

