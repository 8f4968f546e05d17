import type { Component, ComponentLicense, LicenseFileEvidence, Severity, TreeProblem } from '../model/index.js';
import { formatExpression, isLeaf, joinExpressions, licenseIdsOf, mapLeaves, parseExpression, type ExpressionNode } from '../model/spdx-expression.js';
import { LICIT_REFS, proprietaryRefFor } from '../licenses/license-ref.js';
import { getLicenseRecord } from './knowledge.js';
import { categoryRank, classifyExpression } from './classify.js';
import { relationOf, type RelationKind } from './relations.js';

/** A file identification counts as evidence for the conclusion from this confidence on. */
export const FILE_EVIDENCE_CONFIDENCE = 0.9;

const NOTICE_FILE = /(^|\/)notice[^/]*$/i;
/** A README's License section ("Licensed under the MIT license"): a statement, not a license text. */
const README_SECTION = /#license$/;
export const README_EVIDENCE_CONFIDENCE = 0.8;
/** The package's own license file: LICENSE, LICENCE, COPYING or UNLICENSE, with a plain text extension at most. */
const MAIN_LICENSE_FILE = /^(licen[cs]e|copying|unlicen[cs]e)(\.(md|markdown|txt|rst|html?))?$/i;

export interface Conclusion {
  license: ComponentLicense;
  /** The metadata problems given, with the severity the evidence settles, then the conclusion's own. */
  problems: TreeProblem[];
}

/** What the package's license files say, sorted into the package's own terms and what it bundles. */
interface FileReading {
  /** Licenses of the package's own terms (main files, `terms` parts). */
  terms: string | null;
  /** Licenses of bundled third-party code: `bundled-notice` parts, and side files (`LICENSE.esprima`) beside a main file. */
  bundled: string[];
  /** Text no known license explains. */
  unrecognised: { file: string; license: string; startLine: number; endLine: number }[];
  /** Proprietary licenses recognised anywhere in the files (a vendor's EULA), by id. */
  proprietary: string[];
}

type Mismatch = 'file-more-restrictive' | 'metadata-more-restrictive' | 'same-terms' | 'different-terms';

/**
 * The concluded license of a package from its metadata and its license files. Metadata that is missing or
 * unusable gives way to the files, and an ambiguous spelling ("BSD") to a confident file; when both speak and
 * disagree, both are kept, the more restrictive reading is concluded, and a `declared-file-mismatch` says
 * which way (`info` when the two are variants of equal terms). Licenses the files bundle and text no license
 * explains are always added (AND): a file can never conclude more permissive than what it says.
 */
export function concludeLicense(component: Component, metadataProblems: readonly TreeProblem[] = []): Conclusion {
  const { license } = component;
  const files = readFiles(license.files);
  const problems = metadataProblems.map((problem) => ({ ...problem }));
  const own = unrecognisedProblems(component, files);
  const extras = (base: string | null): string[] => [...uncovered(base, files.bundled), ...files.unrecognised.map((part) => part.license)];

  // `SEE LICENSE IN <file>`: the file is the license; what it leaves unexplained is still reported.
  if (license.source === 'file' && license.expression) {
    return { license: { ...license, expression: withParts(license.expression, files.unrecognised.map((part) => part.license)) }, problems: [...problems, ...own] };
  }

  let metadata = namedProprietary(license.expression, component.name, files);
  const settled = settleCorrections(problems, files.terms);
  if (settled) metadata = settled;
  for (const problem of problems) if (problem.code === 'corrected' && problem.args.certainty === 'exact') problem.severity = 'info';

  if (!metadata || isUnusable(metadata)) {
    // A value licit could not read is settled when a confident license file says what the license is.
    if (files.terms) for (const problem of problems) if (problem.code === 'not-spdx') problem.severity = 'info';
    const parts = [...(files.terms ? [files.terms] : []), ...extras(files.terms)];
    const concluded = parts.length > 0 ? andJoin(parts) : null;
    if (!concluded) return { license, problems: [...problems, ...own] };
    return { license: { ...license, expression: concluded, source: 'file' }, problems: [...problems, ...own] };
  }
  const usedFiles = files.terms !== null || files.bundled.length > 0 || files.unrecognised.length > 0;
  const source = usedFiles ? 'metadata+file' : license.source;
  if (!files.terms || agrees(metadata, files.terms)) {
    const added = extras(metadata);
    const concluded = added.length > 0 ? andJoin([metadata, ...added]) : metadata;
    return { license: { ...license, expression: concluded, source }, problems: [...problems, ...own] };
  }

  // A file license that is a variant of a declared one (rules/license-relations.json) reads as the declared one.
  const related = asDeclaredVariants(metadata, files.terms);
  const onlyVariants = related.relation !== null && agrees(metadata, related.files);
  const mismatch = compareReadings(metadata, onlyVariants ? files.terms : related.files);
  const concluded = andJoin([mismatch.concluded, ...extras(mismatch.concluded)]);
  const problem: TreeProblem = {
    rule: 'declared-file-mismatch',
    code: mismatch.code,
    package: component.ref,
    path: component.paths[0] ?? '',
    args: { declared: metadata, files: files.terms, concluded, relation: related.relation },
    ...(onlyVariants ? { severity: 'info' as Severity } : {}),
  };
  return { license: { ...license, expression: concluded, source }, problems: [...problems, ...own, problem] };
}

