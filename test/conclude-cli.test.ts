// What a user meets from `licit scan` (in-process, the scan and renderers the CLI runs: scan-in-process.ts): which metadata-versus-file findings are warnings and which are
// `info`, on real packages captured from the npm-cli and create-react-app bench trees (fixtures/conclude/
// real-packages), and commercial metadata concluding proprietary (fixtures/conclude/commercial).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyFixture, fixture, runLicit } from './helpers/cli.js';
import { scanInProcess } from './helpers/scan-in-process.js';

type Line = [pkg: string, rule: string, code: string];

/** Disagreements a reviewer need not act on: variants of equal terms, corrections the spelling or a file settles. */
const BECAME_INFO: Line[] = [
  ['@npmcli/redact@3.0.0', 'declared-file-mismatch', 'same-terms'], // ISC declared, MIT file: the same duties
  ['argparse@2.0.1', 'declared-file-mismatch', 'metadata-more-restrictive'], // Python-2.0 vs Python-2.0.1 (near-variants)
  ['bcrypt-pbkdf@1.0.2', 'declared-file-mismatch', 'same-terms'], // BSD-3-Clause vs BSD-3-Clause-HP AND ISC
  ['encoding@0.1.13', 'declared-file-mismatch', 'same-terms'], // MIT vs MIT-0 (one family)
  ['jsbn@1.1.0', 'declared-file-mismatch', 'same-terms'], // MIT vs MIT-Wu
  ['qrcode-terminal@0.12.0', 'invalid-license-metadata', 'corrected'], // "Apache 2.0"
  ['qrcode-terminal@0.12.0', 'invalid-license-metadata', 'legacy-shape'], // licenses: [{type}]
  ['uri-js@4.4.1', 'declared-file-mismatch', 'same-terms'], // BSD-2-Clause vs BSD-2-Clause-Views
  ['xmldom@0.1.31', 'invalid-license-metadata', 'deprecated-id'], // "(LGPL-2.0 or MIT)"
];

/** Real disagreements: the files ask more than the metadata says, or nothing settles an ambiguous spelling. */
const STAY_WARNINGS: Line[] = [
  ['@pkgjs/parseargs@0.11.0', 'declared-file-mismatch', 'file-more-restrictive'], // declares MIT, its only LICENSE is Apache-2.0
  ['fast-uri@3.0.1', 'declared-file-mismatch', 'file-more-restrictive'], // declares MIT, its LICENSE is BSD-3-Clause
  ['gitconfiglocal@1.0.0', 'invalid-license-metadata', 'corrected'], // "BSD", and no license file to say which
];

const lines = (findings: { package: string | null; rule: string; code: string }[]): Line[] =>
  findings.map((finding): Line => [finding.package ?? '', finding.rule, finding.code]).sort((a, b) => a.join(' ').localeCompare(b.join(' ')));

