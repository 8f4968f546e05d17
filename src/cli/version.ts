import { readFileSync } from 'node:fs';

let version: string | undefined;

/** licit's own version, from its package.json. */
export function licitVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
