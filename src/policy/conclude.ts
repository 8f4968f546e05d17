import type { Component, ComponentLicense, TreeProblem } from '../model/index.js';
import { joinExpressions, licenseIdsOf, parseExpression } from '../licenses/expression.js';
import { LICIT_REFS } from '../licenses/license-ref.js';
import { getLicenseRecord } from './knowledge.js';
import { categoryRank, classifyExpression } from './classify.js';

/** A file identification counts as evidence for the conclusion from this confidence on. */
export const FILE_EVIDENCE_CONFIDENCE = 0.9;

const NOTICE_FILE = /(^|\/)notice[^/]*$/i;
/** A README's License section ("Licensed under the MIT license"): a statement, not a license text. */
const README_SECTION = /#license$/;
export const README_EVIDENCE_CONFIDENCE = 0.8;

export interface Conclusion {
  license: ComponentLicense;
  problems: TreeProblem[];
}

/**
 * The concluded license of a package from its metadata and its license files. Metadata that is
 * missing or unusable gives way to the files; when both speak and disagree, both are kept, the
 * more restrictive reading is concluded, and a `declared-file-mismatch` problem says so.
 */
export function concludeLicense(component: Component): Conclusion {
  const { license } = component;
  const fileExpression = expressionFromFiles(license);
  if (!fileExpression) return { license, problems: [] };

  const metadata = license.expression;
  if (!metadata || isUnusable(metadata)) {
    return { license: { ...license, expression: fileExpression, source: 'file' }, problems: [] };
  }
  if (license.source === 'file') return { license, problems: [] };
  if (agrees(metadata, fileExpression)) return { license: { ...license, source: 'metadata+file' }, problems: [] };

  const stricter = categoryRank(classifyExpression(fileExpression).category) > categoryRank(classifyExpression(metadata).category);
  const concluded = stricter ? fileExpression : metadata;
  return {
    license: { ...license, expression: concluded, source: 'metadata+file' },
    problems: [
      {
        rule: 'declared-file-mismatch',
        code: stricter ? 'files-more-restrictive' : 'metadata-more-restrictive',
        package: component.ref,
        path: component.paths[0] ?? '',
        args: { declared: metadata, files: fileExpression, concluded },
      },
    ],
  };
}

/** The licenses the package's own license files state (NOTICE files only add to them). */
function expressionFromFiles(license: ComponentLicense): string | null {
  const confident = license.files.filter(
    (file) =>
      file.expression !== null &&
      (file.confidence ?? 0) >= (README_SECTION.test(file.path) ? README_EVIDENCE_CONFIDENCE : FILE_EVIDENCE_CONFIDENCE) &&
      !NOTICE_FILE.test(file.path),
  );
  return joinExpressions(confident.map((file) => file.expression!).sort(), 'AND');
}

/**
 * Metadata that names no license licit can judge: an unrecognised `SEE LICENSE IN` text, or a value
 * licit had to mint an id for (its own ids with a record in rules/, such as UNLICENSED, still count).
 */
function isUnusable(expression: string): boolean {
  return expression === LICIT_REFS.seeLicenseFile || (expression.startsWith('LicenseRef-licit-') && !getLicenseRecord(expression));
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
