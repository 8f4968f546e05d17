// Build time only (scripts/build-text-index.js, and the test that the committed index is current):
// the normalised reference texts -> the committed index files, with the matcher's own normaliser,
// hashing, name keys and matching, so that the index and the matcher always read texts alike.

import { wordsKey } from './fast-path.js';
import { encodeShingleTable, INDEX_FORMAT, type TextIndexHeader } from './index-file.js';
import { matchReferences } from './match-references.js';
import { tokenise } from './normalise.js';
import { buildShingleTable, countPhrases, loadReferences, referenceIndex, type ReferenceEntry } from './reference-index.js';
import { hashWord, shingleHashes } from './shingles.js';
import { buildNameTable, licenseNames, type StatementRules } from './statements.js';

export { tokenise };

export interface ReferenceText extends Omit<ReferenceEntry, 'shingleCount' | 'wordCount' | 'laterVersionMentions'> {
  words: string[];
}

/** The three files' content, uncompressed: the header JSON and the two binary shingle tables. */
export interface IndexFiles {
  header: Buffer;
  shingles: Buffer;
  scancodeShingles: Buffer;
}

export interface IndexSource {
  references: ReferenceText[];
  names: Record<string, string>;
  replacements: Record<string, string>;
  spdxLicenseListPackage: string;
  /** rules/license-statements.json: its "or later" phrases and name rules are applied here. */
  rules: StatementRules;
  /** Normalised wordings whose reference matches are precomputed (the fast path). */
  fastPathTexts: string[][];
}

/**
 * The files' content. Two shingle tables over one reference list: the main one (SPDX texts and
 * headers, model licenses) and the secondary one (ScanCode's texts), each posting the references'
 * global indexes, so that a tree whose texts the main table explains never loads the second.
 */
export function buildIndexFiles(source: IndexSource): IndexFiles {
  const { references, names, replacements, spdxLicenseListPackage, rules, fastPathTexts } = source;
  const { table, shingleCounts } = buildShingleTable(references.map((reference) => (reference.secondary ? [] : reference.words)));
  const secondary = buildShingleTable(references.map((reference) => (reference.secondary ? reference.words : [])));
  const entries: ReferenceEntry[] = references.map(({ words, ...reference }, at) => ({
    ...reference,
    shingleCount: reference.secondary ? secondary.shingleCounts[at]! : shingleCounts[at]!,
    wordCount: words.length,
    laterVersionMentions: countPhrases(words, rules.laterVersionPhrases),
  }));
  const index = referenceIndex(loadReferences(entries), table);
  const fastPath = new Map(fastPathTexts.map((words) => [wordsKey(words), matchReferences(index, shingleHashes(words.map(hashWord)), words.length)]));
  const header: TextIndexHeader = {
    format: INDEX_FORMAT,
    spdxLicenseListPackage,
    references: entries,
    names,
    replacements,
    nameKeys: buildNameTable(rules, licenseNames(entries, names), replacements, (text) => tokenise(text).words),
    shingles: { keyCount: table.keyLows.length, postingCount: table.postings.length },
    scancodeShingles: { keyCount: secondary.table.keyLows.length, postingCount: secondary.table.postings.length },
    fastPath: [...fastPath].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)),
  };
  return { header: Buffer.from(`${JSON.stringify(header)}\n`), shingles: encodeShingleTable(table), scancodeShingles: encodeShingleTable(secondary.table) };
}
