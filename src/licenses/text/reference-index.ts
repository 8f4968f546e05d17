// The reference corpus in memory: one entry per distinct license text, and an inverted index from
// shingle hash to the references that contain it, in sorted typed arrays (a Map of a million keys
// would take longer to build than the whole index should take to load).

import { hashWord, SHINGLE_SIZE, shingleHashes } from './shingles.js';

/** The committed index file's content (rules/text-index/index.json.br, see scripts/build-text-index.js). */
export interface TextIndexPayload {
  format: number;
  spdxLicenseListPackage: string;
  vocabulary: string[];
  references: {
    id: string;
    kind: 'license' | 'exception';
    /** exceptions: the license the exception is written for, when the file has no license text. */
    base?: string;
    /** The reference whose whole text this one's original contains (reported together, only the host). */
    embeds?: string;
    sourceIds: string[];
    copyrights: string[];
    /** `SPDX-License-Identifier` values written in the license document itself. */
    identifiers: string[];
    /** Token ids into `vocabulary`: base64 of a little-endian Uint16Array. */
    tokens: string;
  }[];
  /** SPDX license id -> full name, for recognising names in license statements. */
  names: Record<string, string>;
  /** Deprecated SPDX id -> the expression reported for it. */
  replacements: Record<string, string>;
}

export interface Reference {
  id: string;
  kind: 'license' | 'exception';
  base?: string;
  embeds?: string;
  sourceIds: string[];
  /** Copyright lines that belong to the license document itself (e.g. the FSF's), normalised. */
  copyrights: Set<string>;
  /** `SPDX-License-Identifier` values that are part of the license document itself. */
  identifiers: Set<string>;
  shingleCount: number;
  wordCount: number;
  /** How often the text itself says "or (at your option) any later version" and the like. */
  laterVersionMentions: number;
}

export interface ReferenceIndex {
  references: Reference[];
  names: Record<string, string>;
  replacements: Record<string, string>;
  spdxLicenseListPackage: string;
  /**
   * The references (indexes into `references`) whose text has a shingle are
   * `postings[offsets[key]..offsets[key + 1])`, where `key = keyOf(shingle)`; -1 when none has it.
   */
  keyOf(shingle: number): number;
  offsets: Uint32Array;
  postings: Uint16Array;
}

// The (shingle, reference) pairs are ordered by a two-pass radix sort: linear and sequential, which
// matters at a million pairs (a comparison sort or a Map takes several times as long).
const BUCKET_BITS = 16;
const BUCKETS = 1 << BUCKET_BITS;

/** One stable counting-sort pass on 16 bits of the keys. */
function radixPass(keys: Uint32Array, references: Uint16Array, shift: number): { keys: Uint32Array; references: Uint16Array } {
  const counts = new Uint32Array(BUCKETS + 1);
  const length = keys.length;
  for (let at = 0; at < length; at++) counts[((keys[at]! >>> shift) & (BUCKETS - 1)) + 1]!++;
  for (let bucket = 0; bucket < BUCKETS; bucket++) counts[bucket + 1]! += counts[bucket]!;
  const sortedKeys = new Uint32Array(length);
  const sortedReferences = new Uint16Array(length);
  for (let at = 0; at < length; at++) {
    const key = keys[at]!;
    const target = counts[(key >>> shift) & (BUCKETS - 1)]!++;
    sortedKeys[target] = key;
    sortedReferences[target] = references[at]!;
  }
  return { keys: sortedKeys, references: sortedReferences };
}

