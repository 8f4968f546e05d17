// The gate judges base and head on the same evidence, and an upgrade whose license is not known is never
// waved through as "already present on the base". Real git repositories, the built CLI.
import { afterAll, describe, expect, test } from 'vitest';
import { fixture, parseReport, runLicit } from './helpers/cli.js';
import { BASE, gitRepository, removeRepositories, writeLockfileProject, type ProjectSpec } from './helpers/git-project.js';
import { pairRepository } from './helpers/pr-pair.js';

afterAll(removeRepositories);

interface Side {
  ref: string;
  name: string;
  version: string;
  license: string | null;
}
interface GateReport {
  diff: { added: Side[]; removed: Side[]; changed: { from: Side; to: Side }[]; review: { from: Side; to: Side }[]; newErrors: number; newWarnings: number };
  findings: { rule: string; code: string; package: string | null; severity: string; new?: boolean }[];
}

const gate = (directory: string, ...flags: string[]): { code: number | null; report: GateReport } => {
  const run = runLicit(['scan', directory, '--base', 'HEAD~1', '--format', 'json', ...flags]);
  expect(run.stderr).toBe('');
  return { code: run.code, report: parseReport(run.stdout) as unknown as GateReport };
};

describe('a harmless pull request in a project with node_modules installed', () => {
  // The base has fx-gate-old (no license anywhere) and a platform build for macOS that npm did not install
  // here; the pull request only adds ms (MIT).
  const repository = pairRepository(fixture('gate/harmless-installed'));

  test.each([[['--lockfile-only']], [[]]])('brings no new finding (flags: %j)', (flags) => {
    const { code, report } = gate(repository.directory, ...flags);
    expect(report.diff.added.map((entry) => entry.ref)).toEqual(['ms@2.1.3']);
    expect(report.diff.removed).toEqual([]);
    expect(report.diff.changed).toEqual([]);
    expect(report.findings.filter((finding) => finding.new)).toEqual([]);
    // The old problem is still reported, as old.
    expect(report.findings.map((finding) => `${finding.rule} ${finding.package} ${String(finding.new)}`)).toEqual(['unknown-license fx-gate-old@1.0.0 false']);
    expect(code).toBe(0);
  });
});

describe('upgrades whose license is not known on one side', () => {
  const upgrade = (from: Record<string, unknown>, to: Record<string, unknown>, range = '^2.0.0'): string => {
    const repository = gitRepository();
    const spec = (entry: Record<string, unknown>, version: string, wanted: string): ProjectSpec => ({
      ...BASE,
      dependencies: { ...BASE.dependencies, 'fx-eula': wanted },
      packages: { ...BASE.packages, 'node_modules/fx-eula': { version, ...entry } },
    });
    writeLockfileProject(repository.directory, spec(from, '1.4.0', '^1.0.0'));
    repository.commit('base');
    writeLockfileProject(repository.directory, spec(to, '2.0.0', range));
    repository.commit('major upgrade');
    return repository.directory;
  };

  test.each([
    ['no license field on either side', {}, {}],
    ['SEE LICENSE IN a file that is not installed, on both sides', { license: 'SEE LICENSE IN LICENSE.txt' }, { license: 'SEE LICENSE IN LICENSE.txt' }],
    ['a license before, none recorded after', { license: 'BSD-3-Clause' }, {}],
  ])('%s: needs review and fails a lockfile-only gate', (_name, from, to) => {
    const { code, report } = gate(upgrade(from, to), '--lockfile-only');
    expect(report.diff.changed).toEqual([]);
    expect(report.diff.review.map(({ from: old, to: now }) => `${old.ref} -> ${now.ref}`)).toEqual(['fx-eula@1.4.0 -> fx-eula@2.0.0']);
    const fresh = report.findings.filter((finding) => finding.new && finding.package === 'fx-eula@2.0.0');
    expect(fresh.map((finding) => `${finding.rule} ${finding.severity}`)).toEqual(['license-not-in-lockfile error']);
    expect(report.diff.newErrors).toBe(1);
    expect(code).toBe(1);
  });

  test('a license recorded only on the new version is a review, not a change, and a warning', () => {
    const { code, report } = gate(upgrade({}, { license: 'MIT' }), '--lockfile-only');
    expect(report.diff.changed).toEqual([]);
    expect(report.diff.review.map(({ to }) => `${to.ref} ${to.license}`)).toEqual(['fx-eula@2.0.0 MIT']);
    expect(report.findings.filter((finding) => finding.new).map((finding) => `${finding.rule}/${finding.code} ${finding.severity}`)).toEqual([
      'license-changed/was-unknown warning',
    ]);
    expect(code).toBe(0);
  });

  test('a known license replaced by another known one stays a license change', () => {
    const { report } = gate(upgrade({ license: 'BSD-3-Clause' }, { license: 'Apache-2.0' }), '--lockfile-only');
    expect(report.diff.review).toEqual([]);
    expect(report.diff.changed.map(({ from, to }) => `${from.license} -> ${to.license}`)).toEqual(['BSD-3-Clause -> Apache-2.0']);
  });
});
