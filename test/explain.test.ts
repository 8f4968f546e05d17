import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { registerExplain } from '../src/cli/explain-command.js';
import { LicitInputError } from '../src/model/index.js';
import { defaultPolicy, resolvePolicy } from '../src/policy/config.js';
import { explainExpression, type Explanation } from '../src/policy/explain.js';
import { repoRoot, runLicit } from './helpers/cli.js';

const explain = (expression: string, projectLicense: string | null = 'MIT'): Explanation => explainExpression(expression, defaultPolicy(), projectLicense);
const inContext = (explanation: Explanation, distribution: string) => explanation.compatibility.find((verdict) => verdict.distribution === distribution);

describe('explainExpression', () => {
  test('a permissive license: category, obligations with meanings, sources, compatible everywhere', () => {
    const explanation = explain('MIT');
    expect(explanation.category).toBe('permissive');
    expect(explanation.obligations.map((term) => term.term)).toEqual(['include-copyright', 'include-license-text']);
    for (const term of explanation.obligations) expect(term.meaning.length).toBeGreaterThan(20);
    expect(explanation.restrictions).toEqual([]);
    expect(explanation.licenses[0]).toMatchObject({ id: 'MIT', name: 'MIT License', sources: { category: 'scancode:mit', obligations: 'osadl:MIT.txt' } });
    expect(explanation.compatibility.map((verdict) => verdict.status)).toEqual(['compatible', 'compatible', 'compatible']);
  });

  const CONTEXTS: [string, string | null, [string, string, string?][]][] = [
    ['GPL-3.0-only', 'MIT', [['distributed', 'error', 'incompatible'], ['saas', 'compatible'], ['internal', 'compatible']]],
    ['GPL-3.0-only', null, [['distributed', 'error', 'incompatible'], ['saas', 'compatible'], ['internal', 'compatible']]],
    ['GPL-3.0-only', 'GPL-3.0-only', [['distributed', 'compatible'], ['saas', 'compatible'], ['internal', 'compatible']]],
    ['AGPL-3.0-only', 'MIT', [['distributed', 'error', 'incompatible'], ['saas', 'error', 'network-copyleft'], ['internal', 'compatible']]],
    ['LGPL-2.1-only', 'MIT', [['distributed', 'warning', 'library-copyleft'], ['saas', 'compatible'], ['internal', 'compatible']]],
    ['Apache-2.0', 'GPL-2.0-only', [['distributed', 'error', 'incompatible'], ['saas', 'compatible'], ['internal', 'compatible']]],
  ];
  test.each(CONTEXTS)('%s in a %s project, per context', (expression, project, expected) => {
    const explanation = explain(expression, project);
    for (const [distribution, status, code] of expected) {
      const verdict = inContext(explanation, distribution);
      expect(verdict?.status).toBe(status);
      if (code) expect(verdict?.problems[0]?.code).toBe(code);
    }
  });

  test('the OSADL matrix is named as the source of a compatibility verdict', () => {
    const verdict = inContext(explain('GPL-3.0-only'), 'distributed');
    expect(verdict?.problems[0]).toMatchObject({ basis: 'osadl', verdict: 'No', leading: 'MIT' });
    expect(explain('MIT').sources.compatibility).toMatch(/OSADL/);
  });

  test('OR: the choice the policy makes, per context', () => {
    const explanation = explain('GPL-3.0-only OR MIT');
    expect(explanation.choiceOffered).toBe(true);
    expect(explanation.chosen).toBe('MIT');
    expect(explanation.licenses.map((facts) => facts.license)).toEqual(['GPL-3.0-only', 'MIT']);
    expect(explanation.compatibility.every((verdict) => verdict.chosen === 'MIT')).toBe(true);
  });

  test('WITH: the exception and what it relaxes', () => {
    const explanation = explain('GPL-2.0-only WITH Classpath-exception-2.0');
    expect(explanation.category).toBe('weak-copyleft');
    expect(explanation.licenses[0]?.exception).toMatchObject({ id: 'Classpath-exception-2.0', relaxes: ['same-license-work'], lowersTo: 'weak-copyleft' });
    expect(explanation.obligations.map((term) => term.term)).not.toContain('same-license-work');
  });

  test('+ reads as or-later', () => {
    expect(explain('GPL-2.0+').licenses[0]).toMatchObject({ license: 'GPL-2.0+', id: 'GPL-2.0-or-later' });
  });

  test.each([
    ['LicenseRef-licit-unlicensed', 'proprietary'],
    ['LicenseRef-licit-see-license-file', 'proprietary'],
    ['LicenseRef-licit-unknown', 'unknown'],
  ])('licit\'s own id %s', (id, category) => {
    const explanation = explain(id);
    expect(explanation.category).toBe(category);
    expect(explanation.licenses[0]).toMatchObject({ id, sources: { category: 'licit' } });
    expect(explanation.licenses[0]?.note).toBeTruthy();
  });

  test('npm\'s UNLICENSED reads as licit\'s own id', () => {
    expect(explain('UNLICENSED')).toMatchObject({ expression: 'LicenseRef-licit-unlicensed', category: 'proprietary' });
  });

  test('an id licit has no record of is unknown', () => {
    const explanation = explain('LicenseRef-acme-eula');
    expect(explanation.category).toBe('unknown');
    expect(explanation.licenses[0]?.id).toBeNull();
  });

  test('the policy verdict uses the config lists', () => {
    const policy = resolvePolicy({ deny: ['MIT'] }, 'licit.config.json');
    expect(explainExpression('MIT', policy, 'MIT').policy.verdicts).toEqual([{ license: 'MIT', verdict: { status: 'denied', entry: 'MIT' } }]);
  });

  test.each(['MIT OR', 'GPLv3', '', 'MIT AND (ISC'])('"%s" is an input error on one line', (expression) => {
    let caught: unknown;
    try {
      explain(expression);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LicitInputError);
    expect((caught as Error).message.split('\n')).toHaveLength(1);
    expect((caught as Error).message).toMatch(/not a valid SPDX expression/);
  });

  test('a near miss gets a suggestion; a broken expression does not', () => {
    expect(() => explain('Apache 2.0')).toThrow(/did you mean Apache-2\.0\?/);
    expect(() => explain('MIT AND')).toThrow(/^"MIT AND" is not a valid SPDX expression; use/);
  });

  test('a compatible verdict names its basis', () => {
    expect(inContext(explain('BSD-3-Clause'), 'distributed')?.basis).toEqual(['osadl']);
    expect(inContext(explain('BSD-3-Clause'), 'internal')?.basis).toEqual(['context']);
  });
});

