// Normalisation after the SPDX matching guidelines: case, whitespace, punctuation, quotes, dashes,
// bullets and list numbering, copyright lines, "all rights reserved", Markdown/HTML markup, the
// http/https URL variants and the equivalent-words list. Tokens keep their line numbers so that a
// match can say where it was found.

/** The words of a text after normalisation, each with the 1-based line it came from. */
export interface TokenisedText {
  words: string[];
  lines: number[];
  /** Copyright statements found (and removed from the words), as written, without duplicates. */
  copyrights: { text: string; line: number }[];
  /** `SPDX-License-Identifier:` values as written (their lines contribute no words). */
  spdxIdentifiers: { value: string; line: number }[];
  lineCount: number;
  /** Positions (into `words`) of the words that came from a URL or an e-mail address, ascending. */
  addressWords: number[];
}

// The SPDX equivalent-words list (spdx/license-list-XML equivalentwords.txt), one spelling each way.
const EQUIVALENT_WORDS = new Map<string, string>(Object.entries({
  acknowledgement: 'acknowledgment',
  analogue: 'analog',
  analyse: 'analyze',
  artefact: 'artifact',
  authorisation: 'authorization',
  authorised: 'authorized',
  calibre: 'caliber',
  cancelled: 'canceled',
  capitalisations: 'capitalizations',
  catalogue: 'catalog',
  categorise: 'categorize',
  centre: 'center',
  emphasised: 'emphasized',
  favour: 'favor',
  favourite: 'favorite',
  fulfil: 'fulfill',
  fulfilment: 'fulfillment',
  initialise: 'initialize',
  judgement: 'judgment',
  labelling: 'labeling',
  labour: 'labor',
  licence: 'license',
  licences: 'licenses',
  licenced: 'licensed',
  licencing: 'licensing',
  maximise: 'maximize',
  modelled: 'modeled',
  modelling: 'modeling',
  offence: 'offense',
  optimise: 'optimize',
  organisation: 'organization',
  organise: 'organize',
  practise: 'practice',
  programme: 'program',
  realise: 'realize',
  recognise: 'recognize',
  signalling: 'signaling',
  utilisation: 'utilization',
  whilst: 'while',
  wilful: 'willful',
  wilfull: 'willful',
  https: 'http',
  owner: 'holder',
  owners: 'holders',
}));

/** Multi-word equivalents, applied to the token stream (so they work across line breaks). */
const EQUIVALENT_PHRASES: { from: string[]; to: string[] }[] = [
  { from: ['sub', 'license'], to: ['sublicense'] },
  { from: ['sub', 'licenses'], to: ['sublicenses'] },
  { from: ['non', 'commercial'], to: ['noncommercial'] },
  { from: ['per', 'cent'], to: ['percent'] },
  { from: ['all', 'rights', 'reserved'], to: [] },
];
const PHRASES_BY_FIRST_WORD = new Map<string, { from: string[]; to: string[] }[]>();
for (const phrase of EQUIVALENT_PHRASES) {
  const first = phrase.from[0]!;
  PHRASES_BY_FIRST_WORD.set(first, [...(PHRASES_BY_FIRST_WORD.get(first) ?? []), phrase]);
}

