import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Inventory } from '../src/model/index.js';
import { walkNpmProject, type NpmWalkOptions } from '../src/walk/npm.js';
import { storeFolderName } from '../src/walk/pnpm/store.js';
import { copyFixture, fixture, parseReport, repoRoot, runLicit } from './helpers/cli.js';
import { component, fixtureWalker, refs } from './helpers/walk-fixture.js';
import { validateCycloneDx, validateSpdx } from './helpers/schemas.js';

const defaults: NpmWalkOptions = { lockfileOnly: false, omit: new Set(), workspaces: [], readText: true };
const walk = fixtureWalker(defaults);

// What `pnpm list --recursive --depth Infinity` lists for the fixture project (scripts/make-pnpm-fixtures.sh).
const EVERY_PACKAGE = [
  'debug@4.3.4', 'fx-local-dep@1.0.0', 'is-number@6.0.0', 'is-number@7.0.0', 'is-odd@3.0.1', 'js-tokens@4.0.0',
  'loose-envify@1.4.0', 'ms@2.0.0', 'ms@2.1.2', 'ms@2.1.3', 'react@18.2.0', 'semver@7.6.3', 'use-sync-external-store@1.2.0',
];

describe('pnpm-lock.yaml (v9, workspaces), lockfile only', () => {
  test('every package pnpm lists, once per name@version, with the lockfile integrity and a purl', async () => {
    const inventory = await walk('pnpm/workspace-lockfile', { lockfileOnly: true });
    expect(inventory.mode).toBe('virtual');
    expect(refs(inventory)).toEqual(EVERY_PACKAGE);
    const semver = component(inventory, 'semver@7.6.3');
    expect(semver.integrity).toMatch(/^sha512-oVekP1cKtI/);
    expect(semver.purl).toBe('pkg:npm/semver@7.6.3');
    // The peer-suffixed key is one package; the `npm:` alias is reported under its real name.
    expect(component(inventory, 'use-sync-external-store@1.2.0').paths).toEqual([
      'node_modules/.pnpm/use-sync-external-store@1.2.0_react@18.2.0/node_modules/use-sync-external-store',
    ]);
    expect(component(inventory, 'ms@2.0.0').via).toEqual(['fx-pnpm-root', 'fx-pnpm-app', 'ms']);
  });

  test('scopes from the importers’ dependency kinds and reachability, as npm flags them', async () => {
    const inventory = await walk('pnpm/workspace-lockfile', { lockfileOnly: true });
    const scopes = Object.fromEntries(inventory.components.map((entry) => [entry.ref, entry.scopes.join('+')]));
    expect(scopes).toMatchObject({
      'ms@2.1.3': 'prod',
      'is-number@7.0.0': 'dev',
      'is-odd@3.0.1': 'optional',
      // A devDependency of lib, and reached through app's optional is-odd: npm's devOptional.
      'is-number@6.0.0': 'dev+optional',
      'js-tokens@4.0.0': 'prod',
      'semver@7.6.3': 'prod',
    });
    expect(component(inventory, 'js-tokens@4.0.0').via).toEqual(['fx-pnpm-root', 'fx-pnpm-app', 'react', 'loose-envify', 'js-tokens']);
    expect(component(inventory, 'js-tokens@4.0.0').direct).toBe(false);
    expect(component(inventory, 'react@18.2.0').dependsOn).toEqual(['loose-envify@1.4.0']);
  });

  test('importers are workspaces; `link:` between them is followed, never a package', async () => {
    const inventory = await walk('pnpm/workspace-lockfile', { lockfileOnly: true });
    expect(inventory.root.workspaces).toEqual([
      { name: 'fx-pnpm-app', version: '0.1.0', license: 'MIT', path: 'packages/app' },
      { name: 'fx-pnpm-lib', version: '0.2.0', license: 'Apache-2.0', path: 'packages/lib' },
    ]);
    expect(refs(inventory)).not.toContain('fx-pnpm-lib@0.2.0');
    expect(inventory.root.dependsOn).toContain('semver@7.6.3');
  });

  test('a `file:` folder is read from the project: its version and license', async () => {
    const inventory = await walk('pnpm/workspace-lockfile', { lockfileOnly: true });
    const local = component(inventory, 'fx-local-dep@1.0.0');
    expect(local.origin).toBe('directory');
    expect(local.license.expression).toBe('ISC');
    expect(local.dependsOn).toEqual(['ms@2.1.3']);
  });

  test('lockfile licenses are absent: a license-not-in-lockfile problem per registry package', async () => {
    const inventory = await walk('pnpm/workspace-lockfile', { lockfileOnly: true });
    const absent = inventory.problems.filter((problem) => problem.rule === 'license-not-in-lockfile').map((problem) => problem.package);
    expect(absent).toEqual(EVERY_PACKAGE.filter((ref) => ref !== 'fx-local-dep@1.0.0'));
  });

  test('--workspace keeps one workspace’s packages; --omit follows npm’s flags', async () => {
    const lib = await walk('pnpm/workspace-lockfile', { lockfileOnly: true, workspaces: ['fx-pnpm-lib'] });
    expect(refs(lib)).toEqual(['fx-local-dep@1.0.0', 'is-number@6.0.0', 'ms@2.1.3', 'semver@7.6.3']);
    expect(component(lib, 'semver@7.6.3').via).toEqual(['fx-pnpm-root', 'fx-pnpm-lib', 'semver']);
    const byPath = await walk('pnpm/workspace-lockfile', { lockfileOnly: true, workspaces: ['packages/lib'] });
    expect(refs(byPath)).toEqual(refs(lib));
    await expect(walk('pnpm/workspace-lockfile', { lockfileOnly: true, workspaces: ['nope'] })).rejects.toThrow(/no workspace named nope \(workspaces: fx-pnpm-app, fx-pnpm-lib\)/);

    const noDev = await walk('pnpm/workspace-lockfile', { lockfileOnly: true, omit: new Set(['dev']) });
    expect(refs(noDev)).not.toContain('is-number@7.0.0');
    expect(refs(noDev)).toContain('is-number@6.0.0');
    const neither = await walk('pnpm/workspace-lockfile', { lockfileOnly: true, omit: new Set(['dev', 'optional']) });
    expect(refs(neither)).not.toContain('is-number@6.0.0');
    expect(refs(neither)).not.toContain('is-odd@3.0.1');
  });

  test('lockfile v6 (pnpm 8) of the same project gives the same packages, scopes, chains and integrity', async () => {
    const summary = (inventory: Inventory) =>
      inventory.components.map((entry) => [entry.ref, entry.scopes, entry.via, entry.integrity, entry.direct, entry.dependsOn]);
    const v6 = await walk('pnpm/workspace-lockfile-v6', { lockfileOnly: true });
    const v9 = await walk('pnpm/workspace-lockfile', { lockfileOnly: true });
    expect(refs(v6)).toEqual(EVERY_PACKAGE);
    expect(summary(v6)).toEqual(summary(v9));
    expect(v6.root.workspaces).toEqual(v9.root.workspaces);
  });

  test('a project without node_modules is read from its lockfile without --lockfile-only', async () => {
    const inventory = await walk('broken/pnpm-only');
    expect(inventory.mode).toBe('virtual');
    expect(inventory.components.map((entry) => `${entry.ref} ${entry.scopes.join('+')}`)).toEqual([
      'fx-pn-a@1.0.3 prod', 'fx-pn-b@2.1.0 prod', 'fx-pn-dev@1.0.0 dev',
    ]);
  });
});

