// The reference corpus in memory: one entry per distinct license text, and an inverted index from
// shingle hash to the references that contain it, in sorted typed arrays. The arrays are built once,
// by scripts/build-text-index.js (buildShingleTable), and committed (index-file.ts): loading them
// only wraps them, since sorting a million (shingle, reference) pairs on every run costs more than
// the whole text stage may.

import { hashWord, shingleHashes } from './shingles.js';

/** One reference as the committed index holds it. */
export interface ReferenceEntry {
  id: string;
  kind: 'license' | 'exception';
  /** exceptions: the license the exception is written for, when the file has no license text. */
  base?: string;
  /** The reference whose whole text this one's original contains (reported together, only the host). */
  embeds?: string;
  /** The license's standard header (a notice), not its text: a full text wins over it where both fit. */
  header?: true;
  /** In the second shingle table (ScanCode's texts), matched only against text the first leaves unexplained. */
  secondary?: true;
  sourceIds: string[];
  /** Copyright lines written in the license document itself (e.g. the FSF's), as written. */
  copyrights: string[];
  /** `SPDX-License-Identifier` values written in the license document itself. */
  identifiers: string[];
  shingleCount: number;
  wordCount: number;
  /** How often the text itself says "or (at your option) any later version" and the like. */
  laterVersionMentions: number;
}

export interface Reference extends Omit<ReferenceEntry, 'copyrights' | 'identifiers'> {
  /** Copyright lines that belong to the license document itself, normalised. */
  copyrights: Set<string>;
  identifiers: Set<string>;
}

/**
 * The inverted index: distinct shingles sorted, split into BUCKETS by their top 16 bits. Bucket `b`
 * holds `bucketCounts[b]` keys, of which only the low 16 bits are stored (`keyLows`); key `k` has
 * `postingCounts[k]` references, consecutive in `postings`.
 */
export interface ShingleTable {
  bucketCounts: Uint8Array;
  keyLows: Uint16Array;
  postingCounts: Uint16Array;
  postings: Uint16Array;
}

export interface ReferenceIndex {
  references: Reference[];
  /**
   * The references (indexes into `references`) whose text has a shingle are
   * `postings[offsets[key]..offsets[key + 1])`, where `key = keyOf(shingle)`; -1 when none has it.
   */
  keyOf(shingle: number): number;
  offsets: Uint32Array;
  postings: Uint16Array;
}

const BUCKET_BITS = 16;
export const BUCKETS = 1 << BUCKET_BITS;

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

/** Build time: the shingle table of the references' normalised words, and each one's distinct shingle count. */
export function buildShingleTable(wordLists: readonly (readonly string[])[]): { table: ShingleTable; shingleCounts: number[] } {
  if (wordLists.length > 0xffff) throw new Error('too many references for 16-bit postings');
  const shingleLists = wordLists.map((words) => shingleHashes(words.map(hashWord)));
  const pairCount = shingleLists.reduce((sum, shingles) => sum + shingles.length, 0);
  let pairKeys: Uint32Array = new Uint32Array(pairCount);
  let pairReferences: Uint16Array = new Uint16Array(pairCount);
  let filled = 0;
  shingleLists.forEach((shingles, reference) => {
    pairKeys.set(shingles, filled);
    pairReferences.fill(reference, filled, filled + shingles.length);
    filled += shingles.length;
  });
  for (const shift of [0, BUCKET_BITS]) {
    const sorted = radixPass(pairKeys, pairReferences, shift);
    pairKeys = sorted.keys;
    pairReferences = sorted.references;
  }

  const shingleCounts = new Array<number>(wordLists.length).fill(0);
  const bucketCounts = new Uint8Array(BUCKETS);
  const keyLows: number[] = [];
  const postingCounts: number[] = [];
  const postings: number[] = [];
  for (let at = 0; at < pairCount; at++) {
    const key = pairKeys[at]!;
    const reference = pairReferences[at]!;
    const newKey = at === 0 || key !== pairKeys[at - 1]!;
    if (!newKey && reference === pairReferences[at - 1]!) continue;
    if (newKey) {
      const bucket = key >>> BUCKET_BITS;
      if (bucketCounts[bucket] === 0xff) throw new Error('more than 255 shingles in one bucket');
      bucketCounts[bucket]!++;
      keyLows.push(key & (BUCKETS - 1));
      postingCounts.push(0);
    }
    postingCounts[postingCounts.length - 1]!++;
    postings.push(reference);
    shingleCounts[reference]!++;
  }
  return {
    table: { bucketCounts, keyLows: Uint16Array.from(keyLows), postingCounts: Uint16Array.from(postingCounts), postings: Uint16Array.from(postings) },
    shingleCounts,
  };
}

/** Load time: the references as the matcher uses them. */
export function loadReferences(entries: readonly ReferenceEntry[]): Reference[] {
  return entries.map((entry) => ({
    ...entry,
    copyrights: new Set(entry.copyrights.map(normaliseCopyright)),
    identifiers: new Set(entry.identifiers),
  }));
}

/** Load time: the index over a committed table, with a binary search per lookup. */
export function referenceIndex(references: Reference[], table: ShingleTable): ReferenceIndex {
  const { bucketCounts, keyLows, postingCounts, postings } = table;
  const bucketStart = new Uint32Array(BUCKETS + 1);
  for (let bucket = 0; bucket < BUCKETS; bucket++) bucketStart[bucket + 1] = bucketStart[bucket]! + bucketCounts[bucket]!;
  const keyCount = keyLows.length;
  const offsets = new Uint32Array(keyCount + 1);
  for (let key = 0; key < keyCount; key++) offsets[key + 1] = offsets[key]! + postingCounts[key]!;

  return {
    references,
    offsets,
    postings,
    keyOf(shingle) {
      const bucket = shingle >>> BUCKET_BITS;
      const low16 = shingle & (BUCKETS - 1);
      let low = bucketStart[bucket]!;
      let high = bucketStart[bucket + 1]!;
      while (low < high) {
        const middle = (low + high) >>> 1;
        const key = keyLows[middle]!;
        if (key === low16) return middle;
        if (key < low16) low = middle + 1;
        else high = middle;
      }
      return -1;
    },
  };
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
