// The terminal table: width, colours, the summary view, folded dev packages, wording. In-process, as the CLI
// renders it into a pipe (scan-in-process.ts); the last test checks the built CLI prints the same bytes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyFixture, fixture, runLicit } from './helpers/cli.js';
import { scanInProcess } from './helpers/scan-in-process.js';

const ESCAPE = '\u001b[';
/** The environment runLicit gives the CLI, as the table reads it: no colour, no COLUMNS, unless the test says. */
const tableEnv = (env: Record<string, string>): Record<string, string> => ({ NO_COLOR: '1', COLUMNS: '', ...(process.env.TERM ? { TERM: process.env.TERM } : {}), ...env });
const table = async (dir: string, env: Record<string, string> = {}, ...args: string[]): Promise<string> =>
  (await scanInProcess(dir)).table({ env: tableEnv(env), summary: args.includes('--summary'), verbose: args.includes('--verbose') });

describe('the scan table', () => {
  test('fits COLUMNS: no line is wider, and every word of a finding is still there', async () => {
    const wide = await table(fixture('policy/or-joint-choice'));
    expect(Math.max(...wide.split('\n').map((line) => line.length))).toBeGreaterThan(100);
    for (const columns of [100, 72, 50]) {
      const narrow = await table(fixture('policy/or-joint-choice'), { COLUMNS: String(columns) });
      expect(Math.max(...narrow.split('\n').map((line) => line.length))).toBeLessThanOrEqual(columns);
      const words = (text: string): string[] => text.slice(text.indexOf('findings (')).split(/\s+/).filter(Boolean);
      expect(words(narrow)).toEqual(words(wide));
    }
  });

  test('without a terminal or COLUMNS, lines are whole (a pipe or a CI log)', async () => {
    expect(await table(fixture('policy/or-joint-choice'))).toContain('EPL-2.0 OR GPL-3.0-or-later → GPL-3.0-or-later (avoids a license conflict)  prod');
  });

  test('colours severities and the verdict when asked (FORCE_COLOR), never under NO_COLOR or into a pipe', async () => {
    const coloured = await table(fixture('policy/gpl-in-mit'), { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured).toContain(`${ESCAPE}31merror`);
    expect(coloured).toContain(`${ESCAPE}31m${ESCAPE}1mFAIL`);
    expect(await table(fixture('policy/gpl-in-mit'), { NO_COLOR: '1', FORCE_COLOR: '' })).not.toContain(ESCAPE);
    expect(await table(fixture('policy/gpl-in-mit'), { NO_COLOR: '' })).not.toContain(ESCAPE);
    expect(runLicit(['scan', fixture('policy/gpl-in-mit'), '--format', 'json'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).not.toContain(ESCAPE);
  });

  test('--summary: counts by category and by license, then the findings, no package list', async () => {
    const summary = await table(fixture('policy/platform-builds'), {}, '--summary');
    expect(summary).toContain('categories (20 packages)');
    expect(summary).toMatch(/^ {2}weak-copyleft +8$/m);
    expect(summary).toMatch(/^ {2}LGPL-3\.0-or-later +8$/m);
    expect(summary).toMatch(/^ {2}Apache-2\.0 +10$/m);
    expect(summary).toContain('findings (1)');
    expect(summary).not.toContain('@img/sharp-linux-x64@0.33.5  Apache-2.0');
    expect(summary).toMatch(/^PASS with warnings: 20 packages, 0 errors, 1 warning$/m);
  });

  test('dev-only packages fold into a count per category; --verbose lists them', async () => {
    const folded = await table(fixture('walk/basic'));
    expect(folded).toContain('  + 2 dev-only packages (--verbose lists them)');
    expect(folded).not.toMatch(/^ {2}fx-dev@1\.0\.0/m);
    const verbose = await table(fixture('walk/basic'), {}, '--verbose');
    expect(verbose).toMatch(/^ {2}fx-dev@1\.0\.0 +MIT +dev$/m);
    expect(verbose).not.toContain('dev-only packages');
  });

  test('a project without a stated license and a package without a version read as prose', async () => {
    const dir = copyFixture('policy/lgpl-direct');
    const manifest = { name: 'fx-lgpl-app', private: true, dependencies: { 'fx-lgpl-lib': '^1.0.0', 'fx-mpl-lib': '^1.0.0' } };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    const text = await table(dir);
    expect(text).not.toContain('none stated: all rights reserved project');
    expect(text).toContain("the project's license (none stated: all rights reserved)");
    expect(text).toMatch(/^licit \S+ — fx-lgpl-app \(lockfile\)$/m);
    expect(text).not.toContain('@?');
  });

  test('the built CLI prints these tables byte for byte: COLUMNS, FORCE_COLOR, --summary, --verbose', async () => {
    const cases: [string, Record<string, string>, string[]][] = [
      ['policy/or-joint-choice', { COLUMNS: '50' }, []],
      ['policy/gpl-in-mit', { NO_COLOR: '', FORCE_COLOR: '1' }, []],
      ['policy/platform-builds', {}, ['--summary']],
      ['walk/basic', {}, ['--verbose']],
    ];
    for (const [name, env, args] of cases) {
      const run = runLicit(['scan', fixture(name), ...args], { env: { COLUMNS: '', ...env } });
      expect(run.stdout, name).toBe(await table(fixture(name), env, ...args));
    }
  });
});
