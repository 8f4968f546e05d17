// licit's own version, from its package.json: bundled into dist/ at build time (the build stamp covers
// package.json, so a new version rebuilds), read from the file itself when running from the sources.
import licitPackage from '../../package.json' with { type: 'json' };

export function licitVersion(): string {
  return licitPackage.version;
}
