// Identifies the licenses in one text: full-text matches against the reference corpus, then short
// statements in what is left, joined into one SPDX expression.

import { createHash } from 'node:crypto';
import type { LicenseFilePart } from '../../model/index.js';
import { accountForWords, EXPLAINED, isBundledNoticeFile, PROPRIETARY_TERMS_REF, findTemplateParameters, type TemplateParameters } from './accounting.js';
import { joinExpressions, licenseIdsOfExpression } from '../../model/spdx-expression.js';
import { wordsKey } from './fast-path.js';
import { textMatcher, type TextMatcher } from './load-index.js';
import { matchReferences, type ReferenceMatch } from './match-references.js';
import { tokenise, type TokenisedText } from './normalise.js';
import { countPhrases, normaliseCopyright } from './reference-index.js';
import { hashWord, SHINGLE_SIZE, shingleHashes } from './shingles.js';
import { findStatements, findWording, statementBudget } from './statements.js';
import { MAX_TEXT_BYTES } from './limits.js';
import { findDeclaredLicenses, withoutLicenseFileFields } from './declarations.js';
import { compileNoticeRules, findExceptionNotices, findGnuNotices, findReferenceNotices, hostsException, isGnuFamilyId, readGnuNotice, type CompiledNoticeRules } from './notices.js';

export { MAX_TEXT_BYTES };

export interface LicenseTextMatch {
  /** An SPDX id or LicenseRef (an expression with WITH for a license and its exception). */
  license: string;
  confidence: number;
  startLine: number;
  endLine: number;
}

/** One license part of a text: a recognised license, or significant text no known license explains. */
export type LicenseTextPart = LicenseFilePart;

