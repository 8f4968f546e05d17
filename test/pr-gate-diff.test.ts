// `licit scan --base <ref>` end to end, over real git repositories of lockfile-only projects.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scanAgainstBase } from '../src/pipeline/index.js';
import { defaultPolicy } from '../src/policy/config.js';
import { parseReport, runLicit, scratchDir } from './helpers/cli.js';
import { BASE, HEAD, gitRepository, pullRequestRepository, writeLockfileProject, type GitRepository, type ProjectSpec, removeRepositories } from './helpers/git-project.js';

afterAll(removeRepositories);

interface DiffReport {
  diff: {
    base: { ref: string; commit: string; lockfile: boolean };
    gate: string;
    added: { name: string; version: string; license: string | null; category: string }[];
    removed: { name: string }[];
    changed: { from: { name: string; version: string; license: string }; to: { version: string; license: string } }[];
    obligationsAdded: { obligation: string; license: string }[];
    newErrors: number;
    newWarnings: number;
  };
  findings: { rule: string; package: string | null; severity: string; new?: boolean; via: string[] }[];
}

const readDiffReport = (stdout: string): DiffReport => parseReport(stdout) as unknown as DiffReport;

describe('licit scan --base', () => {
  let repository: GitRepository;
  let report: DiffReport;
  let exitCode: number | null;

  beforeAll(() => {
    repository = pullRequestRepository();
    const run = runLicit(['scan', repository.directory, '--base', 'main', '--lockfile-only', '--format', 'json']);
    expect(run.stderr).toBe('');
    report = readDiffReport(run.stdout);
    exitCode = run.code;
  });

  test('compares with the merge-base, not with the tip of the base branch', () => {
    const mergeBase = repository.git('merge-base', 'main', 'HEAD').trim();
    expect(report.diff.base).toEqual({ ref: 'main', commit: mergeBase, lockfile: true });
    expect(report.diff.removed.map((entry) => entry.name)).not.toContain('fx-main-only');
  });

  test('names the packages added, removed and relicensed; a plain upgrade is none of them', () => {
    expect(report.diff.added.map((entry) => `${entry.name}@${entry.version} ${entry.license ?? '-'}`)).toEqual([
      'fx-gpl@1.0.0 GPL-3.0-only',
      'fx-new-nolic@1.0.0 -',
    ]);
    expect(report.diff.removed.map((entry) => entry.name)).toEqual(['fx-c']);
    expect(report.diff.changed.map(({ from, to }) => `${from.name} ${from.version}->${to.version} ${from.license}->${to.license}`)).toEqual([
      'fx-b 1.0.0->2.0.0 MIT->Apache-2.0',
    ]);
  });

  test('marks findings new by rule, package name and license, so an upgrade keeps an old finding old', () => {
    const byPackage = (prefix: string) => report.findings.filter((finding) => finding.package?.startsWith(prefix));
    expect(byPackage('fx-gpl@').length).toBeGreaterThan(0);
    expect(byPackage('fx-gpl@').every((finding) => finding.new === true)).toBe(true);
    expect(byPackage('fx-gpl@')[0]!.via).toEqual(['fx-pr-app', 'fx-a', 'fx-gpl']);
    const unlicensed = byPackage('fx-old-unl@');
    expect(unlicensed.length).toBeGreaterThan(0);
    expect(unlicensed.every((finding) => finding.new === false)).toBe(true);
    expect(byPackage('fx-b@').map((finding) => `${finding.rule} ${String(finding.new)}`)).toContain('license-changed true');
  });

  test('license-not-in-lockfile applies to added and changed entries only', () => {
    const missing = report.findings.filter((finding) => finding.rule === 'license-not-in-lockfile').map((finding) => finding.package);
    expect(missing).toEqual(['fx-new-nolic@1.0.0']);
  });

  test('the gate fails on the new violations', () => {
    const newErrors = report.findings.filter((finding) => finding.new && finding.severity === 'error').length;
    expect(report.diff.newErrors).toBe(newErrors);
    expect(newErrors).toBeGreaterThan(0);
    expect(exitCode).toBe(1);
  });

  test('obligations the base did not have are listed', () => {
    expect(report.diff.obligationsAdded.map((entry) => entry.license)).toContain('GPL-3.0-only');
    expect(report.diff.obligationsAdded.map((entry) => entry.license)).not.toContain('MIT');
  });
});

