// The only file reading of the matcher's knowledge: the committed reference index and the statement
// rules, loaded once, on first use.

import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { tokenise } from './normalise.js';
import { buildReferenceIndex, type ReferenceIndex, type TextIndexPayload } from './reference-index.js';
import { buildNameResolver, compileStatementRules, type CompiledStatementRules, type NameResolver, type StatementRules } from './statements.js';

export interface TextMatcher {
  index: ReferenceIndex;
  rules: StatementRules;
  compiledRules: CompiledStatementRules;
  resolver: NameResolver;
  /** SPDX license ids (not deprecated). */
  spdxIds: Set<string>;
}

const INDEX_URL = new URL('../../../rules/text-index/index.json.br', import.meta.url);
const STATEMENTS_URL = new URL('../../../rules/license-statements.json', import.meta.url);

let loaded: TextMatcher | undefined;

export function textMatcher(): TextMatcher {
  loaded ??= createTextMatcher(
    JSON.parse(brotliDecompressSync(readFileSync(INDEX_URL)).toString('utf8')) as TextIndexPayload,
    JSON.parse(readFileSync(STATEMENTS_URL, 'utf8')) as StatementRules,
  );
  return loaded;
}

export function createTextMatcher(payload: TextIndexPayload, rules: StatementRules): TextMatcher {
  const index = buildReferenceIndex(payload, rules.laterVersionPhrases);
  const modelIds = Object.fromEntries(index.references.filter((reference) => reference.id.startsWith('LicenseRef-')).map((reference) => [reference.id, reference.id]));
  const resolver = buildNameResolver(rules, { ...payload.names, ...modelIds }, payload.replacements, (text) => tokenise(text).words);
  return { index, rules, compiledRules: compileStatementRules(rules), resolver, spdxIds: new Set(Object.keys(payload.names)) };
}
