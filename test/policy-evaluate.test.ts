import { describe, expect, test } from 'vitest';
import { codes, evaluate, type Dependency } from './helpers/policy-inventory.js';

type Case = [label: string, projectLicense: string | null, config: Record<string, unknown>, dependencies: Dependency[], expected: string[]];

const dep = (name: string, license: string | null, extra: Partial<Dependency> = {}): Dependency => ({ name, license, ...extra });

// Expected verdicts, from the licenses' terms and OSADL's matrix (see DESIGN.md's rule table).
const CASES: Case[] = [
  ['GPL-3.0 in a distributed MIT app', 'MIT', {}, [dep('gpl', 'GPL-3.0-only')], ['error incompatible-with-project/incompatible gpl@1.0.0']],
  ['GPL-3.0 in a proprietary app (no license stated)', null, {}, [dep('gpl', 'GPL-3.0-only')], ['error incompatible-with-project/incompatible gpl@1.0.0']],
  ['GPL-3.0 in an UNLICENSED app', 'UNLICENSED', {}, [dep('gpl', 'GPL-3.0-only')], ['error incompatible-with-project/incompatible gpl@1.0.0']],
  ['GPL-3.0 in an MIT service', 'MIT', { extends: 'saas' }, [dep('gpl', 'GPL-3.0-only')], []],
  ['AGPL-3.0 in an MIT service', 'MIT', { extends: 'saas' }, [dep('agpl', 'AGPL-3.0-only')], ['error incompatible-with-project/network-copyleft agpl@1.0.0']],
  ['AGPL-3.0 in an AGPL service', 'AGPL-3.0-only', { extends: 'saas' }, [dep('agpl', 'AGPL-3.0-or-later')], []],
  ['AGPL-3.0 used internally', 'MIT', { extends: 'internal' }, [dep('agpl', 'AGPL-3.0-only')], []],
  ['context.distribution overrides the preset', 'MIT', { context: { distribution: 'saas' } }, [dep('gpl', 'GPL-3.0-only')], []],
  ['LGPL in a distributed MIT app: relinking warning', 'MIT', {}, [dep('lgpl', 'LGPL-2.1-only')], ['warning incompatible-with-project/library-copyleft lgpl@1.0.0']],
  ['LGPL in an MIT service: nothing distributed', 'MIT', { extends: 'saas' }, [dep('lgpl', 'LGPL-3.0-or-later')], []],
  ['MPL-2.0 (file-level copyleft) in an MIT app', 'MIT', {}, [dep('mpl', 'MPL-2.0')], []],
  ['GPL-2.0-or-later inside a GPL-3.0 app', 'GPL-3.0-only', {}, [dep('gpl2', 'GPL-2.0-or-later')], []],
  ['Apache-2.0 inside a GPL-2.0-only app', 'GPL-2.0-only', {}, [dep('apache', 'Apache-2.0')], ['error incompatible-with-project/incompatible apache@1.0.0']],
  ['AGPL inside a GPL-3.0 app: check the dependency', 'GPL-3.0-only', {}, [dep('agpl', 'AGPL-3.0-only')], ['warning incompatible-with-project/check-dependency agpl@1.0.0']],
  ['Classpath exception lowers GPL to library copyleft', 'MIT', {}, [dep('cp', 'GPL-2.0-only WITH Classpath-exception-2.0')], ['warning incompatible-with-project/library-copyleft cp@1.0.0']],
  ['SSPL in a distributed MIT app', 'MIT', {}, [dep('sspl', 'SSPL-1.0')], ['error denied-license/not-allowed sspl@1.0.0', 'error incompatible-with-project/incompatible sspl@1.0.0']],
  ['BUSL in a distributed MIT app', 'MIT', {}, [dep('busl', 'BUSL-1.1')], ['error denied-license/not-allowed busl@1.0.0']],
  ['UNLICENSED dependency', 'MIT', {}, [dep('private', 'LicenseRef-licit-unlicensed')], ['error denied-license/not-allowed private@1.0.0']],
  ['SEE LICENSE IN dependency', 'MIT', {}, [dep('custom', 'LicenseRef-licit-see-license-file')], ['error denied-license/not-allowed custom@1.0.0']],
  ['no license at all', 'MIT', {}, [dep('none', null)], ['error unknown-license/none-found none@1.0.0']],
  ['an unrecognised LicenseRef', 'MIT', {}, [dep('odd', 'LicenseRef-acme-eula')], ['error unknown-license/unrecognised odd@1.0.0']],
  ['an unrecognised LicenseRef the config allows by id', 'MIT', { allow: ['LicenseRef-acme-eula'] }, [dep('odd', 'LicenseRef-acme-eula')], []],
  ['BUSL allowed by id in the config', 'MIT', { allow: ['BUSL-1.1'] }, [dep('busl', 'BUSL-1.1')], []],
  ['a category denied in the config', 'MIT', { deny: ['weak-copyleft'] }, [dep('mpl', 'MPL-2.0')], ['error denied-license/denied mpl@1.0.0']],
  ['an id denied in the config', 'MIT', { deny: ['Apache-2.0'] }, [dep('apache', 'Apache-2.0'), dep('mit', 'MIT')], ['error denied-license/denied apache@1.0.0']],
  ['deny beats allow', 'MIT', { allow: ['Apache-2.0'], deny: ['Apache-2.0'] }, [dep('apache', 'Apache-2.0')], ['error denied-license/denied apache@1.0.0']],
  ['denying GPL-3.0-only leaves GPL-2.0-or-later usable', 'GPL-2.0-or-later', { deny: ['GPL-3.0-only'] }, [dep('gpl', 'GPL-2.0-or-later')], []],
  ['denying GPL-2.0-or-later takes GPL-3.0-only too', 'GPL-3.0-only', { deny: ['GPL-2.0-or-later'] }, [dep('gpl', 'GPL-3.0-only')], ['error denied-license/denied gpl@1.0.0']],
  ['dev-only GPL is not shipped', 'MIT', {}, [dep('tool', 'GPL-3.0-only', { scopes: ['dev'] }), dep('opt', 'AGPL-3.0-only', { scopes: ['dev', 'optional'] })], []],
  ['dev + peer is shipped', 'MIT', {}, [dep('tool', 'GPL-3.0-only', { scopes: ['dev', 'peer'] })], ['error incompatible-with-project/incompatible tool@1.0.0']],
  ['includeDev judges dev-only as shipped', 'MIT', { includeDev: true }, [dep('tool', 'GPL-3.0-only', { scopes: ['dev'] })], ['error incompatible-with-project/incompatible tool@1.0.0']],
  ['dev-only packages still meet the lists', 'MIT', {}, [dep('tool', 'BUSL-1.1', { scopes: ['dev'] })], ['error denied-license/not-allowed tool@1.0.0']],
  ['permissive-only: MPL not allowed', 'MIT', { extends: 'permissive-only' }, [dep('mpl', 'MPL-2.0')], ['error denied-license/not-allowed mpl@1.0.0']],
  ['permissive-only: MPL allowed by id', 'MIT', { extends: 'permissive-only', allow: ['MPL-2.0'] }, [dep('mpl', 'MPL-2.0')], []],
  [
    'permissive-only denies strong copyleft, dev-only included; an allow cannot bring it back',
    'MIT',
    { extends: 'permissive-only', allow: ['GPL-3.0-only'] },
    [dep('tool', 'GPL-3.0-only', { scopes: ['dev'] })],
    ['error denied-license/denied tool@1.0.0', 'error incompatible-with-project/incompatible tool@1.0.0'],
  ],
  ['OR picks the allowed, compatible alternative', 'MIT', {}, [dep('dual', 'GPL-3.0-only OR MIT')], []],
  ['OR with no good alternative is judged on the least bad', 'MIT', {}, [dep('dual', 'GPL-3.0-only OR BUSL-1.1')], ['error incompatible-with-project/incompatible dual@1.0.0']],
  ['AND needs every part', 'MIT', {}, [dep('both', 'MIT AND BUSL-1.1')], ['error denied-license/not-allowed both@1.0.0']],
  [
    'GPL-2.0-only and Apache-2.0 in one work: one conflict',
    'MIT',
    { rules: { 'incompatible-with-project': 'off' } },
    [dep('gpl2', 'GPL-2.0-only'), dep('apache', 'Apache-2.0'), dep('mit', 'MIT')],
    ['error license-conflict/cannot-combine gpl2@1.0.0'],
  ],
  ['GPL-2.0-only with GPL-3.0-only: a conflict', 'GPL-3.0-or-later', { rules: { 'incompatible-with-project': 'off' } }, [dep('a', 'GPL-2.0-only'), dep('b', 'GPL-3.0-only')], ['error license-conflict/cannot-combine a@1.0.0']],
  ['GPL-2.0-or-later with Apache-2.0: no conflict (GPL-3.0 can lead)', 'GPL-3.0-only', {}, [dep('gpl', 'GPL-2.0-or-later'), dep('apache', 'Apache-2.0')], []],
  ['conflicts are about distributed works', 'MIT', { extends: 'internal' }, [dep('gpl2', 'GPL-2.0-only'), dep('apache', 'Apache-2.0')], []],
  ['a dev-only side does not conflict', 'GPL-2.0-only', {}, [dep('gpl2', 'GPL-2.0-only'), dep('apache', 'Apache-2.0', { scopes: ['dev'] })], []],
  ['a rule set to warning', 'MIT', { rules: { 'incompatible-with-project': 'warning' } }, [dep('gpl', 'GPL-3.0-only')], ['warning incompatible-with-project/incompatible gpl@1.0.0']],
  ['a rule set to off', 'MIT', { rules: { 'unknown-license': 'off' } }, [dep('none', null)], []],
  ['a warning rule raised to error', 'MIT', { rules: { 'incompatible-with-project': 'error' } }, [dep('lgpl', 'LGPL-3.0-only')], ['error incompatible-with-project/library-copyleft lgpl@1.0.0']],
  ['projectLicense in the context overrides package.json', 'MIT', { context: { projectLicense: 'GPL-3.0-or-later' } }, [dep('gpl', 'GPL-3.0-or-later')], []],
];

