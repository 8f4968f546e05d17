// The few expression operations the matcher needs (the lint boundary keeps src/licenses/text from
// reaching up into src/licenses).

import parse from 'spdx-expression-parse';

/** The license ids of a valid SPDX expression, or null when it is not valid. */
export function licenseIdsOfExpression(expression: string): string[] | null {
  try {
    return collectIds(parse(expression));
  } catch {
    return null;
  }
}

function collectIds(node: parse.Info): string[] {
  return 'license' in node ? [node.license] : [...collectIds(node.left), ...collectIds(node.right)];
}

/** Joins expressions with one conjunction, without repeats, parenthesising compound operands. */
export function joinWith(parts: readonly string[], conjunction: 'AND' | 'OR'): string | null {
  const unique = [...new Set(parts)];
  if (unique.length <= 1) return unique[0] ?? null;
  return unique.map((part) => (/\s(?:AND|OR)\s/.test(part) ? `(${part})` : part)).join(` ${conjunction} `);
}
