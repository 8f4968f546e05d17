import parse from 'spdx-expression-parse';

type Node = parse.Info;
type Leaf = parse.LicenseInfo;

/** What the SBOM writers need to know about one license expression. */
export interface ExpressionFacts {
  /** Canonical SPDX text: upper-case operators, parentheses only where precedence needs them. */
  text: string;
  /** The single license id when the expression is one bare id (no WITH, no +), else null. */
  single: string | null;
  /** Every LicenseRef-… the expression uses, sorted and deduplicated. */
  licenseRefs: string[];
}

// SPDX 2.3 idstring: letters, digits, "." and "-" only (the parser also lets "+" through).
const LICENSE_REF = /^LicenseRef-[A-Za-z0-9.-]+$/;

function isLeaf(node: Node): node is Leaf {
  return 'license' in node;
}

function format(node: Node): string {
  if (isLeaf(node)) return `${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`;
  const side = (child: Node): string =>
    !isLeaf(child) && child.conjunction === 'or' && node.conjunction === 'and' ? `(${format(child)})` : format(child);
  return `${side(node.left)} ${node.conjunction.toUpperCase()} ${side(node.right)}`;
}

function leaves(node: Node): Leaf[] {
  return isLeaf(node) ? [node] : [...leaves(node.left), ...leaves(node.right)];
}

/**
 * Parses an expression that may go into an SBOM as SPDX. Null when it is not valid SPDX 2.3 within one
 * document: a syntax error, an unknown id, a malformed LicenseRef or a DocumentRef (which would need an
 * external document reference licit does not write).
 */
export function analyseExpression(expression: string): ExpressionFacts | null {
  let node: Node;
  try {
    node = parse(expression);
  } catch {
    return null;
  }
  const ids = leaves(node).map((leaf) => leaf.license);
  if (ids.some((id) => id.startsWith('DocumentRef-') || (id.startsWith('LicenseRef-') && !LICENSE_REF.test(id)))) return null;
  const single = isLeaf(node) && !node.plus && !node.exception ? node.license : null;
  const licenseRefs = [...new Set(ids.filter((id) => id.startsWith('LicenseRef-')))].sort(compareText);
  return { text: format(node), single, licenseRefs };
}

/** Code-unit order: independent of the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
