// Short notices the reference texts cannot tell apart: the version a GNU notice names (the SPDX
// headers of GPL-1.0 and GPL-2.0 differ by one word, and real notices word it a dozen ways), and the
// exception a notice grants ("As a special exception … built using GNU Libtool"), which joins the
// license it amends with WITH. The wordings are data (rules/license-statements.json "notices").

import type { NoticeRules } from '../../knowledge/index.js';
import { tokenise } from './normalise.js';

export type { NoticeRules };

export interface CompiledNoticeRules {
  families: { words: string[]; family: string }[];
  /** The first words of the families' names (a cheap test before the phrase search). */
  familyStarts: Set<string>;
  versionWords: Set<string>;
  versionLeadWords: Set<string>;
  grantWords: Set<string>;
  maxVersionDistance: number;
  maxNoticeWords: number;
  laterVersion: string[][];
  exceptions: { exception: string; words: string[]; hosts: string[] }[];
  exceptionStarts: Set<string>;
  references: { license: string; words: string[] }[];
  openers: string[][];
  maxOpenerDistance: number;
}

/** Whether `id` is of a GNU family the notices name (GPL-2.0-only, LGPL-2.1-or-later…): its version may be read from the notice. */
export function isGnuFamilyId(id: string, rules: CompiledNoticeRules): boolean {
  return rules.families.some(({ family }) => id.startsWith(`${family}-`));
}

const normalised = (phrase: string): string[] => tokenise(phrase).words;
const longestFirst = <T extends { words: string[] }>(list: T[]): T[] => list.sort((left, right) => right.words.length - left.words.length);

export function compileNoticeRules(rules: NoticeRules, laterVersionPhrases: readonly string[]): CompiledNoticeRules {
  return {
    families: longestFirst(Object.entries(rules.gnuFamilies).map(([name, family]) => ({ words: normalised(name), family }))),
    familyStarts: new Set(Object.keys(rules.gnuFamilies).map((name) => normalised(name)[0]!)),
    versionWords: new Set(rules.versionWords),
    versionLeadWords: new Set(normalised(rules.versionLeadWords.join(' '))),
    grantWords: new Set(normalised(rules.grantWords.join(' '))),
    maxVersionDistance: rules.maxVersionDistance,
    maxNoticeWords: rules.maxNoticeWords,
    laterVersion: laterVersionPhrases.filter((phrase) => phrase !== '+').map(normalised),
    exceptions: longestFirst(rules.exceptions.map((entry) => ({ exception: entry.exception, words: normalised(entry.phrase), hosts: entry.hosts }))),
    exceptionStarts: new Set(rules.exceptions.map((entry) => normalised(entry.phrase)[0]!)),
    references: rules.references.map((entry) => ({ license: entry.license, words: normalised(entry.phrase) })),
    openers: rules.exceptionOpeners.map(normalised),
    maxOpenerDistance: rules.maxOpenerDistance,
  };
}

function startsAt(words: readonly string[], at: number, phrase: readonly string[]): boolean {
  if (at + phrase.length > words.length) return false;
  for (let offset = 0; offset < phrase.length; offset++) if (words[at + offset] !== phrase[offset]) return false;
  return true;
}

/**
 * The GNU id a notice in words[start..end] names by its own wording: the first GNU license name,
 * the version written after it and whether "or any later version" follows; null when the notice
 * names no version (then the matched reference's id stands) or the id is not a known one.
 */
export function readGnuNotice(words: readonly string[], start: number, end: number, rules: CompiledNoticeRules, known: ReadonlySet<string>): string | null {
  if (end - start + 1 > rules.maxNoticeWords) return null;
  return readGnuName(words, start, end, rules, known, false)?.id ?? null;
}

/**
 * The GNU license named from words[start] on (only there when `anchored`, else the first name in
 * the range) with the version written after it: its id and last word.
 */
export function readGnuName(
  words: readonly string[],
  start: number,
  end: number,
  rules: CompiledNoticeRules,
  known: ReadonlySet<string>,
  anchored: boolean,
): { id: string; endWord: number } | null {
  for (let at = start; at <= (anchored ? start : end); at++) {
    if (!rules.familyStarts.has(words[at]!)) continue;
    const name = rules.families.find((candidate) => startsAt(words, at, candidate.words));
    if (!name) continue;
    const after = at + name.words.length;
    const limit = Math.min(end, after + rules.maxVersionDistance);
    for (let position = after; position <= limit; position++) {
      if (!rules.versionWords.has(words[position]!)) {
        if (rules.versionLeadWords.has(words[position]!)) continue;
        break;
      }
      const major = words[position + 1];
      if (major === undefined || !/^[123]$/.test(major)) continue;
      const minor = words[position + 2] === '1' && major === '2' ? '1' : '0';
      const versionEnd = position + (words[position + 2] === minor ? 2 : 1);
      let later = false;
      let endWord = versionEnd;
      for (let next = versionEnd + 1; next <= Math.min(end, versionEnd + 12) && !later; next++) {
        const phrase = rules.laterVersion.find((candidate) => startsAt(words, next, candidate));
        if (phrase) {
          later = true;
          endWord = next + phrase.length - 1;
        }
      }
      const id = `${name.family}-${major}.${minor}-${later ? 'or-later' : 'only'}`;
      return known.has(id) ? { id, endWord } : null;
    }
    return null;
  }
  return null;
}

