// The policy over fixture trees, in-process through the scan the CLI runs (test/helpers/scan-in-process.ts):
// each preset and context, the precedence of severities and exceptions, where the config comes from and
// what its errors say. policy-fixtures.test.ts keeps the CLI's contract for them (exit codes, one line).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { byName, copyFixture, fixture, type Report } from './helpers/cli.js';
import { inputErrorOf, scanInProcess } from './helpers/scan-in-process.js';

/** A scratch copy of a fixture with a licit.config.json (or another config file) written into it. */
const withConfig = (name: string, config: unknown, file = 'licit.config.json'): string => {
  const dir = copyFixture(name);
  writeFileSync(join(dir, file), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return dir;
};

const findingKeys = (report: Report): string[] => report.findings.map((finding) => `${finding.rule}/${finding.code} ${finding.package ?? '-'}`);

describe('the default gate (distributed) in an MIT project', () => {
  const FAILING: [string, string, string, string][] = [
    ['policy/gpl3-transitive', 'fx-gpl3-lib@2.1.0', 'incompatible-with-project', 'fx-gpl3-transitive-app > fx-gpl3-transitive-wrapper > fx-gpl3-lib'],
    ['policy/agpl3-transitive', 'fx-agpl3-lib@2.1.0', 'incompatible-with-project', 'fx-agpl3-transitive-app > fx-agpl3-transitive-wrapper > fx-agpl3-lib'],
    ['policy/sspl-transitive', 'fx-sspl-lib@2.1.0', 'denied-license', 'fx-sspl-transitive-app > fx-sspl-transitive-wrapper > fx-sspl-lib'],
    ['policy/busl-transitive', 'fx-busl-lib@2.1.0', 'denied-license', 'fx-busl-transitive-app > fx-busl-transitive-wrapper > fx-busl-lib'],
    ['policy/unlicensed-transitive', 'fx-private-lib@2.1.0', 'denied-license', 'fx-unlicensed-transitive-app > fx-unlicensed-transitive-wrapper > fx-private-lib'],
    ['policy/gpl-in-mit', 'fx-gpl-core@3.0.0', 'incompatible-with-project', 'fx-gpl-app > fx-wrapper > fx-gpl-core'],
  ];

  test.each(FAILING)('%s fails with exit 1, naming %s and its chain', async (name, ref, rule, chain) => {
    const scan = await scanInProcess(fixture(name));
    expect(scan.code).toBe(1);
    const table = await scan.render('table');
    expect(table).toContain(ref);
    expect(table).toContain(`via ${chain}`);
    expect(table).toMatch(/^FAIL/m);

    const finding = scan.report.findings.find((candidate) => candidate.package === ref && candidate.rule === rule);
    expect(finding?.severity).toBe('error');
    expect(finding?.via.join(' > ')).toBe(chain);
    expect(finding?.message).toContain(ref);
  });

  test.each(['policy/all-permissive', 'policy/permissive-lockfile'])('%s (MIT, ISC, BSD, Apache) passes with exit 0', async (name) => {
    const scan = await scanInProcess(fixture(name));
    expect(scan.report.findings).toEqual([]);
    expect(scan.report.summary.errors).toBe(0);
    expect(scan.code).toBe(0);
    expect(await scan.render('table')).toMatch(/^PASS: /m);
  });

  test('obligations name what the project must do, per license, for shipped packages', async () => {
    const { report } = await scanInProcess(fixture('policy/permissive-lockfile'));
    const obligations = (report as unknown as { obligations: { obligation: string; license: string; packages: string[] }[] }).obligations;
    expect(obligations).toContainEqual({ obligation: 'include-notice-file', license: 'Apache-2.0', packages: ['fx-pl-apache@1.0.0'] });
    // The dual-licensed package counts under the license chosen for it.
    expect(obligations.find((o) => o.license === 'MIT' && o.obligation === 'include-license-text')?.packages).toEqual(['fx-pl-dual@1.0.0', 'fx-pl-mit@1.0.0']);
  });

  test('LGPL: a warning with the relinking obligation, so exit 0 unless --fail-on warning', async () => {
    const { code, report } = await scanInProcess(fixture('policy/lgpl-direct'));
    expect(findingKeys(report)).toEqual(['incompatible-with-project/library-copyleft fx-lgpl-lib@1.0.0']);
    expect(report.findings[0]?.severity).toBe('warning');
    expect(report.findings[0]?.message).toMatch(/relinking/);
    expect(code).toBe(0);
    expect((await scanInProcess(fixture('policy/lgpl-direct'), { failOn: 'warning' })).code).toBe(1);
  });

  test('--fail-on never always exits 0', async () => {
    expect((await scanInProcess(fixture('policy/gpl3-transitive'), { failOn: 'never' })).code).toBe(0);
  });

  test('dev-only copyleft is not shipped, so not a violation', async () => {
    const { code, report } = await scanInProcess(fixture('policy/dev-only-gpl'));
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
    const obligations = (report as unknown as { obligations: { license: string }[] }).obligations;
    expect(obligations.map((o) => o.license)).not.toContain('GPL-3.0-only');
  });

  test('license conflicts in one distributed work: once per pair, naming both packages', async () => {
    const { code, report } = await scanInProcess(fixture('policy/gpl2-conflict'));
    const conflicts = report.findings.filter((finding) => finding.rule === 'license-conflict');
    expect(conflicts.map((finding) => finding.message).sort()).toEqual([
      'fx-cf-gpl2@1.0.0 (GPL-2.0-only) and fx-cf-apache@1.0.0 (Apache-2.0) cannot be combined in one distributed work',
      'fx-cf-gpl2@1.0.0 (GPL-2.0-only) and fx-cf-gpl3@1.0.0 (GPL-3.0-only) cannot be combined in one distributed work',
    ]);
    expect(code).toBe(1);
  });

  test('OR: the choice made is reported', async () => {
    const scan = await scanInProcess(fixture('policy/or-choice'));
    const chosen = (name: string): unknown => (byName(scan.report, name).license as { chosen?: string }).chosen;
    expect(chosen('fx-or-gpl-mit')).toBe('MIT');
    expect(chosen('fx-or-compound')).toBe('MIT AND BSD-3-Clause');
    expect(chosen('fx-or-gpl-lgpl')).toBe('LGPL-2.1-or-later');
    expect(byName(scan.report, 'fx-or-gpl-mit').category).toBe('permissive');
    expect(scan.report.summary.errors).toBe(0);
    expect(scan.code).toBe(0);
    expect(await scan.render('table')).toMatch(/GPL-3\.0-only OR MIT → MIT/);
  });
});

describe('presets and contexts', () => {
  const CASES: [string, string, unknown, number, string[]][] = [
    ['GPL-3.0 under saas', 'policy/gpl3-transitive', { extends: 'saas' }, 0, []],
    ['AGPL-3.0 under saas', 'policy/agpl3-transitive', { extends: 'saas' }, 1, ['incompatible-with-project/network-copyleft fx-agpl3-lib@2.1.0']],
    ['AGPL-3.0 under internal', 'policy/agpl3-transitive', { extends: 'internal' }, 0, []],
    ['AGPL-3.0 with context.distribution internal', 'policy/agpl3-transitive', { context: { distribution: 'internal' } }, 0, []],
    ['BUSL under internal is still not allowed', 'policy/busl-transitive', { extends: 'internal' }, 1, ['denied-license/not-allowed fx-busl-lib@2.1.0']],
    ['BUSL allowed by id', 'policy/busl-transitive', { allow: ['BUSL-1.1'] }, 0, []],
    ['a GPL-3.0 project may ship GPL-3.0', 'policy/gpl3-transitive', { context: { projectLicense: 'GPL-3.0-only' } }, 0, []],
    // OSADL: GPL-3.0-only code cannot stay under a work licensed GPL-3.0-or-later.
    ['a GPL-3.0-or-later project may not', 'policy/gpl3-transitive', { context: { projectLicense: 'GPL-3.0-or-later' } }, 1, ['incompatible-with-project/incompatible fx-gpl3-lib@2.1.0']],
    ['permissive-only over a permissive tree', 'policy/permissive-lockfile', { extends: 'permissive-only' }, 0, []],
    ['permissive-only rejects LGPL and MPL', 'policy/lgpl-direct', { extends: 'permissive-only' }, 1, [
      'denied-license/not-allowed fx-lgpl-lib@1.0.0',
      'denied-license/not-allowed fx-mpl-lib@1.0.0',
      'incompatible-with-project/library-copyleft fx-lgpl-lib@1.0.0',
    ]],
    ['permissive-only judges dev-only too', 'policy/dev-only-gpl', { extends: 'permissive-only' }, 1, [
      'denied-license/denied fx-dev-agpl-helper@1.0.0',
      'incompatible-with-project/incompatible fx-dev-agpl-helper@1.0.0',
      'denied-license/denied fx-dev-gpl-tool@1.0.0',
      'incompatible-with-project/incompatible fx-dev-gpl-tool@1.0.0',
    ]],
    ['includeDev in a config', 'policy/dev-only-gpl', { includeDev: true }, 1, [
      'incompatible-with-project/incompatible fx-dev-agpl-helper@1.0.0',
      'incompatible-with-project/incompatible fx-dev-gpl-tool@1.0.0',
    ]],
  ];
  test.each(CASES)('%s', async (_label, name, config, exitCode, expected) => {
    const { code, report } = await scanInProcess(withConfig(name, config));
    expect(findingKeys(report)).toEqual(expected);
    expect(code).toBe(exitCode);
  });
});

describe('severities and exceptions, per the precedence', () => {
  const exception = { package: 'fx-gpl3-lib@^2', rule: 'incompatible-with-project', reason: 'license-acquired', comment: 'commercial license, contract 123' };

  test('a rule set to warning passes the default gate but not --fail-on warning', async () => {
    const dir = withConfig('policy/gpl3-transitive', { rules: { 'incompatible-with-project': 'warning' } });
    expect((await scanInProcess(dir)).code).toBe(0);
    expect((await scanInProcess(dir, { failOn: 'warning' })).code).toBe(1);
  });

  test('a rule set to off removes its findings', async () => {
    const { code, report } = await scanInProcess(withConfig('policy/busl-transitive', { rules: { 'denied-license': 'off' } }));
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  test('an exception beats the deny list', async () => {
    const dir = withConfig('policy/busl-transitive', {
      deny: ['BUSL-1.1'],
      exceptions: [{ package: 'fx-busl-lib', reason: 'license-acquired', comment: 'bought a commercial license' }],
    });
    expect((await scanInProcess(dir)).code).toBe(0);
  });

  test('an exception for the package and rule passes; one out of range does not', async () => {
    expect((await scanInProcess(withConfig('policy/gpl3-transitive', { exceptions: [exception] }))).code).toBe(0);
    const outOfRange = await scanInProcess(withConfig('policy/gpl3-transitive', { exceptions: [{ ...exception, package: 'fx-gpl3-lib@^3' }] }));
    expect(outOfRange.code).toBe(1);
  });

  test('an expired exception waives nothing and is itself an error', async () => {
    const { code, report } = await scanInProcess(withConfig('policy/gpl3-transitive', { exceptions: [{ ...exception, expires: '2020-01-31' }] }));
    expect(findingKeys(report)).toEqual(['exception-expired/expired -', 'incompatible-with-project/incompatible fx-gpl3-lib@2.1.0']);
    expect(report.findings[0]?.message).toMatch(/exceptions\[0\] for fx-gpl3-lib@\^2 expired on 2020-01-31/);
    expect(code).toBe(1);
    expect((await scanInProcess(withConfig('policy/gpl3-transitive', { exceptions: [{ ...exception, expires: '2999-12-31' }] }))).code).toBe(0);
  });

  test('a pinned license text that cannot be checked stops the exception', async () => {
    const { report } = await scanInProcess(withConfig('policy/gpl3-transitive', { exceptions: [{ ...exception, licenseTextSha256: '0'.repeat(64) }] }));
    expect(findingKeys(report)).toContain('exception-expired/text-changed fx-gpl3-lib@2.1.0');
    expect(findingKeys(report)).toContain('incompatible-with-project/incompatible fx-gpl3-lib@2.1.0');
  });

  test('a pinned license text that matches keeps the exception; a changed one does not', async () => {
    const dir = copyFixture('policy/gpl-in-mit');
    const withText = await scanInProcess(dir);
    const core = byName(withText.report, 'fx-gpl-core').license.files as { path: string; sha256?: string }[];
    const hash = core.find((file) => file.sha256)?.sha256;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const pinned = { package: 'fx-gpl-core', reason: 'approved-by-legal', comment: 'reviewed', licenseTextSha256: hash };
    writeFileSync(join(dir, 'licit.config.json'), JSON.stringify({ exceptions: [pinned] }));
    expect((await scanInProcess(dir)).code).toBe(0);
    const copying = join(dir, 'node_modules/fx-gpl-core/COPYING');
    writeFileSync(copying, `${readFileSync(copying, 'utf8')}\nAn added paragraph.\n`);
    const changed = await scanInProcess(dir);
    expect(findingKeys(changed.report)).toContain('exception-expired/text-changed fx-gpl-core@3.0.0');
    expect(changed.code).toBe(1);
  });
});

describe('where the config comes from', () => {
  test.each([
    ['.licitrc.json', (dir: string) => writeFileSync(join(dir, '.licitrc.json'), '// JSONC\n{ "extends": "saas", }\n')],
    ['package.json#licit', (dir: string) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, licit: { extends: 'saas' } }, null, 2));
    }],
    ['--config', (dir: string) => writeFileSync(join(dir, 'custom-policy.json'), '{ "extends": "saas" }')],
  ])('%s', async (label, write) => {
    const dir = copyFixture('policy/gpl3-transitive');
    write(dir);
    const config = label === '--config' ? join(dir, 'custom-policy.json') : undefined;
    expect((await scanInProcess(dir, { config })).code).toBe(0);
  });

  test('licit.config.json comes before .licitrc.json', async () => {
    const dir = withConfig('policy/gpl3-transitive', { extends: 'distributed' });
    writeFileSync(join(dir, '.licitrc.json'), '{ "extends": "saas" }');
    expect((await scanInProcess(dir)).code).toBe(1);
  });
});

