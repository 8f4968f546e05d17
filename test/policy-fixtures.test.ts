// The policy's CLI contract through the built bundle: exit codes (0 pass, 1 findings at the --fail-on
// level, 2 bad config in one line), the verdict in the table, the config flags. Platform builds, waivers and
// OR choices run in-process through the scan the CLI runs (scan-in-process.ts), in every format the CLI writes;
// what the policy decides for each preset, context, severity and exception is in scan-policy.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { byName, copyFixture, fixture, parseReport, runLicit, type Report } from './helpers/cli.js';
import { expectFindings, inputErrorOf, scanInProcess } from './helpers/scan-in-process.js';

/** A scratch copy of a fixture with a licit.config.json (or another config file) written into it. */
const withConfig = (name: string, config: unknown, file = 'licit.config.json'): string => {
  const dir = copyFixture(name);
  writeFileSync(join(dir, file), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return dir;
};

/** `licit scan <dir> --format json [--fail-on warning]`, in-process. */
const scanJson = async (dir: string, ...args: string[]): Promise<{ code: number; report: Report }> => {
  const { code, report } = await scanInProcess(dir, { failOn: args.includes('warning') ? 'warning' : 'error' });
  return { code, report };
};

const findingKeys = (report: Report): string[] => report.findings.map((finding) => `${finding.rule}/${finding.code} ${finding.package ?? '-'}`);

describe('licit scan under the policy', () => {
  test('a violation fails with exit 1, the table naming the package and its chain', () => {
    const table = runLicit(['scan', fixture('policy/gpl3-transitive')]);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain('fx-gpl3-lib@2.1.0');
    expect(table.stdout).toContain('via fx-gpl3-transitive-app > fx-gpl3-transitive-wrapper > fx-gpl3-lib');
    expect(table.stdout).toMatch(/^FAIL/m);
  });

  test('a permissive tree passes with exit 0 and an empty findings list', () => {
    const run = runLicit(['scan', fixture('policy/permissive-lockfile'), '--format', 'json']);
    expect(parseReport(run.stdout).findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  test('--fail-on warning fails on a warning; --fail-on never passes an error', () => {
    // Without the flag the LGPL warning passes (scan-policy.test.ts).
    expect(runLicit(['scan', fixture('policy/lgpl-direct'), '--fail-on', 'warning']).code).toBe(1);
    expect(runLicit(['scan', fixture('policy/gpl3-transitive'), '--fail-on', 'never']).code).toBe(0);
  });

  test('--config names the policy file', () => {
    const dir = withConfig('policy/gpl3-transitive', '{ "extends": "saas" }', 'custom-policy.json');
    expect(runLicit(['scan', dir, '--config', join(dir, 'custom-policy.json')]).code).toBe(0);
  });

  test('a config error is one line naming the key, exit 2, nothing on stdout', () => {
    const run = runLicit(['scan', withConfig('policy/permissive-lockfile', { extend: 'saas' })]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^licit: licit\.config\.json: extend is not a known key \(did you mean extends\?\)/);
  });
});

describe('platform builds (one package published per os/cpu/libc)', () => {
  test('the same finding on every build of one package is one finding naming the builds', async () => {
    const { code, report } = await scanJson(fixture('policy/platform-builds'));
    const libvips = report.packages.filter((entry) => entry.name.startsWith('@img/sharp-libvips-'));
    expect(libvips).toHaveLength(8);
    expect(libvips.every((entry) => (entry as { platform?: { os: string[] } }).platform?.os.length === 1)).toBe(true);
    expect(findingKeys(report)).toEqual(['incompatible-with-project/library-copyleft @img/sharp-libvips-darwin-arm64@1.0.4']);
    const finding = report.findings[0] as (typeof report.findings)[number] & { args: Record<string, unknown> };
    expect(finding.args).toMatchObject({ platformBuildCount: 8 });
    expect(String(finding.args.platformBuilds).split(', ')).toEqual(libvips.map((entry) => `${entry.name}@${entry.version}`).sort());
    expect(finding.message).toContain('one finding for 8 platform builds');
    expect(report.summary.warnings).toBe(1);
    expect(code).toBe(0);
  });

  test('builds of different packages, or with different findings, stay apart', async () => {
    const dir = copyFixture('policy/platform-builds');
    const lockfile = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { license?: string }> };
    lockfile.packages['node_modules/@img/sharp-libvips-linux-x64']!.license = 'LGPL-2.1-only';
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lockfile, null, 2));
    const { report } = await scanJson(dir);
    const withArgs = report.findings as ((typeof report.findings)[number] & { args: Record<string, unknown> })[];
    expect(withArgs.map((finding) => [finding.package, finding.args.platformBuildCount ?? 1])).toEqual([
      ['@img/sharp-libvips-darwin-arm64@1.0.4', 7],
      ['@img/sharp-libvips-linux-x64@1.0.4', 1],
    ]);
  });
});

describe('exceptions with globs and ranges; waived findings stay visible', () => {
  const waiver = { package: '@img/sharp-libvips-*@1.0.x', rule: 'incompatible-with-project', reason: 'dynamic-linking', comment: 'loaded by sharp as a shared library', expires: '2999-12-31' };
  type Suppressed = { rule: string; package: string | null; suppression: Record<string, unknown>; args: Record<string, unknown> };
  const suppressedOf = (report: Report): Suppressed[] => (report as unknown as { suppressed: Suppressed[] }).suppressed;

  test('a glob with a range waives every build; the finding is kept as suppressed, with reason, comment and expiry, and not counted', async () => {
    const dir = withConfig('policy/platform-builds', { exceptions: [waiver] });
    const { code, report } = await scanJson(dir, '--fail-on', 'warning');
    expect(report.findings).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 1 });
    const [suppressed] = suppressedOf(report);
    expect(suppressed!.rule).toBe('incompatible-with-project');
    expect(suppressed!.args.platformBuildCount).toBe(8);
    expect(suppressed!.suppression).toEqual({ exception: 0, package: waiver.package, reason: 'dynamic-linking', comment: waiver.comment, expires: '2999-12-31' });
    expect(code).toBe(0);

    const scanned = await scanInProcess(dir);
    const sarif = JSON.parse(await scanned.render('sarif')) as { runs: { results: { suppressions?: unknown[] }[] }[] };
    expect(sarif.runs[0]!.results.map((result) => result.suppressions)).toEqual([
      [{ kind: 'external', status: 'accepted', justification: waiver.comment, properties: { reason: 'dynamic-linking', exception: 0, package: waiver.package, expires: '2999-12-31' } }],
    ]);
    const markdown = await scanned.render('markdown');
    expect(markdown).toContain('Waived by policy exceptions (1, not counted)');
    expect(markdown).toContain('dynamic-linking, until 2999-12-31');
    expect(await scanned.table()).toContain('waived by policy exceptions: 1 finding, not counted');
  });

  test('a glob out of range, or of another scope, waives nothing', async () => {
    for (const pkg of ['@img/sharp-libvips-*@^2', '@other/sharp-libvips-*', 'sharp-libvips-*']) {
      const { report } = await scanJson(withConfig('policy/platform-builds', { exceptions: [{ ...waiver, package: pkg }] }));
      expect(report.summary.warnings).toBe(1);
      expect(suppressedOf(report)).toEqual([]);
    }
  });

  test('a waived conflict names its exception; an unwaived finding is untouched', async () => {
    const { report } = await scanJson(withConfig('policy/gpl2-conflict', { exceptions: [{ package: 'fx-cf-*', rule: 'license-conflict', reason: 'approved-by-legal', comment: 'reviewed' }] }));
    expect(findingKeys(report).some((key) => key.startsWith('license-conflict'))).toBe(false);
    expect(suppressedOf(report).map((finding) => finding.rule)).toEqual(expect.arrayContaining(['license-conflict']));
    expect(suppressedOf(report).every((finding) => finding.suppression.package === 'fx-cf-*')).toBe(true);
  });

  test('a glob that is not a package-name pattern is refused in one line', async () => {
    const line = await inputErrorOf(withConfig('policy/platform-builds', { exceptions: [{ ...waiver, package: '@img/sharp libvips*' }] }));
    expect(line).toMatch(/^licit: licit\.config\.json: exceptions\[0\]\.package "@img\/sharp libvips\*" must be a package name or a glob/);
  });
});

