// One SPDX expression judged under a policy: each license against the lists and the project's license;
// OR takes the alternative the policy allows with the least burden, AND needs every part.
import { formatExpression, isLeaf, parseExpression, type ExpressionNode } from '../model/spdx-expression.js';
import type { Category, RuleId } from '../model/index.js';
import { categoryRank, classifyExpression, mostRestrictive } from './classify.js';
import { defaultSeverity } from './finding-rules.js';
import { judgeAgainstLists, type ListVerdict } from './license-lists.js';
import type { Distribution, ListEntry, RuleSeverity } from './policy.js';
import { compatibilityWithProject, type Compatibility, type ProjectLicense } from './project-compat.js';

export interface JudgeContext {
  allow: readonly ListEntry[];
  deny: readonly ListEntry[];
  project: ProjectLicense;
  distribution: Distribution;
  /** Shipped with the project (false for dev-only dependencies): only then does compatibility matter. */
  shipped: boolean;
  /** The policy's rule severities, so that an OR choice weighs problems as the policy will report them. */
  rules?: Partial<Record<RuleId, RuleSeverity>>;
}

export interface LeafJudgement {
  /** The license as written in the expression (`GPL-2.0+`, `X WITH E`). */
  license: string;
  category: Category;
  obligations: string[];
  restrictions: string[];
  list: ListVerdict;
  /** Null when the package is not shipped. */
  compatibility: Compatibility | null;
}

export interface ExpressionJudgement {
  expression: string | null;
  /** The alternative taken: the whole expression when it offers no choice; null when there is no expression. */
  chosen: string | null;
  /** The expression offers a choice (OR) and `chosen` is the policy's pick. */
  choiceOffered: boolean;
  category: Category;
  leaves: LeafJudgement[];
}

interface Alternative {
  node: ExpressionNode;
  leaves: LeafJudgement[];
  category: Category;
}

export function judgeExpression(expression: string | null, context: JudgeContext): ExpressionJudgement {
  const node = expression === null || expression.trim() === '' ? null : parseExpression(expression);
  if (!node) return { expression, chosen: null, choiceOffered: false, category: 'unknown', leaves: [] };
  const best = judgeNode(node, context);
  return {
    expression,
    chosen: formatExpression(best.node),
    choiceOffered: hasChoice(node),
    category: best.category,
    leaves: best.leaves,
  };
}

/**
 * Every way to satisfy the expression (one side of each OR), judged: the policy's own pick first, then the
 * others in the order they are written; at most `limit` of them. Empty without a parsable expression.
 */
export function judgeChoices(expression: string | null, context: JudgeContext, limit: number): ExpressionJudgement[] {
  const node = expression === null || expression.trim() === '' ? null : parseExpression(expression);
  if (!node) return [];
  const own = judgeExpression(expression, context);
  const choices = [own];
  for (const choice of choicesOf(node, limit)) {
    if (choices.length >= limit) break;
    const text = formatExpression(choice);
    if (choices.some((known) => known.chosen === text)) continue;
    const judged = judgeNode(choice, context);
    choices.push({ expression, chosen: text, choiceOffered: own.choiceOffered, category: judged.category, leaves: judged.leaves });
  }
  return choices;
}

/** The OR-free expressions an expression allows, at most `limit` (AND multiplies, OR adds). */
function choicesOf(node: ExpressionNode, limit: number): ExpressionNode[] {
  if (isLeaf(node)) return [node];
  const left = choicesOf(node.left, limit);
  const right = choicesOf(node.right, limit);
  if (node.conjunction === 'or') return [...left, ...right].slice(0, limit);
  const both: ExpressionNode[] = [];
  for (const a of left) for (const b of right) if (both.length < limit) both.push({ conjunction: 'and', left: a, right: b });
  return both;
}

function judgeNode(node: ExpressionNode, context: JudgeContext): Alternative {
  if (isLeaf(node)) {
    const leaf = judgeLeaf(formatExpression(node), context);
    return { node, leaves: [leaf], category: leaf.category };
  }
  const left = judgeNode(node.left, context);
  const right = judgeNode(node.right, context);
  if (node.conjunction === 'or') return compareAlternatives(left, right, context.rules) <= 0 ? left : right;
  return {
    node: { conjunction: 'and', left: left.node, right: right.node },
    leaves: [...left.leaves, ...right.leaves],
    category: mostRestrictive(left.category, right.category),
  };
}

export function judgeLeaf(license: string, context: JudgeContext): LeafJudgement {
  const classification = classifyExpression(license);
  return {
    license,
    category: classification.category,
    obligations: classification.obligations,
    restrictions: classification.restrictions,
    list: judgeAgainstLists(license, classification.category, context.allow, context.deny),
    compatibility: context.shipped ? compatibilityWithProject(license, context.project, context.distribution) : null,
  };
}

/** The problems a license brings, weighed with the severities the policy gives them. */
export function leafProblems(leaf: LeafJudgement, rules: JudgeContext['rules'] = {}): { errors: number; warnings: number } {
  const counts = { errors: 0, warnings: 0 };
  const add = (severity: RuleSeverity): void => {
    if (severity === 'error') counts.errors++;
    else if (severity === 'warning') counts.warnings++;
  };
  // The same findings the evaluation will make: an unknown license not allowed by id is an
  // unknown-license finding, and a denied-license one too when a deny entry names it.
  if (leaf.list.status !== 'allowed') {
    if (leaf.category === 'unknown') add(severity(rules, 'unknown-license', 'unrecognised'));
    if (leaf.list.status === 'denied' || leaf.category !== 'unknown') add(severity(rules, 'denied-license', leaf.list.status));
  }
  if (leaf.compatibility?.status === 'problem') add(severity(rules, 'incompatible-with-project', leaf.compatibility.code));
  return counts;
}

function severity(rules: JudgeContext['rules'], rule: RuleId, code: string): RuleSeverity {
  return rules?.[rule] ?? defaultSeverity(rule, code);
}

/** Negative when `a` is the better pick: fewer errors, fewer warnings, a freer category, fewer terms; ties keep `a`. */
function compareAlternatives(a: Alternative, b: Alternative, rules: JudgeContext['rules']): number {
  const cost = (alternative: Alternative): number[] => {
    const problems = alternative.leaves.map((leaf) => leafProblems(leaf, rules));
    return [
      problems.reduce((sum, p) => sum + p.errors, 0),
      problems.reduce((sum, p) => sum + p.warnings, 0),
      categoryRank(alternative.category),
      new Set(alternative.leaves.flatMap((leaf) => [...leaf.obligations, ...leaf.restrictions])).size,
    ];
  };
  const costA = cost(a);
  const costB = cost(b);
  for (let index = 0; index < costA.length; index++) {
    const difference = costA[index]! - costB[index]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

function hasChoice(node: ExpressionNode): boolean {
  return !isLeaf(node) && (node.conjunction === 'or' || hasChoice(node.left) || hasChoice(node.right));
}
