// Concluding from license files whose text identification reports parts (which lines each license covers, what
// is bundled, what is left unexplained), and from commercial metadata. The evidence values have the shape the
// text identifier gives a scan (LicenseFileEvidence with `parts` and `coverage`).
import { describe, expect, test } from 'vitest';
import type { Component, ComponentLicense, Inventory, LicenseFileEvidence } from '../src/model/index.js';
import { evaluateInventory } from '../src/pipeline/index.js';
import { defaultPolicy, resolvePolicy } from '../src/policy/config.js';
import { concludeLicense } from '../src/policy/conclude.js';
import { classifyExpression } from '../src/policy/classify.js';
import { getLicenseRecord, listLicenseIds } from '../src/policy/knowledge.js';
import { normaliseDeclaredLicense } from '../src/licenses/metadata.js';

const SHA = 'c0ffee'.padEnd(64, '0');

function component(name: string, license: Partial<ComponentLicense>): Component {
  return {
    kind: 'npm',
    ref: `${name}@1.0.0`,
    name,
    version: '1.0.0',
    purl: `pkg:npm/${name}@1.0.0`,
    scopes: ['prod'],
    direct: true,
    paths: [`node_modules/${name}`],
    via: ['fx-app', name],
    license: { declared: null, expression: null, source: 'none', files: [], ...license },
    category: 'unknown',
    dependsOn: [],
  };
}

/** A package as the walk gives it: its package.json license normalised, its files as identified. */
function fromMetadata(name: string, declared: string, files: LicenseFileEvidence[]): Component {
  const normalised = normaliseDeclaredLicense({ license: declared });
  return component(name, { declared, expression: normalised.expression, source: normalised.expression ? 'metadata' : 'none', files });
}

function scan(components: Component[]) {
  const inventory: Inventory = {
    root: { name: 'fx-app', version: '1.0.0', license: 'MIT', purl: 'pkg:npm/fx-app@1.0.0', workspaces: [], dependsOn: components.map((c) => c.ref) },
    components,
    mode: 'actual',
    problems: [],
  };
  return evaluateInventory(inventory, { policy: defaultPolicy(), today: '2026-01-01' });
}

const unrecognised = 'LicenseRef-licit-unrecognised-3f2a91c0';

/** "Vendor terms + bundled BSD/MIT notices": the shape of issue 12's commercial LICENSE.txt. */
const vendorTermsWithNotices: LicenseFileEvidence = {
  path: 'LICENSE.txt',
  expression: `${unrecognised} AND BSD-3-Clause AND MIT`,
  confidence: 0.42,
  coverage: 0.42,
  sha256: SHA,
  parts: [
    { license: unrecognised, startLine: 1, endLine: 24, confidence: 1, role: 'unrecognised' },
    { license: 'BSD-3-Clause', startLine: 28, endLine: 52, confidence: 0.98, role: 'bundled-notice' },
    { license: 'MIT', startLine: 56, endLine: 75, confidence: 1, role: 'bundled-notice' },
  ],
};

