import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { walkNpmProject, type NpmWalkOptions } from '../src/walk/npm.js';
import { copyFixture, fixture, parseReport, repoRoot, runLicit } from './helpers/cli.js';
import { component, fixtureWalker, refs } from './helpers/walk-fixture.js';

const defaults: NpmWalkOptions = { lockfileOnly: true, omit: new Set(), workspaces: [], readText: true };
const walk = fixtureWalker(defaults);

// What `yarn info -AR` (Yarn 4.18.1) lists for the fixture project (scripts/make-yarn-fixtures.sh berry): the root's
// resolutions send debug's ms to 2.1.3, so ms@2.1.2 is not there; my-ms is ms@2.0.0.
const EVERY_PACKAGE = ['debug@4.3.4', 'is-number@6.0.0', 'is-number@7.0.0', 'is-odd@3.0.1', 'ms@2.0.0', 'ms@2.1.3', 'semver@7.8.6'];

describe('yarn.lock of Yarn 2+ (berry), lockfile only', () => {
  test.each(['yarn/berry-node-modules', 'yarn/berry-pnp'])('%s: the packages Yarn lists, workspaces from workspace: entries', async (name) => {
    const inventory = await walk(name);
    expect(inventory.mode).toBe('virtual');
    expect(refs(inventory)).toEqual(EVERY_PACKAGE);
    expect(inventory.root.workspaces.map((member) => [member.name, member.path])).toEqual([
      ['fx-berry-app', 'packages/app'],
      ['fx-berry-lib', 'packages/lib'],
    ]);
    expect(inventory.problems.filter((problem) => problem.rule === 'lockfile-out-of-sync')).toEqual([]);
  });

  test('scopes from the workspaces’ dependency kinds and dependenciesMeta; via chains through workspaces', async () => {
    const inventory = await walk('yarn/berry-node-modules');
    const scopes = Object.fromEntries(inventory.components.map((entry) => [entry.ref, entry.scopes.join('+')]));
    expect(scopes).toEqual({
      'debug@4.3.4': 'prod', 'is-number@6.0.0': 'dev+optional', 'is-number@7.0.0': 'dev', 'is-odd@3.0.1': 'optional',
      'ms@2.0.0': 'prod', 'ms@2.1.3': 'prod', 'semver@7.8.6': 'prod',
    });
    expect(component(inventory, 'ms@2.0.0').via).toEqual(['fx-berry-root', 'fx-berry-app', 'ms']);
    expect(component(inventory, 'semver@7.8.6').direct).toBe(true);
    const lib = await walk('yarn/berry-node-modules', { workspaces: ['fx-berry-lib'] });
    expect(refs(lib)).toEqual(['is-number@6.0.0', 'semver@7.8.6']);
    const prod = await walk('yarn/berry-node-modules', { omit: new Set(['dev', 'optional']) });
    expect(refs(prod)).toEqual(['debug@4.3.4', 'ms@2.0.0', 'ms@2.1.3', 'semver@7.8.6']);
  });

  test('registry packages get plain purls and no hash: checksum is Yarn’s hash of its own cache archive', async () => {
    const semver = component(await walk('yarn/berry-node-modules'), 'semver@7.8.6');
    expect(semver.purl).toBe('pkg:npm/semver@7.8.6');
    expect(semver.origin).toBe('registry');
    expect(semver.integrity).toBeNull();
  });

  test('no licenses in a berry lockfile: license-not-in-lockfile for each package', async () => {
    const inventory = await walk('yarn/berry-node-modules');
    expect(inventory.problems.filter((problem) => problem.rule === 'license-not-in-lockfile').map((problem) => problem.package)).toEqual(EVERY_PACKAGE);
  });

  const jest = join(repoRoot, '..', 'shared', 'bench', 'corpora', 'jest');
  test.runIf(existsSync(jest))('jest (Yarn 4, resolutions and patches): the 2,150 distinct name@version `yarn info -AR` lists, 70 workspaces', () => {
    const run = runLicit(['scan', jest, '--lockfile-only', '--format', 'json', '--no-models']);
    const report = parseReport(run.stdout);
    expect(report.packages).toHaveLength(2150);
    expect((report.root as { workspaces?: unknown[] }).workspaces).toHaveLength(70);
    expect(report.findings.filter((finding) => finding.rule === 'lockfile-out-of-sync')).toEqual([]);
  });
});

