import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { NpmWalkOptions } from '../src/walk/npm.js';
import { parseReport, repoRoot, runLicit } from './helpers/cli.js';
import { component, fixtureWalker, refs } from './helpers/walk-fixture.js';

const defaults: NpmWalkOptions = { lockfileOnly: true, omit: new Set(), workspaces: [], readText: true };
const walk = fixtureWalker(defaults);

// The exact versions `yarn list` prints for the fixture project (scripts/make-yarn-fixtures.sh); my-ms is ms@2.0.0.
const EVERY_PACKAGE = [
  'debug@4.3.4', 'is-number@6.0.0', 'is-number@7.0.0', 'is-odd@3.0.1', 'js-tokens@4.0.0', 'loose-envify@1.4.0',
  'ms@2.0.0', 'ms@2.1.2', 'ms@2.1.3', 'react@18.2.0', 'semver@7.8.6',
];

describe('yarn.lock v1 (classic), lockfile only', () => {
  test('one package per name@version, descriptors sharing an entry merged, aliases under their real name', async () => {
    const inventory = await walk('yarn/classic-lockfile');
    expect(inventory.mode).toBe('virtual');
    expect(refs(inventory)).toEqual(EVERY_PACKAGE);
    const semver = component(inventory, 'semver@7.8.6');
    expect(semver.integrity).toMatch(/^sha512-9lpSSU4Mly/);
    expect(semver.origin).toBe('registry');
    expect(semver.purl).toBe('pkg:npm/semver@7.8.6');
    expect(component(inventory, 'ms@2.0.0').via).toEqual(['fx-yarn-root', 'fx-yarn-app', 'ms']);
  });

  test('workspaces from the root manifest, scopes from each manifest’s dependency kinds', async () => {
    const inventory = await walk('yarn/classic-lockfile');
    expect(inventory.root.workspaces.map((member) => [member.name, member.path])).toEqual([
      ['fx-yarn-app', 'packages/app'],
      ['fx-yarn-lib', 'packages/lib'],
    ]);
    const scopes = Object.fromEntries(inventory.components.map((entry) => [entry.ref, entry.scopes.join('+')]));
    expect(scopes).toMatchObject({ 'ms@2.1.3': 'prod', 'is-number@7.0.0': 'dev', 'is-odd@3.0.1': 'optional', 'is-number@6.0.0': 'dev+optional', 'semver@7.8.6': 'prod' });
    const lib = await walk('yarn/classic-lockfile', { workspaces: ['fx-yarn-lib'] });
    expect(refs(lib)).toEqual(['is-number@6.0.0', 'semver@7.8.6']);
  });

  test('no licenses in yarn.lock: a license-not-in-lockfile problem for each package', async () => {
    const inventory = await walk('yarn/classic-lockfile');
    expect(inventory.problems.filter((problem) => problem.rule === 'license-not-in-lockfile').map((problem) => problem.package)).toEqual(EVERY_PACKAGE);
  });

  test('a hand-written classic lockfile without node_modules is read without --lockfile-only', async () => {
    const inventory = await walk('broken/yarn-only', { lockfileOnly: false });
    expect(inventory.components.length).toBeGreaterThan(0);
  });

  test('a berry lockfile of a version licit does not know is refused in one line, not read as classic', async () => {
    await expect(walk('broken/yarn-berry-future')).rejects.toThrow(/Yarn berry lockfile of __metadata\.version 99/);
  });

  const webpack = join(repoRoot, '..', 'shared', 'bench', 'corpora', 'webpack');
  test.runIf(existsSync(webpack))('webpack (Yarn 1): the 1,393 distinct name@version of its 1,397 lockfile entries', () => {
    const run = runLicit(['scan', webpack, '--lockfile-only', '--format', 'json', '--no-models']);
    expect(parseReport(run.stdout).packages).toHaveLength(1393);
  });
});
