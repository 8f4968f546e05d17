import { describe, expect, test } from 'vitest';
import type { Category } from '../src/model/index.js';
import { judgeExpression, type JudgeContext } from '../src/policy/judge-expression.js';
import { judgeAgainstLists, parseListEntry } from '../src/policy/license-lists.js';
import type { ListEntry } from '../src/policy/policy.js';
import { projectLicenseOf } from '../src/policy/project-compat.js';

const entries = (...texts: string[]): ListEntry[] =>
  texts.map((text) => {
    const entry = parseListEntry(text);
    if ('error' in entry) throw new Error(entry.error);
    return entry;
  });

const DEFAULT_ALLOW = entries('permissive', 'weak-copyleft', 'strong-copyleft', 'model');

const context = (overrides: Partial<JudgeContext> = {}): JudgeContext => ({
  allow: DEFAULT_ALLOW,
  deny: [],
  project: projectLicenseOf('MIT'),
  distribution: 'distributed',
  shipped: true,
  ...overrides,
});

describe('OR is a choice: the alternative the policy allows with the least burden', () => {
  const CASES: [string, Partial<JudgeContext>, string, Category][] = [
    ['MIT OR GPL-3.0-only', {}, 'MIT', 'permissive'],
    ['GPL-3.0-only OR MIT', {}, 'MIT', 'permissive'],
    ['MIT OR Apache-2.0', {}, 'MIT', 'permissive'], // MIT has fewer terms
    ['Apache-2.0 OR MIT', {}, 'MIT', 'permissive'],
    ['GPL-2.0-or-later OR LGPL-2.1-or-later', {}, 'LGPL-2.1-or-later', 'weak-copyleft'],
    // Under a GPL-3.0 project GPL is compatible and the freer MPL-2.0... is still less burden.
    ['GPL-3.0-only OR MPL-2.0', { project: projectLicenseOf('GPL-3.0-only') }, 'MPL-2.0', 'weak-copyleft'],
    // A denied permissive alternative loses to an allowed copyleft one.
    ['MIT OR GPL-3.0-only', { deny: entries('MIT'), project: projectLicenseOf('GPL-3.0-only') }, 'GPL-3.0-only', 'strong-copyleft'],
    // An incompatible alternative loses to an allowed one that is only a warning.
    ['GPL-3.0-only OR LGPL-3.0-only', {}, 'LGPL-3.0-only', 'weak-copyleft'],
    // Not allowed at all (source-available) loses to allowed copyleft.
    ['BUSL-1.1 OR GPL-3.0-only', { project: projectLicenseOf('GPL-3.0-only') }, 'GPL-3.0-only', 'strong-copyleft'],
    ['(MIT OR Apache-2.0) AND BSD-3-Clause', {}, 'MIT AND BSD-3-Clause', 'permissive'],
    ['MIT AND (GPL-3.0-only OR ISC)', {}, 'MIT AND ISC', 'permissive'],
  ];
  test.each(CASES)('%s', (expression, overrides, chosen, category) => {
    const judgement = judgeExpression(expression, context(overrides));
    expect(judgement.chosen).toBe(chosen);
    expect(judgement.category).toBe(category);
    expect(judgement.choiceOffered).toBe(true);
  });

  test('an expression without OR offers no choice and keeps its text', () => {
    const judgement = judgeExpression('MIT AND Apache-2.0', context());
    expect(judgement.choiceOffered).toBe(false);
    expect(judgement.chosen).toBe('MIT AND Apache-2.0');
  });
});

describe('AND needs every part', () => {
  test('the most restrictive category and the union of obligations', () => {
    const judgement = judgeExpression('MIT AND LGPL-2.1-only', context());
    expect(judgement.category).toBe('weak-copyleft');
    const obligations = new Set(judgement.leaves.flatMap((leaf) => leaf.obligations));
    expect(obligations.has('same-license-library')).toBe(true);
    expect(obligations.has('include-copyright')).toBe(true);
    expect(judgement.leaves.map((leaf) => leaf.license)).toEqual(['MIT', 'LGPL-2.1-only']);
  });

  test('one denied part is enough', () => {
    const judgement = judgeExpression('MIT AND Apache-2.0', context({ deny: entries('Apache-2.0') }));
    expect(judgement.leaves.map((leaf) => leaf.list.status)).toEqual(['allowed', 'denied']);
  });
});

