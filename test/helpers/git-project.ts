// Real git repositories holding lockfile-only npm projects, built in temp dirs for the --base tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface LockEntry {
  version: string;
  license?: unknown;
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
}

export interface ProjectSpec {
  name: string;
  version?: string;
  license?: string;
  /** Direct dependencies of the root: name -> range. */
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  /** Lockfile entries by install location (`node_modules/x`, `node_modules/a/node_modules/x`). */
  packages?: Record<string, LockEntry>;
  /** Workspaces: path -> its package.json (name, version, dependencies). */
  workspaces?: Record<string, { name: string; version: string; license?: string; dependencies?: Record<string, string> }>;
}

/** package.json + package-lock.json (lockfileVersion 3), shaped as npm 11 writes them. */
export function writeLockfileProject(directory: string, spec: ProjectSpec): void {
  const manifest: Record<string, unknown> = {
    name: spec.name,
    version: spec.version ?? '1.0.0',
    license: spec.license ?? 'MIT',
    private: true,
    ...(spec.workspaces ? { workspaces: Object.keys(spec.workspaces) } : {}),
    ...(spec.dependencies ? { dependencies: spec.dependencies } : {}),
    ...(spec.devDependencies ? { devDependencies: spec.devDependencies } : {}),
  };
  const rootEntry = { ...manifest };
  delete rootEntry.private;
  const packages: Record<string, unknown> = { '': rootEntry };
  for (const [path, workspace] of Object.entries(spec.workspaces ?? {})) {
    const workspaceManifest = { name: workspace.name, version: workspace.version, license: workspace.license ?? 'MIT', ...(workspace.dependencies ? { dependencies: workspace.dependencies } : {}) };
    writeFile(join(directory, path, 'package.json'), `${JSON.stringify(workspaceManifest, null, 2)}\n`);
    packages[path] = workspaceManifest;
    packages[`node_modules/${workspace.name}`] = { resolved: path, link: true };
  }
  for (const [path, entry] of Object.entries(spec.packages ?? {})) {
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    packages[path] = {
      version: entry.version,
      resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`,
      ...(entry.dev ? { dev: true } : {}),
      ...(entry.optional ? { optional: true } : {}),
      ...(entry.license !== undefined ? { license: entry.license } : {}),
      ...(entry.dependencies ? { dependencies: entry.dependencies } : {}),
    };
  }
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFile(join(directory, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFile(join(directory, 'package-lock.json'), `${JSON.stringify({ name: spec.name, version: spec.version ?? '1.0.0', lockfileVersion: 3, requires: true, packages: sorted }, null, 2)}\n`);
}

export function writeFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** A fixed identity and clock: the same commits give the same hashes on every run. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'licit test',
  GIT_AUTHOR_EMAIL: 'test@licit.invalid',
  GIT_COMMITTER_NAME: 'licit test',
  GIT_COMMITTER_EMAIL: 'test@licit.invalid',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export interface GitRepository {
  directory: string;
  git: (...args: string[]) => string;
  /** Stages everything and commits. */
  commit: (message: string) => string;
}

const created: string[] = [];

/** Removes the repositories this test file made (call from afterAll). */
export function removeRepositories(): void {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
}

export function gitRepository(): GitRepository {
  const directory = mkdtempSync(join(tmpdir(), 'licit-git-'));
  created.push(directory);
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
      cwd: directory,
      env: { ...process.env, ...GIT_ENV },
      encoding: 'utf8',
    });
  git('init', '-q');
  return {
    directory,
    git,
    commit: (message) => {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
  };
}

/** A tree of `count` MIT packages: 50 direct dependencies, each requiring its share of the rest. */
export function syntheticTree(count: number): { dependencies: Record<string, string>; packages: Record<string, LockEntry> } {
  const name = (index: number): string => `fx-syn-${String(index).padStart(4, '0')}`;
  const direct = Math.min(50, count);
  const packages: Record<string, LockEntry> = {};
  for (let index = 0; index < count; index += 1) packages[`node_modules/${name(index)}`] = { version: '1.0.0', license: 'MIT' };
  for (let index = direct; index < count; index += 1) {
    const parent = packages[`node_modules/${name(index % direct)}`]!;
    parent.dependencies = { ...parent.dependencies, [name(index)]: '^1.0.0' };
  }
  const dependencies = Object.fromEntries(Array.from({ length: direct }, (_, index) => [name(index), '^1.0.0']));
  return { dependencies, packages };
}

// The pull-request scenario the gate tests share.

export const BASE: ProjectSpec = {
  name: 'fx-pr-app',
  license: 'MIT',
  dependencies: { 'fx-a': '^1.0.0', 'fx-b': '^1.0.0', 'fx-c': '^1.0.0', 'fx-e': '^1.0.0', 'fx-nolic': '^1.0.0', 'fx-old-unl': '^1.0.0' },
  packages: {
    'node_modules/fx-a': { version: '1.0.0', license: 'MIT' },
    'node_modules/fx-b': { version: '1.0.0', license: 'MIT' },
    'node_modules/fx-c': { version: '1.0.0', license: 'ISC' },
    'node_modules/fx-e': { version: '1.0.0', license: 'BSD-3-Clause' },
    'node_modules/fx-nolic': { version: '1.0.0' },
    'node_modules/fx-old-unl': { version: '1.0.0', license: 'UNLICENSED' },
  },
};

/** The pull request: a GPL package under fx-a, fx-b relicensed, fx-c removed, plain upgrades, a new entry without license. */
export const HEAD: ProjectSpec = {
  ...BASE,
  dependencies: { 'fx-a': '^1.0.0', 'fx-b': '^2.0.0', 'fx-e': '^1.0.0', 'fx-new-nolic': '^1.0.0', 'fx-nolic': '^1.0.0', 'fx-old-unl': '^1.0.0' },
  packages: {
    'node_modules/fx-a': { version: '1.0.0', license: 'MIT', dependencies: { 'fx-gpl': '^1.0.0' } },
    'node_modules/fx-b': { version: '2.0.0', license: 'Apache-2.0' },
    'node_modules/fx-e': { version: '1.1.0', license: 'BSD-3-Clause' },
    'node_modules/fx-gpl': { version: '1.0.0', license: 'GPL-3.0-only' },
    'node_modules/fx-new-nolic': { version: '1.0.0' },
    'node_modules/fx-nolic': { version: '1.0.0' },
    'node_modules/fx-old-unl': { version: '1.0.1', license: 'UNLICENSED' },
  },
};

/** main: base, then a later commit the branch does not have; feature: the pull request, from base. */
export function pullRequestRepository(head: ProjectSpec = HEAD): GitRepository {
  const repository = gitRepository();
  writeLockfileProject(repository.directory, BASE);
  repository.commit('base');
  repository.git('checkout', '-q', '-b', 'feature');
  writeLockfileProject(repository.directory, head);
  repository.commit('pull request');
  repository.git('checkout', '-q', 'main');
  writeLockfileProject(repository.directory, { ...BASE, packages: { ...BASE.packages, 'node_modules/fx-main-only': { version: '1.0.0', license: 'GPL-2.0-only' } } });
  repository.commit('main moves on');
  repository.git('checkout', '-q', 'feature');
  return repository;
}