export interface TextIdentification {
  /** The SPDX expression of the text (the AND of its parts, a choice kept as OR), or null when it holds nothing significant. */
  expression: string | null;
  /** 0..1: the lowest confidence of the recognised parts, and at most `coverage`; 0 when nothing was recognised. */
  confidence: number;
  matches: LicenseTextMatch[];
  /** Every part, in text order: recognised licenses and unrecognised text. */
  parts: LicenseTextPart[];
  /** Share of the text's words that known licenses, headers, statements or incidental text explain (0..1). */
  coverage: number;
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
/** Text read as commercial terms by its wording: as sure as the evidence bar, no surer. */
const PROPRIETARY_TERMS_CONFIDENCE = 0.9;
const MAX_MEMOISED = 20_000;
/** Unexplained words whose shingles are this much those of a license recognised in the file belong to it. */
const PART_OF_TEXT_SHARE = 0.5;
/** Unexplained runs shorter than this are not matched against ScanCode's texts (the shortest has 20 words). */
const MIN_SCANCODE_RUN = 16;

interface Part {
  expression: string;
  licenses: string[];
  startWord: number;
  endWord: number;
  confidence: number;
  /** A statement naming one license whose full text the file also holds (a title line): no part of its own. */
  title?: true;
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
  /** Per word: EXPLAINED.license where a recognised license explains it. */
  explained: Uint8Array;
  /** Per word: 1 where a reference text covers it. */
  inText: Uint8Array;
  /** The references (indexes) matched in the text. */
  recognisedReferences: Set<number>;
  offersChoice: boolean;
  referenceCopyrights: Set<string>;
  referenceIdentifiers: Set<string>;
  /** The statement search ran out of budget before the end of the text. */
  incomplete: boolean;
}

interface Memo {
  /** Whole results by the text itself (and whether it is a side file, or truncated). */
  identifications: Map<string, TextIdentification>;
  /** By normalised words and line breaks. */
  analyses: Map<string, Analysis>;
  /** Reference matches by words (texts that differ only in line breaks match alike). */
  matches: Map<string, ReferenceMatch[]>;
}

const memos = new WeakMap<TextMatcher, Memo>();
const noticeRules = new WeakMap<TextMatcher, CompiledNoticeRules>();

function noticeRulesOf(matcher: TextMatcher): CompiledNoticeRules {
  let compiled = noticeRules.get(matcher);
  if (!compiled) {
    compiled = compileNoticeRules(matcher.rules.notices, matcher.rules.laterVersionPhrases);
    noticeRules.set(matcher, compiled);
  }
  return compiled;
}

export function identifyText(input: string | Buffer, options: { truncated?: boolean; fileName?: string } = {}): TextIdentification {
  return identifyTextWith(textMatcher(), input, options);
}

/** identifyText with a given matcher (tests compare matchers built from other index files). */
export function identifyTextWith(
  matcher: TextMatcher,
  input: string | Buffer,
  options: { truncated?: boolean; fileName?: string } = {},
): TextIdentification {
  const bytes = typeof input === 'string' ? null : input;
  if (bytes ? bytes.subarray(0, BINARY_PROBE_BYTES).includes(0) : (input as string).slice(0, BINARY_PROBE_BYTES).includes('\0')) {
    return { expression: null, confidence: 0, matches: [], parts: [], coverage: 0, binary: true, copyrights: [] };
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
  const sideFile =
    options.fileName !== undefined &&
    isBundledNoticeFile(options.fileName, (name) => matcher.resolver.resolve(name) !== null, matcher.accounting);
  // The same bytes are identified once: a tree's license files are mostly the same few texts.
  const memo = memoOf(matcher);
  const key = `${createHash('sha1').update(text).digest('base64')}${sideFile ? 's' : ''}${truncated ? 't' : ''}`;
  let identified = memo.identifications.get(key);
  if (!identified) {
    identified = identifyUncached(matcher, text, truncated, sideFile);
    remember(memo.identifications, key, identified);
  }
  return { ...identified, matches: [...identified.matches], parts: [...identified.parts], copyrights: [...identified.copyrights] };
}

function identifyUncached(matcher: TextMatcher, text: string, truncated: boolean, sideFile: boolean): TextIdentification {
  const tokens = tokenise(withoutLicenseFileFields(text.replace(/^\uFEFF/, '')));
  const analysis = analyseMemoised(tokens, matcher);
  const { words, lines } = tokens;

  let recognised = analysis.parts.filter((part) => !part.title);
  let matches = analysis.matches.map((match) => ({
    license: match.license,
    confidence: round(match.confidence),
    startLine: lines[match.startWord]!,
    endLine: lines[match.endWord]!,
  }));
  const identifierLines = new Map(tokens.spdxIdentifiers.map((identifier) => [firstWordAfterLine(lines, identifier.line) - 0.5, identifier.line]));
  for (const identifier of tokens.spdxIdentifiers) {
    const ids = analysis.referenceIdentifiers.has(identifier.value) ? null : licenseIdsOfExpression(identifier.value);
    if (!ids) continue;
    // The identifier's line holds no words: it sits before the first word of a later line.
    const position = firstWordAfterLine(lines, identifier.line) - 0.5;
    recognised.push({ expression: identifier.value, licenses: ids, startWord: position, endWord: position, confidence: SPDX_IDENTIFIER_CONFIDENCE });
    matches.push({ license: identifier.value, confidence: SPDX_IDENTIFIER_CONFIDENCE, startLine: identifier.line, endLine: identifier.line });
  }
  const namesLicense = (value: string): boolean => licenseIdsOfExpression(value) !== null || matcher.resolver.resolve(tokenise(value).words) !== null;
  for (const declared of findDeclaredLicenses(text, matcher.rules.pythonClassifiers, namesLicense)) {
    const ids = declared.expression ? licenseIdsOfExpression(declared.names[0]!) : declared.names.map((name) => matcher.resolver.resolve(tokenise(name).words));
    // A name licit cannot resolve leaves the whole declaration to the text's other evidence.
    if (!ids || ids.length === 0 || ids.some((id) => id === null)) continue;
    const known = ids as string[];
    const expression = declared.expression ? declared.names[0]! : joinExpressions([...new Set(known)], declared.choice ? 'OR' : 'AND')!;
    const position = firstWordAfterLine(lines, declared.startLine) - 0.5;
    identifierLines.set(position, declared.startLine);
    recognised.push({ expression, licenses: [...new Set(known)], startWord: position, endWord: position, confidence: STATEMENT_CONFIDENCE });
    matches.push({ license: expression, confidence: STATEMENT_CONFIDENCE, startLine: declared.startLine, endLine: declared.endLine });
  }
  matches.sort((left, right) => left.startLine - right.startLine || left.endLine - right.endLine);

  // A license template's parameter block belongs to that license's part; a license it names (the
  // BUSL's Change License) is a parameter value, not terms of the file.
  const addresses = new Set(tokens.addressWords);
  const blocks = findTemplateParameters(
    words,
    lines,
    analysis.inText,
    new Set(recognised.flatMap((part) => part.licenses)),
    (start, end) => matcher.resolver.resolve(words.slice(start, end).filter((_, offset) => !addresses.has(start + offset))),
    matcher.accounting,
  );
  let explained = analysis.explained;
  const unnamedBlocks: TemplateParameters[] = [];
  if (blocks.length > 0) {
    explained = Uint8Array.from(analysis.explained);
    const inBlock = (start: number, end: number): boolean => blocks.some((block) => start >= block.startWord && end <= block.endWord);
    recognised = recognised.filter((part) => !inBlock(part.startWord, part.endWord));
    matches = matches.filter((match) => !blocks.some((block) => match.startLine >= lines[block.startWord]! && match.endLine <= lines[block.endWord]!));
    for (const block of blocks) {
      const start = block.titleStartWord ?? block.startWord;
      explained.fill(EXPLAINED.license, start, block.endWord + 1);
      if (block.unnamed) unnamedBlocks.push(block);
      if (block.titleStartWord === undefined) continue;
      recognised.push({ expression: block.license, licenses: [block.license], startWord: start, endWord: block.endWord, confidence: STATEMENT_CONFIDENCE });
      matches.push({ license: block.license, confidence: STATEMENT_CONFIDENCE, startLine: lines[start]!, endLine: lines[block.endWord]! });
    }
    recognised.sort((left, right) => left.startWord - right.startWord);
    matches.sort((left, right) => left.startLine - right.startLine || left.endLine - right.endLine);
  }
  const accounting = accountForWords(words, lines, explained, analysis.inText, tokens.addressWords, matcher.accounting, (start, end) =>
    sharesRecognisedText(matcher, analysis.recognisedReferences, words.slice(start, end + 1)),
  );
  const firstMarker = accounting.bundledMarkers[0] ?? Number.POSITIVE_INFINITY;
  const lineOf = (position: number, identifierLine?: number): number => identifierLine ?? lines[Math.max(0, Math.ceil(position))] ?? 0;

  interface Placed {
    part: LicenseTextPart;
    position: number;
    source?: Part;
    /** Commercial terms offered as the alternative to the text's own open terms: one side of the choice. */
    alternative?: true;
  }
  const placed: Placed[] = recognised.map((part) => {
    const identifierLine = Number.isInteger(part.startWord) ? undefined : identifierLines.get(part.startWord);
    return {
      position: part.startWord,
      source: part,
      part: {
        license: part.expression,
        startLine: lineOf(part.startWord, identifierLine),
        endLine: lineOf(part.endWord, identifierLine),
        confidence: round(part.confidence),
        role: sideFile || firstMarker < part.startWord ? 'bundled-notice' : 'terms',
      },
    };
  });
  // Commercial wording reads as the vendor's terms where no recognised license is the text's own terms,
  // and as the other side of a choice where the text offers one between copyleft terms and its
  // commercial license ("GPL or a commercial license from us"); elsewhere beside open terms it is
  // unrecognised text.
  const ownTerms = placed.filter((entry) => entry.part.role === 'terms');
  const commercialChoice =
    analysis.offersChoice &&
    ownTerms.length > 0 &&
    ownTerms.every((entry) => entry.source!.licenses.every((id) => matcher.accounting.commercialAlternative(id)));
  for (const part of accounting.unrecognised) {
    const startLine = lines[part.startWord]!;
    const endLine = lines[part.endWord]!;
    if (part.proprietary && commercialChoice) {
      const source: Part = { expression: part.license, licenses: [part.license], startWord: part.startWord, endWord: part.endWord, confidence: PROPRIETARY_TERMS_CONFIDENCE };
      recognised.push(source);
      placed.push({ position: part.startWord, source, alternative: true, part: { license: part.license, startLine, endLine, confidence: PROPRIETARY_TERMS_CONFIDENCE, role: 'terms' } });
      continue;
    }
    if (part.proprietary && ownTerms.length === 0) {
      // Recognised as commercial terms (not as one known text): the file's own terms, at the evidence bar.
      const source: Part = { expression: part.license, licenses: [part.license], startWord: part.startWord, endWord: part.endWord, confidence: PROPRIETARY_TERMS_CONFIDENCE };
      recognised.push(source);
      placed.push({ position: part.startWord, source, part: { license: part.license, startLine, endLine, confidence: PROPRIETARY_TERMS_CONFIDENCE, role: 'terms' } });
      continue;
    }
    const license = part.proprietary ? unrecognisedId(words, part.startWord, part.endWord) : part.license;
    placed.push({ position: part.startWord, part: { license, startLine, endLine, confidence: 1, role: 'unrecognised' } });
  }
  // A parameters block of no named license (a BUSL-style "Change License: Apache-2.0" with mild grant
  // wording) is terms licit cannot read: never its Change License alone.
  let unnamedWords = 0;
  for (const block of unnamedBlocks) {
    unnamedWords += block.endWord - block.startWord + 1;
    const part: LicenseTextPart = {
      license: unrecognisedId(words, block.startWord, block.endWord),
      startLine: lines[block.startWord]!,
      endLine: lines[block.endWord]!,
      confidence: 1,
      role: 'unrecognised',
    };
    placed.push({ position: block.startWord, part });
  }
  placed.sort((left, right) => left.position - right.position || left.part.endLine - right.part.endLine);

  const expression = combine(placed, analysis.offersChoice);
  const coverage = round(Math.max(0, accounting.coverage - (words.length === 0 ? 0 : unnamedWords / words.length)));
  const confidences = recognised.map((part) => part.confidence);
  const copyrights = tokens.copyrights
    .filter((line) => !analysis.referenceCopyrights.has(normaliseCopyright(line.text)))
    .map((line) => line.text);
  return {
    expression,
    confidence: expression === null || confidences.length === 0 ? 0 : round(Math.min(coverage, ...confidences)),
    matches: expression === null ? [] : matches,
    parts: placed.map(({ part }) => part),
    coverage,
    binary: false,
    copyrights,
    // A text not searched to its end is reported as one only partly read.
    ...(truncated || analysis.incomplete ? { truncated: true } : {}),
  };

  /**
   * One expression, in text order: the text's own terms (joined with OR when it offers a choice),
   * the bundled notices and the unrecognised parts, all with AND. A statement naming several
   * licenses stands for their full texts too.
   */
  function combine(all: Placed[], offersChoice: boolean): string | null {
    const operands: string[] = [];
    const emitted = new Set<string>();
    for (const role of ['terms', 'bundled-notice'] as const) {
      // Terms read as commercial by their wording stay outside a choice (with AND), as unrecognised text
      // does, unless the text offers them as the alternative to its open terms.
      const group = all
        .filter((entry) => entry.part.role === role && (entry.part.license !== PROPRIETARY_TERMS_REF || entry.alternative))
        .map((entry) => entry.source!);
      const grouped = group.filter((part) => part.licenses.length > 1);
      const kept = group.filter((part) => part.licenses.length > 1 || !grouped.some((other) => other.licenses.includes(part.licenses[0]!)));
      emitted.add(role);
      if (role === 'terms' && offersChoice && kept.length > 1) {
        const choice = joinExpressions(kept.map((part) => part.expression), 'OR');
        if (choice) operands.push(choice);
      } else {
        operands.push(...kept.map((part) => part.expression));
      }
    }
    // Text order for the AND operands: own terms first where they come first.
    const order = (operand: string): number => {
      const at = all.find((entry) => entry.part.license === operand || operand.split(/[()\s]+/).includes(entry.part.license));
      return at ? at.position : Number.POSITIVE_INFINITY;
    };
    const outside = all.filter((entry) => entry.part.role === 'unrecognised' || (entry.part.license === PROPRIETARY_TERMS_REF && !entry.alternative));
    const sorted = [...operands, ...outside.map((entry) => entry.part.license)].sort(
      (left, right) => order(left) - order(right),
    );
    return joinExpressions(sorted, 'AND');
  }
}

/** The id of unexplained words[start..end] as unrecognised text (when commercial wording did not settle them). */
function unrecognisedId(words: readonly string[], start: number, end: number): string {
  return `LicenseRef-licit-unrecognised-${createHash('sha256').update(words.slice(start, end + 1).join(' ')).digest('hex').slice(0, 16)}`;
}

/** Terms say what is granted, restricted or disclaimed: a run without such words is a heading or a note. */
function hasLegalWording(words: readonly string[], start: number, end: number, matcher: TextMatcher): boolean {
  let legal = 0;
  for (let at = start; at < end; at++) if (matcher.accounting.legalWords.has(words[at]!) && ++legal >= matcher.accounting.minLegalWords) return true;
  return false;
}

/** Half or more of the words' shingles belong to one of the references recognised in the file. */
function sharesRecognisedText(matcher: TextMatcher, recognised: ReadonlySet<number>, words: string[]): boolean {
  if (recognised.size === 0 || words.length < SHINGLE_SIZE) return false;
  const indexes = [matcher.shingleIndex()];
  if ([...recognised].some((reference) => matcher.references[reference]!.secondary)) indexes.push(matcher.scancodeIndex());
  const shingles = shingleHashes(words.map(hashWord));
  let shared = 0;
  for (const shingle of shingles) {
    const found = indexes.some((index) => {
      const key = index.keyOf(shingle);
      if (key < 0) return false;
      for (let at = index.offsets[key]!; at < index.offsets[key + 1]!; at++) if (recognised.has(index.postings[at]!)) return true;
      return false;
    });
    if (found) shared++;
  }
  return shared >= shingles.length * PART_OF_TEXT_SHARE;
}

function firstWordAfterLine(lines: readonly number[], line: number): number {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (lines[middle]! <= line) low = middle + 1;
    else high = middle;
  }
  return low;
}

function memoOf(matcher: TextMatcher): Memo {
  let memo = memos.get(matcher);
  if (!memo) {
    memo = { identifications: new Map(), analyses: new Map(), matches: new Map() };
    memos.set(matcher, memo);
  }
  return memo;
}

function analyseMemoised(tokens: TokenisedText, matcher: TextMatcher): Analysis {
  const joined = tokens.words.map((word, at) => (at > 0 && tokens.lines[at] !== tokens.lines[at - 1] ? `\n${word}` : word)).join(' ');
  const key = createHash('sha1').update(joined).digest('base64');
  const memo = memoOf(matcher);
  let analysis = memo.analyses.get(key);
  if (!analysis) {
    analysis = analyse(tokens.words, tokens.lines, matcher, referenceMatches(tokens.words, matcher, memo.matches));
    remember(memo.analyses, key, analysis);
  }
  return analysis;
}

function referenceMatches(words: string[], matcher: TextMatcher, memo: Map<string, ReferenceMatch[]>): ReferenceMatch[] {
  const key = wordsKey(words);
  let found = memo.get(key);
  if (!found) {
    found = matcher.fastPath.get(key) ?? matchReferences(matcher.shingleIndex(), shingleHashes(words.map(hashWord)), words.length);
    found = withScancodeMatches(words, matcher, found);
    remember(memo, key, found);
  }
  return found;
}

/**
 * ScanCode's texts, matched in the runs of words the main references leave unexplained (a vendor's
 * terms above the notices it bundles): a file the SPDX texts explain never loads their table.
 */
function withScancodeMatches(words: string[], matcher: TextMatcher, found: ReferenceMatch[]): ReferenceMatch[] {
  const covered = new Uint8Array(words.length);
  for (const match of found) covered.fill(1, match.startWord, match.endWord + 1);
  const extra: ReferenceMatch[] = [];
  for (let start = 0; start < words.length; ) {
    if (covered[start] === 1) {
      start++;
      continue;
    }
    let end = start;
    while (end < words.length && covered[end] === 0) end++;
    if (end - start >= MIN_SCANCODE_RUN && hasLegalWording(words, start, end, matcher)) {
      const run = words.slice(start, end);
      for (const match of matchReferences(matcher.scancodeIndex(), shingleHashes(run.map(hashWord)), run.length)) {
        extra.push({ ...match, startWord: match.startWord + start, endWord: match.endWord + start });
      }
    }
    start = end;
  }
  return extra.length === 0 ? found : [...found, ...extra].sort((left, right) => left.startWord - right.startWord);
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
  // A matched "-or-later" notice (the SPDX standard header, outside the full text, which wins where
  // both fit) says the same of the full text beside it.
  const matchedIds = new Set(found.map((match) => references[match.reference]!.id));
  const headerIds = new Set(found.filter((match) => references[match.reference]!.header).map((match) => references[match.reference]!.id));
  const upgrade = (id: string): string => {
    const later = id.replace(/-only$/, '-or-later');
    return later !== id && known.has(later) && (laterVersion || statementIds.has(later) || headerIds.has(later)) ? later : id;
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
    else parts.push({ expression: `${upgrade(base)} WITH ${reference.id}`, licenses: [upgrade(base)], startWord: exception.startWord, endWord: exception.endWord, confidence: exception.score });
    matches.push({ license: reference.id, confidence: exception.score, startWord: exception.startWord, endWord: exception.endWord });
  }
  for (const match of licenses) {
    const id = upgrade(references[match.reference]!.id);
    const exception = withException.get(match.reference);
    parts.push({ expression: exception ? `${id} WITH ${exception}` : id, licenses: [id], startWord: match.startWord, endWord: match.endWord, confidence: match.score });
    matches.push({ license: id, confidence: match.score, startWord: match.startWord, endWord: match.endWord });
  }
  const textIds = new Set(parts.flatMap((part) => part.licenses));
  const explained = Uint8Array.from(covered);
  for (const statement of statements) {
    explained.fill(EXPLAINED.license, statement.startWord, statement.endWord + 1);
    // "The MIT License (MIT)" above the MIT text names what the text already says: no part of its own.
    const title = statement.licenses.length === 1 && textIds.has(statement.licenses[0]!);
    // "Dual licensed under the ISC and MIT licenses" offers a choice although it says "and".
    const expression = joinExpressions(statement.licenses, wording.offersChoice ? 'OR' : statement.conjunction)!;
    parts.push({
      expression,
      licenses: statement.licenses,
      startWord: statement.startWord,
      endWord: statement.endWord,
      confidence: STATEMENT_CONFIDENCE,
      ...(title ? { title: true as const } : {}),
    });
    if (title) continue;
    for (const license of statement.licenses) {
      matches.push({ license, confidence: STATEMENT_CONFIDENCE, startWord: statement.startWord, endWord: statement.endWord });
    }
  }
  readNotices(words, lines, parts, matches, explained, matcher);
  parts.sort((left, right) => left.startWord - right.startWord);
  const referenceCopyrights = new Set(kept.flatMap((match) => [...references[match.reference]!.copyrights]));
  const referenceIdentifiers = new Set(kept.flatMap((match) => [...references[match.reference]!.identifiers]));
  // Every reference of a recognised id: a match of GPL's terms-only variant explains its appendix too.
  const recognisedReferences = new Set<number>();
  references.forEach((reference, at) => matchedIds.has(reference.id) && recognisedReferences.add(at));
  return { parts, matches, explained, inText: covered, recognisedReferences, offersChoice: wording.offersChoice, referenceCopyrights, referenceIdentifiers, incomplete: budget.exhausted };
}

/**
 * GNU notices named by their own wording (the version they state, "or any later version"), and
 * exception notices joined to the license they amend with WITH (the nearest one before them, else
 * after); an exception with no such license in the text is left unexplained, so it stays a part.
 */
function readNotices(words: string[], lines: number[], parts: Part[], matches: WordMatch[], explained: Uint8Array, matcher: TextMatcher): void {
  const rules = noticeRulesOf(matcher);
  for (const part of parts) {
    if (part.licenses.length !== 1 || !isGnuFamilyId(part.licenses[0]!, rules)) continue;
    const id = readGnuNotice(words, part.startWord, part.endWord, rules, matcher.spdxIds);
    if (!id || id === part.licenses[0]) continue;
    const previous = part.licenses[0]!;
    part.expression = part.expression.replace(previous, id);
    part.licenses = [id];
    for (const match of matches) if (match.license === previous && match.startWord === part.startWord) match.license = id;
  }
  // An exception's own paragraph names the GPL it amends ("section 7 of the GNU General Public License, version 3"): no notice of its own.
  const exceptions = findExceptionNotices(words, lines, rules);
  const inException = new Uint8Array(words.length);
  for (const notice of exceptions) inException.fill(1, notice.startWord, notice.endWord + 1);
  const free = (position: number): boolean => explained[position] === EXPLAINED.no && inException[position] === 0;
  for (const notice of findGnuNotices(words, lines, free, rules, matcher.spdxIds)) {
    parts.push({ expression: notice.id, licenses: [notice.id], startWord: notice.startWord, endWord: notice.endWord, confidence: STATEMENT_CONFIDENCE });
    matches.push({ license: notice.id, confidence: STATEMENT_CONFIDENCE, startWord: notice.startWord, endWord: notice.endWord });
    explained.fill(EXPLAINED.license, notice.startWord, notice.endWord + 1);
  }
  for (const notice of findReferenceNotices(words, free, rules)) {
    parts.push({ expression: notice.license, licenses: [notice.license], startWord: notice.startWord, endWord: notice.endWord, confidence: STATEMENT_CONFIDENCE });
    matches.push({ license: notice.license, confidence: STATEMENT_CONFIDENCE, startWord: notice.startWord, endWord: notice.endWord });
    explained.fill(EXPLAINED.license, notice.startWord, notice.endWord + 1);
  }
  for (const notice of exceptions) {
    const hosts = parts.filter((part) => !part.title && !part.expression.includes(' WITH ') && part.licenses.length === 1 && hostsException(part.licenses[0]!, notice.hosts));
    const host = hosts.filter((part) => part.startWord <= notice.startWord).pop() ?? hosts.find((part) => part.startWord > notice.startWord);
    if (!host) continue;
    host.expression = `${host.licenses[0]} WITH ${notice.exception}`;
    host.endWord = Math.max(host.endWord, notice.endWord);
    for (const match of matches) if (match.license === host.licenses[0] && match.startWord === host.startWord) match.license = host.expression;
    explained.fill(EXPLAINED.license, notice.startWord, notice.endWord + 1);
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
