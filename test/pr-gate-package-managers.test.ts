import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fixture, parseReport, runLicit } from './helpers/cli.js';
import { gitRepository, removeRepositories } from './helpers/git-project.js';

afterAll(removeRepositories);

/** Replaces the repository's work tree (all but .git) with a fixture's files, node_modules left out. */
function checkOut(directory: string, name: string): void {
  for (const entry of ['package.json', 'packages', 'yarn.lock', '.yarnrc.yml', 'bun.lock', 'bunfig.toml', 'pnpm-lock.yaml', 'pnpm-workspace.yaml']) rmSync(join(directory, entry), { recursive: true, force: true });
  cpSync(fixture(name), directory, { recursive: true, filter: (source) => !source.includes('node_modules') && !source.includes('.yarn/') && !source.endsWith('.pnp.cjs') });
}

describe('--base reads the base lockfile from git in its own format', () => {
  test('Yarn berry at the base, Bun at the head: each side read as its package manager wrote it (built CLI)', () => {
    const repository = gitRepository();
    checkOut(repository.directory, 'yarn/berry-node-modules');
    repository.commit('yarn berry');
    repository.git('branch', 'base');
    checkOut(repository.directory, 'bun/workspace-lockfile');
    repository.commit('move to bun');
    const run = runLicit(['scan', repository.directory, '--base', 'base', '--lockfile-only', '--all', '--format', 'json', '--no-models']);
    type Entry = { name: string; version: string };
    const report = parseReport(run.stdout) as unknown as { diff: { base: { lockfile: boolean }; added: Entry[]; removed: Entry[]; review: { to: Entry }[] } };
    expect(run.stderr).not.toMatch(/error/i);
    expect(report.diff.base.lockfile).toBe(true);
    // The base's resolutions sent debug's ms to 2.1.3; Bun's tree has debug's own ms@2.1.2: the one difference,
    // a new version of a package the base has, with no license in either lockfile (so to review).
    expect(report.diff.review.map(({ to }) => `${to.name}@${to.version}`)).toEqual(['ms@2.1.2']);
    expect([...report.diff.added, ...report.diff.removed]).toEqual([]);
  });
});