describe('installed pnpm tree (node_modules/.pnpm)', () => {
  test('the same packages and scopes as the lockfile, licenses from each package.json and license file', async () => {
    const installed = await walk('pnpm/workspace-installed');
    const lockfile = await walk('pnpm/workspace-installed', { lockfileOnly: true });
    expect(installed.mode).toBe('actual');
    expect(refs(installed)).toEqual(EVERY_PACKAGE);
    expect(installed.components.map((entry) => entry.scopes)).toEqual(lockfile.components.map((entry) => entry.scopes));
    const semver = component(installed, 'semver@7.6.3');
    expect(semver.license.declared).toBe('ISC');
    expect(semver.license.files.map((file) => [file.path, file.expression])).toEqual([['LICENSE', 'ISC']]);
    expect(semver.paths).toEqual(['node_modules/.pnpm/semver@7.6.3/node_modules/semver']);
    expect(installed.problems.filter((problem) => problem.rule === 'license-not-in-lockfile')).toEqual([]);
  });

  test('a package the lockfile names but the store lacks is reported, not dropped', async () => {
    const project = copyFixture('pnpm/workspace-installed');
    const { rmSync } = await import('node:fs');
    rmSync(join(project, 'node_modules/.pnpm/ms@2.1.2'), { recursive: true });
    const inventory = await walkNpmProject(project, defaults);
    expect(refs(inventory)).toContain('ms@2.1.2');
    expect(inventory.problems).toContainEqual(expect.objectContaining({ rule: 'unreadable-package', code: 'missing-dependency', args: expect.objectContaining({ dependency: 'ms', spec: '2.1.2' }) }));
  });

  test('node-linker=hoisted is refused in one line, not read as npm’s layout', async () => {
    const project = copyFixture('pnpm/workspace-installed');
    writeFileSync(join(project, 'node_modules/.modules.yaml'), 'nodeLinker: hoisted\npackageManager: pnpm@10.34.9\n');
    await expect(walkNpmProject(project, defaults)).rejects.toThrow(/node-linker=hoisted, which licit does not read yet/);
  });
});

/** A project declaring ms@^2 beside the given pnpm-lock.yaml. */
function projectWith(lockfile: string): string {
  const project = mkdtempSync(join(tmpdir(), 'licit-pnpm-'));
  writeFileSync(join(project, 'package.json'), '{"name":"x","version":"1.0.0","dependencies":{"ms":"^2"}}');
  writeFileSync(join(project, 'pnpm-lock.yaml'), lockfile);
  return project;
}