describe('licit explain (command)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  const run = async (args: string[]): Promise<string> => {
    let output = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output += String(chunk);
      return true;
    });
    const program = new Command('licit').exitOverride();
    registerExplain(program);
    await program.parseAsync(['node', 'licit', 'explain', ...args]);
    return output;
  };

  const project = (manifest: Record<string, unknown>, config?: Record<string, unknown>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'licit-explain-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    if (config) writeFileSync(join(dir, 'licit.config.json'), JSON.stringify(config));
    return dir;
  };

  test('text: category, obligations, compatibility per context, sources', async () => {
    const output = await run(['AGPL-3.0-only', '--project-license', 'MIT', '--dir', project({ name: 'x' })]);
    expect(output).toMatch(/^AGPL-3\.0-only$/m);
    expect(output).toMatch(/category: strong-copyleft/);
    expect(output).toMatch(/network-use-disclosure\s+Letting users interact/);
    expect(output).toMatch(/^ {2}saas\s+error/m);
    expect(output).toMatch(/^ {2}internal\s+compatible/m);
    expect(output).toMatch(/\[scancode:agpl-3\.0\]/);
    expect(output).toMatch(/\[osadl:AGPL-3\.0-only\.txt\]/);
  });

  test('json: the explanation as data; the project license comes from package.json', async () => {
    const output = await run(['GPL-3.0-only', '--format', 'json', '--dir', project({ name: 'x', license: 'Apache-2.0' })]);
    const explanation = JSON.parse(output) as Explanation;
    expect(explanation.projectLicense).toBe('Apache-2.0');
    expect(inContext(explanation, 'distributed')?.status).toBe('error');
  });

  test('the config in --dir sets the policy and the project license', async () => {
    const dir = project({ name: 'x', license: 'MIT' }, { context: { projectLicense: 'GPL-3.0-only' }, deny: ['GPL-3.0-only'] });
    const explanation = JSON.parse(await run(['GPL-3.0-only', '--format', 'json', '--dir', dir])) as Explanation;
    expect(explanation.projectLicense).toBe('GPL-3.0-only');
    expect(explanation.policy.verdicts[0]?.verdict.status).toBe('denied');
    expect(explanation.policy.source).toBe('licit.config.json');
  });

  test('an invalid expression throws the one-line input error', async () => {
    await expect(run(['MIT OR OR', '--dir', project({ name: 'x' })])).rejects.toBeInstanceOf(LicitInputError);
  });
});

// Through the built CLI once main.ts registers the command (the lead wires registerExplain).
const wired = readFileSync(join(repoRoot, 'src/cli/main.ts'), 'utf8').includes('registerExplain');
describe.skipIf(!wired)('licit explain (built CLI)', () => {
  test('prints the explanation, exit 0; works offline', () => {
    const run = runLicit(['explain', 'MIT OR GPL-3.0-only', '--format', 'json'], { env: { npm_config_offline: 'true' } });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Explanation).chosen).toBe('MIT');
  });

  test('an invalid expression: one line on stderr, exit 2', () => {
    const run = runLicit(['explain', 'MIT AND']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^licit: "MIT AND" is not a valid SPDX expression/);
  });
});

describe('explain of a model license', () => {
  test('shows its thresholds, restrictions, duties with their triggers, and what counts as a derivative', async () => {
    const { explainExpression } = await import('../src/policy/explain.js');
    const [terms] = explainExpression('LicenseRef-licit-falcon-llm-1.0', defaultPolicy(), 'MIT').modelTerms;
    expect(terms?.name).toBe('TII Falcon LLM License Version 1.0');
    expect(terms?.duties).toContainEqual(expect.stringMatching(/^same-license, when distributed or made available to others \(hosted use included\) \(not-a-commercial-user\) \(falcon-llm-1\.0\.txt 4\.3\(a\)\)$/));
    expect(terms?.derivatives).toMatch(/models trained on its outputs count as derivatives/);
    expect(explainExpression('MIT', defaultPolicy(), 'MIT').modelTerms).toEqual([]);
  });
});