function readFiles(evidence: readonly LicenseFileEvidence[]): FileReading {
  const hasMainFile = evidence.some((file) => MAIN_LICENSE_FILE.test(file.path));
  // With no main file, files named after their own license (LICENSE-MIT + LICENSE-APACHE) offer a choice.
  const alternatives = hasMainFile ? [] : evidence.filter((file) => namedAfterItsLicense(file));
  const choice = alternatives.length >= 2 ? new Set(alternatives.map((file) => file.path)) : new Set<string>();
  const offered: string[] = [];
  const terms: string[] = [];
  const bundled: string[] = [];
  const unrecognised: FileReading['unrecognised'] = [];
  for (const file of evidence) {
    if (NOTICE_FILE.test(file.path)) continue;
    const readme = README_SECTION.test(file.path);
    const bar = readme ? README_EVIDENCE_CONFIDENCE : FILE_EVIDENCE_CONFIDENCE;
    const side = hasMainFile && !readme && !MAIN_LICENSE_FILE.test(file.path);
    if (file.parts && file.parts.length > 0 && file.expression !== null && !readme) {
      const own = file.parts.filter((part) => part.role === 'terms');
      for (const part of file.parts) {
        // Unexplained text counts whatever the file's confidence: it can only make the reading stricter.
        if (part.role === 'unrecognised') unrecognised.push({ file: file.path, license: part.license, startLine: part.startLine, endLine: part.endLine });
        else if (part.role === 'bundled-notice' && part.confidence >= bar) bundled.push(part.license);
      }
      // The file's own terms keep the choice its text offers (`MIT OR Apache-2.0`): the expression without the other parts.
      const ownTerms = own.length > 0 && own.every((part) => part.confidence >= bar) ? termsOf(file.expression, new Set(own.map((part) => part.license))) : null;
      if (ownTerms) (side ? bundled : choice.has(file.path) ? offered : terms).push(ownTerms);
    } else if (file.expression !== null && (file.confidence ?? 0) >= bar) {
      (side ? bundled : choice.has(file.path) ? offered : terms).push(file.expression);
    }
  }
  if (offered.length > 0) terms.push(joinExpressions([...new Set(offered)].sort(), 'OR')!);
  const all = [...terms, ...bundled].flatMap(idsOf);
  return {
    terms: joinExpressions([...new Set(terms)].sort(), 'AND'),
    bundled: [...new Set(bundled)].sort(),
    unrecognised,
    proprietary: [...new Set(all.filter((id) => getLicenseRecord(id)?.category === 'proprietary' && !id.startsWith(LICIT_REFS.proprietary)))].sort(),
  };
}