describe('the gate counts only what the change brings, unless --all', () => {
  // A change that only adds an MIT package: the base's own violation (UNLICENSED) remains.
  const harmless: ProjectSpec = {
    ...BASE,
    dependencies: { ...BASE.dependencies, 'fx-mit-new': '^1.0.0' },
    packages: { ...BASE.packages, 'node_modules/fx-mit-new': { version: '1.0.0', license: 'MIT' } },
  };

  test('old violations do not fail the gate; --all makes them count', () => {
    const repository = pullRequestRepository(harmless);
    const gate = runLicit(['scan', repository.directory, '--base', 'main', '--lockfile-only', '--format', 'json']);
    const report = readDiffReport(gate.stdout);
    expect(report.findings.some((finding) => finding.severity === 'error' && finding.new === false)).toBe(true);
    expect(report.diff.newErrors).toBe(0);
    expect(gate.code).toBe(0);
    const all = runLicit(['scan', repository.directory, '--base', 'main', '--lockfile-only', '--format', 'json', '--all']);
    expect(readDiffReport(all.stdout).diff.gate).toBe('all');
    expect(all.code).toBe(1);
  });

  test('--all without --base is a usage error', () => {
    const run = runLicit(['scan', pullRequestRepository(harmless).directory, '--all']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('bases with nothing to compare', () => {
  test('a base without a lockfile: everything is new', () => {
    const repository = gitRepository();
    writeFileSync(join(repository.directory, 'package.json'), '{ "name": "fx-fresh", "version": "1.0.0" }\n');
    repository.commit('no lockfile yet');
    writeLockfileProject(repository.directory, HEAD);
    repository.commit('first dependencies');
    const run = runLicit(['scan', repository.directory, '--base', 'HEAD~1', '--lockfile-only', '--format', 'json']);
    const report = readDiffReport(run.stdout);
    expect(report.diff.base.lockfile).toBe(false);
    expect(report.diff.added).toHaveLength(7);
    expect(report.findings.every((finding) => finding.new === true)).toBe(true);
    expect(report.findings.filter((finding) => finding.rule === 'license-not-in-lockfile').map((finding) => finding.package)).toEqual([
      'fx-new-nolic@1.0.0',
      'fx-nolic@1.0.0',
    ]);
    expect(run.code).toBe(1);
  });

  test('a project that did not exist on the base (a new folder of the repository)', () => {
    const repository = gitRepository();
    writeFileSync(join(repository.directory, 'README.md'), 'monorepo\n');
    repository.commit('empty');
    writeLockfileProject(join(repository.directory, 'apps', 'web'), BASE);
    repository.commit('new app');
    const run = runLicit(['scan', join(repository.directory, 'apps', 'web'), '--base', 'HEAD~1', '--lockfile-only', '--format', 'json']);
    const report = readDiffReport(run.stdout);
    expect(report.diff.base.lockfile).toBe(false);
    expect(report.diff.added.map((entry) => entry.name)).toContain('fx-a');
  });
});

describe('workspaces: the base revision brings its workspace package.json files', () => {
  const workspaceProject = (gplInB: boolean): ProjectSpec => ({
    name: 'fx-mono',
    workspaces: {
      'packages/a': { name: 'fx-ws-a', version: '1.0.0', dependencies: { 'fx-shared': '^1.0.0' } },
      'packages/b': { name: 'fx-ws-b', version: '1.0.0', dependencies: { 'fx-ws-a': '^1.0.0', ...(gplInB ? { 'fx-ws-gpl': '^1.0.0' } : {}) } },
    },
    packages: {
      'node_modules/fx-shared': { version: '1.0.0', license: 'MIT' },
      ...(gplInB ? { 'node_modules/fx-ws-gpl': { version: '1.0.0', license: 'GPL-3.0-only' } } : {}),
    },
  });

  test('a dependency added to one workspace is the only change, with its chain through the workspace', () => {
    const repository = gitRepository();
    writeLockfileProject(repository.directory, workspaceProject(false));
    repository.commit('base');
    writeLockfileProject(repository.directory, workspaceProject(true));
    repository.commit('b takes a GPL dependency');
    const run = runLicit(['scan', repository.directory, '--base', 'HEAD~1', '--lockfile-only', '--format', 'json']);
    const report = readDiffReport(run.stdout);
    expect(report.diff.base.lockfile).toBe(true);
    expect(report.diff.added.map((entry) => entry.name)).toEqual(['fx-ws-gpl']);
    expect(report.diff.removed).toEqual([]);
    const gpl = report.findings.filter((finding) => finding.package === 'fx-ws-gpl@1.0.0');
    expect(gpl.length).toBeGreaterThan(0);
    expect(gpl[0]!.via).toContain('fx-ws-b');
    expect(run.code).toBe(1);

    const onlyA = runLicit(['scan', repository.directory, '--base', 'HEAD~1', '--lockfile-only', '--format', 'json', '--workspace', 'fx-ws-a']);
    expect(readDiffReport(onlyA.stdout).diff.added).toEqual([]);
    expect(onlyA.code).toBe(0);
  });
});

describe('bad refs and repositories: one line, exit 2', () => {
  test.each([
    ['a ref that does not exist', ['--base', 'no-such-branch'], /git ref no-such-branch not found/],
    ['a ref that looks like an option', ['--base=--output=x'], /--base takes a git ref/],
  ])('%s', (_name, args, message) => {
    const repository = pullRequestRepository();
    const run = runLicit(['scan', repository.directory, '--lockfile-only', ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  test('a directory outside any git repository', () => {
    const directory = scratchDir();
    writeLockfileProject(directory, BASE);
    const run = runLicit(['scan', directory, '--base', 'main', '--lockfile-only'], { env: { GIT_CEILING_DIRECTORIES: join(directory, '..') } });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/not inside one/);
  });

  test('nothing of the base is left behind in the temp directory', () => {
    const repository = pullRequestRepository();
    const tmp = scratchDir();
    runLicit(['scan', repository.directory, '--base', 'main', '--lockfile-only', '--format', 'json'], { env: { TMPDIR: tmp } });
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('--online with --base', () => {
  test('asks the registry only about package versions the base does not have', async () => {
    const repository = pullRequestRepository();
    const asked: string[] = [];
    const fetchManifest = (name: string, version: string): Promise<Record<string, unknown> | null> => {
      asked.push(`${name}@${version}`);
      return Promise.resolve({ name, version, license: 'MIT' });
    };
    const result = await scanAgainstBase(
      repository.directory,
      { lockfileOnly: true, omit: new Set(), workspaces: [], readText: false, fetchManifest },
      { policy: defaultPolicy(), today: '2024-01-01' },
      { ref: 'main', all: false },
    );
    expect(asked).toEqual(['fx-new-nolic@1.0.0']);
    expect(result.findings.filter((finding) => finding.rule === 'license-not-in-lockfile')).toEqual([]);
    expect(result.diff?.added.find((entry) => entry.name === 'fx-new-nolic')?.license).toBe('MIT');
  });
});
