import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readRules, readTextIndexFile } from '../src/knowledge/index.js';
// @ts-expect-error: a plain JavaScript build script, without types
import { validateRules } from '../scripts/validate-rules.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const validate = validateRules as (rulesDir?: string) => string[];

describe('every rules file is checked against its schema', () => {
  const copy = mkdtempSync(join(tmpdir(), 'licit-rules-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('the committed rules/ has no problem', () => {
    expect(validate()).toEqual([]);
  });

  it('a file its schema rejects is named, with the reason', () => {
    const rulesDir = join(copy, 'broken');
    cpSync(join(repoRoot, 'rules'), rulesDir, { recursive: true });
    const file = join(rulesDir, 'finding-rules.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { rules: Record<string, { severity: string }> };
    data.rules['unknown-license']!.severity = 'fatal';
    writeFileSync(file, JSON.stringify(data));
    expect(validate(rulesDir)).toEqual([expect.stringMatching(/^rules\/finding-rules\.json: file\/rules\/unknown-license\/severity must be equal to one of the allowed values$/)]);
  });

  it('a rules file no schema covers is a problem, not silently read', () => {
    const rulesDir = join(copy, 'unpaired');
    cpSync(join(repoRoot, 'rules'), rulesDir, { recursive: true });
    writeFileSync(join(rulesDir, 'policies', 'extra.json'), '{}');
    writeFileSync(join(rulesDir, 'new-facts.json'), '{}');
    expect(validate(rulesDir)).toEqual([
      expect.stringMatching(/^rules\/policies\/extra\.json: file must have required property/),
      'rules/new-facts.json: no schema in rules/schema/files.json',
    ]);
  });
});

describe('readRules', () => {
  it('reads a file of rules/ by its path there, once', () => {
    const preset = readRules('policies/saas.json');
    expect(preset).toEqual(JSON.parse(readFileSync(join(repoRoot, 'rules/policies/saas.json'), 'utf8')));
    expect(readRules('policies/saas.json')).toBe(preset);
  });

  it('decompresses the built text index (decoding it is the matcher\'s job)', () => {
    const header = JSON.parse(readTextIndexFile('index.json.br').toString('utf8')) as { format: unknown };
    expect(header.format).toBeDefined();
  });
});
