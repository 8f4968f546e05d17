export * from './types.js';
export { LicitInputError } from './errors.js';
export { diffPackage } from './diff-package.js';
export { openRegularFile, readBounded, readInputText, inputFileProblem, MAX_INPUT_BYTES, MAX_LOCKFILE_BYTES } from './read-bounded.js';
export { FINDING_CODES, ruleCodeOf, type DistributiveOmit, type FindingCode, type RuleCode } from './finding-codes.js';
export type * from './check.js';
export { ownValue, setOwn } from './own.js';
