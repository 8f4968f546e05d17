import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { byName, copyFixture, fixture, parseReport, runLicit, scratchDir } from './helpers/cli.js';
import { validateCycloneDx, validateSpdx } from './helpers/schemas.js';

describe('licit scan', () => {
  test('JSON report of an installed tree validates against the published schema', () => {
    const run = runLicit(['scan', fixture('walk/basic'), '--format', 'json']);
    expect(run.stderr).toBe('');
    const report = parseReport(run.stdout);
    expect(report.root.name).toBe('fx-basic-app');
    expect(report.summary.packages).toBe(11);
    expect(byName(report, 'fx-deep').via).toEqual(['fx-basic-app', 'fx-a', 'fx-b', 'fx-deep']);
    expect(byName(report, 'fx-a').category).toBe('permissive');
    expect(run.code).toBe(0);
  });

  test('the same tree gives byte-identical JSON and SBOMs', () => {
    for (const format of ['json', 'cyclonedx', 'spdx']) {
      const first = runLicit(['scan', fixture('walk/workspaces'), '--format', format]);
      const second = runLicit(['scan', fixture('walk/workspaces'), '--format', format]);
      expect(first.stdout.length).toBeGreaterThan(100);
      expect(second.stdout).toBe(first.stdout);
    }
  });

  test('the default output is a table grouped by category with a verdict line', () => {
    const run = runLicit(['scan', fixture('walk/basic')]);
    expect(run.stdout).toMatch(/^permissive \(11\)$/m);
    expect(run.stdout).toMatch(/^PASS/m);
  });

  test('-o and --out write several formats in one run', () => {
    const out = scratchDir();
    const run = runLicit([
      'scan', fixture('walk/basic'), '--format', 'json', '-o', join(out, 'report.json'),
      '--out', `cyclonedx=${join(out, 'bom.cdx.json')}`, '--out', `spdx=${join(out, 'bom.spdx.json')}`,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(parseReport(readFileSync(join(out, 'report.json'), 'utf8')).summary.packages).toBe(11);
    expect(validateCycloneDx(JSON.parse(readFileSync(join(out, 'bom.cdx.json'), 'utf8')))).toEqual([]);
    expect(validateSpdx(JSON.parse(readFileSync(join(out, 'bom.spdx.json'), 'utf8')))).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(['bom.cdx.json', 'bom.spdx.json', 'report.json']);
  });

  test('problems inside the tree are findings and the scan goes on', () => {
    const run = runLicit(['scan', fixture('broken/malformed-package-json'), '--format', 'json']);
    const report = parseReport(run.stdout);
    expect(report.findings.map((finding) => finding.rule)).toContain('unreadable-package');
    expect(report.packages.some((entry) => entry.name === 'fx-good')).toBe(true);
    expect(run.code).toBe(1);
  });

  test('legacy and misspelt license metadata is read, corrected and reported', () => {
    const report = parseReport(runLicit(['scan', fixture('licenses/shapes'), '--format', 'json']).stdout);
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

  test('--fail-on decides the exit code', () => {
    expect(runLicit(['scan', fixture('licenses/shapes'), '--format', 'json']).code).toBe(1);
    expect(runLicit(['scan', fixture('licenses/shapes'), '--format', 'json', '--fail-on', 'never']).code).toBe(0);
  });

  test('lockfile-only scans report entries without license data', () => {
    const run = runLicit(['scan', fixture('walk/lockfile-only'), '--format', 'json']);
    const report = parseReport(run.stdout);
    expect(report.mode).toBe('virtual');
    const missing = report.findings.filter((finding) => finding.rule === 'license-not-in-lockfile');
    expect(missing.map((finding) => finding.package)).toContain('fx-lo-nolic@1.0.0');
    expect(missing[0]?.message).toMatch(/lockfile records no license/);
    expect(run.code).toBe(1);
  });
});

describe('licit sbom', () => {
  test('CycloneDX and SPDX validate against the official schemas and are reproducible', () => {
    for (const [format, validate] of [['cyclonedx', validateCycloneDx], ['spdx', validateSpdx]] as const) {
      const run = runLicit(['sbom', fixture('walk/aliases-bundled-git'), '--format', format]);
      expect(run.code).toBe(0);
      expect(validate(JSON.parse(run.stdout))).toEqual([]);
      expect(runLicit(['sbom', fixture('walk/aliases-bundled-git'), '--format', format]).stdout).toBe(run.stdout);
    }
  });

  test('SPDX creation time comes from SOURCE_DATE_EPOCH', () => {
    const run = runLicit(['sbom', fixture('walk/basic'), '--format', 'spdx'], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect((JSON.parse(run.stdout) as { creationInfo: { created: string } }).creationInfo.created).toBe('2023-11-14T22:13:20Z');
  });
});

describe('bad input to licit itself: one line on stderr, exit 2, nothing written', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing directory', ['scan', 'no/such/dir'], /no such directory/],
    ['no lockfile and no node_modules', ['scan', fixture('broken/no-lockfile')], /npm install --package-lock-only/],
    ['an unknown pnpm lockfile version', ['scan', fixture('broken/pnpm-lockfile-v5')], /pnpm-lock\.yaml has lockfileVersion 5\.4/],
    ['a Yarn berry lockfile', ['scan', fixture('broken/yarn-berry')], /yarn\.lock is a Yarn 2\+ \(berry\) lockfile, which licit does not read yet/],
    ['a Bun project', ['scan', fixture('broken/bun-only')], /bun\.lockb?.*does not read Bun/],
    ['a corrupt lockfile', ['scan', fixture('broken/corrupt-lockfile')], /package-lock\.json is not valid JSON/],
    ['a malformed root package.json', ['scan', fixture('broken/malformed-root')], /package\.json is not valid JSON/],
    ['an unknown format', ['scan', fixture('walk/basic'), '--format', 'pdf'], /format/],
    ['an unknown --omit type', ['scan', fixture('walk/basic'), '--omit', 'prod'], /omit/],
    ['an unknown --fail-on level', ['scan', fixture('walk/basic'), '--fail-on', 'sometimes'], /fail-on/],
    ['a bad --out', ['scan', fixture('walk/basic'), '--out', 'nonsense'], /--out takes/],
    ['an unknown workspace', ['scan', fixture('walk/workspaces'), '--workspace', 'nope'], /no workspace named nope/],
    ['an unknown command', ['frobnicate'], /unknown command/],
    ['a missing config file', ['scan', fixture('walk/basic'), '--config', 'missing.json'], /config file not found/],
  ];
  test.each(cases)('%s', (_label, args, message) => {
    const out = scratchDir();
    const target = join(out, 'report.json');
    const run = runLicit([...args, '-o', target]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });

  test('a corrupt lockfile beside an installed node_modules is bad input too', () => {
    const project = copyFixture('walk/basic');
    writeFileSync(join(project, 'package-lock.json'), '{ "lockfileVersion": 3, "packages": {');
    const run = runLicit(['scan', project, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/package-lock\.json is not valid JSON/);
    expect(run.stdout).toBe('');
  });

  test('a config with a syntax error names the line', () => {
    const project = copyFixture('walk/basic');
    writeFileSync(join(project, 'licit.config.json'), '{\n  // comments are fine\n  "extends": "distributed",\n  oops\n}\n');
    const run = runLicit(['scan', project]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/licit\.config\.json: .* at line 4/);
  });
});
