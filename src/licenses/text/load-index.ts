// The only file reading of the matcher's knowledge: the committed index header and the statement
// rules, loaded once on first use, and the shingle table, loaded only when a text misses the fast
// path (a tree of the usual MIT / ISC / Apache files never needs it).

import { readRules, readTextIndexFile, type TextIndexFile } from '../../knowledge/index.js';
import { compileAccountingRules, type CompiledAccountingRules } from './accounting.js';
import { decodeShingleTable, INDEX_FORMAT, type TextIndexHeader } from './index-file.js';
import type { ReferenceMatch } from './match-references.js';
import { loadReferences, referenceIndex, type Reference, type ReferenceIndex } from './reference-index.js';
import { compileStatementRules, licenseNames, nameResolver, type CompiledStatementRules, type NameResolver, type StatementRules } from './statements.js';

export interface TextMatcher {
  references: Reference[];
  /** The shingle index over `references`, loaded on first call. */
  shingleIndex(): ReferenceIndex;
  /** The index of ScanCode's texts (references marked `secondary`), loaded on first call. */
  scancodeIndex(): ReferenceIndex;
  /** wordsKey(words) -> the reference matches of those words, precomputed. */
  fastPath: Map<string, ReferenceMatch[]>;
  rules: StatementRules;
  compiledRules: CompiledStatementRules;
  accounting: CompiledAccountingRules;
  resolver: NameResolver;
  /** SPDX license ids (not deprecated). */
  spdxIds: Set<string>;
}

const SHINGLE_TABLES = { main: 'shingles.bin.br', scancode: 'shingles-scancode.bin.br' } as const satisfies Record<string, TextIndexFile>;

/** Which shingle table: the main one or ScanCode's. */
export type ShingleTablePart = keyof typeof SHINGLE_TABLES;

let loaded: TextMatcher | undefined;

export function textMatcher(): TextMatcher {
  loaded ??= createTextMatcher(
    readTextIndexFile('index.json.br'),
    (part) => readTextIndexFile(SHINGLE_TABLES[part]),
    readRules('license-statements.json'),
  );
  return loaded;
}

/** `header` and `shingles(part)`: the decompressed content of the files of rules/text-index. */
export function createTextMatcher(header: Buffer, shingles: (part: ShingleTablePart) => Buffer, rules: StatementRules): TextMatcher {
  const parsed = JSON.parse(header.toString('utf8')) as TextIndexHeader;
  if (parsed.format !== INDEX_FORMAT) throw new Error(`rules/text-index: format ${parsed.format}, expected ${INDEX_FORMAT}: rebuild it`);
  const references = loadReferences(parsed.references);
  let index: ReferenceIndex | undefined;
  let scancode: ReferenceIndex | undefined;
  return {
    references,
    shingleIndex: () => (index ??= referenceIndex(references, decodeShingleTable(shingles('main'), parsed.shingles))),
    scancodeIndex: () => (scancode ??= referenceIndex(references, decodeShingleTable(shingles('scancode'), parsed.scancodeShingles))),
    fastPath: new Map(parsed.fastPath),
    rules,
    compiledRules: compileStatementRules(rules),
    accounting: compileAccountingRules(rules.accounting),
    resolver: nameResolver(rules, parsed.nameKeys, licenseNames(parsed.references, parsed.names)),
    spdxIds: new Set(Object.keys(parsed.names)),
  };
}