describe('OR choices made for the whole tree', () => {
  test('OR: chosen for the whole tree — EPL-2.0 OR GPL-3.0-or-later beside GPL-3.0 code takes GPL-3.0-or-later, no conflict', async () => {
    const { code, report } = await scanJson(fixture('policy/or-joint-choice'));
    const dual = byName(report, 'fx-oj-dual').license as { chosen?: string; choiceReason?: string };
    expect(dual).toMatchObject({ chosen: 'GPL-3.0-or-later', choiceReason: 'avoids-conflict' });
    expect(findingKeys(report).filter((key) => key.startsWith('license-conflict'))).toEqual([]);
    // What remains is true of any choice: GPL code in an MIT project.
    expect(findingKeys(report)).toEqual([
      'incompatible-with-project/incompatible fx-oj-dual@1.0.0',
      'incompatible-with-project/incompatible fx-oj-gpl-a@1.0.0',
      'incompatible-with-project/incompatible fx-oj-gpl-b@2.0.0',
      'incompatible-with-project/incompatible fx-oj-gpl-c@1.4.0',
    ]);
    expect(code).toBe(1);
    expect(await (await scanInProcess(fixture('policy/or-joint-choice'))).table()).toContain('EPL-2.0 OR GPL-3.0-or-later → GPL-3.0-or-later (avoids a license conflict)');
  });

  test('OR: under a GPL-3.0-only project the same tree passes, the choice made alone', async () => {
    const { code, report } = await expectFindings(withConfig('policy/or-joint-choice', { context: { projectLicense: 'GPL-3.0-only' } }), []);
    expect(byName(report, 'fx-oj-dual').license).toMatchObject({ chosen: 'GPL-3.0-or-later', choiceReason: 'least-burden' });
    expect(code).toBe(0);
  });
});
