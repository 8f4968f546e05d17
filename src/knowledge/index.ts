// licit's knowledge as data: the one reader of rules/ and the types of its files. Sits at the ground
// beside model/: it imports nothing else of licit, and every stage may import it.
export { readRules, readTextIndexFile, type TextIndexFile } from './read-rules.js';
export type * from './types.js';
