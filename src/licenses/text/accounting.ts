// Accounts for every word of a text: what the recognised licenses explain, what is incidental
// (URLs, boilerplate sentences, short headings and notes), and what is left: significant text no
// known license explains, which becomes a license part of its own, so that a file can never conclude
// more permissive than what it says. The phrases are data (rules/license-statements.json "accounting").

import { createHash } from 'node:crypto';
import type { LicenseStatementsFile } from '../../knowledge/index.js';

/** rules/license-statements.json "accounting" (src/knowledge/types.ts documents each field). */
export type AccountingRules = LicenseStatementsFile['accounting'];

/** The rules with their phrases split into words and indexed by first word, once per run. */
export interface CompiledAccountingRules {
  minSignificantWords: number;
  minLegalWords: number;
  legalWords: Set<string>;
  restriction: PhraseTable;
  boilerplate: PhraseTable;
  bundled: PhraseTable;
  bundledFileWords: Set<string>;
  ownTermsFileWords: Set<string>;
  proprietary: PhraseTable;
  /** Whether a vendor may offer this license as the open alternative to its commercial terms. */
  commercialAlternative: (id: string) => boolean;
  minTemplateLabels: number;
  templateParameters: Map<string, PhraseTable>;
}

type PhraseTable = Map<string, string[][]>;

export function compileAccountingRules(rules: AccountingRules): CompiledAccountingRules {
  return {
    minSignificantWords: rules.minSignificantWords,
    minLegalWords: rules.minLegalWords,
    legalWords: new Set(rules.legalWords),
    restriction: phraseTable(rules.restrictionPhrases),
    boilerplate: phraseTable(rules.boilerplatePhrases),
    bundled: phraseTable(rules.bundledMarkers),
    bundledFileWords: new Set(rules.bundledFileWords),
    ownTermsFileWords: new Set(rules.ownTermsFileWords),
    proprietary: phraseTable(rules.proprietaryPhrases),
    commercialAlternative: (id) =>
      rules.commercialAlternativeLicenses.some((entry) => (entry.endsWith('-') ? id.startsWith(entry) : id === entry)),
    minTemplateLabels: rules.minTemplateLabels,
    templateParameters: new Map(Object.entries(rules.templateParameters).map(([id, labels]) => [id, phraseTable(labels)])),
  };
}

function phraseTable(phrases: readonly string[]): PhraseTable {
  const table: PhraseTable = new Map();
  const split = phrases.map((phrase) => phrase.split(' ').filter((word) => word.length > 0)).sort((left, right) => right.length - left.length);
  for (const words of split) {
    if (words.length === 0) continue;
    table.set(words[0]!, [...(table.get(words[0]!) ?? []), words]);
  }
  return table;
}

/** The length of the longest phrase of the table starting at `at` whose words all pass `allowed`, or 0. */
function phraseAt(table: PhraseTable, words: readonly string[], at: number, allowed: (position: number) => boolean): number {
  const candidates = table.get(words[at]!);
  if (!candidates) return 0;
  for (const phrase of candidates) {
    if (at + phrase.length > words.length) continue;
    let matches = true;
    for (let offset = 0; offset < phrase.length && matches; offset++) {
      matches = words[at + offset] === phrase[offset] && allowed(at + offset);
    }
    if (matches) return phrase.length;
  }
  return 0;
}

export interface TemplateParameters {
  /** The license whose template defines the block. */
  license: string;
  startWord: number;
  endWord: number;
  /** The block's license is named only by the title line above it (no text or statement recognised it). */
  titleStartWord?: number;
  /**
   * Neither recognised nor named: the labels say "terms of this template's kind" but not which text,
   * so the block is unrecognised terms (its Change License is still no part of its own).
   */
  unnamed?: true;
}

/**
 * The parameter blocks of license templates (BUSL-1.1's Licensor, Licensed Work, Change Date…): the
 * lines from the first to the last paragraph opening with one of a template's labels, when they name
 * enough distinct labels and no license text lies between. A block counts where its license is
 * recognised in the file, or where the line just above it names that license (`titleNames`); any
 * other block is `unnamed`. Statements inside a block are its values ("Change License: GPL v3"), not
 * terms of their own.
 */