describe('installed by Yarn berry', () => {
  const installed = { lockfileOnly: false };

  test('node-modules linker: the lockfile’s packages at the places .yarn-state.yml records, licenses read there', async () => {
    const inventory = await walk('yarn/berry-node-modules', installed);
    expect(inventory.mode).toBe('actual');
    expect(refs(inventory)).toEqual(EVERY_PACKAGE);
    expect(component(inventory, 'ms@2.0.0').paths).toEqual(['node_modules/my-ms']);
    expect(component(inventory, 'semver@7.8.6').license).toMatchObject({ declared: 'ISC', expression: 'ISC', files: [{ path: 'LICENSE', expression: 'ISC' }] });
    expect(inventory.problems).toEqual([]);
  });

  test('Plug’n’Play: package.json and license files read inside the cache zips, no node_modules', async () => {
    const inventory = await walk('yarn/berry-pnp', installed);
    expect(existsSync(join(fixture('yarn/berry-pnp'), 'node_modules'))).toBe(false);
    expect(inventory.mode).toBe('actual');
    expect(refs(inventory)).toEqual(EVERY_PACKAGE);
    const ms = component(inventory, 'ms@2.0.0');
    expect(ms.paths).toEqual(['.yarn/cache/ms-npm-2.0.0-9e1101a471-f8fda810b3.zip/node_modules/ms']);
    expect(ms.license).toMatchObject({ declared: 'MIT', expression: 'MIT', files: [{ path: 'license.md', expression: 'MIT' }] });
    expect(inventory.problems).toEqual([]);
    const lockfileOnly = await walk('yarn/berry-pnp');
    expect(lockfileOnly.components.map((entry) => [entry.ref, entry.scopes])).toEqual(inventory.components.map((entry) => [entry.ref, entry.scopes]));
  });

  test('.pnp.cjs is read as data, never run; .pnp.data.json is read the same', async () => {
    const copy = copyFixture('yarn/berry-pnp');
    const marker = join(copy, 'ran');
    const script = join(copy, '.pnp.cjs');
    writeFileSync(script, readFileSync(script, 'utf8').replace('"use strict";', `"use strict";\nrequire('fs').writeFileSync(${JSON.stringify(marker)}, '');`));
    expect(refs(await walkNpmProject(copy, { ...defaults, lockfileOnly: false }))).toEqual(EVERY_PACKAGE);
    expect(existsSync(marker)).toBe(false);
    const state = /^const RAW_RUNTIME_STATE =\n'([\s\S]*?)';$/m.exec(readFileSync(script, 'utf8'))![1]!.replace(/\\\n/g, '').replace(/\\(.)/g, '$1');
    writeFileSync(join(copy, '.pnp.data.json'), state);
    writeFileSync(script, '// state in .pnp.data.json\n');
    expect(refs(await walkNpmProject(copy, { ...defaults, lockfileOnly: false }))).toEqual(EVERY_PACKAGE);
  });

  test('a damaged zip is a finding on its package, and the scan goes on', async () => {
    const copy = copyFixture('yarn/berry-pnp');
    writeFileSync(join(copy, '.yarn/cache/ms-npm-2.0.0-9e1101a471-f8fda810b3.zip'), 'not a zip');
    const inventory = await walkNpmProject(copy, { ...defaults, lockfileOnly: false });
    expect(refs(inventory)).toEqual(EVERY_PACKAGE);
    expect(inventory.problems.map((problem) => [problem.rule, problem.package])).toEqual([['unreadable-package', 'ms@2.0.0']]);
  });

  test('a .pnp.cjs without a serialised state is refused in one line', async () => {
    const copy = copyFixture('yarn/berry-pnp');
    writeFileSync(join(copy, '.pnp.cjs'), 'module.exports = require("./elsewhere");\n');
    await expect(walkNpmProject(copy, { ...defaults, lockfileOnly: false })).rejects.toThrow(/\.pnp\.cjs holds no Plug'n'Play state licit can read/);
  });

  test('Yarn’s pnpm linker (node_modules/.store) is refused in one line', async () => {
    const copy = copyFixture('yarn/berry-pnp');
    rmSync(join(copy, '.pnp.cjs'));
    mkdirSync(join(copy, 'node_modules', '.store'), { recursive: true });
    await expect(walkNpmProject(copy, { ...defaults, lockfileOnly: false })).rejects.toThrow(/nodeLinker: pnpm \(found node_modules\/\.store\), which licit does not read yet/);
  });
});
