import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseExpression } from '../src/model/spdx-expression.js';
import { LICIT_REFS } from '../src/licenses/license-ref.js';
import { normaliseDeclaredLicense } from '../src/licenses/metadata.js';
import { classifyExpression } from '../src/policy/classify.js';
import { repoRoot } from './helpers/cli.js';

const codes = (manifest: Record<string, unknown>): string[] => normaliseDeclaredLicense(manifest).problems.map((problem) => problem.code);

describe('normalising package.json license fields', () => {
  test.each([
    [{ license: 'MIT' }, 'MIT', []],
    [{ license: '(MIT OR Apache-2.0)' }, '(MIT OR Apache-2.0)', []],
    [{ license: 'UNLICENSED' }, LICIT_REFS.unlicensed, []],
    [{ license: 'unlicenced' }, LICIT_REFS.unlicensed, []],
    [{ license: 'Unlicense' }, 'Unlicense', []],
    [{ license: 'Apache 2.0' }, 'Apache-2.0', ['corrected']],
    [{ license: 'GPL-2.0+' }, 'GPL-2.0-or-later', ['deprecated-id']],
    [{ license: { type: 'MIT', url: 'x' } }, 'MIT', ['legacy-shape']],
    [{ licenses: [{ type: 'MIT' }, { type: 'GPL-2.0' }] }, 'MIT OR GPL-2.0-only', ['legacy-shape', 'deprecated-id']],
    [{ license: ['ISC', 'MIT'] }, 'ISC OR MIT', ['legacy-shape']],
  ] as const)('%j -> %s', (manifest, expression, problems) => {
    expect(normaliseDeclaredLicense(manifest).expression).toBe(expression);
    expect(codes(manifest)).toEqual(problems);
  });

  test('values licit cannot read are kept raw and reported, never guessed', () => {
    for (const [manifest, code] of [
      [{ license: '' }, 'empty'],
      [{ license: 42 }, 'invalid-type'],
      [{ license: { url: 'https://example.com' } }, 'invalid-type'],
      [{ license: 'Dual MIT/GPL' }, 'not-spdx'],
      [{ license: 'Custom: https://example.com/license' }, 'not-spdx'],
    ] as const) {
      const declared = normaliseDeclaredLicense(manifest);
      expect(codes(manifest)).toContain(code);
      expect(declared.declared).not.toBeNull();
      expect(declared.expression === null || declared.expression.startsWith('LicenseRef-licit-')).toBe(true);
    }
  });

  test('a list with one unreadable entry concludes nothing rather than part of the list', () => {
    const declared = normaliseDeclaredLicense({ licenses: [{ type: 'MIT' }, { url: 'only a url' }] });
    expect(declared.expression).toBeNull();
    expect(declared.declared).toContain('only a url');
  });

  test('a huge value gets a short, stable minted id', () => {
    const huge = `Custom terms ${'x'.repeat(200_000)}`;
    const first = normaliseDeclaredLicense({ license: huge }).expression!;
    expect(first.length).toBeLessThan(80);
    expect(parseExpression(first)).not.toBeNull();
    expect(normaliseDeclaredLicense({ license: huge }).expression).toBe(first);
    expect(normaliseDeclaredLicense({ license: `${huge}y` }).expression).not.toBe(first);
  });

  test('SEE LICENSE IN names the file for the walker to resolve', () => {
    expect(normaliseDeclaredLicense({ license: 'SEE LICENSE IN EULA.md' })).toMatchObject({ seeLicenseIn: 'EULA.md', expression: null });
  });

  test('every correction in rules/ leads to a license licit can classify', () => {
    const table = JSON.parse(readFileSync(join(repoRoot, 'rules', 'metadata-corrections.json'), 'utf8')) as {
      corrections: Record<string, string>;
      deprecated: Record<string, string>;
    };
    for (const target of [...Object.values(table.corrections), ...Object.values(table.deprecated)]) {
      expect(parseExpression(target), target).not.toBeNull();
      expect(classifyExpression(target).category, target).not.toBe('unknown');
    }
  });
});