const COPYRIGHT_AT_START =
  /^(?:copyright\b\s*(?:\(c\)|©|\d{4}|\[|<|\{|by\b|:|\(c\))|\(c\)\s*(?:\d{4}|by\b)|©)/i;
const COPYRIGHT_INSIDE = /\bcopyright\s*(?:\(c\)|©)|\(c\)\s*\d{4}|©/i;
const MAX_INLINE_COPYRIGHT = 200;
const COMMENT_PREFIX = /^\s*(?:\/\/+|\/\*+|\*+\/?|#+|;+|--+|>+|\|)?\s*/;
const LIST_MARKER = /^(?:[-*+•·◦▪‣→]+\s+|\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivxlc]{1,6})[.)]\s+)/i;
const PARENTHESISED_MARKER = /(^|\s)\((?:\d{1,2}|[a-z]|[ivx]{1,5})\)(?=\s|$)/gi;
const MARKDOWN_LINK_TARGET = /\]\([^)\s]*\)/g;
const HTML_TAG = /<\/?[a-z][^<>]*>/gi;
const HTML_ENTITY = /&(?:[a-z]+|#\d+);/gi;
// Template blanks such as <year>, <copyright holders>, [yyyy], [name of copyright owner] (not an
// e-mail address or URL in angle brackets).
const PLACEHOLDER = /<[^<>@:]*>|\[[^\]]*\b(?:yyyy|year|name|owner|holder)\b[^\]]*\]/i;
// Han, Hiragana, Katakana: no spaces between words, so each character is a token. A "+" right after
// a word is kept as a word of its own ("GPL-2.0+" in statements).
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+|(?<=[\p{L}\p{N}])\+(?![\p{L}\p{N}])/gu;
// The same as WORD for text without any non-ASCII character, and several times faster.
const ASCII_WORD = /[a-z0-9]+|(?<=[a-z0-9])\+(?![a-z0-9])/g;
const ASCII_ONLY = /^[ -~\t]*$/;
const SPDX_IDENTIFIER = /SPDX-License-Identifier\s*:\s*(.+)$/i;
// URLs, bare www. hosts and e-mail addresses: their words explain nothing about the terms.
const ADDRESS = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)[^\s<>()"']*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** Splits a text into normalised words with line numbers, collecting the copyright lines it drops. */
export function tokenise(text: string): TokenisedText {
  const rawLines = text.split(/\r\n|\r|\n/);
  const words: string[] = [];
  const lines: number[] = [];
  const copyrights: { text: string; line: number }[] = [];
  const spdxIdentifiers: { value: string; line: number }[] = [];
  const address: boolean[] = [];
  const seenCopyrights = new Set<string>();
  const addCopyright = (statement: string, line: number): void => {
    const cleaned = statement.replace(/\s+/g, ' ').replace(/\s*(?:\*\/|-->)\s*$/, '').trim();
    if (cleaned.length === 0 || PLACEHOLDER.test(cleaned) || seenCopyrights.has(cleaned)) return;
    seenCopyrights.add(cleaned);
    copyrights.push({ text: cleaned, line });
  };

  // The cheap includes() checks keep the regular expressions off the lines they cannot change.
  for (let index = 0; index < rawLines.length; index++) {
    let line = rawLines[index]!;
    if (line.trim().length === 0) continue;
    const lineNumber = index + 1;
    let lower = line.toLowerCase();
    const content = line.replace(COMMENT_PREFIX, '');
    if (lower.includes('spdx-license-identifier')) {
      const identifier = SPDX_IDENTIFIER.exec(content);
      if (identifier) {
        // Decoration after the expression (a closing comment, "==" banners, a full stop) is not part of it.
        const value = identifier[1]!.replace(/\s*(?:\*\/|-->).*$/, '').replace(/[^A-Za-z0-9+)]+$/, '').trim();
        if (value.length > 0) spdxIdentifiers.push({ value, line: lineNumber });
        continue;
      }
    }
    const mayHoldCopyright = lower.includes('copyright') || lower.includes('(c)') || line.includes('©');
    if (mayHoldCopyright) {
      if (COPYRIGHT_AT_START.test(content)) {
        addCopyright(content, lineNumber);
        continue;
      }
      const inside = COPYRIGHT_INSIDE.exec(line);
      if (inside && line.length - inside.index <= MAX_INLINE_COPYRIGHT) {
        addCopyright(line.slice(inside.index), lineNumber);
        line = line.slice(0, inside.index);
        lower = line.toLowerCase();
      }
    }
    if (line.includes('](')) line = line.replace(MARKDOWN_LINK_TARGET, ']');
    if (line.includes('<')) line = line.replace(HTML_TAG, ' ');
    if (line.includes('&')) line = line.replace(HTML_ENTITY, ' ');
    lower = line.toLowerCase().replace(COMMENT_PREFIX, '').replace(LIST_MARKER, '');
    if (lower.includes('(')) lower = lower.replace(PARENTHESISED_MARKER, '$1');
    const pattern = ASCII_ONLY.test(lower) ? ASCII_WORD : WORD;
    if (lower.includes('://') || lower.includes('www.') || lower.includes('@')) {
      const spans = [...lower.matchAll(ADDRESS)].map((found) => [found.index, found.index + found[0].length] as const);
      for (const found of lower.matchAll(pattern)) {
        words.push(EQUIVALENT_WORDS.get(found[0]) ?? found[0]);
        lines.push(lineNumber);
        address.push(spans.some(([start, end]) => found.index >= start && found.index < end));
      }
      continue;
    }
    const found = lower.match(pattern);
    if (!found) continue;
    for (const word of found) {
      words.push(EQUIVALENT_WORDS.get(word) ?? word);
      lines.push(lineNumber);
      address.push(false);
    }
  }
  applyPhraseEquivalents(words, lines, address);
  const addressWords: number[] = [];
  address.forEach((flag, at) => flag && addressWords.push(at));
  return { words, lines, copyrights, spdxIdentifiers, lineCount: rawLines.length, addressWords };
}

function applyPhraseEquivalents(words: string[], lines: number[], address: boolean[]): void {
  let write = 0;
  for (let read = 0; read < words.length; ) {
    const phrase = PHRASES_BY_FIRST_WORD.get(words[read]!)?.find((candidate) =>
      candidate.from.every((word, offset) => words[read + offset] === word),
    );
    if (phrase) {
      for (const replacement of phrase.to) {
        words[write] = replacement;
        lines[write] = lines[read]!;
        address[write] = address[read]!;
        write++;
      }
      read += phrase.from.length;
      continue;
    }
    words[write] = words[read]!;
    lines[write] = lines[read]!;
    address[write] = address[read]!;
    write++;
    read++;
  }
  words.length = write;
  lines.length = write;
  address.length = write;
}
