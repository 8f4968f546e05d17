// The fast path: the reference matches of the commonest license-file wordings (sources.json
// "fastPath") are computed when the index is built, keyed by a digest of the normalised words, so
// that a tree whose license files are all such wordings never loads the shingle table. The stored
// value is what matchReferences gives for those words, so a hit changes no result, only time.

import { createHash } from 'node:crypto';

/** The key of a normalised word list (the words decide the reference matches, not the lines). */
export function wordsKey(words: readonly string[]): string {
  return createHash('sha1').update(words.join(' ')).digest('base64');
}
