export * from './types.js';
export { LicitInputError } from './errors.js';
