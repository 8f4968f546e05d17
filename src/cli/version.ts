import { readFileSync } from 'node:fs';
import { licitFileUrl } from '../model/package-root.js';

let version: string | undefined;

/** licit's own version, from its package.json. */
export function licitVersion(): string {
  version ??= (JSON.parse(readFileSync(licitFileUrl('package.json'), 'utf8')) as { version: string }).version;
  return version;
}
