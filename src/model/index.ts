export * from './types.js';
export { LicitInputError } from './errors.js';
export { diffPackage } from './diff-package.js';
