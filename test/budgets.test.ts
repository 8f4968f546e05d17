// Work budgets against small hostile inputs: a sparse GGUF that claims millions of values, brace groups
// that expand to millions of globs, a license text of endless statements. Each case asserts that the
// work stopped at a counted bound (never a timing) and that what was not read is reported.
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { identifyText, tokenise } from '../src/licenses/text/index.js';
import { compileStatementRules, findStatements, MAX_STATEMENT_NAME_WORDS, statementBudget, type StatementRules } from '../src/licenses/text/statements.js';
import { braceExpansions, MAX_BRACE_EXPANSIONS } from '../src/policy/glob-braces.js';
import { UNREADABLE_MODEL_FILE } from '../src/walk/models/artifacts.js';
import { GGUF_LIMITS, GgufScanBudget, readGgufHeader } from '../src/walk/models/gguf.js';
import { walkModels } from '../src/walk/models/index.js';
import { walkNpmProject } from '../src/walk/npm.js';
import { repoRoot, runLicit } from './helpers/cli.js';
import { ggufFile, ggufString, tempProject, u32, u64 } from './models-helpers.js';

const ARRAY = 9;
const STRING = 8;

/**
 * A sparse GGUF: `keys` keys, each an array of `items` items of `itemType` whose bytes are all zero
 * (empty arrays or empty strings), so the file claims hundreds of megabytes and holds a few kilobytes.
 */
function sparseGguf(path: string, keys: number, itemType: number, items: number): number {
  const itemBytes = itemType === ARRAY ? 12 : 8;
  const descriptor = openSync(path, 'w');
  let position = 0;
  const write = (bytes: Buffer): void => {
    writeSync(descriptor, bytes, 0, bytes.length, position);
    position += bytes.length;
  };
  write(Buffer.concat([Buffer.from('GGUF', 'latin1'), u32(3), u64(0), u64(keys)]));
  for (let key = 0; key < keys; key++) {
    write(Buffer.concat([ggufString(`filler.${key}`), u32(ARRAY), u32(itemType), u64(items)]));
    position += items * itemBytes;
  }
  ftruncateSync(descriptor, position);
  closeSync(descriptor);
  return position;
}

describe('GGUF parsing is bounded by the values it walks, not the bytes the file claims', () => {
  test('arrays of millions of empty arrays: refused at the first one, before walking it', async () => {
    const root = tempProject({});
    mkdirSync(join(root, 'models'));
    const size = sparseGguf(join(root, 'models', 'sparse.gguf'), 10, ARRAY, 2 * 1024 * 1024);
    expect(size).toBeGreaterThan(200 * 1024 * 1024);
    await expect(readGgufHeader(join(root, 'models', 'sparse.gguf'))).rejects.toMatchObject({
      code: 'limit-exceeded',
      args: { what: 'nested-values', value: 2 * 1024 * 1024, max: GGUF_LIMITS.maxNestedValues },
    });
    const { problems } = await walkModels(root);
    expect(problems).toEqual([expect.objectContaining({ rule: UNREADABLE_MODEL_FILE, code: 'limit-exceeded', path: 'models/sparse.gguf' })]);
  });

  test('arrays of millions of empty strings: refused once the file has walked its share', async () => {
    const root = tempProject({});
    const path = join(root, 'strings.gguf');
    sparseGguf(path, 10, STRING, 2 * 1024 * 1024);
    // One array fits the file's share; the second is refused before it is walked.
    await expect(readGgufHeader(path)).rejects.toMatchObject({ code: 'limit-exceeded', args: { what: 'values', value: 2 + 2 * 2 * 1024 * 1024, max: GGUF_LIMITS.maxValues } });
  });

  test("the scan's budget is shared by its files: the file that exhausts it is refused", async () => {
    const tokens = Array.from({ length: 600 }, (_, index) => `t${index}`);
    const root = tempProject({ 'a.gguf': ggufFile({ 'general.license': 'mit', 'tokenizer.ggml.tokens': tokens }), 'b.gguf': ggufFile({ 'tokenizer.ggml.tokens': tokens }) });
    const budget = new GgufScanBudget(1000);
    expect((await readGgufHeader(join(root, 'a.gguf'), GGUF_LIMITS, budget)).general.get('general.license')).toBe('mit');
    await expect(readGgufHeader(join(root, 'b.gguf'), GGUF_LIMITS, budget)).rejects.toMatchObject({ code: 'limit-exceeded', args: { what: 'scan-values' } });
  });

  test('a real-sized vocabulary is well within the bounds', async () => {
    const tokens = Array.from({ length: 260_000 }, (_, index) => `▁tok${index}`);
    const root = tempProject({ 'big-vocab.gguf': ggufFile({ 'general.license': 'apache-2.0', 'tokenizer.ggml.tokens': tokens, 'tokenizer.ggml.merges': tokens }) });
    expect((await readGgufHeader(join(root, 'big-vocab.gguf'))).general.get('general.license')).toBe('apache-2.0');
  });
});

