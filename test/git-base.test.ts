// The base revision of `--base`, read from a real git repository: which files come out of git, and the
// one-line errors when git cannot give a base.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LicitInputError } from '../src/model/index.js';
import { materialiseBaseRevision } from '../src/walk/git-base.js';
import { gitRepository, removeRepositories, writeFile, writeLockfileProject } from './helpers/git-project.js';

afterAll(removeRepositories);

describe('materialiseBaseRevision', () => {
  const repository = gitRepository();
  writeLockfileProject(repository.directory, {
    name: 'fx-base-files',
    dependencies: { 'fx-a': '^1.0.0' },
    packages: { 'node_modules/fx-a': { version: '1.0.0', license: 'MIT' } },
    workspaces: { 'packages/one': { name: 'fx-one', version: '1.0.0' } },
  });
  // Matched by the workspaces pattern although the lockfile does not know it yet (an out-of-sync base).
  writeFile(join(repository.directory, 'packages', 'two', 'package.json'), '{ "name": "fx-two", "version": "1.0.0" }\n');
  // Neither a workspace nor a lockfile folder: nothing a lockfile walk reads.
  writeFile(join(repository.directory, 'test', 'fixtures', 'app', 'package.json'), '{ "name": "fx-fixture" }\n');
  writeFile(join(repository.directory, 'node_modules', 'fx-a', 'package.json'), '{ "name": "fx-a", "version": "1.0.0" }\n');
  const manifest = JSON.parse(readFileSync(join(repository.directory, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFile(join(repository.directory, 'package.json'), `${JSON.stringify({ ...manifest, workspaces: ['packages/*'] }, null, 2)}\n`);
  const base = repository.commit('base');
  writeFile(join(repository.directory, 'package.json'), '{ "name": "fx-base-files", "version": "2.0.0" }\n');
  repository.commit('head');

  test('writes the root, its lockfile and the workspaces, not the other package.json files', async () => {
    const revision = await materialiseBaseRevision(repository.directory, 'HEAD~1');
    try {
      expect(revision.commit).toBe(base);
      const directory = revision.directory!;
      expect(JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'))).toMatchObject({ version: '1.0.0' });
      expect(existsSync(join(directory, 'package-lock.json'))).toBe(true);
      expect(existsSync(join(directory, 'packages', 'one', 'package.json'))).toBe(true);
      expect(existsSync(join(directory, 'packages', 'two', 'package.json'))).toBe(true);
      expect(existsSync(join(directory, 'test', 'fixtures', 'app', 'package.json'))).toBe(false);
      expect(existsSync(join(directory, 'node_modules'))).toBe(false);
    } finally {
      revision.cleanup();
    }
    expect(existsSync(revision.directory!)).toBe(false);
  });

  test.each([
    ['no-such-branch', /git ref no-such-branch not found/],
    ['--output=x', /takes a git ref/],
  ])('a bad ref (%s) is one input error', async (ref, message) => {
    const failure = await materialiseBaseRevision(repository.directory, ref).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LicitInputError);
    expect((failure as Error).message).toMatch(message);
  });

  test('a base with no common ancestor is named as such', async () => {
    const orphan = repository.git('commit-tree', repository.git('write-tree').trim(), '-m', 'orphan').trim();
    const failure = await materialiseBaseRevision(repository.directory, orphan).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/no common ancestor/);
  });
});
