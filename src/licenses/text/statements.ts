// Short license statements: "Licensed under the MIT license", "released under GPLv3", a README
// "License" section, a file that holds only a license name. The phrases and aliases are data
// (rules/license-statements.json); license names resolve through a key that ignores noise words.

import type { LicenseStatementsFile } from '../../knowledge/index.js';

/** rules/license-statements.json as read (src/knowledge/types.ts documents each field). */
export type StatementRules = LicenseStatementsFile;

/** The rules with their phrases split into words and ordered longest first, once per run. */
export interface CompiledStatementRules {
  triggers: { words: string[]; nameEndsLine: boolean }[];
  fillers: Set<string>;
  conjunctions: { words: string[]; value: 'AND' | 'OR' }[];
  laterVersion: Phrase[];
  choice: Phrase[];
  maxNameWords: number;
  maxBareFileWords: number;
}

export function compileStatementRules(rules: StatementRules): CompiledStatementRules {
  const phrases = (list: string[]): Phrase[] => list.map((phrase) => ({ words: split(phrase) })).sort(byLengthDescending);
  return {
    triggers: rules.triggers.map((trigger) => ({ words: split(trigger.phrase), nameEndsLine: trigger.nameEndsLine === true })).sort(byLengthDescending),
    fillers: new Set(rules.fillers),
    conjunctions: Object.entries(rules.conjunctions)
      .map(([phrase, value]) => ({ words: split(phrase), value }))
      .sort(byLengthDescending),
    laterVersion: phrases(rules.laterVersionPhrases.filter((phrase) => phrase !== '+')),
    choice: phrases(rules.choicePhrases),
    maxNameWords: rules.maxNameWords,
    maxBareFileWords: rules.maxBareFileWords,
  };
}

export interface StatementMatch {
  /** License ids in the order written. */
  licenses: string[];
  conjunction: 'AND' | 'OR';
  startWord: number;
  /** Inclusive. */
  endWord: number;
}

export interface NameResolver {
  /** The license id a run of normalised words names, or null. */
  resolve(words: readonly string[]): string | null;
}

interface Phrase {
  words: string[];
}

const split = (phrase: string): string[] => phrase.split(' ').filter((word) => word.length > 0);
const byLengthDescending = (left: Phrase, right: Phrase): number => right.words.length - left.words.length;

function endsWith(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length > words.length) return false;
  const offset = words.length - phrase.length;
  return phrase.every((word, at) => words[offset + at] === word);
}

function startsAt(words: readonly string[], at: number, phrase: readonly string[], allowed: (position: number) => boolean): boolean {
  if (at + phrase.length > words.length) return false;
  for (let offset = 0; offset < phrase.length; offset++) {
    if (words[at + offset] !== phrase[offset] || !allowed(at + offset)) return false;
  }
  return true;
}

/** The key and "or later" qualifier of license names, as the rules define them. */
function nameReader(rules: StatementRules): {
  keyOf(words: readonly string[]): string;
  stripQualifiers(words: readonly string[]): { words: readonly string[]; orLater: boolean };
} {
  const noiseWords = new Set(rules.nameNoiseWords);
  const noisePhrases = rules.nameNoisePhrases.map((phrase) => ({ words: split(phrase) })).sort(byLengthDescending);
  const laterPhrases = rules.laterVersionPhrases.map((phrase) => ({ words: split(phrase) })).sort(byLengthDescending);
  const onlyPhrases = rules.onlyPhrases.map((phrase) => ({ words: split(phrase) })).sort(byLengthDescending);

  const keyOf = (words: readonly string[]): string => {
    const separated: string[] = [];
    for (const word of words) {
      const versioned = /^([a-z]+?)v?(\d+)$/.exec(word);
      if (versioned) separated.push(versioned[1]!, versioned[2]!);
      else separated.push(word);
    }
    const kept: string[] = [];
    for (let at = 0; at < separated.length; ) {
      const noise = noisePhrases.find((phrase) => startsAt(separated, at, phrase.words, () => true));
      if (noise) {
        at += noise.words.length;
        continue;
      }
      const word = separated[at]!;
      const previous = kept[kept.length - 1];
      const isZeroAfterVersion = word === '0' && previous !== undefined && /^\d+$/.test(previous);
      if (!noiseWords.has(word) && !isZeroAfterVersion && word !== previous) kept.push(word);
      at++;
    }
    return kept.join(' ');
  };

  const stripQualifiers = (words: readonly string[]): { words: readonly string[]; orLater: boolean } => {
    let rest = words;
    let orLater = false;
    for (let changed = true; changed; ) {
      changed = false;
      const later = laterPhrases.find((phrase) => endsWith(rest, phrase.words));
      if (later) {
        rest = rest.slice(0, rest.length - later.words.length);
        orLater = true;
        changed = true;
      }
      const only = onlyPhrases.find((phrase) => endsWith(rest, phrase.words));
      if (only) {
        rest = rest.slice(0, rest.length - only.words.length);
        changed = true;
      }
    }
    return { words: rest, orLater };
  };
  return { keyOf, stripQualifiers };
}

