import parse from 'spdx-expression-parse';

export type ExpressionNode = parse.Info;
export type LicenseLeaf = parse.LicenseInfo;

const parsed = new Map<string, ExpressionNode | null>();
const MAX_REMEMBERED = 10_000;

/**
 * Parses an SPDX expression; null when it is not valid SPDX. A tree's thousands of packages share
 * a few dozen expressions, each parsed several times over (conclude, classify, policy), so results
 * are remembered; they are frozen, since every caller shares them.
 */
export function parseExpression(expression: string): ExpressionNode | null {
  const known = parsed.get(expression);
  if (known !== undefined) return known;
  let node: ExpressionNode | null;
  try {
    node = deepFreeze(parse(expression));
  } catch {
    node = null;
  }
  if (parsed.size >= MAX_REMEMBERED) parsed.clear();
  parsed.set(expression, node);
  return node;
}

function deepFreeze(node: ExpressionNode): ExpressionNode {
  if (!isLeaf(node)) {
    deepFreeze(node.left);
    deepFreeze(node.right);
  }
  return Object.freeze(node);
}

export function isLeaf(node: ExpressionNode): node is LicenseLeaf {
  return 'license' in node;
}

/** Serialises a parsed expression back to SPDX text, parenthesising only where precedence needs it. */
export function formatExpression(node: ExpressionNode): string {
  if (isLeaf(node)) {
    return `${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`;
  }
  const side = (child: ExpressionNode): string =>
    !isLeaf(child) && child.conjunction === 'or' && node.conjunction === 'and' ? `(${formatExpression(child)})` : formatExpression(child);
  return `${side(node.left)} ${node.conjunction.toUpperCase()} ${side(node.right)}`;
}

/** Rebuilds the tree with each leaf passed through `mapLeaf`. */
export function mapLeaves(node: ExpressionNode, mapLeaf: (leaf: LicenseLeaf) => LicenseLeaf): ExpressionNode {
  if (isLeaf(node)) return mapLeaf(node);
  return { conjunction: node.conjunction, left: mapLeaves(node.left, mapLeaf), right: mapLeaves(node.right, mapLeaf) };
}

/** Every license id (and LicenseRef) in the expression, in order of appearance. */
export function licenseIdsOf(node: ExpressionNode): string[] {
  if (isLeaf(node)) return [node.license];
  return [...licenseIdsOf(node.left), ...licenseIdsOf(node.right)];
}

/** Joins expressions with a conjunction, parenthesising compound operands. */
export function joinExpressions(parts: string[], conjunction: 'AND' | 'OR'): string | null {
  const unique = [...new Set(parts)];
  if (unique.length === 0) return null;
  if (unique.length === 1) return unique[0]!;
  return unique.map((part) => (/\s(AND|OR)\s/.test(part) ? `(${part})` : part)).join(` ${conjunction} `);
}
