export { readBounded } from '../model/read-bounded.js';