/** `laterVersionPhrases`: normalised phrases whose mentions are counted in each reference. */
export function buildReferenceIndex(payload: TextIndexPayload, laterVersionPhrases: readonly string[] = []): ReferenceIndex {
  const vocabularyHashes = Uint32Array.from(payload.vocabulary, hashWord);
  const vocabularyIds = new Map(payload.vocabulary.map((word, at) => [word, at]));
  // A phrase with a word outside the vocabulary occurs in no reference: it keeps an impossible id.
  const phraseTokens = laterVersionPhrases
    .map((phrase) => phrase.split(' ').map((word) => vocabularyIds.get(word) ?? -1))
    .sort((left, right) => right.length - left.length);
  const startsPhrase = new Uint8Array(payload.vocabulary.length);
  for (const phrase of phraseTokens) if (phrase[0]! >= 0) startsPhrase[phrase[0]!] = 1;
  const tokenLists = payload.references.map((entry) => {
    const bytes = Buffer.from(entry.tokens, 'base64');
    return new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  });
  const pairCount = tokenLists.reduce((sum, tokens) => sum + Math.max(0, tokens.length - SHINGLE_SIZE + 1), 0);
  let pairKeys: Uint32Array = new Uint32Array(pairCount);
  let pairReferences: Uint16Array = new Uint16Array(pairCount);
  let filled = 0;
  tokenLists.forEach((tokens, reference) => {
    const wordHashes = new Uint32Array(tokens.length);
    for (let at = 0; at < tokens.length; at++) wordHashes[at] = vocabularyHashes[tokens[at]!]!;
    for (const shingle of shingleHashes(wordHashes)) {
      pairKeys[filled] = shingle;
      pairReferences[filled++] = reference;
    }
  });
  for (const shift of [0, BUCKET_BITS]) {
    const sorted = radixPass(pairKeys, pairReferences, shift);
    pairKeys = sorted.keys;
    pairReferences = sorted.references;
  }

  // Distinct keys with their posting lists; bucketStart[b] is where the keys with top bits b begin.
  const shingleCounts = new Uint32Array(payload.references.length);
  const keys = new Uint32Array(pairCount);
  const offsets = new Uint32Array(pairCount + 1);
  const postings = new Uint16Array(pairCount);
  let keyCount = 0;
  let postingCount = 0;
  for (let at = 0; at < pairCount; at++) {
    const key = pairKeys[at]!;
    const reference = pairReferences[at]!;
    const newKey = at === 0 || key !== pairKeys[at - 1]!;
    if (!newKey && reference === pairReferences[at - 1]!) continue;
    if (newKey) {
      keys[keyCount] = key;
      offsets[keyCount++] = postingCount;
    }
    postings[postingCount++] = reference;
    shingleCounts[reference]!++;
  }
  offsets[keyCount] = postingCount;
  const bucketStart = new Uint32Array(BUCKETS + 1);
  for (let at = 0; at < keyCount; at++) bucketStart[(keys[at]! >>> BUCKET_BITS) + 1]!++;
  for (let bucket = 0; bucket < BUCKETS; bucket++) bucketStart[bucket + 1]! += bucketStart[bucket]!;

  const references: Reference[] = payload.references.map((entry, at) => ({
    id: entry.id,
    kind: entry.kind,
    ...(entry.base ? { base: entry.base } : {}),
    ...(entry.embeds ? { embeds: entry.embeds } : {}),
    sourceIds: entry.sourceIds,
    copyrights: new Set(entry.copyrights.map(normaliseCopyright)),
    identifiers: new Set(entry.identifiers),
    shingleCount: shingleCounts[at]!,
    wordCount: tokenLists[at]!.length,
    laterVersionMentions: countTokenPhrases(tokenLists[at]!, phraseTokens, startsPhrase),
  }));

  return {
    references,
    names: payload.names,
    replacements: payload.replacements,
    spdxLicenseListPackage: payload.spdxLicenseListPackage,
    offsets,
    postings,
    keyOf(shingle) {
      const bucket = shingle >>> BUCKET_BITS;
      let low = bucketStart[bucket]!;
      let high = bucketStart[bucket + 1]!;
      while (low < high) {
        const middle = (low + high) >>> 1;
        const key = keys[middle]!;
        if (key === shingle) return middle;
        if (key < shingle) low = middle + 1;
        else high = middle;
      }
      return -1;
    },
  };
}

function countTokenPhrases(tokens: Uint16Array, phrases: number[][], startsPhrase: Uint8Array): number {
  let count = 0;
  for (let at = 0; at < tokens.length; at++) {
    if (startsPhrase[tokens[at]!] !== 1) continue;
    const found = phrases.find((phrase) => phrase.every((token, offset) => tokens[at + offset] === token));
    if (found) {
      count++;
      at += found.length - 1;
    }
  }
  return count;
}

/** Non-overlapping mentions of any of the phrases (longest first) in a list of words. */
export function countPhrases(words: readonly string[], phrases: readonly string[]): number {
  const split = phrases.map((phrase) => phrase.split(' ')).sort((left, right) => right.length - left.length);
  const firstWords = new Set(split.map((phrase) => phrase[0]));
  let count = 0;
  for (let at = 0; at < words.length; at++) {
    if (!firstWords.has(words[at])) continue;
    const found = split.find((phrase) => phrase.every((word, offset) => words[at + offset] === word));
    if (found) {
      count++;
      at += found.length - 1;
    }
  }
  return count;
}

/** The form in which copyright lines are compared with a reference's own. */
export function normaliseCopyright(line: string): string {
  return line.toLowerCase().replace(/https?:\/\/|[^\p{L}\p{N}]+/gu, ' ').trim();
}
