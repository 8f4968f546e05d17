// The reference corpus in memory: one entry per distinct license text, and an inverted index from
// shingle hash to the references that contain it (open addressing over typed arrays: it builds in
// a few milliseconds, where a Map of a million keys would not).

import { distinctSorted, hashWord, shingleHashes } from './shingles.js';

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
  shingleCount: number;
  wordCount: number;
}

export interface ReferenceIndex {
  references: Reference[];
  names: Record<string, string>;
  replacements: Record<string, string>;
  spdxLicenseListPackage: string;
  /** The references (indexes into `references`) whose text has this shingle; empty when none. */
  postings(shingle: number): Uint16Array;
}

const EMPTY = new Uint16Array(0);

export function buildReferenceIndex(payload: TextIndexPayload): ReferenceIndex {
  const vocabularyHashes = Uint32Array.from(payload.vocabulary, hashWord);
  const shingleSets: Uint32Array[] = [];
  const references: Reference[] = payload.references.map((entry) => {
    const bytes = Buffer.from(entry.tokens, 'base64');
    const tokenIds = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
    const shingles = distinctSorted(shingleHashes(Array.from(tokenIds, (tokenId) => vocabularyHashes[tokenId]!)));
    shingleSets.push(shingles);
    return {
      id: entry.id,
      kind: entry.kind,
      ...(entry.base ? { base: entry.base } : {}),
      ...(entry.embeds ? { embeds: entry.embeds } : {}),
      sourceIds: entry.sourceIds,
      copyrights: new Set(entry.copyrights.map(normaliseCopyright)),
      shingleCount: shingles.length,
      wordCount: tokenIds.length,
    };
  });

  const total = shingleSets.reduce((sum, set) => sum + set.length, 0);
  let capacity = 1024;
  while (capacity < total * 2) capacity *= 2;
  const mask = capacity - 1;
  const keys = new Uint32Array(capacity);
  const occupied = new Uint8Array(capacity);
  const counts = new Uint32Array(capacity);
  const slotOf = (hash: number): number => {
    let slot = hash & mask;
    while (occupied[slot] === 1 && keys[slot] !== hash) slot = (slot + 1) & mask;
    return slot;
  };
  for (const set of shingleSets) {
    for (const hash of set) {
      const slot = slotOf(hash);
      occupied[slot] = 1;
      keys[slot] = hash;
      counts[slot]!++;
    }
  }
  const offsets = new Uint32Array(capacity + 1);
  for (let slot = 0; slot < capacity; slot++) offsets[slot + 1] = offsets[slot]! + counts[slot]!;
  const postings = new Uint16Array(total);
  const filled = new Uint32Array(capacity);
  shingleSets.forEach((set, referenceIndex) => {
    for (const hash of set) {
      const slot = slotOf(hash);
      postings[offsets[slot]! + filled[slot]!++] = referenceIndex;
    }
  });

  return {
    references,
    names: payload.names,
    replacements: payload.replacements,
    spdxLicenseListPackage: payload.spdxLicenseListPackage,
    postings(shingle) {
      const slot = slotOf(shingle);
      return occupied[slot] === 1 ? postings.subarray(offsets[slot]!, offsets[slot + 1]!) : EMPTY;
    },
  };
}

/** The form in which copyright lines are compared with a reference's own. */
export function normaliseCopyright(line: string): string {
  return line.toLowerCase().replace(/https?:\/\/|[^\p{L}\p{N}]+/gu, ' ').trim();
}