/**
 * The name table (key -> id) from SPDX ids and names, deprecated ids with their replacements, and
 * the aliases; built with the index (scripts/build-text-index.js), since it takes a while. A key
 * claimed by two licenses at the same level of trust resolves to nothing (null). `tokenise` is the
 * matcher's normaliser, so names and texts are read alike.
 */
export function buildNameTable(
  rules: StatementRules,
  names: Record<string, string>,
  replacements: Record<string, string>,
  tokenise: (text: string) => string[],
): [string, string | null][] {
  const { keyOf, stripQualifiers } = nameReader(rules);
  const table = new Map<string, string | null>();
  const register = (text: string, id: string, level: Map<string, string | null>): void => {
    const { words, orLater } = stripQualifiers(tokenise(text));
    if (orLater) return;
    const key = keyOf(words);
    if (key.length === 0) return;
    const existing = level.get(key);
    level.set(key, existing === undefined || existing === id ? id : null);
  };
  const fromNames = new Map<string, string | null>();
  const fromIds = new Map<string, string | null>();
  const fromAliases = new Map<string, string | null>();
  for (const [id, name] of Object.entries(names)) {
    register(name, id, fromNames);
    register(id, id, fromIds);
  }
  for (const [deprecatedId, replacement] of Object.entries(replacements)) {
    if (!deprecatedId.endsWith('+') && /^[\w.-]+$/.test(replacement)) register(deprecatedId, replacement, fromIds);
  }
  for (const [alias, id] of Object.entries(rules.aliases)) {
    if (!alias.startsWith('$')) register(alias, id, fromAliases);
  }
  for (const level of [fromNames, fromIds, fromAliases]) for (const [key, id] of level) table.set(key, id);
  return [...table];
}

/**
 * The SPDX names plus the model-license refs, which are named by their own id. ScanCode's texts
 * (source ids `scancode:<key>`) are matched as texts only: their ids are no names people write.
 */
export function licenseNames(references: readonly { id: string; sourceIds: readonly string[] }[], names: Record<string, string>): Record<string, string> {
  const modelIds = references
    .filter((reference) => reference.id.startsWith('LicenseRef-') && !reference.sourceIds.every((source) => source.startsWith('scancode:')))
    .map((reference) => [reference.id, reference.id]);
  return { ...names, ...Object.fromEntries(modelIds) };
}

/** Resolves license names through a name table; `names` are the known license ids (and names). */
export function nameResolver(rules: StatementRules, nameKeys: readonly [string, string | null][], names: Record<string, string>): NameResolver {
  const { keyOf, stripQualifiers } = nameReader(rules);
  const table = new Map(nameKeys);
  const known = new Set([...Object.keys(names), ...Object.values(rules.aliases)]);
  return {
    resolve(words) {
      const { words: rest, orLater } = stripQualifiers(words);
      const key = keyOf(rest);
      const id = key.length > 0 ? table.get(key) : undefined;
      if (!id) return null;
      if (!orLater) return id;
      const laterId = id.replace(/-only$/, '-or-later');
      if (laterId !== id && known.has(laterId)) return laterId;
      return id.startsWith('LicenseRef-') ? id : `${id}+`;
    },
  };
}

/**
 * Words one text may try against the name table (each trigger tries up to maxNameWords candidate
 * names, longest first): a few thousand statements' worth, and a fraction of a second. A 1 MiB text
 * of "licensed under the …" repeated would otherwise try tens of millions.
 */
export const MAX_STATEMENT_NAME_WORDS = 2_000_000;