describe('license files with parts', () => {
  test('vendor terms + bundled notices never conclude permissive, whatever the metadata says', () => {
    const { license, problems } = concludeLicense(fromMetadata('fx-vendor', 'MIT', [vendorTermsWithNotices]));
    expect(classifyExpression(license.expression).category).toBe('unknown');
    expect(license.expression).toContain(unrecognised);
    // The file's only terms are the unexplained ones: nothing disagrees with the metadata on its own.
    expect(problems.map((problem) => `${problem.rule}/${problem.code}`)).toEqual(['unknown-license/unrecognised-text']);
    expect(problems[0]!.args).toEqual({ file: 'LICENSE.txt', startLine: 1, endLine: 24, ref: unrecognised });
  });

  test('the unexplained text is one unknown-license finding with its lines; allowing its id by hash approves it', () => {
    const result = scan([fromMetadata('fx-vendor', 'SEE LICENSE IN LICENSE.txt', [vendorTermsWithNotices])].map((c) => ({ ...c, license: { ...c.license, expression: vendorTermsWithNotices.expression, source: 'file' } })));
    expect(result.findings.map((f) => `${f.severity} ${f.rule}/${f.code}`)).toEqual(['error unknown-license/unrecognised-text']);
    expect(result.findings[0]!.args).toMatchObject({ file: 'LICENSE.txt', startLine: 1, endLine: 24 });
    expect(result.components[0]!.category).toBe('unknown');

    const policy = resolvePolicy({ allow: ['permissive', unrecognised] }, null);
    const inventory: Inventory = {
      root: { name: 'fx-app', version: '1.0.0', license: 'MIT', purl: 'pkg:npm/fx-app@1.0.0', workspaces: [], dependsOn: [] },
      components: [component('fx-vendor', { declared: 'SEE LICENSE IN LICENSE.txt', expression: vendorTermsWithNotices.expression, source: 'file', files: [vendorTermsWithNotices] })],
      mode: 'actual',
      problems: [],
    };
    const approved = evaluateInventory(inventory, { policy, today: '2026-01-01' });
    expect(approved.findings.filter((f) => f.rule === 'unknown-license')).toEqual([]);
  });

  test('a bundled notice adds its license and obligations but raises no mismatch', () => {
    const file: LicenseFileEvidence = {
      path: 'LICENSE',
      expression: 'MIT AND Apache-2.0',
      confidence: 0.97,
      coverage: 0.97,
      parts: [
        { license: 'MIT', startLine: 1, endLine: 21, confidence: 1, role: 'terms' },
        { license: 'Apache-2.0', startLine: 25, endLine: 226, confidence: 0.99, role: 'bundled-notice' },
      ],
    };
    const { license, problems } = concludeLicense(fromMetadata('fx-bundles', 'MIT', [file]));
    expect(license.expression).toBe('MIT AND Apache-2.0');
    expect(license.source).toBe('metadata+file');
    expect(problems).toEqual([]);
  });

  test('terms that differ from the metadata still raise a mismatch, even beside bundled notices', () => {
    const file: LicenseFileEvidence = {
      path: 'LICENSE',
      expression: 'Apache-2.0 AND BSD-2-Clause',
      confidence: 0.99,
      parts: [
        { license: 'Apache-2.0', startLine: 1, endLine: 202, confidence: 1, role: 'terms' },
        { license: 'BSD-2-Clause', startLine: 206, endLine: 228, confidence: 0.97, role: 'bundled-notice' },
      ],
    };
    const { license, problems } = concludeLicense(fromMetadata('fx-liar', 'MIT', [file]));
    expect(problems.map((p) => [p.rule, p.code, p.severity])).toEqual([['declared-file-mismatch', 'file-more-restrictive', undefined]]);
    expect(license.expression).toBe('Apache-2.0 AND BSD-2-Clause');
  });

  test('an unrecognised part counts even when the file as a whole is below the evidence bar', () => {
    const file: LicenseFileEvidence = {
      path: 'LICENSE',
      expression: `MIT AND ${unrecognised}`,
      confidence: 0.55,
      coverage: 0.55,
      parts: [
        { license: 'MIT', startLine: 1, endLine: 21, confidence: 1, role: 'terms' },
        { license: unrecognised, startLine: 23, endLine: 40, confidence: 1, role: 'unrecognised' },
      ],
    };
    const { license } = concludeLicense(fromMetadata('fx-extra-terms', 'MIT', [file]));
    expect(license.expression).toBe(`MIT AND ${unrecognised}`);
  });

  test('terms that offer a choice keep it beside a bundled notice', () => {
    const file: LicenseFileEvidence = {
      path: 'LICENSE',
      expression: '(MIT OR Apache-2.0) AND BSD-3-Clause',
      confidence: 0.96,
      parts: [
        { license: 'MIT', startLine: 3, endLine: 23, confidence: 1, role: 'terms' },
        { license: 'Apache-2.0', startLine: 25, endLine: 226, confidence: 0.99, role: 'terms' },
        { license: 'BSD-3-Clause', startLine: 230, endLine: 255, confidence: 0.96, role: 'bundled-notice' },
      ],
    };
    const { license, problems } = concludeLicense(fromMetadata('fx-dual-bundles', '(MIT OR Apache-2.0)', [file]));
    expect(problems).toEqual([]);
    expect(license.expression).toBe('(MIT OR Apache-2.0) AND BSD-3-Clause');
    expect(classifyExpression(license.expression).licenses).toEqual(['MIT', 'BSD-3-Clause']);
  });

  test('a LICENSE.<name> side file beside LICENSE is a bundled notice; LICENSE-MIT + LICENSE-APACHE offer a choice', () => {
    const side = concludeLicense(
      fromMetadata('fx-side', 'Apache-2.0', [
        { path: 'LICENSE', expression: 'Apache-2.0', confidence: 1 },
        { path: 'LICENSE.esprima', expression: 'BSD-2-Clause', confidence: 0.96 },
      ]),
    );
    expect(side.problems).toEqual([]);
    expect(side.license.expression).toBe('Apache-2.0 AND BSD-2-Clause');

    const dual = concludeLicense(
      fromMetadata('fx-dual', 'MIT', [
        { path: 'LICENSE-APACHE', expression: 'Apache-2.0', confidence: 1 },
        { path: 'LICENSE-MIT', expression: 'MIT', confidence: 1 },
      ]),
    );
    // Files named after their licenses, with no main LICENSE, offer a choice (the dual-licensing convention).
    expect(dual.license.expression).toBe('Apache-2.0 OR MIT');
    expect(dual.problems.map((p) => [p.code, p.args.files])).toEqual([['same-terms', 'Apache-2.0 OR MIT']]);

    const named = concludeLicense(
      fromMetadata('fx-named', 'MIT', [
        { path: 'LICENSE-MIT', expression: 'MIT', confidence: 1 },
        { path: 'LICENSE-THIRD-PARTY', expression: 'Apache-2.0', confidence: 1 },
      ]),
    );
    expect(named.problems.map((p) => p.code)).toEqual(['file-more-restrictive']);
  });
});