/** `LICENSE-MIT`, `LICENSE.APACHE2`: a file whose name ends with the license its text is (`v` before digits ignored). */
function namedAfterItsLicense(file: LicenseFileEvidence): boolean {
  if (!file.expression) return false;
  const suffix = /^(?:licen[cs]e|copying)[-._](.+?)(?:\.(?:md|markdown|txt|rst))?$/i.exec(file.path)?.[1];
  if (!suffix) return false;
  const key = (text: string): string => text.toLowerCase().replace(/v(?=\d)/g, '').replace(/[^a-z0-9]/g, '');
  const ids = idsOf(file.expression);
  return ids.length === 1 && key(ids[0]!).startsWith(key(suffix));
}

/** The part of an expression that names only the given licenses (the others' leaves pruned), or null. */
function termsOf(expression: string, licenses: ReadonlySet<string>): string | null {
  const node = parseExpression(expression);
  if (!node) return null;
  const prune = (current: ExpressionNode): ExpressionNode | null => {
    if (isLeaf(current)) return licenses.has(formatExpression(current)) || licenses.has(current.license) ? current : null;
    const left = prune(current.left);
    const right = prune(current.right);
    if (left && right) return { conjunction: current.conjunction, left, right };
    return left ?? right;
  };
  const pruned = prune(node);
  return pruned ? formatExpression(pruned) : null;
}

/**
 * Commercial terms stated in package.json are named by what the files recognise (a vendor EULA's id), else
 * `LicenseRef-licit-proprietary-<package>`.
 */
function namedProprietary(expression: string | null, packageName: string, files: FileReading): string | null {
  if (!expression || !expression.includes(LICIT_REFS.proprietary)) return expression;
  // "Commercial" (or a vendor URL) beside the vendor's recognised terms: the files say what the terms are.
  if (expression === LICIT_REFS.proprietary && files.proprietary.length > 0) return files.terms ?? files.proprietary.join(' AND ');
  const node = parseExpression(expression);
  if (!node) return expression;
  const name = files.proprietary.length > 0 ? files.proprietary.join(' AND ') : proprietaryRefFor(packageName);
  const renamed = formatExpression(mapLeaves(node, (leaf) => (leaf.license === LICIT_REFS.proprietary ? { license: name } : leaf)));
  return parseExpression(renamed) ? renamed : expression;
}

/**
 * An ambiguous spelling ("BSD") yields to a confident file of its family; a guess a confident file confirms is
 * settled. Both become `info`. Returns the expression the file settles the metadata to, if any.
 */
function settleCorrections(problems: TreeProblem[], fileTerms: string | null): string | null {
  if (!fileTerms) return null;
  let settled: string | null = null;
  for (const problem of problems) {
    if (problem.code !== 'corrected') continue;
    const { certainty, family, to } = problem.args;
    if (certainty === 'ambiguous' && typeof family === 'string') {
      const pattern = new RegExp(family);
      if (idsOf(fileTerms).every((id) => pattern.test(id))) {
        problem.severity = 'info';
        problem.args = { ...problem.args, settledBy: fileTerms };
        settled = fileTerms;
      }
    } else if (certainty === 'guess' && typeof to === 'string' && agrees(to, fileTerms)) {
      problem.severity = 'info';
    }
  }
  return settled;
}

function unrecognisedProblems(component: Component, files: FileReading): TreeProblem[] {
  return files.unrecognised.map((part) => ({
    rule: 'unknown-license',
    code: 'unrecognised-text',
    package: component.ref,
    path: component.paths[0] ?? '',
    args: { file: part.file, startLine: part.startLine, endLine: part.endLine, ref: part.license },
  }));
}

