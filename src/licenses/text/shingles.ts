// Word and shingle hashing shared by the reference index and the input side, so both agree.

/** Words per shingle: long enough to tell relatives apart, short enough to survive small edits. */
export const SHINGLE_SIZE = 5;

const wordHashCache = new Map<string, number>();
const MAX_CACHED_WORDS = 200_000;

/** FNV-1a over the UTF-16 code units of a word. */
export function hashWord(word: string): number {
  const cached = wordHashCache.get(word);
  if (cached !== undefined) return cached;
  let hash = 0x811c9dc5;
  for (let index = 0; index < word.length; index++) {
    hash = Math.imul(hash ^ word.charCodeAt(index), 0x01000193);
  }
  hash >>>= 0;
  if (wordHashCache.size >= MAX_CACHED_WORDS) wordHashCache.clear();
  wordHashCache.set(word, hash);
  return hash;
}

/** The hash of every run of SHINGLE_SIZE consecutive words, by start position. */
export function shingleHashes(wordHashes: ArrayLike<number>): Uint32Array {
  const count = Math.max(0, wordHashes.length - SHINGLE_SIZE + 1);
  const result = new Uint32Array(count);
  for (let start = 0; start < count; start++) {
    let hash = 0x9747b28c;
    for (let offset = 0; offset < SHINGLE_SIZE; offset++) {
      hash = Math.imul(hash ^ wordHashes[start + offset]!, 0x5bd1e995);
      hash ^= hash >>> 15;
    }
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    result[start] = (hash ^ (hash >>> 16)) >>> 0;
  }
  return result;
}
