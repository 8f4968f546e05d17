import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { walkNpmProject, type NpmWalkOptions } from '../src/walk/npm.js';
import { copyFixture } from './helpers/cli.js';

const options: NpmWalkOptions = { lockfileOnly: true, omit: new Set(), workspaces: [], readText: true };

describe('a workspace the project declares but the lockfile does not record', () => {
  test.each([
    ['pnpm (pnpm-workspace.yaml)', 'pnpm/workspace-lockfile'],
    ['Yarn berry (package.json workspaces)', 'yarn/berry-node-modules'],
    ['Bun (package.json workspaces)', 'bun/workspace-lockfile'],
  ])('%s: lockfile-out-of-sync, never a silent pass', async (_label, name) => {
    const copy = copyFixture(name);
    mkdirSync(join(copy, 'packages', 'extra'), { recursive: true });
    writeFileSync(join(copy, 'packages', 'extra', 'package.json'), JSON.stringify({ name: 'fx-extra', version: '1.0.0', dependencies: { 'left-pad': '1.3.0' } }));
    const before = await walkNpmProject(copyFixture(name), options);
    expect(before.problems.filter((problem) => problem.rule === 'lockfile-out-of-sync')).toEqual([]);
    const inventory = await walkNpmProject(copy, options);
    expect(inventory.problems.filter((problem) => problem.rule === 'lockfile-out-of-sync')).toEqual([
      { rule: 'lockfile-out-of-sync', code: 'missing-workspace', package: 'fx-extra', path: 'packages/extra', args: { workspace: 'packages/extra' } },
    ]);
  });
});
