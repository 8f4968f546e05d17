import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identifyPaths } from '../src/cli/identify-command.js';
import { cComments, hashComments, identifySourceText, isSourceFile } from '../src/licenses/text/source-text.js';
import { repoRoot } from './helpers/cli.js';

const setDir = join(repoRoot, 'fixtures', 'identify');
const cases = (JSON.parse(readFileSync(join(setDir, 'cases.json'), 'utf8')) as { cases: { file: string; expected: string }[] }).cases;
const sourceCase = (name: string): { path: string; text: string; expected: string } => {
  const entry = cases.find((candidate) => candidate.file.endsWith(name))!;
  return { path: join(setDir, entry.file), text: readFileSync(join(setDir, entry.file), 'utf8'), expected: entry.expected };
};

describe('comments of source files', () => {
  it('C-like: block and line comments kept, code and one-line strings dropped, lines kept', () => {
    const code = 'int a = 1; /* Copyright\n * MIT */\nchar *s = "http://x//y";\n// last\n';
    const comments = cComments(code);
    expect(comments.split('\n')).toHaveLength(code.split('\n').length);
    expect(comments).toContain('Copyright');
    expect(comments).not.toContain('http');
    expect(comments).not.toContain('int a');
  });

  it('hash: # comments outside quotes and Python docstrings, lines kept', () => {
    const code = '#!/bin/sh\n# License: MIT\necho "a # b" # tail\n"""doc\nstring"""\nx=1\n';
    const comments = hashComments(code);
    expect(comments.split('\n')).toHaveLength(code.split('\n').length);
    expect(comments).toContain('License: MIT');
    expect(comments).not.toContain('a # b');
    expect(comments).toContain('string');
  });
});

describe('identifySourceText', () => {
  it('code that spells a restriction is not read (React)', () => {
    const { path, text, expected } = sourceCase('react-reconciler-reflection-development.js');
    expect(identifySourceText(text, path).expression).toBe(expected);
  });

  it("zlib's reference notice names Zlib on its line", () => {
    const { path, text } = sourceCase('adler32.c');
    const result = identifySourceText(text, path);
    expect(result.expression).toBe('Zlib');
    expect(result.parts).toEqual([{ license: 'Zlib', startLine: 3, endLine: 3, confidence: 0.8, role: 'terms' }]);
  });

  it("zlib's conditions far from a notice word are still read with it (minizip's unzip.h)", () => {
    const { path, text } = sourceCase('unzip.h');
    expect(identifySourceText(text, path).expression).toBe('Zlib');
  });

  it('a notice inside a multi-line template literal is read (jsdom stylesheet)', () => {
    const { path, text, expected } = sourceCase('default-stylesheet.js');
    expect(identifySourceText(text, path).expression).toBe(expected);
  });

  it('a file with no notice word is passed over', () => {
    const result = identifySourceText('int main(void) { return 0; }\n', 'main.c');
    expect(result).toMatchObject({ expression: null, parts: [], binary: false });
  });

  it('a name licit does not know as source is read whole', () => {
    expect(isSourceFile('README')).toBe(false);
    expect(isSourceFile('lib/x.c')).toBe(true);
    expect(isSourceFile('build-aux/config.guess')).toBe(true);
  });
});

describe('licit identify --sources', () => {
  it('lists license-like files and source files of a directory, not data files', async () => {
    const paths = (await identifyPaths(['fixtures/identify/cases'], { sources: true })).map(({ entry }) => entry.path);
    expect(paths.some((path) => path.endsWith('.c'))).toBe(true);
    expect(paths.some((path) => path.endsWith('.pom') || path.endsWith('.metadata'))).toBe(false);
  });
});
