// Identifies the licenses in one text: full-text matches against the reference corpus, then short
// statements in what is left, joined into one SPDX expression.

import { createHash } from 'node:crypto';
import { joinWith, licenseIdsOfExpression } from './expressions.js';
import { wordsKey } from './fast-path.js';
import { textMatcher, type TextMatcher } from './load-index.js';
import { matchReferences, type ReferenceMatch } from './match-references.js';
import { tokenise, type TokenisedText } from './normalise.js';
import { countPhrases, normaliseCopyright } from './reference-index.js';
import { hashWord, shingleHashes } from './shingles.js';
import { findStatements, findWording, statementBudget } from './statements.js';
import { MAX_TEXT_BYTES } from './limits.js';

export { MAX_TEXT_BYTES };

export interface LicenseTextMatch {
  /** An SPDX id or LicenseRef (an expression with WITH for a license and its exception). */
  license: string;
  confidence: number;
  startLine: number;
  endLine: number;
}

export interface TextIdentification {
  /** The SPDX expression of the text, or null when nothing was recognised. */
  expression: string | null;
  /** 0..1: the lowest confidence of the matches; 0 when nothing was recognised. */
  confidence: number;
  matches: LicenseTextMatch[];
  /** The input looked binary (a NUL byte near the start): not read as text. */
  binary: boolean;
  /** Copyright statements of the text (not those of the license documents themselves). */
  copyrights: string[];
  /** Only the first MAX_TEXT_BYTES were read. */
  truncated?: boolean;
}

const BINARY_PROBE_BYTES = 8 * 1024;
const STATEMENT_CONFIDENCE = 0.8;
const SPDX_IDENTIFIER_CONFIDENCE = 0.95;
const MAX_MEMOISED = 20_000;

interface Part {
  expression: string;
  licenses: string[];
  startWord: number;
}

interface WordMatch {
  license: string;
  confidence: number;
  startWord: number;
  endWord: number;
}

/** What a normalised text holds; shared by every file with the same normalised text. */
interface Analysis {
  parts: Part[];
  matches: WordMatch[];
  offersChoice: boolean;
  referenceCopyrights: Set<string>;
  referenceIdentifiers: Set<string>;
  /** The statement search ran out of budget before the end of the text. */
  incomplete: boolean;
}

interface Memo {
  /** By normalised words and line breaks. */
  analyses: Map<string, Analysis>;
  /** Reference matches by words (texts that differ only in line breaks match alike). */
  matches: Map<string, ReferenceMatch[]>;
}

const memos = new WeakMap<TextMatcher, Memo>();

export function identifyText(input: string | Buffer, options: { truncated?: boolean } = {}): TextIdentification {
  return identifyTextWith(textMatcher(), input, options);
}

/** identifyText with a given matcher (tests compare matchers built from other index files). */
export function identifyTextWith(matcher: TextMatcher, input: string | Buffer, options: { truncated?: boolean } = {}): TextIdentification {
  const bytes = typeof input === 'string' ? null : input;
  if (bytes ? bytes.subarray(0, BINARY_PROBE_BYTES).includes(0) : (input as string).slice(0, BINARY_PROBE_BYTES).includes('\0')) {
    return { expression: null, confidence: 0, matches: [], binary: true, copyrights: [] };
  }
  let truncated = options.truncated === true;
  let text: string;
  if (bytes) {
    truncated ||= bytes.length > MAX_TEXT_BYTES;
    text = bytes.subarray(0, MAX_TEXT_BYTES).toString('utf8');
  } else {
    truncated ||= (input as string).length > MAX_TEXT_BYTES;
    text = (input as string).slice(0, MAX_TEXT_BYTES);
  }
  const tokens = tokenise(text.replace(/^\uFEFF/, ''));
  const analysis = analyseMemoised(tokens, matcher);

  const parts = [...analysis.parts];
  const matches = analysis.matches.map((match) => ({
    license: match.license,
    confidence: round(match.confidence),
    startLine: tokens.lines[match.startWord]!,
    endLine: tokens.lines[match.endWord]!,
  }));
  for (const identifier of tokens.spdxIdentifiers) {
    const ids = analysis.referenceIdentifiers.has(identifier.value) ? null : licenseIdsOfExpression(identifier.value);
    if (!ids) continue;
    parts.push({ expression: identifier.value, licenses: ids, startWord: Number.MAX_SAFE_INTEGER });
    matches.push({ license: identifier.value, confidence: SPDX_IDENTIFIER_CONFIDENCE, startLine: identifier.line, endLine: identifier.line });
  }
  matches.sort((left, right) => left.startLine - right.startLine || left.endLine - right.endLine);
  const expression = combine(parts, analysis.offersChoice);
  const copyrights = tokens.copyrights
    .filter((line) => !analysis.referenceCopyrights.has(normaliseCopyright(line.text)))
    .map((line) => line.text);
  return {
    expression,
    confidence: expression === null ? 0 : Math.min(...matches.map((match) => match.confidence)),
    matches: expression === null ? [] : matches,
    binary: false,
    copyrights,
    // A text not searched to its end is reported as one only partly read.
    ...(truncated || analysis.incomplete ? { truncated: true } : {}),
  };
}