describe('config errors name the key (the CLI prints them as one line, exit 2: policy-fixtures.test.ts)', () => {
  const CASES: [string, unknown, RegExp][] = [
    ['a typo in a key', { extend: 'saas' }, /^licit: licit\.config\.json: extend is not a known key \(did you mean extends\?\)/],
    ['an unknown key', { context: { distribution: 'saas', region: 'eu' } }, /^licit: licit\.config\.json: context\.region is not a known key/],
    ['a bad reason', { exceptions: [{ package: 'x', reason: 'we-said-so', comment: 'c' }] }, /^licit: licit\.config\.json: exceptions\[0\]\.reason must be one of license-acquired/],
    ['an invalid expression in deny', { deny: ['GPL-3.0-only AND'] }, /^licit: licit\.config\.json: deny\[0\] "GPL-3\.0-only AND" is neither a category/],
    ['a bad date', { exceptions: [{ package: 'x', reason: 'false-positive', comment: 'c', expires: '2027-13-01' }] }, /^licit: licit\.config\.json: exceptions\[0\]\.expires must be a date written YYYY-MM-DD/],
    ['a bad severity', { rules: { 'unknown-license': 'ignore' } }, /^licit: licit\.config\.json: rules\.unknown-license must be one of error, warning, info, off/],
  ];
  test.each(CASES)('%s', async (_label, config, message) => {
    const line = await inputErrorOf(withConfig('policy/permissive-lockfile', config));
    expect(line).toMatch(message);
    expect(line?.split('\n')).toHaveLength(1);
  });

  test('package.json#licit errors name package.json#licit', async () => {
    const dir = copyFixture('policy/permissive-lockfile');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, licit: { allow: ['GPLv3'] } }));
    expect(await inputErrorOf(dir)).toMatch(/^licit: package\.json#licit: allow\[0\]/);
  });
});
