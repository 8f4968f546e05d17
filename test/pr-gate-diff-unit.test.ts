// diffScans, the pure comparison behind --base: which version a new one replaces, when a license changed,
// which findings and obligations are new.
import { describe, expect, test } from 'vitest';
import type { Component, Finding, Obligation, RuleCode, ScanResult } from '../src/model/index.js';
import { FINDING_CODES } from '../src/model/index.js';
import { compareVersions, diffScans } from '../src/policy/diff.js';

const component = (name: string, version: string, license: string | null): Component => ({
  kind: 'npm',
  ref: `${name}@${version}`,
  name,
  version,
  purl: `pkg:npm/${name}@${version}`,
  scopes: ['prod'],
  direct: true,
  paths: [`node_modules/${name}`],
  via: ['app', name],
  license: { declared: license, expression: license, source: license ? 'metadata' : 'none', files: [] },
  category: 'permissive',
  dependsOn: [],
});

const finding = (rule: Finding['rule'], ref: string, license: string | null): Finding => ({
  ...({ rule, code: FINDING_CODES[rule][0] } as RuleCode), severity: 'error', package: ref, license, via: [], args: {}, howToFix: '',
});

const result = (components: Component[], findings: Finding[] = [], obligations: Obligation[] = []): ScanResult => ({
  schemaVersion: 1,
  tool: { name: 'licit', version: '0.0.0', spdxLicenseListVersion: '3.0' },
  mode: 'virtual',
  root: { name: 'app', version: '1.0.0', license: 'MIT', purl: 'pkg:npm/app@1.0.0', workspaces: [], dependsOn: [] },
  components,
  findings,
  obligations,
  summary: { packages: components.length, models: 0, byCategory: {}, errors: findings.length, warnings: 0, infos: 0 },
});

const options = { base: { ref: 'main', commit: 'a'.repeat(40), lockfile: true }, all: false };

describe('diffScans', () => {
  const base = result([component('lib', '1.0.0', 'MIT'), component('lib', '2.0.0', 'ISC')]);

  test('a new version under a license some base version had is no license change', () => {
    expect(diffScans(base, result([component('lib', '3.0.0', 'ISC')]), options).diff?.changed).toEqual([]);
  });

  test('a new license is compared with the highest base version below the new one', () => {
    const changed = diffScans(base, result([component('lib', '1.5.0', 'GPL-3.0-only')]), options).diff!.changed;
    expect(changed.map(({ from, to }) => `${from.version} ${from.license} -> ${to.version} ${to.license}`)).toEqual(['1.0.0 MIT -> 1.5.0 GPL-3.0-only']);
    const later = diffScans(base, result([component('lib', '10.0.0', 'GPL-3.0-only')]), options).diff!.changed;
    expect(later[0]!.from.version).toBe('2.0.0');
  });

  test('each license change is a new license-changed finding, with the policy\'s severity', () => {
    const head = result([component('lib', '3.0.0', 'GPL-3.0-only')]);
    const warned = diffScans(base, head, options);
    expect(warned.findings.map((entry) => `${entry.rule} ${entry.severity} ${String(entry.new)}`)).toEqual(['license-changed warning true']);
    expect(warned.diff!.newWarnings).toBe(1);
    expect(diffScans(base, head, { ...options, severities: { 'license-changed': 'error' } }).diff!.newErrors).toBe(1);
    expect(diffScans(base, head, { ...options, severities: { 'license-changed': 'off' } }).findings).toEqual([]);
  });

  test('a finding is the same across versions when rule, name and license agree', () => {
    const before = result([component('lib', '1.0.0', 'UNLICENSED')], [finding('denied-license', 'lib@1.0.0', 'UNLICENSED')]);
    const after = (license: string) => result([component('lib', '1.0.1', license)], [finding('denied-license', 'lib@1.0.1', license)]);
    expect(diffScans(before, after('UNLICENSED'), options).findings.find((entry) => entry.rule === 'denied-license')?.new).toBe(false);
    expect(diffScans(before, after('SSPL-1.0'), options).findings.find((entry) => entry.rule === 'denied-license')?.new).toBe(true);
  });

  test('without a base everything is added and every finding new; --all changes the gate only', () => {
    const head = result([component('a', '1.0.0', null)], [finding('license-not-in-lockfile', 'a@1.0.0', null)]);
    const diffed = diffScans(null, head, { ...options, all: true });
    expect(diffed.diff!.added.map((entry) => entry.ref)).toEqual(['a@1.0.0']);
    expect(diffed.diff!.gate).toBe('all');
    expect(diffed.findings.every((entry) => entry.new)).toBe(true);
  });

  test('license-not-in-lockfile is dropped for package versions the base already had', () => {
    const before = result([component('a', '1.0.0', null)], [finding('license-not-in-lockfile', 'a@1.0.0', null)]);
    const after = result(
      [component('a', '1.0.0', null), component('b', '1.0.0', null)],
      [finding('license-not-in-lockfile', 'a@1.0.0', null), finding('license-not-in-lockfile', 'b@1.0.0', null)],
    );
    const diffed = diffScans(before, after, options);
    expect(diffed.findings.map((entry) => entry.package)).toEqual(['b@1.0.0']);
    expect(diffed.summary.errors).toBe(1);
  });

  test('obligations added are the (obligation, license) pairs the base lacked', () => {
    const duty = (obligation: string, license: string): Obligation => ({ obligation, license, packages: ['x@1.0.0'] });
    const before = result([], [], [duty('include-license-text', 'MIT')]);
    const after = result([], [], [duty('include-license-text', 'MIT'), duty('disclose-source', 'GPL-3.0-only')]);
    expect(diffScans(before, after, options).diff!.obligationsAdded.map((entry) => entry.obligation)).toEqual(['disclose-source']);
  });
});

describe('compareVersions', () => {
  test.each([
    ['1.10.0', '1.9.0', 1],
    ['1.0.0', '1.0.0', 0],
    ['1.0.0-beta', '1.0.0', -1],
    ['1.0.0-beta.10', '1.0.0-beta.9', 1],
    ['1.0.0+build.5', '1.0.0', 0],
    ['2.0.0', '10.0.0', -1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});
