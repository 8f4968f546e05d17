// Allow and deny lists: entries are categories or single license ids, matched with SPDX version ranges.
import correct from 'spdx-correct';
import spdxSatisfies from 'spdx-satisfies';
import { formatExpression, isLeaf, parseExpression } from '../model/spdx-expression.js';
import type { Category } from '../model/index.js';
import { listLicenseIds } from './knowledge.js';
import { LISTABLE_CATEGORIES, type ListEntry } from './policy.js';

export type ListVerdict =
  | { status: 'allowed'; entry: string }
  | { status: 'denied'; entry: string }
  | { status: 'not-allowed' };

/** Parses one list entry; a string saying what is wrong when it is neither a category nor one license id. */
export function parseListEntry(text: string): ListEntry | { error: string } {
  if ((LISTABLE_CATEGORIES as readonly string[]).includes(text)) return { kind: 'category', category: text as Category };
  if (text === 'unknown') return { error: 'cannot name the category unknown (set rules.unknown-license instead)' };
  const node = parseExpression(text);
  if (!node) {
    const suggestion = suggestLicenseId(text);
    return { error: `"${text}" is neither a category (${LISTABLE_CATEGORIES.join(', ')}) nor a valid SPDX license id${suggestion ? ` (did you mean ${suggestion}?)` : ''}` };
  }
  if (!isLeaf(node)) return { error: `"${text}" is an expression; list each license id on its own` };
  return { kind: 'license', license: formatExpression(node) };
}

export function entryText(entry: ListEntry): string {
  return entry.kind === 'category' ? entry.category : entry.license;
}

/**
 * Judges one license (an expression leaf, e.g. `GPL-2.0+` or `GPL-2.0-only WITH Classpath-exception-2.0`) of
 * the given category against the lists. Deny beats allow. An allowed id admits the versions it names
 * (`GPL-2.0-or-later` admits `GPL-3.0-only`), and `X WITH E` is admitted by an allowed `X` (an exception
 * only adds permissions). A denied id takes a license only when every version it offers is denied, so
 * denying `GPL-3.0-only` leaves `GPL-2.0-or-later` usable under GPL-2.0.
 */
export function judgeAgainstLists(leaf: string, category: Category, allow: readonly ListEntry[], deny: readonly ListEntry[]): ListVerdict {
  for (const entry of deny) {
    if (entry.kind === 'category' ? entry.category === category : deniedById(leaf, entry.license)) return { status: 'denied', entry: entryText(entry) };
  }
  for (const entry of allow) {
    if (entry.kind === 'category' ? entry.category === category : allowedById(leaf, entry.license)) return { status: 'allowed', entry: entryText(entry) };
  }
  return { status: 'not-allowed' };
}

function allowedById(leaf: string, allowed: string): boolean {
  return satisfies(leaf, allowed) || satisfies(withoutException(leaf), allowed);
}

function deniedById(leaf: string, denied: string): boolean {
  return offeredVersions(leaf).every((version) => satisfies(version, denied));
}

const versionsCache = new Map<string, string[]>();

/** The single licenses a leaf offers: itself, or for `X+` / `X-or-later` every known version from X on. */
function offeredVersions(leaf: string): string[] {
  let versions = versionsCache.get(leaf);
  if (versions) return versions;
  const node = parseExpression(leaf);
  const isRange = node !== null && isLeaf(node) && (node.plus === true || node.license.endsWith('-or-later'));
  if (!isRange) versions = [leaf];
  else {
    const exception = node.exception ? ` WITH ${node.exception}` : '';
    versions = listLicenseIds()
      .filter((id) => !id.endsWith('-or-later') && !id.endsWith('+'))
      .map((id) => `${id}${exception}`)
      .filter((candidate) => satisfies(candidate, leaf));
    if (versions.length === 0) versions = [leaf];
  }
  versionsCache.set(leaf, versions);
  return versions;
}

function withoutException(leaf: string): string {
  return leaf.replace(/ WITH .*$/, '');
}

function satisfies(license: string, allowed: string): boolean {
  try {
    return spdxSatisfies(license, [allowed]);
  } catch {
    return license === allowed;
  }
}

/** The SPDX id a near miss most likely means (`Apache 2.0` -> `Apache-2.0`), or null. */
export function suggestLicenseId(text: string): string | null {
  try {
    // An expression that fails to parse is not one misspelt id: a guess would mislead.
    return text.trim() === '' || /\s(AND|OR|WITH)(\s|$)/i.test(text) ? null : correct(text, { upgrade: true });
  } catch {
    return null;
  }
}
