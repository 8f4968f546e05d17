// An SPDX expression -> one category with the obligations and restrictions it brings, read from rules/.
// AND combines (most restrictive category, union of terms); OR offers a choice (here: the least
// restrictive alternative; a policy-aware choice is the evaluator's job); WITH applies an exception.
import { CATEGORIES, type Category } from '../model/types.js';
import { formatExpression, isLeaf, parseExpression, type ExpressionNode, type LicenseLeaf } from '../model/spdx-expression.js';
import { getExceptionRecord, getLicenseRecord, type LicenseRecord } from './knowledge.js';
import { LICIT_REFS } from '../licenses/license-ref.js';

/** Categories from least to most restrictive (the design's order for AND). */
export const CATEGORY_ORDER: readonly Category[] = CATEGORIES;

export function categoryRank(category: Category): number {
  return CATEGORY_ORDER.indexOf(category);
}

export function mostRestrictive(a: Category, b: Category): Category {
  return categoryRank(a) >= categoryRank(b) ? a : b;
}

export interface Classification {
  category: Category;
  obligations: string[];
  restrictions: string[];
  /** The licenses the classification rests on (for OR, the chosen alternative), as SPDX leaf text. */
  licenses: string[];
}


const cache = new Map<string, Classification>();

/** Classifies an SPDX expression; null, unparsable text or an unknown id classify as `unknown`. */
export function classifyExpression(expression: string | null): Classification {
  const key = expression?.trim() ?? '';
  let result = cache.get(key);
  if (!result) {
    const node = key === '' ? null : parseExpression(key);
    result = node ? classifyNode(node) : fromRecord(unknownRecord(), key === '' ? [] : [key]);
    cache.set(key, result);
  }
  return { ...result, obligations: [...result.obligations], restrictions: [...result.restrictions], licenses: [...result.licenses] };
}

function classifyNode(node: ExpressionNode): Classification {
  if (isLeaf(node)) return classifyLeaf(node);
  const left = classifyNode(node.left);
  const right = classifyNode(node.right);
  return node.conjunction === 'and' ? combine(left, right) : choose(left, right);
}

function combine(a: Classification, b: Classification): Classification {
  return {
    category: mostRestrictive(a.category, b.category),
    obligations: sortedUnion(a.obligations, b.obligations),
    restrictions: sortedUnion(a.restrictions, b.restrictions),
    licenses: [...new Set([...a.licenses, ...b.licenses])],
  };
}

/** The less restrictive alternative; on a tie, the one with fewer terms; then the first. */
function choose(a: Classification, b: Classification): Classification {
  const byCategory = categoryRank(a.category) - categoryRank(b.category);
  if (byCategory !== 0) return byCategory < 0 ? a : b;
  const terms = (c: Classification): number => c.obligations.length + c.restrictions.length;
  return terms(b) < terms(a) ? b : a;
}

function classifyLeaf(leaf: LicenseLeaf): Classification {
  const text = formatExpression(leaf);
  const base = baseRecord(leaf);
  if (!base) return fromRecord(unknownRecord(), [text]);
  const exception = leaf.exception ? getExceptionRecord(leaf.exception) : undefined;
  if (!exception?.exception) return fromRecord(base, [text]);

  const { relaxes, adds, lowersTo } = exception.exception;
  const relaxed = base.obligations.filter((term) => relaxes.includes(term));
  if (relaxed.length === 0) return fromRecord(base, [text]);
  const lowered = lowersTo && categoryRank(base.category) > categoryRank(lowersTo) ? lowersTo : base.category;
  return {
    category: lowered,
    obligations: sortedUnion(base.obligations.filter((term) => !relaxes.includes(term)), adds),
    restrictions: [...base.restrictions],
    licenses: [text],
  };
}

/** `X+` means "X or any later version": the `X-or-later` record where one exists, else X's own. */
function baseRecord(leaf: LicenseLeaf): LicenseRecord | undefined {
  const orLater = leaf.plus ? getLicenseRecord(`${leaf.license}-or-later`) : undefined;
  return orLater ?? getLicenseRecord(leaf.license);
}

function unknownRecord(): LicenseRecord {
  const record = getLicenseRecord(LICIT_REFS.unknown);
  if (!record) throw new Error(`rules/licit-licenses.json lacks ${LICIT_REFS.unknown}`);
  return record;
}

function fromRecord(record: LicenseRecord, licenses: string[]): Classification {
  return {
    category: record.category,
    obligations: [...record.obligations],
    restrictions: [...record.restrictions],
    licenses,
  };
}

function sortedUnion(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