export interface ExceptionNotice {
  exception: string;
  /** The licenses (ids or id prefixes) the exception is written for. */
  hosts: string[];
  /** The exception's paragraph: from its opener (or phrase) to the end of the paragraph. */
  startWord: number;
  endWord: number;
}

/** Exception notices in the words, each with the paragraph it takes. */
export function findExceptionNotices(words: readonly string[], lines: readonly number[], rules: CompiledNoticeRules): ExceptionNotice[] {
  const found: ExceptionNotice[] = [];
  for (let at = 0; at < words.length; at++) {
    if (!rules.exceptionStarts.has(words[at]!)) continue;
    const notice = rules.exceptions.find((candidate) => words[at] === candidate.words[0] && startsAt(words, at, candidate.words));
    if (!notice) continue;
    let startWord = at;
    for (let back = at - 1; back >= Math.max(0, at - rules.maxOpenerDistance); back--) {
      if (rules.openers.some((opener) => startsAt(words, back, opener))) {
        startWord = back;
        break;
      }
    }
    let endWord = at + notice.words.length - 1;
    while (endWord + 1 < words.length && lines[endWord + 1]! - lines[endWord]! <= 1 && !rules.openers.some((opener) => startsAt(words, endWord + 1, opener))) endWord++;
    found.push({ exception: notice.exception, hosts: notice.hosts, startWord, endWord });
    at = endWord;
  }
  return found;
}

/**
 * Versioned GNU notices in words no reference or statement explains ("… under the terms of the GNU
 * Lesser General Public License as published by the Free Software Foundation, either version 2 …"):
 * the notice runs from the start of its paragraph (at most `maxLead` words back) to its version.
 */
export function findGnuNotices(
  words: readonly string[],
  lines: readonly number[],
  free: (position: number) => boolean,
  rules: CompiledNoticeRules,
  known: ReadonlySet<string>,
): { id: string; startWord: number; endWord: number }[] {
  const found: { id: string; startWord: number; endWord: number }[] = [];
  for (let at = 0; at < words.length; at++) {
    if (!free(at)) continue;
    const name = readGnuName(words, at, Math.min(words.length - 1, at + 40), rules, known, true);
    if (!name) continue;
    // A notice grants ("… under the terms of the GNU …"); a definition that names the GPL (the MPL's "Secondary License") does not.
    let grants = false;
    for (let back = at - 1; back >= Math.max(0, at - GRANT_REACH) && !grants; back--) grants = rules.grantWords.has(words[back]!);
    if (!grants) continue;
    let startWord = at;
    while (startWord > 0 && at - startWord < MAX_LEAD_WORDS && free(startWord - 1) && lines[startWord]! - lines[startWord - 1]! <= 1) startWord--;
    found.push({ id: name.id, startWord, endWord: name.endWord });
    at = name.endWord;
  }
  return found;
}

/** How many words before a GNU name its grant word ("under", "licensed") may be. */
const GRANT_REACH = 8;

/** Words of a notice before the license name ("This program is free software; you can redistribute it …"). */
const MAX_LEAD_WORDS = 30;

/** Reference notices in the free words: the license each names, with its words. */
export function findReferenceNotices(words: readonly string[], free: (position: number) => boolean, rules: CompiledNoticeRules): { license: string; startWord: number; endWord: number }[] {
  const found: { license: string; startWord: number; endWord: number }[] = [];
  for (let at = 0; at < words.length; at++) {
    if (!free(at)) continue;
    const reference = rules.references.find((candidate) => startsAt(words, at, candidate.words));
    if (!reference) continue;
    found.push({ license: reference.license, startWord: at, endWord: at + reference.words.length - 1 });
    at += reference.words.length - 1;
  }
  return found;
}

/** Whether `license` is one an exception is written for (an id, or a family prefix such as "GPL-"). */
export function hostsException(license: string, hosts: readonly string[]): boolean {
  return hosts.some((host) => (host.endsWith('-') ? license.startsWith(host) : license === host));
}