describe('metadata against license files on real packages', async () => {
  const run = await scanInProcess(fixture('conclude/real-packages'));
  const report = run.report;
  const findings = report.findings as unknown as { package: string; rule: string; code: string; severity: string; args: Record<string, unknown> }[];

  // fs.realpath's LICENSE is ISC, then Node's MIT text for the code it bundles: an equal-terms info, or no
  // finding at all where text identification marks that MIT part as a bundled notice.
  const bundling = findings.filter((finding) => finding.package === 'fs.realpath@1.0.0');
  const others = findings.filter((finding) => finding.package !== 'fs.realpath@1.0.0');
  const infos = (report.summary as typeof report.summary & { infos: number }).infos;

  test('near-variants, equal terms and settled corrections are info; real disagreements stay warnings', () => {
    expect(lines(others.filter((finding) => finding.severity === 'info'))).toEqual(lines(BECAME_INFO.map(([p, rule, code]) => ({ package: p, rule, code }))));
    expect(lines(others.filter((finding) => finding.severity === 'warning'))).toEqual(lines(STAY_WARNINGS.map(([p, rule, code]) => ({ package: p, rule, code }))));
    expect(bundling.map((finding) => `${finding.severity} ${finding.code}`)).toEqual(bundling.length === 0 ? [] : ['info same-terms']);
    expect(report.packages.find((entry) => entry.name === 'fs.realpath')!.license.expression).toBe('ISC AND MIT');
    expect(report.summary).toMatchObject({ errors: 0, warnings: 3, infos: BECAME_INFO.length + bundling.length });
    expect(run.code).toBe(0);
  });

  test('the relation that makes a mismatch info is named, and the stricter reading is concluded', () => {
    const argparse = findings.find((finding) => finding.package === 'argparse@2.0.1')!;
    expect(argparse.args).toMatchObject({ declared: 'Python-2.0', files: 'Python-2.0.1', concluded: 'Python-2.0', relation: 'near-variant' });
    const parseargs = findings.find((finding) => finding.package === '@pkgjs/parseargs@0.11.0')!;
    expect(parseargs.args).toMatchObject({ declared: 'MIT', files: 'Apache-2.0', concluded: 'Apache-2.0', relation: null });
  });

  test('a LICENSE.<name> side file is a bundled notice: its license is added, with no mismatch', () => {
    const doctrine = report.packages.find((entry) => entry.name === 'doctrine')!;
    expect(doctrine.license.expression).toBe('Apache-2.0 AND BSD-2-Clause');
    expect(findings.filter((finding) => finding.package === 'doctrine@3.0.0')).toEqual([]);
  });

  test('info findings never fail a gate, and --fail-on warning counts only the warnings', async () => {
    expect((await scanInProcess(fixture('conclude/real-packages'), { failOn: 'warning' })).code).toBe(1);
    const copy = copyFixture('conclude/real-packages');
    writeFileSync(join(copy, 'licit.config.json'), JSON.stringify({ rules: { 'declared-file-mismatch': 'info', 'invalid-license-metadata': 'info' } }));
    const relaxed = await scanInProcess(copy, { failOn: 'warning' });
    expect(relaxed.report.summary).toMatchObject({ warnings: 0, infos: infos + 3 });
    expect(relaxed.code).toBe(0);
  });

  test('the table hides info unless --verbose; SARIF says note; Markdown folds them', async () => {
    const table = await run.table();
    expect(table).not.toMatch(/^ {2}info /m);
    expect(table).toContain(`\n  ${infos} info findings (no action needed) not shown; --verbose shows them\n`);
    expect(table).toContain(`\nPASS with warnings: 19 packages, 0 errors, 3 warnings, ${infos} info\n`);
    const verbose = await run.table({ verbose: true });
    expect(verbose.match(/^ {2}info /gm)).toHaveLength(infos);

    const sarif = JSON.parse(await run.render('sarif')) as {
      runs: { results: { level: string; properties: { package: string } }[] }[];
    };
    const levels = sarif.runs[0]!.results.map((result) => result.level);
    expect(levels.filter((level) => level === 'note')).toHaveLength(infos);
    expect(levels.filter((level) => level === 'warning')).toHaveLength(3);

    const markdown = await run.render('markdown');
    // The Markdown counts packages, not findings: the 3 warnings are on 3 packages; infos may share a package.
    expect(markdown).toMatch(/^### ⚠️ licit: 3 with warnings$/m);
    const noted = new Set(sarif.runs[0]!.results.filter((result) => result.level === 'note').map((result) => result.properties.package)).size;
    expect(markdown).toContain(`<details><summary><b>Notes, no action needed (${noted} ${noted === 1 ? 'package' : 'packages'})</b></summary>`);
  });
});

describe('commercial metadata', async () => {
  const run = await scanInProcess(fixture('conclude/commercial'));
  const report = run.report;
  const byPackage = (name: string) => report.packages.find((entry) => entry.name === name)!;
  const findingsOf = (name: string) => report.findings.filter((finding) => finding.package?.startsWith(`${name}@`)).map((finding) => `${finding.severity} ${finding.rule}`);

  test.each(['fx-commercial-word', 'fx-vendor-url', 'fx-no-charge', 'fx-see-url'])('%s: proprietary, named after the package, one denied-license error', (name) => {
    expect(byPackage(name).category).toBe('proprietary');
    expect(byPackage(name).license.expression).toBe(`LicenseRef-licit-proprietary-${name}`);
    expect(findingsOf(name)).toEqual(['error denied-license']);
    const message = report.findings.find((finding) => finding.package?.startsWith(`${name}@`))!.message;
    expect(message).toContain('a commercial license from the vendor is needed');
  });

  test('a vendor URL beside an EULA file: proprietary, named by what identification recognised in the file', () => {
    const identified = JSON.parse(runLicit(['identify', join(fixture('conclude/commercial'), 'node_modules/fx-vendor-eula/LICENSE.txt'), '--format', 'json']).stdout) as {
      expression: string | null;
      confidence: number;
    }[];
    const explain = (expression: string | null) =>
      expression === null ? null : (JSON.parse(runLicit(['explain', expression, '--format', 'json']).stdout || 'null') as { category?: string } | null)?.category ?? null;
    const recognisedAsProprietary = identified[0]!.confidence >= 0.9 && explain(identified[0]!.expression) === 'proprietary';
    expect(byPackage('fx-vendor-eula').category).toBe('proprietary');
    expect(byPackage('fx-vendor-eula').license.expression).toBe(recognisedAsProprietary ? identified[0]!.expression : 'LicenseRef-licit-proprietary-fx-vendor-eula');
    expect(findingsOf('fx-vendor-eula')).toEqual(['error denied-license']);
  });

  test('an open license page is that license; "Commercial" over an MIT file also warns of the disagreement', () => {
    expect(byPackage('fx-open-url').license.expression).toBe('MIT');
    expect(findingsOf('fx-open-url')).toEqual(['info invalid-license-metadata']);
    expect(findingsOf('fx-commercial-but-mit')).toEqual(['error denied-license', 'warning declared-file-mismatch']);
    expect(run.code).toBe(1);
  });
});
