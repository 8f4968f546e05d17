// OR choices made for the whole tree: each package's pick alone (the least burden under the policy) can
// still clash with the rest of the tree (`EPL-2.0 OR GPL-3.0-or-later` beside GPL-3.0 code: EPL-2.0 is the
// lighter pick alone, and conflicts with every GPL-3.0 package). A small search over the OR-licensed packages
// looks for the picks that bring the fewest problems in all; a conflict stays only when no pick avoids it.
import type { Finding } from '../model/index.js';
import type { ExpressionJudgement, JudgeContext } from './judge-expression.js';
import { leafProblems } from './judge-expression.js';
import { cannotCombine } from './conflicts.js';
import { matrixIdOf } from './project-compat.js';
import { byKey } from '../model/order.js';

/** Alternatives weighed per expression. */
export const MAX_ALTERNATIVES = 8;
/** Assignments tried one by one; past this, one package's pick changes at a time until nothing improves. */
const EXHAUSTIVE_LIMIT = 256;
const MAX_PASSES = 4;

export interface JudgedEntry {
  judgement: ExpressionJudgement;
  shipped: boolean;
}

export interface JointChoiceOptions<E extends JudgedEntry> {
  /** Every alternative of an expression (the policy's pick first), judged for a shipped package. */
  alternatives(expression: string): ExpressionJudgement[];
  /** The license-conflict findings (with the severity the policy gives them) of the tree as judged. */
  conflicts(entries: readonly E[]): Finding[];
  rules: JudgeContext['rules'];
}

interface Group {
  indices: number[];
  alternatives: ExpressionJudgement[];
}

interface Cost {
  errors: number;
  warnings: number;
  /** Conflicts among them: between picks with as many problems, the one that reports fewer conflicts. */
  conflicts: number;
  /** How far the picks stray from each package's own best (the sum of alternative ranks): less is better. */
  stray: number;
}

/**
 * The entries with their OR picks changed where that lowers the problems of the whole tree, and the indices
 * of the entries whose pick changed. Only shipped packages whose alternatives can take part in a conflict
 * are searched: the others' picks cannot change any conflict.
 */
export function chooseJointly<E extends JudgedEntry>(entries: readonly E[], options: JointChoiceOptions<E>): { entries: E[]; changed: Set<number> } {
  const groups = searchableGroups(entries, options);
  const unchanged = { entries: [...entries], changed: new Set<number>() };
  if (groups.length === 0) return unchanged;

  const apply = (picks: readonly number[]): E[] => {
    const next = [...entries];
    groups.forEach((group, index) => {
      for (const entry of group.indices) next[entry] = { ...entries[entry]!, judgement: group.alternatives[picks[index]!]! };
    });
    return next;
  };
  const costOf = (picks: readonly number[]): Cost => {
    const cost: Cost = { errors: 0, warnings: 0, conflicts: 0, stray: 0 };
    groups.forEach((group, index) => {
      const pick = picks[index]!;
      cost.stray += pick * group.indices.length;
      for (const leaf of group.alternatives[pick]!.leaves) {
        const problems = leafProblems(leaf, options.rules);
        cost.errors += problems.errors * group.indices.length;
        cost.warnings += problems.warnings * group.indices.length;
      }
    });
    for (const finding of options.conflicts(apply(picks))) {
      cost.conflicts++;
      if (finding.severity === 'error') cost.errors++;
      else cost.warnings++;
    }
    return cost;
  };

  let best = groups.map(() => 0);
  let bestCost = costOf(best);
  const initialCost = bestCost;
  const assignments = groups.reduce((product, group) => product * group.alternatives.length, 1);
  if (assignments <= EXHAUSTIVE_LIMIT) {
    for (let number = 1; number < assignments; number++) {
      const picks = digits(number, groups);
      const cost = costOf(picks);
      if (better(cost, bestCost)) [best, bestCost] = [picks, cost];
    }
  } else {
    for (let pass = 0, improved = true; pass < MAX_PASSES && improved; pass++) {
      improved = false;
      groups.forEach((group, index) => {
        for (let pick = 0; pick < group.alternatives.length; pick++) {
          if (pick === best[index]) continue;
          const picks = best.map((current, at) => (at === index ? pick : current));
          const cost = costOf(picks);
          if (better(cost, bestCost)) [best, bestCost, improved] = [picks, cost, true];
        }
      });
    }
  }
  if (!better(bestCost, initialCost)) return unchanged;
  const changed = new Set(groups.flatMap((group, index) => (best[index] === 0 ? [] : group.indices)));
  return { entries: apply(best), changed };
}

/** Shipped OR-licensed packages grouped by expression (one pick per expression), kept when a pick can matter to a conflict. */
function searchableGroups<E extends JudgedEntry>(entries: readonly E[], options: JointChoiceOptions<E>): Group[] {
  const byExpression = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    const { expression, choiceOffered } = entry.judgement;
    if (!entry.shipped || !choiceOffered || expression === null) return;
    byExpression.set(expression, [...(byExpression.get(expression) ?? []), index]);
  });
  const candidates = [...byExpression]
    .sort(byKey)
    .map(([expression, indices]) => ({ indices, alternatives: options.alternatives(expression) }))
    .filter((group) => group.alternatives.length > 1);
  if (candidates.length === 0) return [];

  const treeLicenses = new Set<string>();
  for (const entry of entries) if (entry.shipped) for (const leaf of entry.judgement.leaves) treeLicenses.add(matrixIdOf(leaf.license));
  for (const group of candidates) for (const alternative of group.alternatives) for (const leaf of alternative.leaves) treeLicenses.add(matrixIdOf(leaf.license));
  const clashes = (license: string): boolean => [...treeLicenses].some((other) => other !== license && cannotCombine(license, other));
  return candidates.filter((group) => group.alternatives.some((alternative) => alternative.leaves.some((leaf) => clashes(matrixIdOf(leaf.license)))));
}

/** The `number`th assignment: one pick per group, as the digits of a mixed-radix number. */
function digits(number: number, groups: readonly Group[]): number[] {
  let rest = number;
  return groups.map((group) => {
    const digit = rest % group.alternatives.length;
    rest = Math.floor(rest / group.alternatives.length);
    return digit;
  });
}

function better(a: Cost, b: Cost): boolean {
  for (const key of ['errors', 'warnings', 'conflicts', 'stray'] as const) if (a[key] !== b[key]) return a[key] < b[key];
  return false;
}
