import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { NpmWalkOptions } from '../src/walk/npm.js';
import { walkNpmProject } from '../src/walk/npm.js';
import { copyFixture, fixture, parseReport, repoRoot, runLicit } from './helpers/cli.js';
import { component, fixtureWalker, refs } from './helpers/walk-fixture.js';

const defaults: NpmWalkOptions = { lockfileOnly: true, omit: new Set(), workspaces: [], readText: true };
const walk = fixtureWalker(defaults);

// What `bun pm ls --all` (Bun 1.4.4) lists for the fixture project (scripts/make-bun-fixtures.sh); my-ms is ms@2.0.0.
const EVERY_PACKAGE = ['debug@4.3.4', 'is-number@6.0.0', 'is-number@7.0.0', 'is-odd@3.0.1', 'ms@2.0.0', 'ms@2.1.2', 'ms@2.1.3', 'semver@7.8.6'];

describe('bun.lock (Bun text lockfile)', () => {
  test('the packages Bun lists, nested keys resolved as Node finds them, workspaces from `workspaces`', async () => {
    const inventory = await walk('bun/workspace-lockfile');
    expect(inventory.mode).toBe('virtual');
    expect(refs(inventory)).toEqual(EVERY_PACKAGE);
    expect(inventory.root.workspaces.map((member) => [member.name, member.path])).toEqual([
      ['fx-bun-app', 'packages/app'],
      ['fx-bun-lib', 'packages/lib'],
    ]);
    expect(component(inventory, 'ms@2.1.2').via).toEqual(['fx-bun-root', 'fx-bun-app', 'debug', 'ms']);
    expect(component(inventory, 'is-number@6.0.0').paths).toEqual(['node_modules/is-odd/node_modules/is-number', 'packages/lib/node_modules/is-number']);
    const scopes = Object.fromEntries(inventory.components.map((entry) => [entry.ref, entry.scopes.join('+')]));
    expect(scopes).toEqual({
      'debug@4.3.4': 'prod', 'is-number@6.0.0': 'dev+optional', 'is-number@7.0.0': 'dev', 'is-odd@3.0.1': 'optional',
      'ms@2.0.0': 'prod', 'ms@2.1.2': 'prod', 'ms@2.1.3': 'prod', 'semver@7.8.6': 'prod',
    });
  });

  test('integrity from the tuples (an SBOM hash), --workspace and --omit', async () => {
    const semver = component(await walk('bun/workspace-lockfile'), 'semver@7.8.6');
    expect(semver.integrity).toMatch(/^sha512-9lpSSU4Mly/);
    expect(semver.purl).toBe('pkg:npm/semver@7.8.6');
    expect(refs(await walk('bun/workspace-lockfile', { workspaces: ['fx-bun-lib'] }))).toEqual(['is-number@6.0.0', 'semver@7.8.6']);
    expect(refs(await walk('bun/workspace-lockfile', { omit: new Set(['dev', 'optional']) }))).toEqual(['debug@4.3.4', 'ms@2.0.0', 'ms@2.1.2', 'ms@2.1.3', 'semver@7.8.6']);
  });

  test('installed by Bun’s hoisted linker: the same packages as the lockfile scan, licenses read from node_modules', async () => {
    const installed = await walk('bun/workspace-installed', { lockfileOnly: false });
    expect(installed.mode).toBe('actual');
    expect(refs(installed)).toEqual(EVERY_PACKAGE);
    expect(component(installed, 'semver@7.8.6').license.expression).toBe('ISC');
    expect(component(installed, 'ms@2.1.2').paths).toEqual(['node_modules/debug/node_modules/ms']);
    expect(installed.problems).toEqual([]);
  });

  test('Bun’s isolated linker (node_modules/.bun) is refused in one line, never read as hoisted', async () => {
    const copy = copyFixture('bun/workspace-installed');
    mkdirSync(join(copy, 'node_modules', '.bun'));
    await expect(walkNpmProject(copy, { ...defaults, lockfileOnly: false })).rejects.toThrow(/installed by Bun's isolated linker \(found node_modules\/\.bun\)/);
    expect(refs(await walkNpmProject(copy, defaults))).toEqual(EVERY_PACKAGE);
  });

  test('an unknown bun.lock version is refused in one line', async () => {
    await expect(walk('broken/bun-lock-future')).rejects.toThrow(/bun\.lock has lockfileVersion 99: licit reads Bun text lockfile versions 0 to 2/);
  });

  test('bun.lockb is refused by name with the way to a text lockfile (built CLI: exit 2, one line)', () => {
    const run = runLicit(['scan', fixture('broken/bun-lockb')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(["licit: found bun.lockb, Bun's binary lockfile, which licit does not read: run `bun install --save-text-lockfile` to write bun.lock"]);
  });

  const hono = join(repoRoot, '..', 'shared', 'bench', 'corpora', 'hono');
  test.runIf(existsSync(hono))('hono (Bun): the 1,012 distinct name@version `bun pm ls --all` lists', () => {
    const run = runLicit(['scan', hono, '--lockfile-only', '--format', 'json', '--no-models']);
    const report = parseReport(run.stdout);
    expect(report.packages).toHaveLength(1012);
    expect(report.findings.filter((finding) => finding.rule === 'lockfile-out-of-sync')).toEqual([]);
  });
});