/** What is left of one text's statement budget; `exhausted` once the search stopped short of the end. */
export interface StatementBudget {
  words: number;
  exhausted: boolean;
}

export const statementBudget = (words: number = MAX_STATEMENT_NAME_WORDS): StatementBudget => ({ words, exhausted: false });

/**
 * Statements in the words not already explained by a full-text match (`covered`). `lines` gives
 * each word's line, for triggers whose license name must end its line ("License: MIT"). The search
 * stops when `budget` runs out (budget.exhausted then tells the caller the text was not all read).
 */
export function findStatements(
  words: readonly string[],
  lines: readonly number[],
  covered: Uint8Array,
  resolver: NameResolver,
  rules: CompiledStatementRules,
  budget: StatementBudget = statementBudget(),
): StatementMatch[] {
  const free = (position: number): boolean => covered[position] === 0;
  const { triggers, fillers, conjunctions } = rules;
  const endsLine = (end: number): boolean => end >= words.length || lines[end] !== lines[end - 1];

  const resolveLongest = (start: number, mustEndLine: boolean): { id: string; end: number } | null => {
    let available = 0;
    while (available < rules.maxNameWords && start + available < words.length && free(start + available)) available++;
    for (let size = available; size >= 1; size--) {
      if (mustEndLine && !endsLine(start + size)) continue;
      budget.words -= size;
      if (budget.words < 0) {
        budget.exhausted = true;
        return null;
      }
      const id = resolver.resolve(words.slice(start, start + size));
      if (id) return { id, end: start + size };
    }
    return null;
  };

  const parseList = (start: number, mustEndLine: boolean): { licenses: string[]; conjunction: 'AND' | 'OR'; end: number } | null => {
    const licenses: string[] = [];
    let conjunction: 'AND' | 'OR' | null = null;
    let at = start;
    for (;;) {
      const name = resolveLongest(at, false);
      if (!name) break;
      licenses.push(name.id);
      at = name.end;
      const joiner = conjunctions.find((phrase) => startsAt(words, at, phrase.words, free));
      if (!joiner) break;
      let next = at + joiner.words.length;
      while (next < words.length && free(next) && words[next] === 'the') next++;
      if (!resolveLongest(next, false)) break;
      conjunction = conjunction === 'OR' ? 'OR' : joiner.value;
      at = next;
    }
    if (licenses.length === 0 || (mustEndLine && !endsLine(at))) return null;
    return { licenses, conjunction: conjunction ?? 'AND', end: at };
  };

  const statements: StatementMatch[] = [];
  for (let at = 0; at < words.length && !budget.exhausted; at++) {
    if (!free(at)) continue;
    const trigger = triggers.find((candidate) => startsAt(words, at, candidate.words, free));
    if (!trigger) continue;
    let start = at + trigger.words.length;
    while (start < words.length && free(start) && fillers.has(words[start]!)) start++;
    const list = parseList(start, trigger.nameEndsLine);
    // A list cut short by the budget may miss its last names: it is not a statement.
    if (!list || budget.exhausted) continue;
    statements.push({ licenses: list.licenses, conjunction: list.conjunction, startWord: at, endWord: list.end - 1 });
    at = list.end - 1;
  }
  if (statements.length === 0 && words.length > 0 && words.length <= rules.maxBareFileWords && covered.every((flag) => flag === 0)) {
    const list = parseList(0, true);
    if (list && list.end === words.length) statements.push({ licenses: list.licenses, conjunction: list.conjunction, startWord: 0, endWord: list.end - 1 });
  }
  return statements;
}

/** Phrase scanning over the uncovered words: choice wording ("at your option") and "or later" wording. */
export function findWording(
  words: readonly string[],
  covered: Uint8Array,
  rules: CompiledStatementRules,
): { offersChoice: boolean; laterVersion: boolean } {
  const free = (position: number): boolean => covered[position] === 0;
  const { laterVersion: later, choice } = rules;
  let offersChoice = false;
  let laterVersion = false;
  for (let at = 0; at < words.length; at++) {
    if (!free(at)) continue;
    const laterPhrase = later.find((phrase) => startsAt(words, at, phrase.words, free));
    if (laterPhrase) {
      laterVersion = true;
      at += laterPhrase.words.length - 1;
      continue;
    }
    if (choice.some((phrase) => startsAt(words, at, phrase.words, free))) offersChoice = true;
  }
  return { offersChoice, laterVersion };
}
