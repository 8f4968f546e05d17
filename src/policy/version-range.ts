// Semver ranges for exceptions (`some-pkg@^2`). semver ships no types; this is the part licit uses.
import { createRequire } from 'node:module';

interface Semver {
  validRange(range: string): string | null;
  satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
}

const semver = createRequire(import.meta.url)('semver') as Semver;

export function isValidRange(range: string): boolean {
  return semver.validRange(range) !== null;
}

/** Whether a version lies in a range; prereleases count (an exception for ^2 covers 2.1.0-beta too). */
export function versionSatisfies(version: string, range: string): boolean {
  return semver.satisfies(version, range, { includePrerelease: true });
}