/** Which reading asks more: by category, then by terms (obligations and restrictions). */
function compareReadings(metadata: string, files: string): { code: Mismatch; concluded: string } {
  const fromMetadata = classifyExpression(metadata);
  const fromFiles = classifyExpression(files);
  const byCategory = categoryRank(fromFiles.category) - categoryRank(fromMetadata.category);
  if (byCategory !== 0) return byCategory > 0 ? { code: 'file-more-restrictive', concluded: files } : { code: 'metadata-more-restrictive', concluded: metadata };
  const metadataTerms = new Set([...fromMetadata.obligations, ...fromMetadata.restrictions]);
  const fileTerms = new Set([...fromFiles.obligations, ...fromFiles.restrictions]);
  const fileHasAll = [...metadataTerms].every((term) => fileTerms.has(term));
  const metadataHasAll = [...fileTerms].every((term) => metadataTerms.has(term));
  if (fileHasAll && metadataHasAll) {
    // Equal terms: the files' reading when it only adds licenses to the metadata's (their notices are due too).
    const declared = new Set(idsOf(metadata).map(family));
    return { code: 'same-terms', concluded: idsOf(files).length > declared.size && [...declared].every((id) => idsOf(files).map(family).includes(id)) ? files : metadata };
  }
  if (fileHasAll) return { code: 'file-more-restrictive', concluded: files };
  if (metadataHasAll) return { code: 'metadata-more-restrictive', concluded: metadata };
  // Neither asks all the other asks: both readings' terms apply.
  return { code: 'different-terms', concluded: andJoin([metadata, files]) };
}

/** The files' expression with each license related to a declared one replaced by it, and the relation used. */
function asDeclaredVariants(metadata: string, files: string): { files: string; relation: RelationKind | null } {
  const node = parseExpression(files);
  if (!node) return { files, relation: null };
  const declared = idsOf(metadata);
  const kinds = new Set<RelationKind>();
  const mapped = mapLeaves(node, (leaf) => {
    if (declared.some((id) => family(id) === family(leaf.license))) return leaf;
    for (const id of declared) {
      const kind = relationOf(leaf.license, id);
      if (kind) {
        kinds.add(kind);
        return { license: id };
      }
    }
    return leaf;
  });
  if (kinds.size === 0) return { files, relation: null };
  return { files: formatExpression(mapped), relation: kinds.has('same-family') ? 'same-family' : 'near-variant' };
}

/** Joins with AND, each part in its canonical form (no doubled parentheses), each license once. */
function andJoin(parts: readonly string[]): string {
  const formatted = parts.map((part) => {
    const node = parseExpression(part);
    return node ? formatExpression(node) : part;
  });
  return joinExpressions(formatted, 'AND')!;
}

/** Licenses not already named (by family) in the base expression. */
function uncovered(base: string | null, expressions: readonly string[]): string[] {
  const named = new Set((base ? idsOf(base) : []).map(family));
  return expressions.filter((expression) => !idsOf(expression).every((id) => named.has(family(id))));
}

function withParts(expression: string, refs: readonly string[]): string {
  const named = new Set(idsOf(expression));
  const added = refs.filter((ref) => !named.has(ref));
  return added.length > 0 ? andJoin([expression, ...added]) : expression;
}

/**
 * Metadata that names no license licit can judge: an unrecognised `SEE LICENSE IN` text, a value licit had to
 * mint an id for (its own ids with a record in rules/, such as UNLICENSED, still count), or a package's own
 * `LicenseRef-…` with no record (`LicenseRef-LICENSE`: "see the file").
 */
function isUnusable(expression: string): boolean {
  return expression === LICIT_REFS.seeLicenseFile || (expression.startsWith('LicenseRef-') && !/\s/.test(expression) && !getLicenseRecord(expression));
}

/** Files agree when every license they state is one the metadata names (GPL -only/-or-later alike). */
function agrees(metadata: string, files: string): boolean {
  const declared = new Set(idsOf(metadata).map(family));
  return idsOf(files).every((id) => declared.has(family(id)));
}

function idsOf(expression: string): string[] {
  const node = parseExpression(expression);
  return node ? licenseIdsOf(node) : [expression];
}

/** Identical reference texts cannot tell `-only` from `-or-later`: compare the license family. */
function family(id: string): string {
  return id.replace(/(-only|-or-later|\+)$/, '');
}