describe('brace groups in ignorePaths', () => {
  test.each([
    ['**/*.{js,ts}', 2],
    ['{test,tests,__tests__}/**/*.{spec,test}.{js,ts,mjs}', 18],
    ['{a,{b,c}}/x', 3],
    ['data/{1..10}/**', 10],
    ['data/{0..100..25}', 5],
    ['{a..e}', 5],
    ['\\{a,b}', 1],
    ['{a,b', 1],
    ['{literal}', 1],
    ['{a,b}'.repeat(20), MAX_BRACE_EXPANSIONS + 1],
    ['x/{1..1000000000}', MAX_BRACE_EXPANSIONS + 1],
  ])('%s expands to %i', (glob, expected) => {
    expect(braceExpansions(glob, MAX_BRACE_EXPANSIONS)).toBe(expected);
  });

  test.each([
    ['one pattern of 20 groups', ['{a,b}'.repeat(20) + '/**'], 'ignorePaths[0] expands to more than 64 patterns'],
    ['many patterns together', Array.from({ length: 5 }, (_, index) => `p${index}/{a,b}{c,d}{e,f}{g,h}{i,j,k,l}/**`), 'ignorePaths expands to more than 256 patterns'],
  ])('%s: one line, exit 2, nothing scanned', (_label, ignorePaths, message) => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'braces', version: '1.0.0', license: 'MIT' }),
      'licit.config.json': JSON.stringify({ ignorePaths }),
    });
    const run = runLicit(['scan', root, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
  });
});

describe('license statements', () => {
  const attack = 'licensed under the '.repeat(Math.ceil((1024 * 1024) / 19)).slice(0, 1024 * 1024);
  const rules = compileStatementRules(JSON.parse(readFileSync(join(repoRoot, 'rules', 'license-statements.json'), 'utf8')) as StatementRules);

  test('a 1 MiB text of endless "licensed under the" tries a bounded number of names', () => {
    const { words, lines } = tokenise(attack);
    let tried = 0;
    const resolver = {
      resolve(candidate: readonly string[]): string | null {
        tried += candidate.length;
        return null;
      },
    };
    const budget = statementBudget();
    expect(findStatements(words, lines, new Uint8Array(words.length), resolver, rules, budget)).toEqual([]);
    expect(budget.exhausted).toBe(true);
    expect(tried).toBeLessThanOrEqual(MAX_STATEMENT_NAME_WORDS);
    expect(tried).toBeGreaterThan(MAX_STATEMENT_NAME_WORDS - rules.maxNameWords);
  });

  test('such a text is reported as only partly read; an ordinary statement is not', () => {
    expect(identifyText(attack)).toMatchObject({ expression: null, truncated: true });
    const ordinary = identifyText('This project is licensed under the MIT License.\n');
    expect(ordinary.expression).toBe('MIT');
    expect(ordinary.truncated).toBeUndefined();
  });

  test('in a scan the package gets a finding for the license file it could not read through', async () => {
    const root = tempProject({
      'package.json': JSON.stringify({ name: 'statements', version: '1.0.0', license: 'MIT', dependencies: { endless: '1.0.0' } }),
      'node_modules/endless/package.json': JSON.stringify({ name: 'endless', version: '1.0.0' }),
    });
    writeFileSync(join(root, 'node_modules', 'endless', 'LICENSE'), attack);
    const inventory = await walkNpmProject(root, { lockfileOnly: false, omit: new Set(), workspaces: [], readText: true });
    expect(inventory.problems).toContainEqual(expect.objectContaining({ rule: 'unreadable-license-file', code: 'too-large', package: 'endless@1.0.0', args: { file: 'LICENSE' } }));
  });
});