export function findTemplateParameters(
  words: readonly string[],
  lines: readonly number[],
  inText: Uint8Array,
  recognised: ReadonlySet<string>,
  /** The license the words [start, end) name, if any. */
  titleNames: (start: number, end: number) => string | null,
  rules: CompiledAccountingRules,
): TemplateParameters[] {
  const blocks: TemplateParameters[] = [];
  const free = (position: number): boolean => inText[position] === 0;
  for (const [license, labels] of rules.templateParameters) {
    const starts: number[] = [];
    const seen = new Set<string>();
    for (let at = 0; at < words.length; at++) {
      if (!free(at) || (at > 0 && lines[at - 1] === lines[at])) continue;
      const length = phraseAt(labels, words, at, (position) => free(position) && lines[position] === lines[at]);
      if (length === 0) continue;
      starts.push(at);
      seen.add(words.slice(at, at + length).join(' '));
    }
    if (seen.size < rules.minTemplateLabels) continue;
    const first = starts[0]!;
    // The last label's paragraph: up to a blank line or a license text.
    let end = starts[starts.length - 1]!;
    while (end + 1 < words.length && free(end + 1) && lines[end + 1]! - lines[end]! <= 1) end++;
    if (inText.subarray(first, end + 1).includes(1)) continue;
    if (recognised.has(license)) {
      blocks.push({ license, startWord: first, endWord: end });
      continue;
    }
    let titleStart = first;
    while (titleStart > 0 && lines[titleStart - 1] === lines[first - 1] && free(titleStart - 1)) titleStart--;
    if (titleStart < first && titleNames(titleStart, first) === license) {
      blocks.push({ license, startWord: first, endWord: end, titleStartWord: titleStart });
    } else {
      blocks.push({ license, startWord: first, endWord: end, unnamed: true });
    }
  }
  return blocks;
}

/** What explains a word. */
export const EXPLAINED = { no: 0, license: 1, incidental: 2 } as const;

export interface UnrecognisedPart {
  license: string;
  startWord: number;
  endWord: number;
  /** The text reads as commercial or proprietary terms ("commercial software", "license key", a vendor EULA). */
  proprietary: boolean;
}

/** Unexplained text that reads as commercial or proprietary terms (rules/licit-licenses.json). */
export const PROPRIETARY_TERMS_REF = 'LicenseRef-licit-proprietary-terms';

export interface Accounting {
  unrecognised: UnrecognisedPart[];
  /** Share of the words that are explained or incidental, 0..1 (1 for a text without words). */
  coverage: number;
  /** Positions of bundled-notice markers in words no license text covers, ascending. */
  bundledMarkers: number[];
}

/**
 * `explained[i]` is EXPLAINED.license where a recognised license (text, header, statement) covers
 * word i, else EXPLAINED.no; `inText[i]` is 1 where a reference license text covers it (markers are
 * looked for elsewhere). `addressWords` are the URL and e-mail words (tokenise).
 */
