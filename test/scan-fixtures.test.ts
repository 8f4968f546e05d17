// What a scan of a fixture tree reports, in-process through the pipeline the CLI runs
// (test/helpers/scan-in-process.ts): problems inside the tree, license metadata shapes, --fail-on, a
// lockfile-only scan, and what each kind of bad input says. cli-scan.test.ts keeps the CLI's contract.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { byName, copyFixture, fixture } from './helpers/cli.js';
import { inputErrorOf, scanInProcess } from './helpers/scan-in-process.js';

describe('a scan', () => {
  test('problems inside the tree are findings and the scan goes on', async () => {
    const { code, report } = await scanInProcess(fixture('broken/malformed-package-json'));
    expect(report.findings.map((finding) => finding.rule)).toContain('unreadable-package');
    expect(report.packages.some((entry) => entry.name === 'fx-good')).toBe(true);
    expect(code).toBe(1);
  });

  test('legacy and misspelt license metadata is read, corrected and reported', async () => {
    const { report } = await scanInProcess(fixture('licenses/shapes'));
    const expression = (name: string): string | null => byName(report, name).license.expression;
    expect(expression('fx-lic-legacy-object')).toBe('MIT');
    expect(expression('fx-lic-legacy-array')).toBe('MIT OR Apache-2.0');
    expect(expression('fx-lic-string-array')).toBe('MIT OR Apache-2.0');
    expect(expression('fx-lic-apache-space')).toBe('Apache-2.0');
    expect(expression('fx-lic-mit-x11')).toBe('MIT');
    expect(expression('fx-lic-deprecated')).toBe('GPL-2.0-only');
    expect(expression('fx-lic-junk')).toMatch(/^LicenseRef-licit-custom-/);
    expect(byName(report, 'fx-lic-apache-space').license.declared).toBe('Apache 2.0');
    expect(byName(report, 'fx-lic-unlicensed').category).toBe('proprietary');
    expect(byName(report, 'fx-lic-none').category).toBe('unknown');
    const codes = report.findings.map((finding) => `${finding.package} ${finding.rule}/${finding.code}`);
    expect(codes).toContain('fx-lic-apache-space@1.0.0 invalid-license-metadata/corrected');
    expect(codes).toContain('fx-lic-see-escape@1.0.0 unsafe-path/see-license-escape');
    expect(codes).toContain('fx-lic-none@1.0.0 unknown-license/none-found');
  });

  test('--fail-on decides the exit code', async () => {
    expect((await scanInProcess(fixture('licenses/shapes'))).code).toBe(1);
    expect((await scanInProcess(fixture('licenses/shapes'), { failOn: 'never' })).code).toBe(0);
  });

  test('lockfile-only scans report entries without license data', async () => {
    const { code, report } = await scanInProcess(fixture('walk/lockfile-only'));
    expect(report.mode).toBe('virtual');
    const missing = report.findings.filter((finding) => finding.rule === 'license-not-in-lockfile');
    expect(missing.map((finding) => finding.package)).toContain('fx-lo-nolic@1.0.0');
    expect(missing[0]?.message).toMatch(/lockfile records no license/);
    expect(code).toBe(1);
  });
});

describe('bad input to licit itself: one line (the CLI prints it and exits 2: cli-scan.test.ts)', () => {
  test.each([
    ['no lockfile and no node_modules', 'broken/no-lockfile', /npm install --package-lock-only/],
    ['an unknown pnpm lockfile version', 'broken/pnpm-lockfile-v5', /pnpm-lock\.yaml has lockfileVersion 5\.4: licit reads pnpm lockfile versions 6\.x and 9\.x/],
    ['a Yarn berry lockfile of a future version', 'broken/yarn-berry-future', /yarn\.lock is a Yarn berry lockfile of __metadata\.version 99: licit reads versions 4 to 10/],
    ['a Bun binary lockfile', 'broken/bun-lockb', /found bun\.lockb, Bun's binary lockfile, which licit does not read: run `bun install --save-text-lockfile`/],
    ['a malformed root package.json', 'broken/malformed-root', /package\.json is not valid JSON/],
  ])('%s', async (_label, name, message) => {
    const line = await inputErrorOf(fixture(name));
    expect(line).toMatch(message);
    expect(line?.split('\n')).toHaveLength(1);
  });

  test('a corrupt lockfile beside an installed node_modules is bad input too', async () => {
    const project = copyFixture('walk/basic');
    writeFileSync(join(project, 'package-lock.json'), '{ "lockfileVersion": 3, "packages": {');
    const line = await inputErrorOf(project);
    expect(line?.split('\n')).toHaveLength(1);
    expect(line).toMatch(/package-lock\.json is not valid JSON/);
  });

  test('a config with a syntax error names the line', async () => {
    const project = copyFixture('walk/basic');
    writeFileSync(join(project, 'licit.config.json'), '{\n  // comments are fine\n  "extends": "distributed",\n  oops\n}\n');
    expect(await inputErrorOf(project)).toMatch(/licit\.config\.json: .* at line 4/);
  });
});