describe('policy evaluation', () => {
  test.each(CASES)('%s', (_label, projectLicense, config, dependencies, expected) => {
    expect(codes(evaluate(projectLicense, dependencies, config))).toEqual(expected);
  });

  test('a finding names the package, its license, the chain and the project license', () => {
    const [finding] = evaluate('MIT', [dep('gpl-core', 'GPL-3.0-only', { through: ['wrapper'] })]).findings;
    expect(finding).toMatchObject({
      rule: 'incompatible-with-project',
      package: 'gpl-core@1.0.0',
      license: 'GPL-3.0-only',
      via: ['app', 'wrapper', 'gpl-core'],
      args: { projectLicense: 'MIT', distribution: 'distributed', basis: 'osadl', verdict: 'No' },
    });
    expect(finding?.howToFix).toMatch(/Replace the package/);
  });

  test('a conflict names both packages and both licenses', () => {
    const { findings } = evaluate('MIT', [dep('gpl2', 'GPL-2.0-only', { through: ['w'] }), dep('apache', 'Apache-2.0')], { rules: { 'incompatible-with-project': 'off' } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ package: 'gpl2@1.0.0', license: 'GPL-2.0-only', via: ['app', 'w', 'gpl2'], args: { otherPackage: 'apache@1.0.0', otherLicense: 'Apache-2.0' } });
  });

  test('the OR choice is reported on the component and in the finding', () => {
    const evaluation = evaluate('MIT', [dep('dual', 'GPL-3.0-only OR MIT'), dep('plain', 'MIT'), dep('bad', 'BUSL-1.1 OR SSPL-1.0')]);
    const byName = new Map(evaluation.components.map((c) => [c.name, c]));
    expect(byName.get('dual')?.license.chosen).toBe('MIT');
    expect(byName.get('dual')?.category).toBe('permissive');
    expect(byName.get('plain')?.license.chosen).toBeUndefined();
    const bad = evaluation.findings.find((finding) => finding.package === 'bad@1.0.0');
    expect(bad?.args).toMatchObject({ chosen: 'BUSL-1.1', expression: 'BUSL-1.1 OR SSPL-1.0' });
  });

  test('obligations: per chosen license, shipped packages only, sorted', () => {
    const { obligations } = evaluate('MIT', [
      dep('b-apache', 'Apache-2.0'),
      dep('a-apache', 'Apache-2.0', { version: '2.0.0' }),
      dep('dual', 'GPL-3.0-only OR ISC'),
      dep('tool', 'GPL-3.0-only', { scopes: ['dev'] }),
    ]);
    expect(obligations.find((o) => o.license === 'Apache-2.0' && o.obligation === 'include-notice-file')?.packages).toEqual(['a-apache@2.0.0', 'b-apache@1.0.0']);
    expect(obligations.map((o) => o.license)).not.toContain('GPL-3.0-only');
    expect(obligations.some((o) => o.license === 'ISC' && o.packages.includes('dual@1.0.0'))).toBe(true);
    const keys = obligations.map((o) => `${o.license} ${o.obligation}`);
    expect(keys).toEqual([...keys].sort());
  });

  test('AND unions the obligations of its parts', () => {
    const { obligations } = evaluate('MIT', [dep('both', 'MIT AND Apache-2.0')]);
    const licenses = new Set(obligations.filter((o) => o.packages.includes('both@1.0.0')).map((o) => o.license));
    expect([...licenses].sort()).toEqual(['Apache-2.0', 'MIT']);
    expect(obligations.some((o) => o.license === 'Apache-2.0' && o.obligation === 'include-notice-file')).toBe(true);
  });
});