function analyseMemoised(tokens: TokenisedText, matcher: TextMatcher): Analysis {
  const joined = tokens.words.map((word, at) => (at > 0 && tokens.lines[at] !== tokens.lines[at - 1] ? `\n${word}` : word)).join(' ');
  const key = createHash('sha1').update(joined).digest('base64');
  let memo = memos.get(matcher);
  if (!memo) {
    memo = { analyses: new Map(), matches: new Map() };
    memos.set(matcher, memo);
  }
  let analysis = memo.analyses.get(key);
  if (!analysis) {
    analysis = analyse(tokens.words, tokens.lines, matcher, referenceMatches(tokens.words, matcher, memo.matches));
    remember(memo.analyses, key, analysis);
  }
  return analysis;
}

function referenceMatches(words: string[], matcher: TextMatcher, memo: Map<string, ReferenceMatch[]>): ReferenceMatch[] {
  const key = wordsKey(words);
  let found = matcher.fastPath.get(key) ?? memo.get(key);
  if (!found) {
    found = matchReferences(matcher.shingleIndex(), shingleHashes(words.map(hashWord)), words.length);
    remember(memo, key, found);
  }
  return found;
}

function remember<T>(memo: Map<string, T>, key: string, value: T): void {
  if (memo.size >= MAX_MEMOISED) memo.clear();
  memo.set(key, value);
}

function analyse(words: string[], lines: number[], matcher: TextMatcher, found: ReferenceMatch[]): Analysis {
  const { references, rules, compiledRules, resolver, spdxIds: known } = matcher;
  const covered = new Uint8Array(words.length);
  for (const match of found) covered.fill(1, match.startWord, match.endWord + 1);
  const budget = statementBudget();
  const statements = findStatements(words, lines, covered, resolver, compiledRules, budget);
  const wording = findWording(words, covered, compiledRules);
  const statementIds = new Set(statements.flatMap((statement) => statement.licenses));
  // "Or any later version" said more often than the matched license texts say it themselves (the
  // GPL's own how-to-apply appendix does) means the text is offered under later versions too.
  const laterVersion =
    wording.laterVersion ||
    countPhrases(words, rules.laterVersionPhrases) > found.reduce((sum, match) => sum + references[match.reference]!.laterVersionMentions, 0);
  const upgrade = (id: string): string => {
    const later = id.replace(/-only$/, '-or-later');
    return later !== id && known.has(later) && (laterVersion || statementIds.has(later)) ? later : id;
  };

  const embeddedIds = new Set(found.map((match) => references[match.reference]!.embeds).filter((id) => id !== undefined));
  const kept = found.filter((match) => !embeddedIds.has(references[match.reference]!.id));
  const licenses = kept.filter((match) => references[match.reference]!.kind === 'license');
  const exceptions = kept.filter((match) => references[match.reference]!.kind === 'exception');

  const matches: WordMatch[] = [];
  const parts: Part[] = [];
  const withException = new Map<number, string>();
  for (const exception of exceptions) {
    const reference = references[exception.reference]!;
    const base = reference.base ?? '';
    const host = licenses.find((match) => [base, base.replace(/-only$/, '-or-later')].includes(references[match.reference]!.id));
    if (host) withException.set(host.reference, reference.id);
    else parts.push({ expression: `${upgrade(base)} WITH ${reference.id}`, licenses: [upgrade(base)], startWord: exception.startWord });
    matches.push({ license: reference.id, confidence: exception.score, startWord: exception.startWord, endWord: exception.endWord });
  }
  for (const match of licenses) {
    const id = upgrade(references[match.reference]!.id);
    const exception = withException.get(match.reference);
    parts.push({ expression: exception ? `${id} WITH ${exception}` : id, licenses: [id], startWord: match.startWord });
    matches.push({ license: id, confidence: match.score, startWord: match.startWord, endWord: match.endWord });
  }
  for (const statement of statements) {
    // "Dual licensed under the ISC and MIT licenses" offers a choice although it says "and".
    const expression = joinWith(statement.licenses, wording.offersChoice ? 'OR' : statement.conjunction)!;
    parts.push({ expression, licenses: statement.licenses, startWord: statement.startWord });
    for (const license of statement.licenses) {
      matches.push({ license, confidence: STATEMENT_CONFIDENCE, startWord: statement.startWord, endWord: statement.endWord });
    }
  }
  parts.sort((left, right) => left.startWord - right.startWord);
  const referenceCopyrights = new Set(kept.flatMap((match) => [...references[match.reference]!.copyrights]));
  const referenceIdentifiers = new Set(kept.flatMap((match) => [...references[match.reference]!.identifiers]));
  return { parts, matches, offersChoice: wording.offersChoice, referenceCopyrights, referenceIdentifiers, incomplete: budget.exhausted };
}

/** One expression: a statement naming several licenses stands for their full texts too. */
function combine(parts: Part[], offersChoice: boolean): string | null {
  const grouped = parts.filter((part) => part.licenses.length > 1);
  const kept = parts.filter(
    (part) => part.licenses.length > 1 || !grouped.some((group) => group.licenses.includes(part.licenses[0]!)),
  );
  return joinWith(
    kept.map((part) => part.expression),
    offersChoice ? 'OR' : 'AND',
  );
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