describe('pnpm lockfiles licit does not read are refused', () => {
  test('an unknown lockfile version names what it saw', async () => {
    await expect(walk('broken/pnpm-lockfile-v5')).rejects.toThrow(/lockfileVersion 5\.4: licit reads pnpm lockfile versions 6\.x and 9\.x/);
  });

  test('invalid YAML is an input error', async () => {
    const project = mkdtempSync(join(tmpdir(), 'licit-pnpm-'));
    writeFileSync(join(project, 'package.json'), '{"name":"x","version":"1.0.0"}');
    writeFileSync(join(project, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\nimporters: [\n");
    await expect(walkNpmProject(project, defaults)).rejects.toThrow(/pnpm-lock\.yaml is not valid YAML/);
  });

  test('importers or packages that are not mappings are an input error, not an empty tree', async () => {
    const project = projectWith("lockfileVersion: '9.0'\nimporters: [1, 2]\npackages: 7\n");
    await expect(walkNpmProject(project, defaults)).rejects.toThrow(/its importers is not a mapping/);
  });
});

describe('a pnpm lockfile that does not cover package.json never passes', () => {
  const outOfSync = (inventory: Inventory): string[] =>
    inventory.problems.filter((problem) => problem.rule === 'lockfile-out-of-sync').map((problem) => `${problem.code} ${String(problem.args['dependency'])}@${String(problem.args['spec'])}`);

  test('a dependency package.json declares and the importer lacks', async () => {
    const inventory = await walkNpmProject(projectWith("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: {}\n"), { ...defaults, lockfileOnly: true });
    expect(outOfSync(inventory)).toEqual(['missing-entry ms@^2']);
  });

  test('an importer edge to a package the lockfile does not record', async () => {
    const lockfile = "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      ms:\n        specifier: ^2\n        version: 2.1.3\n";
    const inventory = await walkNpmProject(projectWith(lockfile), { ...defaults, lockfileOnly: true });
    expect(outOfSync(inventory)).toEqual(['missing-entry ms@2.1.3']);
  });

  test('through the built CLI: exit 1', () => {
    const run = runLicit(['scan', projectWith("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: {}\n"), '--format', 'json']);
    expect(run.code).toBe(1);
    expect(parseReport(run.stdout).findings.map((finding) => `${finding.severity} ${finding.rule}`)).toEqual(['error lockfile-out-of-sync']);
  });
});

describe('pnpm folder names in the virtual store', () => {
  test('as pnpm 10 writes them', () => {
    expect(storeFolderName('@babel/parser@7.29.8')).toBe('@babel+parser@7.29.8');
    expect(storeFolderName('use-sync-external-store@1.2.0(react@18.2.0)')).toBe('use-sync-external-store@1.2.0_react@18.2.0');
    expect(storeFolderName('fx-local-dep@file:vendor/local-dep')).toBe('fx-local-dep@file+vendor+local-dep');
    // Long keys are cut and hashed; the result always fits.
    expect(storeFolderName(`a@1.0.0(${'b'.repeat(200)}@1.0.0)`).length).toBe(120);
  });
});

describe('through the built CLI', () => {
  test('a pnpm workspace scans, deterministically, with a schema-valid report', () => {
    const args = ['scan', fixture('pnpm/workspace-installed'), '--format', 'json'];
    const first = runLicit(args);
    expect(first.code).toBe(0);
    const report = parseReport(first.stdout);
    expect(report.packages.map((entry) => `${entry.name}@${entry.version}`)).toEqual(EVERY_PACKAGE);
    expect(runLicit(args).stdout).toBe(first.stdout);
  });

  test('SBOMs of a pnpm lockfile validate, with hashes from resolution.integrity', () => {
    const cyclonedx = runLicit(['sbom', fixture('pnpm/workspace-lockfile'), '--lockfile-only', '--format', 'cyclonedx']);
    const bom = JSON.parse(cyclonedx.stdout) as { components: { name: string; version: string; hashes?: { alg: string }[] }[] };
    expect(validateCycloneDx(bom)).toEqual([]);
    expect(bom.components.find((entry) => entry.name === 'semver')?.hashes).toEqual([expect.objectContaining({ alg: 'SHA-512' })]);
    expect(validateSpdx(JSON.parse(runLicit(['sbom', fixture('pnpm/workspace-lockfile'), '--lockfile-only', '--format', 'spdx']).stdout))).toEqual([]);
  });

  test('an unsupported pnpm lockfile exits 2 with one line', () => {
    const run = runLicit(['scan', fixture('broken/pnpm-lockfile-v5'), '--lockfile-only']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  const vueCore = join(repoRoot, '..', 'shared', 'bench', 'corpora', 'vue-core');
  test.runIf(existsSync(vueCore))('vue-core (pnpm 9, catalogs): the 620 name@version pnpm lists, 17 workspace importers', () => {
    const run = runLicit(['scan', vueCore, '--lockfile-only', '--format', 'json', '--no-models']);
    const report = parseReport(run.stdout);
    expect(report.packages).toHaveLength(620);
    expect(report.root.workspaces).toHaveLength(17);
    expect(report.packages.filter((entry) => !entry.scopes.includes('dev') || entry.scopes.includes('optional'))).toHaveLength(33);
  });
});