describe('exceptions', () => {
  const gpl = [dep('gpl', 'GPL-3.0-only', { version: '2.3.0', sha256: ['a'.repeat(64)] }), dep('other', 'GPL-3.0-only')];
  const exception = (fields: Record<string, unknown>): Record<string, unknown> => ({ exceptions: [{ reason: 'license-acquired', comment: 'contract 123', ...fields }] });

  test('an exception for one rule waives that rule for its package only', () => {
    expect(codes(evaluate('MIT', gpl, exception({ package: 'gpl', rule: 'incompatible-with-project' })))).toEqual([
      'error incompatible-with-project/incompatible other@1.0.0',
    ]);
  });

  test('an exception for another rule waives nothing', () => {
    expect(codes(evaluate('MIT', gpl, exception({ package: 'gpl', rule: 'denied-license' })))).toHaveLength(2);
  });

  test('without a rule, an exception waives every rule of its package', () => {
    expect(codes(evaluate('MIT', gpl, exception({ package: 'gpl' })))).toEqual(['error incompatible-with-project/incompatible other@1.0.0']);
  });

  test('a semver range limits the exception to matching versions', () => {
    expect(codes(evaluate('MIT', gpl, exception({ package: 'gpl@^2.1' })))).toHaveLength(1);
    expect(codes(evaluate('MIT', gpl, exception({ package: 'gpl@^3' })))).toHaveLength(2);
    expect(codes(evaluate('MIT', gpl, exception({ package: 'gpl@2.3.0' })))).toHaveLength(1);
  });

  test('scoped package names with ranges', () => {
    const scoped = [dep('@acme/gpl', 'GPL-3.0-only', { version: '1.4.0' })];
    expect(codes(evaluate('MIT', scoped, exception({ package: '@acme/gpl@~1.4' })))).toEqual([]);
    expect(codes(evaluate('MIT', scoped, exception({ package: '@acme/gpl' })))).toEqual([]);
    expect(codes(evaluate('MIT', scoped, exception({ package: '@acme/other' })))).toHaveLength(1);
  });

  test('an exception holds through its expiry day, then is itself an error and waives nothing', () => {
    const config = exception({ package: 'gpl', expires: '2026-06-15' });
    expect(codes(evaluate('MIT', gpl, config, '2026-06-15'))).toEqual(['error incompatible-with-project/incompatible other@1.0.0']);
    const expired = evaluate('MIT', gpl, config, '2026-06-16');
    expect(codes(expired)).toEqual([
      'error exception-expired/expired -',
      'error incompatible-with-project/incompatible gpl@1.0.0'.replace('1.0.0', '2.3.0'),
      'error incompatible-with-project/incompatible other@1.0.0',
    ]);
    expect(expired.findings[0]?.args).toMatchObject({ exception: 0, package: 'gpl', expires: '2026-06-15' });
  });

  test('a pinned license text: the exception holds while the hash matches', () => {
    expect(codes(evaluate('MIT', gpl, exception({ package: 'gpl', licenseTextSha256: 'A'.repeat(64) })))).toEqual([
      'error incompatible-with-project/incompatible other@1.0.0',
    ]);
  });

  test('a pinned license text that changed: exception-expired/text-changed, and nothing waived', () => {
    const evaluation = evaluate('MIT', gpl, exception({ package: 'gpl', licenseTextSha256: 'b'.repeat(64) }));
    expect(codes(evaluation)).toEqual([
      'error exception-expired/text-changed gpl@2.3.0',
      'error incompatible-with-project/incompatible gpl@2.3.0',
      'error incompatible-with-project/incompatible other@1.0.0',
    ]);
    expect(evaluation.findings[0]?.args).toMatchObject({ expected: 'b'.repeat(64), found: 'a'.repeat(64) });
  });

  test('a pinned license text that could not be read does not count as approved', () => {
    const unread = [dep('gpl', 'GPL-3.0-only')];
    expect(codes(evaluate('MIT', unread, exception({ package: 'gpl', licenseTextSha256: 'a'.repeat(64) })))).toEqual([
      'error exception-expired/text-changed gpl@1.0.0',
      'error incompatible-with-project/incompatible gpl@1.0.0',
    ]);
  });

  test('an exception on either package of a conflict waives it', () => {
    const deps = [dep('gpl2', 'GPL-2.0-only'), dep('apache', 'Apache-2.0')];
    const config = { rules: { 'incompatible-with-project': 'off' } };
    expect(codes(evaluate('MIT', deps, config))).toHaveLength(1);
    expect(codes(evaluate('MIT', deps, { ...config, ...exception({ package: 'apache', rule: 'license-conflict' }) }))).toEqual([]);
    expect(codes(evaluate('MIT', deps, { ...config, ...exception({ package: 'gpl2', rule: 'license-conflict' }) }))).toEqual([]);
  });

  test('a conflict with many packages on the other side is one finding; it goes only when the whole side is waived', () => {
    const deps = [dep('gpl2', 'GPL-2.0-only'), dep('a1', 'Apache-2.0'), dep('a2', 'Apache-2.0'), dep('a3', 'Apache-2.0', { version: '3.0.0' })];
    const config = { rules: { 'incompatible-with-project': 'off' } };
    const [finding, ...rest] = evaluate('MIT', deps, config).findings;
    expect(rest).toEqual([]);
    expect(finding?.args).toMatchObject({ otherLicense: 'Apache-2.0', otherPackage: 'a1@1.0.0', otherPackages: 'a1@1.0.0, a2@1.0.0, a3@3.0.0', otherCount: 3 });
    const waive = (...packages: string[]): Record<string, unknown> => ({
      ...config,
      exceptions: packages.map((name) => ({ package: name, rule: 'license-conflict', reason: 'not-distributed', comment: 'build tool' })),
    });
    expect(evaluate('MIT', deps, waive('a1', 'a2')).findings).toEqual([finding]);
    expect(evaluate('MIT', deps, waive('a1', 'a2', 'a3@^3')).findings).toEqual([]);
  });

  test('severities apply after exceptions: exception-expired can be turned into a warning', () => {
    const config = { ...exception({ package: 'nothing-here', expires: '2020-01-01' }), rules: { 'exception-expired': 'warning' } };
    expect(codes(evaluate('MIT', [dep('mit', 'MIT')], config))).toEqual(['warning exception-expired/expired -']);
  });
});