describe('WITH applies the exception', () => {
  test('Classpath-exception-2.0 makes GPL-2.0 library copyleft', () => {
    const [leaf] = judgeExpression('GPL-2.0-only WITH Classpath-exception-2.0', context()).leaves;
    expect(leaf?.category).toBe('weak-copyleft');
    expect(leaf?.obligations).toContain('same-license-library');
    expect(leaf?.obligations).not.toContain('same-license-work');
    expect(leaf?.compatibility).toMatchObject({ status: 'problem', code: 'library-copyleft', severity: 'warning' });
  });

  test('a category deny sees the lowered category; an id deny must name the exception', () => {
    const leaf = 'GPL-2.0-only WITH Classpath-exception-2.0';
    expect(judgeAgainstLists(leaf, 'weak-copyleft', DEFAULT_ALLOW, entries('strong-copyleft')).status).toBe('allowed');
    expect(judgeAgainstLists(leaf, 'weak-copyleft', DEFAULT_ALLOW, entries('GPL-2.0-only')).status).toBe('allowed');
    expect(judgeAgainstLists(leaf, 'weak-copyleft', DEFAULT_ALLOW, entries(leaf)).status).toBe('denied');
  });

  test('allowing the base license allows it with an exception (exceptions only add permissions)', () => {
    expect(judgeAgainstLists('GPL-2.0-only WITH Classpath-exception-2.0', 'weak-copyleft', entries('GPL-2.0-only'), []).status).toBe('allowed');
  });
});

describe('or-later and + against allow and deny lists', () => {
  const ALLOW: [string, string, boolean][] = [
    ['GPL-2.0+', 'GPL-2.0-or-later', true],
    ['GPL-2.0-or-later', 'GPL-2.0+', true],
    ['GPL-3.0-only', 'GPL-2.0-or-later', true], // a later version is within the range
    ['GPL-2.0-only', 'GPL-2.0-or-later', true],
    ['GPL-2.0-or-later', 'GPL-3.0-only', true], // the package may be taken under 3.0
    ['GPL-2.0-only', 'GPL-3.0-only', false],
    ['LGPL-2.1+', 'LGPL-2.1-or-later', true],
    ['LGPL-2.0-only', 'LGPL-2.1-or-later', false],
    ['AGPL-3.0-only', 'GPL-3.0-or-later', false], // a different license, not a later version
    ['Apache-2.0', 'Apache-1.1', false],
  ];
  test.each(ALLOW)('%s is allowed by "%s": %s', (license, allowed, expected) => {
    expect(judgeAgainstLists(license, 'strong-copyleft', entries(allowed), []).status === 'allowed').toBe(expected);
  });

  const DENY: [string, string, boolean][] = [
    ['GPL-3.0-only', 'GPL-3.0-only', true],
    ['GPL-3.0-or-later', 'GPL-3.0-only', true], // 3.0 is the only version on offer
    ['GPL-2.0-or-later', 'GPL-3.0-only', false], // still usable under 2.0
    ['GPL-2.0+', 'GPL-2.0-only', false], // still usable under 3.0
    ['GPL-3.0-only', 'GPL-2.0-or-later', true],
    ['GPL-2.0+', 'GPL-2.0-or-later', true],
    ['MIT', 'GPL-2.0-or-later', false],
  ];
  test.each(DENY)('%s is denied by "%s": %s', (license, denied, expected) => {
    expect(judgeAgainstLists(license, 'strong-copyleft', DEFAULT_ALLOW, entries(denied)).status === 'denied').toBe(expected);
  });

  test('category entries match the category, deny first', () => {
    expect(judgeAgainstLists('MIT', 'permissive', entries('permissive'), entries('permissive'))).toEqual({ status: 'denied', entry: 'permissive' });
    expect(judgeAgainstLists('BUSL-1.1', 'source-available', DEFAULT_ALLOW, [])).toEqual({ status: 'not-allowed' });
  });
});

describe('list entries', () => {
  test.each([
    ['permissive', { kind: 'category', category: 'permissive' }],
    ['GPL-2.0+', { kind: 'license', license: 'GPL-2.0+' }],
    ['LicenseRef-acme', { kind: 'license', license: 'LicenseRef-acme' }],
  ])('%s', (text, expected) => {
    expect(parseListEntry(text)).toEqual(expected);
  });

  test.each(['mit', 'GPL-3', 'MIT OR ISC', 'unknown', ''])('rejects "%s"', (text) => {
    expect(parseListEntry(text)).toHaveProperty('error');
  });
});
