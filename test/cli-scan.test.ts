import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { byName, fixture, parseReport, repoRoot, runLicit, scratchDir } from './helpers/cli.js';
import { scanInProcess } from './helpers/scan-in-process.js';
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

  test('the same tree gives byte-identical JSON and SBOMs, run after run (the CLI against the sources)', async () => {
    const out = scratchDir();
    const run = runLicit(['scan', fixture('walk/workspaces'), '--format', 'json', '--out', `cyclonedx=${join(out, 'cyclonedx')}`, '--out', `spdx=${join(out, 'spdx')}`]);
    const sources = await scanInProcess(fixture('walk/workspaces'));
    expect(run.stdout.length).toBeGreaterThan(100);
    expect(run.stdout).toBe(await sources.render('json'));
    for (const format of ['cyclonedx', 'spdx'] as const) {
      expect(readFileSync(join(out, format), 'utf8')).toBe(await sources.render(format));
      expect(await (await scanInProcess(fixture('walk/workspaces'))).render(format)).toBe(await sources.render(format));
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
});

describe('licit sbom', () => {
  test('CycloneDX and SPDX validate against the official schemas, are reproducible and dated by SOURCE_DATE_EPOCH', async () => {
    const out = scratchDir();
    const run = runLicit(['sbom', fixture('walk/aliases-bundled-git'), '--format', 'cyclonedx', '--out', `spdx=${join(out, 'bom.spdx.json')}`], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(run.code).toBe(0);
    const spdx = readFileSync(join(out, 'bom.spdx.json'), 'utf8');
    expect(validateCycloneDx(JSON.parse(run.stdout))).toEqual([]);
    expect(validateSpdx(JSON.parse(spdx))).toEqual([]);
    expect((JSON.parse(spdx) as { creationInfo: { created: string } }).creationInfo.created).toBe('2023-11-14T22:13:20Z');
    const sources = await scanInProcess(fixture('walk/aliases-bundled-git'));
    expect(run.stdout).toBe(await sources.render('cyclonedx'));
    expect(spdx).toBe(await sources.render('spdx'));
  });
});

// What each kind of bad input says is checked in-process (scan-fixtures.test.ts); here, that the CLI
// prints it as one line and exits 2 before writing anything, for each stage that can refuse.
describe('bad input to licit itself: one line on stderr, exit 2, nothing written', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing directory', ['scan', 'no/such/dir'], /no such directory/],
    ['a corrupt lockfile', ['scan', fixture('broken/corrupt-lockfile')], /package-lock\.json is not valid JSON/],
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

  // SOURCE_DATE_EPOCH is licit's input too: a word, or more seconds than a date holds, is refused by name.
  test.each([
    ['sbom', ['sbom', fixture('walk/basic'), '--format', 'cyclonedx'], 'abc'],
    ['sbom', ['sbom', fixture('walk/basic'), '--format', 'spdx'], '99999999999999999'],
    ['audit', ['audit', fixture('audit/mixed')], '1.5'],
  ])('%s with SOURCE_DATE_EPOCH=%#', (_command, args, epoch) => {
    const out = scratchDir();
    const target = join(out, 'result');
    const run = runLicit([...args, '-o', target], { env: { SOURCE_DATE_EPOCH: epoch } });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([`licit: SOURCE_DATE_EPOCH must be a whole number of seconds, not ${epoch}`]);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('a reader that stops early (licit scan | head)', () => {
  test('ends quietly when the pipe closes, with the exit code the scan earned', () => {
    // A tree large enough that the report outgrows the pipe's buffer, so writes meet the closed pipe.
    const dir = scratchDir();
    const names = Array.from({ length: 400 }, (_, index) => `fx-pipe-${String(index).padStart(3, '0')}`);
    const packages: Record<string, unknown> = { '': { name: 'fx-pipe-app', version: '1.0.0', license: 'MIT', dependencies: Object.fromEntries(names.map((name) => [name, '1.0.0'])) } };
    for (const name of names) packages[`node_modules/${name}`] = { version: '1.0.0', license: name.endsWith('000') ? 'GPL-3.0-only' : 'MIT' };
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fx-pipe-app', version: '1.0.0', license: 'MIT', dependencies: (packages[''] as { dependencies: object }).dependencies }));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: 'fx-pipe-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }));
    const bin = join(repoRoot, 'bin', 'licit.js');
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" scan "${dir}" --format json | head -c 100 > /dev/null; echo "exit \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('exit 1');
  });
});