export function accountForWords(
  words: readonly string[],
  lines: readonly number[],
  explained: Uint8Array,
  inText: Uint8Array,
  addressWords: readonly number[],
  rules: CompiledAccountingRules,
  /** Whether words[start..end] are mostly words of a license text recognised elsewhere in the file (a second copy, a section the match left out). */
  partOfRecognisedText: (start: number, end: number) => boolean = () => false,
): Accounting {
  const state = Uint8Array.from(explained);
  for (const at of addressWords) if (state[at] === EXPLAINED.no) state[at] = EXPLAINED.incidental;
  const free = (position: number): boolean => state[position] === EXPLAINED.no;
  const bundledMarkers: number[] = [];
  for (let at = 0; at < words.length; at++) {
    if (inText[at] === 0) {
      const marker = phraseAt(rules.bundled, words, at, (position) => inText[position] === 0);
      if (marker > 0) bundledMarkers.push(at);
    }
    if (!free(at)) continue;
    const boilerplate = phraseAt(rules.boilerplate, words, at, free);
    if (boilerplate > 0) {
      state.fill(EXPLAINED.incidental, at, at + boilerplate);
      at += boilerplate - 1;
    }
  }

  // Paragraph chunks of unexplained words: a chunk ends at an explained word or a line gap (a blank,
  // copyright or separator line).
  const significant: { start: number; end: number; count: number }[] = [];
  let unexplainedWords = 0;
  for (let at = 0; at < words.length; ) {
    if (state[at] !== EXPLAINED.no) {
      at++;
      continue;
    }
    let end = at;
    while (end + 1 < words.length && state[end + 1] !== EXPLAINED.license && lines[end + 1]! - lines[end]! <= 1) end++;
    if (isSignificant(words, state, at, end, rules) && !partOfRecognisedText(at, end)) {
      let count = 0;
      for (let position = at; position <= end; position++) if (state[position] === EXPLAINED.no) count++;
      significant.push({ start: at, end, count });
    }
    at = end + 1;
  }

  // Commercial wording anywhere in the unexplained text (a "… License Agreement" title, "purchase a
  // license key") makes the file's unexplained terms the vendor's own.
  let commercialWording = false;
  for (let at = 0; at < words.length && !commercialWording; at++) {
    if (state[at] === EXPLAINED.no && phraseAt(rules.proprietary, words, at, (position) => state[position] === EXPLAINED.no) > 0) commercialWording = true;
  }
  // Significant chunks with no recognised license between them are one part.
  const unrecognised: UnrecognisedPart[] = [];
  let group: { start: number; end: number; count: number }[] = [];
  const flush = (): void => {
    if (group.length === 0) return;
    const text = group
      .map((chunk) => words.slice(chunk.start, chunk.end + 1).filter((_, offset) => state[chunk.start + offset] === EXPLAINED.no).join(' '))
      .join('\n');
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
    const proprietary = commercialWording;
    unrecognised.push({
      license: proprietary ? PROPRIETARY_TERMS_REF : `LicenseRef-licit-unrecognised-${hash}`,
      startWord: group[0]!.start,
      endWord: group[group.length - 1]!.end,
      proprietary,
    });
    // Text read as commercial terms is explained (as such); other significant text is not.
    if (!proprietary) unexplainedWords += group.reduce((sum, chunk) => sum + chunk.count, 0);
    group = [];
  };
  for (const chunk of significant) {
    const previous = group[group.length - 1];
    if (previous && explained.subarray(previous.end + 1, chunk.start).includes(EXPLAINED.license)) flush();
    group.push(chunk);
  }
  flush();
  return { unrecognised, coverage: words.length === 0 ? 1 : 1 - unexplainedWords / words.length, bundledMarkers };
}

function isSignificant(words: readonly string[], state: Uint8Array, start: number, end: number, rules: CompiledAccountingRules): boolean {
  let content = 0;
  let legal = 0;
  for (let at = start; at <= end; at++) {
    if (state[at] !== EXPLAINED.no) continue;
    if (phraseAt(rules.restriction, words, at, (position) => position <= end && state[position] === EXPLAINED.no) > 0) return true;
    content++;
    if (rules.legalWords.has(words[at]!)) legal++;
  }
  return content >= rules.minSignificantWords && legal >= rules.minLegalWords;
}

/**
 * A side file whose licenses are all bundled third-party notices: LICENSE.<name> / LICENSE-<name>
 * where the name is no license name (LICENSE-MIT, LICENSE-APACHE hold the package's own terms),
 * THIRD-PARTY-NOTICES…
 */
export function isBundledNoticeFile(fileName: string, namesLicense: (words: string[]) => boolean, rules: CompiledAccountingRules): boolean {
  const stem = fileName.toLowerCase().replace(/\.(?:txt|md|markdown|rst|html?)$/, '');
  const words = stem.split(/[^a-z0-9]+/).filter((word) => word.length > 0);
  if (words.length === 0) return false;
  if (words.some((word) => rules.bundledFileWords.has(word))) return true;
  if (!/^licen[cs]e[sd]?$/.test(words[0]!) || words.length === 1) return false;
  const suffix = words.slice(1);
  if (suffix.every((word) => /^v?\d+$/.test(word) || rules.ownTermsFileWords.has(word))) return false;
  return !namesLicense(suffix);
}
