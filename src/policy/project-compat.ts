// Can a dependency's license be combined with the project's own (outbound) license in the stated context?
// OSADL's matrix answers where it holds both ids; the categories answer where it does not.
import { formatExpression, isLeaf, parseExpression, type ExpressionNode, type LicenseLeaf } from '../model/spdx-expression.js';
import type { Category, Severity } from '../model/index.js';
import { classifyExpression } from './classify.js';
import { compatibilityVerdict, getLicenseRecord, type CompatibilityVerdict } from './knowledge.js';
import type { Distribution } from './policy.js';

/** The project's outbound license: its single licenses (every one must be honoured), or none (all rights reserved). */
export interface ProjectLicense {
  /** As stated, or null when the project states none (then it is treated as proprietary). */
  expression: string | null;
  leaves: { license: string; category: Category }[];
}

export type CompatibilityCode = 'incompatible' | 'network-copyleft' | 'library-copyleft' | 'check-dependency';
export type CompatibilityBasis = 'osadl' | 'category' | 'context';

export type Compatibility =
  | { status: 'compatible'; basis: CompatibilityBasis; obligations?: boolean }
  | { status: 'problem'; code: CompatibilityCode; severity: Severity; basis: CompatibilityBasis; projectLicense: string; verdict: CompatibilityVerdict | null };

const PROPRIETARY_PROJECT = 'UNLICENSED';

export function projectLicenseOf(expression: string | null): ProjectLicense {
  const text = expression?.trim() ?? '';
  if (text === '' || /^UNLICEN[CS]ED$/i.test(text)) return { expression: text === '' ? null : text, leaves: [] };
  const node = parseExpression(text);
  if (!node) return { expression: text, leaves: [] };
  return { expression: text, leaves: leavesOf(node).map((leaf) => ({ license: matrixKey(leaf), category: classifyExpression(formatExpression(leaf)).category })) };
}

/**
 * The verdict for one dependency license (an expression leaf) against every license the project offers;
 * the worst one counts. `internal`: nothing leaves the organisation, everything is compatible. `saas`: only
 * licenses with a network clause (AGPL, SSPL…) are judged. `distributed`: every license is.
 */
export function compatibilityWithProject(leaf: string, project: ProjectLicense, distribution: Distribution): Compatibility {
  if (distribution === 'internal') return { status: 'compatible', basis: 'context' };
  const subordinate = describeLeaf(leaf);
  if (distribution === 'saas' && !subordinate.network) return { status: 'compatible', basis: 'context' };
  const leading = project.leaves.length > 0 ? project.leaves : [{ license: PROPRIETARY_PROJECT, category: 'proprietary' as Category }];
  const verdicts = leading.map((lead) => judgePair(lead, subordinate, distribution));
  return verdicts.reduce((worst, verdict) => (rank(verdict) > rank(worst) ? verdict : worst));
}

interface Subordinate {
  keys: string[];
  category: Category;
  network: boolean;
  libraryCopyleft: boolean;
}

function describeLeaf(leaf: string): Subordinate {
  const node = parseExpression(leaf);
  const classification = classifyExpression(leaf);
  const keys = node && isLeaf(node) ? [...new Set([matrixText(node), formatExpression(node)])] : [leaf];
  const base = node && isLeaf(node) ? getLicenseRecord(matrixKey(node)) : undefined;
  return {
    keys,
    category: classification.category,
    network: base?.flags.network === true || classification.obligations.includes('network-use-disclosure'),
    libraryCopyleft: classification.obligations.includes('same-license-library'),
  };
}

function judgePair(lead: { license: string; category: Category }, sub: Subordinate, distribution: Distribution): Compatibility {
  const problem = (code: CompatibilityCode, severity: Severity, basis: CompatibilityBasis, verdict: CompatibilityVerdict | null): Compatibility => ({
    status: 'problem',
    code: distribution === 'saas' && code === 'incompatible' ? 'network-copyleft' : code,
    severity,
    basis,
    projectLicense: lead.license,
    verdict,
  });
  if (sub.keys.includes(lead.license)) return { status: 'compatible', basis: 'category' };
  const verdict = sub.keys.map((key) => compatibilityVerdict(lead.license, key)).find((found) => found !== undefined);
  const leadIsCopyleft = lead.category === 'weak-copyleft' || lead.category === 'strong-copyleft';

  if (verdict === 'Same' || verdict === 'Yes') return { status: 'compatible', basis: 'osadl' };
  if (verdict === 'Check dependency') return problem('check-dependency', 'warning', 'osadl', verdict);
  if (verdict === 'No') {
    // OSADL's "No" asks whether the component can be relicensed; weak copyleft under a non-copyleft
    // leading license cannot, yet may be used unchanged with its obligations.
    if (sub.category === 'weak-copyleft' && !leadIsCopyleft) return libraryCase(sub, 'osadl', problem);
    return problem('incompatible', 'error', 'osadl', verdict);
  }
  switch (sub.category) {
    case 'permissive':
      return { status: 'compatible', basis: 'category' };
    case 'weak-copyleft':
      return leadIsCopyleft ? problem('check-dependency', 'warning', 'category', null) : libraryCase(sub, 'category', problem);
    case 'strong-copyleft':
      return lead.category === 'strong-copyleft' ? problem('check-dependency', 'warning', 'category', null) : problem('incompatible', 'error', 'category', null);
    default:
      // Source-available, proprietary, model and unknown terms are judged by the lists and their own rules;
      // a network clause among them (SSPL) still binds a service.
      return sub.network ? problem('incompatible', 'error', 'category', null) : { status: 'compatible', basis: 'category' };
  }
}

function libraryCase(
  sub: Subordinate,
  basis: CompatibilityBasis,
  problem: (code: CompatibilityCode, severity: Severity, basis: CompatibilityBasis, verdict: CompatibilityVerdict | null) => Compatibility,
): Compatibility {
  return sub.libraryCopyleft ? problem('library-copyleft', 'warning', basis, basis === 'osadl' ? 'No' : null) : { status: 'compatible', basis, obligations: true };
}

function rank(compatibility: Compatibility): number {
  if (compatibility.status === 'compatible') return 0;
  return compatibility.severity === 'error' ? 2 : 1;
}

function leavesOf(node: ExpressionNode): LicenseLeaf[] {
  return isLeaf(node) ? [node] : [...leavesOf(node.left), ...leavesOf(node.right)];
}

function matrixText(leaf: LicenseLeaf): string {
  return `${matrixKey(leaf)}${leaf.exception ? ` WITH ${leaf.exception}` : ''}`;
}

/** The id OSADL's matrix uses: `X+` is `X-or-later`, a bare deprecated GPL-family id is `X-only`. */
export function matrixKey(leaf: LicenseLeaf): string {
  if (leaf.plus) return getLicenseRecord(`${leaf.license}-or-later`) ? `${leaf.license}-or-later` : leaf.license;
  const record = getLicenseRecord(leaf.license);
  if (record?.flags.deprecated && getLicenseRecord(`${leaf.license}-only`)) return `${leaf.license}-only`;
  return leaf.license;
}

/** The matrix id of a license written as an expression leaf (`GPL-2.0+` -> `GPL-2.0-or-later`), with its exception. */
export function matrixIdOf(leafText: string): string {
  const node = parseExpression(leafText);
  return node && isLeaf(node) ? matrixText(node) : leafText;
}