describe('commercial metadata', () => {
  test.each([
    ['Commercial'],
    ['commercial license'],
    ['PROPRIETARY'],
    ['https://www.vendor.example/licensing/eula'],
    ["Standard 'no charge' license: https://vendor.example/standard-license."],
    ['SEE LICENSE IN https://vendor.example/terms'],
    ['SAP DEVELOPER LICENSE AGREEMENT'],
  ])('%s concludes proprietary, named after the package, with one denied-license finding', (declared) => {
    const result = scan([fromMetadata('@vendor/widget', declared, [])]);
    expect(result.components[0]!.license.expression).toBe('LicenseRef-licit-proprietary-vendor-widget');
    expect(result.components[0]!.category).toBe('proprietary');
    expect(result.findings.map((f) => `${f.severity} ${f.rule}`)).toEqual(['error denied-license']);
    expect(result.findings[0]!.args.category).toBe('proprietary');
  });

  test('an open license page as the license is that license (an info correction), not a vendor URL', () => {
    const declared = normaliseDeclaredLicense({ license: 'http://opensource.org/licenses/mit-license.php' });
    expect(declared.expression).toBe('MIT');
    const problems = declared.problems.map((problem) => ({ rule: 'invalid-license-metadata' as const, code: problem.code, package: 'fx-osi@1.0.0', args: problem.args }));
    const { license, problems: settled } = concludeLicense(component('fx-osi', { declared: 'http://opensource.org/licenses/mit-license.php', expression: 'MIT', source: 'metadata' }), problems);
    expect(license.expression).toBe('MIT');
    expect(settled.map((p) => [p.code, p.args.certainty, p.severity])).toEqual([['corrected', 'exact', 'info']]);
  });

  test('a vendor URL beside a file recognised as proprietary terms is named by that file', () => {
    // Any id whose record is proprietary: the logic rests on the category, not on a list of ids.
    const ids = listLicenseIds().filter((id) => !id.startsWith('LicenseRef-licit-') && getLicenseRecord(id)?.category === 'proprietary');
    const recognised = ids.find((id) => id.startsWith('LicenseRef-scancode-')) ?? ids[0]!;
    const file: LicenseFileEvidence = { path: 'LICENSE.txt', expression: recognised, confidence: 0.98, sha256: SHA };
    const result = scan([fromMetadata('fx-vendor-eula', 'https://vendor.example/legal/eula', [file])]);
    expect(result.components[0]!.license.expression).toBe(recognised);
    expect(result.components[0]!.category).toBe('proprietary');
    expect(result.findings.map((f) => `${f.rule}/${f.code}`)).toEqual(['denied-license/not-allowed']);
  });

  test("a package's own LicenseRef with no record says \"see the file\": the file decides, with no mismatch", () => {
    const { license, problems } = concludeLicense(fromMetadata('fx-ref', 'LicenseRef-LICENSE', [{ path: 'LICENSE', expression: 'Apache-2.0', confidence: 1 }]));
    expect(license).toMatchObject({ expression: 'Apache-2.0', source: 'file' });
    expect(problems).toEqual([]);
  });

  test('"Commercial" over an MIT LICENSE is a real disagreement: proprietary concluded, and a mismatch warning', () => {
    const result = scan([fromMetadata('fx-says-commercial', 'Commercial', [{ path: 'LICENSE', expression: 'MIT', confidence: 1 }])]);
    expect(result.components[0]!.category).toBe('proprietary');
    expect(result.findings.map((f) => `${f.severity} ${f.rule}/${f.code}`)).toEqual([
      'error denied-license/not-allowed',
      'warning declared-file-mismatch/metadata-more-restrictive',
    ]);
  });
});

