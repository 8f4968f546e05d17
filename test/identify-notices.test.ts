import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identifyText } from '../src/licenses/text/index.js';
import { repoRoot } from './helpers/cli.js';

const setDir = join(repoRoot, 'fixtures', 'identify');
const cases = (JSON.parse(readFileSync(join(setDir, 'cases.json'), 'utf8')) as { cases: { file: string; expected: string; source: string }[] }).cases;
const identify = (prefix: string) => {
  const entry = cases.find((candidate) => candidate.file.startsWith(`cases/${prefix}`));
  if (!entry) throw new Error(`no case ${prefix}`);
  return { entry, result: identifyText(readFileSync(join(setDir, entry.file))) };
};

describe('GNU notices name the version they state', () => {
  it.each([
    ['0014', 'GPL-2.0-or-later'], // "either version 2, or (at your option) any later version" (bash)
    ['0020', 'LGPL-2.0-or-later'], // "GNU Lesser General Public License … either version 2" (bsdextrautils)
  ])('%s is %s', (prefix, expected) => {
    const { entry, result } = identify(prefix);
    expect(entry.expected).toBe(expected);
    expect(result.expression).toBe(expected);
    expect(result.parts.every((part) => part.role !== 'unrecognised')).toBe(true);
  });
});

describe('exception notices join their license with WITH', () => {
  it.each([
    ['0037', 'GPL-2.0-or-later WITH Autoconf-exception-generic'],
    ['0072', 'GPL-2.0-or-later WITH Autoconf-exception-macro'],
    ['0131', 'GPL-3.0-or-later WITH Autoconf-exception-generic-3.0'],
  ])('%s is %s', (prefix, expected) => {
    const { entry, result } = identify(prefix);
    expect(entry.expected).toBe(expected);
    expect(result.expression).toBe(expected);
  });

  it('config.guess: the exception paragraph names GPLv3 but is no second license', () => {
    const entry = cases.find((candidate) => candidate.file.endsWith('config.guess'))!;
    const result = identifyText(readFileSync(join(setDir, entry.file)));
    expect(result.expression).toBe('GPL-3.0-or-later WITH Autoconf-exception-generic-3.0');
  });

  it('an exception alone is joined to no license', () => {
    const text = 'As a special exception to the GNU General Public License, if you distribute this file as part of a program or library that\nis built using GNU Libtool, you may include this file under the same distribution terms that you use for the rest of that program.\n';
    const result = identifyText(text);
    expect(result.expression ?? '').not.toContain('GPL');
  });
});

describe('POM <licenses>', () => {
  it('one name is that license, with the line of its <name>', () => {
    const pom = '<project>\n  <licenses>\n    <license>\n      <name>The Apache Software License, Version 2.0</name>\n      <url>https://www.apache.org/licenses/LICENSE-2.0.txt</url>\n    </license>\n  </licenses>\n</project>\n';
    const result = identifyText(pom);
    expect(result.expression).toBe('Apache-2.0');
    expect(result.matches).toEqual([{ license: 'Apache-2.0', confidence: 0.8, startLine: 4, endLine: 4 }]);
  });

  it('several names are a choice (OR)', () => {
    const entry = cases.find((candidate) => candidate.expected === 'EPL-2.0 OR Apache-2.0' && candidate.file.endsWith('.pom'))!;
    expect(identifyText(readFileSync(join(setDir, entry.file))).expression).toBe('EPL-2.0 OR Apache-2.0');
  });

  it('a name licit cannot resolve is no declaration', () => {
    const pom = '<project><licenses><license><name>Bouncy Castle Licence</name></license></licenses></project>\n';
    expect(identifyText(pom).expression).toBeNull();
  });
});

describe('the evaluation set', () => {
  it('every case names a real source and an expected expression', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const entry of cases) {
      expect(entry.source.length).toBeGreaterThan(10);
      expect(entry.expected).toMatch(/^[A-Za-z0-9.+\-() ]+$/);
    }
  });
});
