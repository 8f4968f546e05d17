// SPDX license expressions, the one place they are parsed, taken apart, written and joined (identify,
// policy, the model walker, the matcher and the SBOM writers all use these).
import parse from 'spdx-expression-parse';
import { compareText } from './order.js';

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

/** Serialises a parsed expression back to SPDX text: upper-case operators, parentheses only where precedence needs them. */
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

/** The license ids of an expression in order of appearance, or null when it is not valid SPDX. */
export function licenseIdsOfExpression(expression: string): string[] | null {
  const node = parseExpression(expression);
  return node ? licenseIdsOf(node) : null;
}

/** Joins expressions with one conjunction, without repeats, parenthesising compound operands. */
export function joinExpressions(parts: readonly string[], conjunction: 'AND' | 'OR'): string | null {
  const unique = [...new Set(parts)];
  if (unique.length === 0) return null;
  if (unique.length === 1) return unique[0]!;
  return unique.map((part) => (/\s(AND|OR)\s/.test(part) ? `(${part})` : part)).join(` ${conjunction} `);
}

/** What the SBOM writers need to know about one license expression. */
export interface ExpressionFacts {
  /** Canonical SPDX text (formatExpression). */
  text: string;
  /** The single license id when the expression is one bare id (no WITH, no +), else null. */
  single: string | null;
  /** Every LicenseRef-… the expression uses, sorted and deduplicated. */
  licenseRefs: string[];
}

// SPDX 2.3 idstring: letters, digits, "." and "-" only (the parser also lets "+" through).
const LICENSE_REF = /^LicenseRef-[A-Za-z0-9.-]+$/;

/**
 * Reads an expression that may go into an SBOM as SPDX. Null when it is not valid SPDX 2.3 within one
 * document: a syntax error, an unknown id, a malformed LicenseRef or a DocumentRef (which would need an
 * external document reference licit does not write).
 */
export function analyseExpression(expression: string): ExpressionFacts | null {
  const node = parseExpression(expression);
  if (!node) return null;
  const ids = licenseIdsOf(node);
  if (ids.some((id) => id.startsWith('DocumentRef-') || (id.startsWith('LicenseRef-') && !LICENSE_REF.test(id)))) return null;
  const single = isLeaf(node) && !node.plus && !node.exception ? node.license : null;
  const licenseRefs = [...new Set(ids.filter((id) => id.startsWith('LicenseRef-')))].sort(compareText);
  return { text: formatExpression(node), single, licenseRefs };
}