describe('metadata corrections settled by the files', () => {
  /** The metadata problems the walk would report for this value, as tree problems. */
  const problemsOf = (name: string, declared: string) =>
    normaliseDeclaredLicense({ license: declared }).problems.map((problem) => ({
      rule: 'invalid-license-metadata' as const,
      code: problem.code,
      package: `${name}@1.0.0`,
      args: problem.args,
    }));

  test('"BSD" with a confident BSD-3-Clause LICENSE concludes BSD-3-Clause; the correction is info', () => {
    const { license, problems } = concludeLicense(
      fromMetadata('fx-says-bsd', 'BSD', [{ path: 'LICENSE', expression: 'BSD-3-Clause', confidence: 0.98 }]),
      problemsOf('fx-says-bsd', 'BSD'),
    );
    expect(license.expression).toBe('BSD-3-Clause');
    expect(problems.map((p) => [p.rule, p.code, p.severity, p.args.settledBy])).toEqual([['invalid-license-metadata', 'corrected', 'info', 'BSD-3-Clause']]);
  });

  test('"GPL" with a GPL-2.0 COPYING concludes GPL-2.0; "BSD" over an MIT file stays a warning and a mismatch', () => {
    const gpl = concludeLicense(fromMetadata('fx-says-gpl', 'GPL', [{ path: 'COPYING', expression: 'GPL-2.0-only', confidence: 1 }]), problemsOf('fx-says-gpl', 'GPL'));
    expect(gpl.license.expression).toBe('GPL-2.0-only');
    expect(gpl.problems.map((p) => p.severity)).toEqual(['info']);

    const other = concludeLicense(fromMetadata('fx-bsd-mit', 'BSD', [{ path: 'LICENSE', expression: 'MIT', confidence: 1 }]), problemsOf('fx-bsd-mit', 'BSD'));
    expect(other.problems.map((p) => [p.code, p.severity])).toEqual([
      ['corrected', undefined],
      ['same-terms', undefined],
    ]);
  });

  test('"BSD" with a file below the evidence bar, or none, stays an ambiguous warning', () => {
    const { license, problems } = concludeLicense(
      fromMetadata('fx-says-bsd', 'BSD', [{ path: 'LICENSE.md', expression: 'BSD-3-Clause', confidence: 0.85 }]),
      problemsOf('fx-says-bsd', 'BSD'),
    );
    expect(license.expression).toBe('BSD-2-Clause');
    expect(problems.map((p) => [p.code, p.args.certainty, p.severity])).toEqual([['corrected', 'ambiguous', undefined]]);
  });

  test('exact corrections, deprecated ids and legacy shapes default to info; a value nothing settles stays a warning', () => {
    expect(concludeLicense(fromMetadata('fx-x11', 'MIT/X11', []), problemsOf('fx-x11', 'MIT/X11')).problems.map((p) => p.severity)).toEqual(['info']);
    const shapes = normaliseDeclaredLicense({ licenses: [{ type: 'MIT', url: 'https://opensource.org/licenses/MIT' }] }).problems.map((p) => p.code);
    expect(shapes).toEqual(['legacy-shape']);
    const withProblems = evaluateInventory(
      {
        root: { name: 'fx-app', version: '1.0.0', license: 'MIT', purl: 'pkg:npm/fx-app@1.0.0', workspaces: [], dependsOn: [] },
        components: [component('fx-legacy', { declared: '[{"type":"MIT"}]', expression: 'MIT', source: 'metadata' }), component('fx-lgpl', { declared: 'LGPL-3.0+', expression: 'LGPL-3.0-or-later', source: 'metadata' })],
        mode: 'actual',
        problems: [
          { rule: 'invalid-license-metadata', code: 'legacy-shape', package: 'fx-legacy@1.0.0', args: { shape: 'licenses-array' } },
          { rule: 'invalid-license-metadata', code: 'deprecated-id', package: 'fx-lgpl@1.0.0', args: { from: 'LGPL-3.0+', to: 'LGPL-3.0-or-later' } },
          { rule: 'invalid-license-metadata', code: 'corrected', package: 'fx-legacy@1.0.0', args: { from: 'Foo License', to: 'MIT', certainty: 'guess' } },
        ],
      },
      { policy: defaultPolicy(), today: '2026-01-01' },
    );
    expect(withProblems.findings.filter((f) => f.rule === 'invalid-license-metadata').map((f) => `${f.severity} ${f.code}`)).toEqual([
      'warning corrected',
      'info legacy-shape',
      'info deprecated-id',
    ]);
  });
});
