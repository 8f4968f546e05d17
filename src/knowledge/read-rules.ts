// The only reader of rules/: each file read once per process and handed out as its type. Every JSON file
// was checked against its schema when licit was built (scripts/validate-rules.js), so the parse needs no
// further check here. Paths resolve from this module, in src/ and in dist/ alike.
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { licitFileUrl } from '../model/package-root.js';
import type { RulesJsonFiles } from './types.js';

const parsed = new Map<string, unknown>();

/** A JSON file of rules/ (e.g. `licenses.json`, `models/references.json`, `policies/saas.json`). */
export function readRules<Name extends keyof RulesJsonFiles>(name: Name): RulesJsonFiles[Name] {
  let data = parsed.get(name);
  if (data === undefined) {
    data = JSON.parse(readFileSync(licitFileUrl(`rules/${name}`), 'utf8'));
    parsed.set(name, data);
  }
  return data as RulesJsonFiles[Name];
}

/** The built text index of rules/text-index/, decompressed; decoding it is the matcher's job. */
export type TextIndexFile = 'index.json.br' | 'shingles.bin.br' | 'shingles-scancode.bin.br';

export function readTextIndexFile(name: TextIndexFile): Buffer {
  return brotliDecompressSync(readFileSync(licitFileUrl(`rules/text-index/${name}`)));
}
