import { describe, expect, test } from 'vitest';
import type { Component, Inventory } from '../src/model/index.js';
import { walkNpmProject, type NpmWalkOptions } from '../src/walk/npm.js';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, fixture, parseReport, runLicit } from './helpers/cli.js';

const defaults: NpmWalkOptions = { lockfileOnly: false, omit: new Set(), workspaces: [], readText: true };
const walk = (name: string, options: Partial<NpmWalkOptions> = {}): Promise<Inventory> =>
  walkNpmProject(fixture(name), { ...defaults, ...options });
const component = (inventory: Inventory, ref: string): Component => {
  const found = inventory.components.find((entry) => entry.ref === ref);
  if (!found) throw new Error(`${ref} not in ${inventory.components.map((entry) => entry.ref).join(', ')}`);
  return found;
};
const refs = (inventory: Inventory): string[] => inventory.components.map((entry) => entry.ref);

describe('npm walker over node_modules', () => {
  test('one component per distinct name@version, with every install path', async () => {
    const inventory = await walk('walk/basic');
    expect(inventory.mode).toBe('actual');
    expect(refs(inventory)).toEqual([
      '@fx/types@1.0.0', '@fx/util@2.1.0', 'fx-a@1.0.0', 'fx-b@1.0.0', 'fx-both@1.0.0', 'fx-deep@1.0.0',
      'fx-dev@1.0.0', 'fx-opt@1.0.0', 'fx-peer@1.0.0', 'fx-shared@1.0.0', 'fx-shared@2.0.0',
    ]);
    expect(component(inventory, 'fx-shared@1.0.0').paths).toEqual([
      'node_modules/fx-a/node_modules/fx-shared',
      'node_modules/fx-b/node_modules/fx-shared',
    ]);
  });

  test('scopes follow npm dependency flags', async () => {
    const inventory = await walk('walk/basic');
    expect(component(inventory, 'fx-a@1.0.0').scopes).toEqual(['prod']);
    expect(component(inventory, 'fx-dev@1.0.0').scopes).toEqual(['dev']);
    expect(component(inventory, 'fx-opt@1.0.0').scopes).toEqual(['optional']);
    expect(component(inventory, 'fx-both@1.0.0').scopes).toEqual(['dev', 'optional']);
    expect(component(inventory, 'fx-peer@1.0.0').scopes).toEqual(['peer']);
  });

  test('direct flag, shortest via chain and dependency edges', async () => {
    const inventory = await walk('walk/basic');
    expect(component(inventory, 'fx-deep@1.0.0').via).toEqual(['fx-basic-app', 'fx-a', 'fx-b', 'fx-deep']);
    expect(component(inventory, 'fx-deep@1.0.0').direct).toBe(false);
    expect(component(inventory, 'fx-a@1.0.0').direct).toBe(true);
    expect(component(inventory, 'fx-b@1.0.0').dependsOn).toEqual(['fx-deep@1.0.0', 'fx-shared@1.0.0']);
    expect(inventory.root.dependsOn).toContain('fx-dev@1.0.0');
    expect(inventory.root.dependsOn).not.toContain('fx-deep@1.0.0');
  });

  test('scoped names get an encoded purl', async () => {
    const inventory = await walk('walk/basic');
    expect(component(inventory, '@fx/util@2.1.0').purl).toBe('pkg:npm/%40fx/util@2.1.0');
  });

  test('--omit drops what npm would not install', async () => {
    const withoutDev = await walk('walk/basic', { omit: new Set(['dev']) });
    expect(refs(withoutDev)).not.toContain('fx-dev@1.0.0');
    expect(refs(withoutDev)).toContain('fx-both@1.0.0'); // dev-or-optional stays while optional is kept
    const withoutBoth = await walk('walk/basic', { omit: new Set(['dev', 'optional']) });
    expect(refs(withoutBoth)).not.toContain('fx-both@1.0.0');
    expect(refs(withoutBoth)).not.toContain('fx-opt@1.0.0');
    const withoutPeer = await walk('walk/basic', { omit: new Set(['peer']) });
    expect(refs(withoutPeer)).not.toContain('fx-peer@1.0.0');
  });

  test('workspaces are members of the root, not packages; --workspace filters', async () => {
    const inventory = await walk('walk/workspaces');
    expect(inventory.root.workspaces.map((workspace) => [workspace.name, workspace.path])).toEqual([
      ['fx-ws-a', 'packages/a'],
      ['fx-ws-b', 'packages/b'],
    ]);
    expect(refs(inventory)).not.toContain('fx-ws-a@1.0.0');
    expect(component(inventory, 'fx-a-only@1.0.0').via).toEqual(['fx-ws-root', 'fx-ws-a', 'fx-a-only']);
    expect(component(inventory, 'fx-a-only@1.0.0').direct).toBe(true);

    const onlyA = await walk('walk/workspaces', { workspaces: ['fx-ws-a'] });
    expect(refs(onlyA)).toContain('fx-a-only@1.0.0');
    expect(refs(onlyA)).not.toContain('fx-b-only@2.0.1');
    const byPath = await walk('walk/workspaces', { workspaces: ['packages/a'] });
    expect(refs(byPath)).toEqual(refs(onlyA));
    // fx-ws-b depends on fx-ws-a, so a's dependencies are part of b's tree
    const onlyB = await walk('walk/workspaces', { workspaces: ['fx-ws-b'] });
    expect(refs(onlyB)).toEqual(expect.arrayContaining(['fx-b-only@2.0.1', 'fx-a-only@1.0.0']));
  });

  test('an unknown workspace is an input error', async () => {
    await expect(walk('walk/workspaces', { workspaces: ['nope'] })).rejects.toThrow(/no workspace named nope/);
  });

  test('a file: dependency is a linked component with its own license', async () => {
    const inventory = await walk('walk/file-link');
    const local = inventory.components.find((entry) => entry.name === 'fx-local-lib');
    expect(local?.linked).toBe(true);
    expect(local?.origin).toBe('directory');
    expect(local?.paths).toEqual(['vendor/local-lib']);
    expect(local?.license.expression).not.toBeNull();
  });

  test('aliases, bundled, git and tarball dependencies keep their real identity', async () => {
    const inventory = await walk('walk/aliases-bundled-git');
    const real = inventory.components.find((entry) => entry.name === 'fx-real');
    expect(real?.paths).toEqual(['node_modules/fx-alias']);
    expect(real?.purl).toMatch(/^pkg:npm\/fx-real@1\.2\.\d+$/);
    const bundled = inventory.components.find((entry) => entry.name === 'fx-bundled');
    expect(bundled?.bundled).toBe(true);
    const git = inventory.components.find((entry) => entry.name === 'fx-gitdep');
    expect(git?.origin).toBe('git');
    expect(git?.purl).toContain('?vcs_url=');
    const tarball = inventory.components.find((entry) => entry.name === 'fx-tar');
    expect(tarball?.origin).toBe('remote-tarball');
    expect(tarball?.purl).toContain('?download_url=https%3A%2F%2Fexample.com%2Ffx-tar-1.0.0.tgz');
  });

  test('extraneous packages are reported and marked', async () => {
    const inventory = await walk('walk/extraneous');
    expect(inventory.components.find((entry) => entry.name === 'fx-orphan')?.extraneous).toBe(true);
    expect(inventory.components.find((entry) => entry.name === 'fx-used')?.extraneous).toBeUndefined();
  });

  test('license files are listed, any case and spelling', async () => {
    const inventory = await walk('licenses/shapes');
    const files = (name: string): string[] =>
      inventory.components.find((entry) => entry.name === name)!.license.files.map((file) => file.path);
    expect(files('fx-lic-licence-md')).toEqual(['LICENCE.md']);
    expect(files('fx-lic-notice')).toEqual(['NOTICE', 'license.txt']);
    expect(files('fx-lic-compound')).toEqual(['LICENSE-APACHE', 'LICENSE-MIT']);
    const metadataOnly = await walk('licenses/shapes', { readText: false });
    expect(metadataOnly.components.find((entry) => entry.name === 'fx-lic-notice')!.license.files).toEqual([]);
  });
});

describe('npm walker over a lockfile', () => {
  test('reads the lockfile when nothing is installed, licenses included', async () => {
    const inventory = await walk('walk/lockfile-only');
    expect(inventory.mode).toBe('virtual');
    expect(component(inventory, 'fx-lo-a@1.0.0').license.expression).toBe('MIT');
    const missing = inventory.problems.filter((problem) => problem.rule === 'license-not-in-lockfile');
    expect(missing.map((problem) => problem.package)).toContain('fx-lo-nolic@1.0.0');
    expect(missing.map((problem) => problem.package)).not.toContain('fx-lo-a@1.0.0');
  });

  test('--lockfile-only ignores node_modules for the tree but uses installed copies for missing licenses', async () => {
    const inventory = await walk('walk/lockfile-partial-install', { lockfileOnly: true });
    expect(inventory.mode).toBe('virtual');
    const missing = new Set(inventory.problems.filter((problem) => problem.rule === 'license-not-in-lockfile').map((problem) => problem.package));
    const installed = inventory.components.filter((entry) => entry.name === 'fx-p-one' || entry.name === 'fx-p-three');
    expect(installed).toHaveLength(2);
    for (const entry of installed) {
      expect(entry.license.expression).not.toBeNull();
      expect(missing.has(entry.ref)).toBe(false);
    }
    const notInstalled = inventory.components.find((entry) => entry.name === 'fx-p-two')!;
    expect(notInstalled.license.expression).toBeNull();
    expect(missing.has(notInstalled.ref)).toBe(true);
  });

  test('lockfile and node_modules give the same packages', async () => {
    const actual = await walk('walk/basic');
    const virtual = await walk('walk/basic', { lockfileOnly: true });
    expect(refs(virtual)).toEqual(refs(actual));
    expect(virtual.components.map((entry) => entry.scopes)).toEqual(actual.components.map((entry) => entry.scopes));
    expect(virtual.components.map((entry) => entry.via)).toEqual(actual.components.map((entry) => entry.via));
  });
});

describe('a production install (npm ci --omit=dev)', () => {
  const missing = (inventory: Inventory): string[] =>
    inventory.problems.filter((problem) => problem.code === 'missing-dependency').map((problem) => String(problem.args.dependency));

  test('reports no missing dev dependency, with or without --omit dev', async () => {
    for (const omit of [new Set<'dev'>(), new Set<'dev'>(['dev'])]) {
      const inventory = await walk('walk/omit-dev-install', { omit });
      expect(refs(inventory)).toEqual(['ms@2.1.3']);
      expect(missing(inventory)).toEqual([]);
    }
  });

  test('a full install that lost one dev dependency still reports it (the rest of its dev tree is there)', async () => {
    const dir = copyFixture('walk/basic');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    manifest.devDependencies['fx-lost-dev'] = '^1.0.0';
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    expect(missing(await walkNpmProject(dir, defaults))).toEqual(['fx-lost-dev']);
    expect(missing(await walkNpmProject(dir, { ...defaults, omit: new Set(['dev']) }))).toEqual([]);
  });
});

describe('problems inside the tree are recorded, never thrown', () => {
  test('a malformed package.json', async () => {
    const inventory = await walk('broken/malformed-package-json');
    const problem = inventory.problems.find((entry) => entry.code === 'malformed-package-json');
    expect(problem?.rule).toBe('unreadable-package');
    expect(problem?.path).toBe('node_modules/fx-bad');
    expect(refs(inventory).some((ref) => ref.startsWith('fx-good@'))).toBe(true);
  });

  test('a link to an ancestor directory is left out and reported; the rest of the tree is intact', async () => {
    const inventory = await walk('broken/symlink-loop');
    expect(refs(inventory)).toEqual(['fx-normal@1.0.0']);
    expect(component(inventory, 'fx-normal@1.0.0').extraneous).toBeUndefined();
    expect(inventory.problems).toContainEqual(
      expect.objectContaining({ rule: 'unreadable-package', code: 'symlink-loop', path: 'node_modules/fx-loop' }),
    );
  });

  test('a cycle of links terminates (arborist alone never does) and is reported', async () => {
    const inventory = await walk('broken/symlink-cycle');
    const loops = inventory.problems.filter((problem) => problem.code === 'symlink-loop');
    expect(loops.length).toBeGreaterThan(0);
    expect(loops.every((problem) => problem.args.reason === 'cycle')).toBe(true);
  }, 10_000);

  test('SEE LICENSE IN: read inside the package, refused outside it, reported when missing', async () => {
    const inventory = await walk('licenses/shapes');
    const byName = (name: string): Component => inventory.components.find((entry) => entry.name === name)!;
    expect(byName('fx-lic-see-file').license.files.map((file) => file.path)).toContain('LICENSE.txt');
    expect(byName('fx-lic-see-file').license.expression).not.toBeNull();
    expect(byName('fx-lic-see-escape').license.expression).toBeNull();
    expect(inventory.problems).toContainEqual(
      expect.objectContaining({ rule: 'unsafe-path', code: 'see-license-escape', package: byName('fx-lic-see-escape').ref }),
    );
    expect(inventory.problems).toContainEqual(
      expect.objectContaining({ rule: 'invalid-license-metadata', code: 'see-license-missing', package: byName('fx-lic-see-missing').ref }),
    );
  });

  test('binary, oversized and escaping license files are findings; nothing outside the package is read', async () => {
    const project = copyFixture('broken/odd-license-files');
    appendFileSync(join(project, 'node_modules/fx-big-license/LICENSE'), 'x'.repeat(3 * 1024 * 1024));
    const inventory = await walkNpmProject(project, defaults);
    const codes = inventory.problems.map((problem) => `${problem.package} ${problem.rule}/${problem.code}`);
    expect(codes).toContain('fx-binary-license@1.0.0 unreadable-license-file/binary');
    expect(codes).toContain('fx-big-license@1.0.0 unreadable-license-file/too-large');
    expect(codes).toContain('fx-escaping-license@1.0.0 unsafe-path/license-file-escape');
    const escaping = component(inventory, 'fx-escaping-license@1.0.0');
    expect(escaping.license.files).toEqual([]);
    expect(JSON.stringify(inventory)).not.toContain('licit-fixture-sentinel');
    expect(component(inventory, 'fx-binary-license@1.0.0').license.files).toEqual([
      expect.objectContaining({ path: 'LICENSE', expression: null }),
    ]);
  });

  test("a huge README is searched only at its beginning for the License section", async () => {
    const project = copyFixture('licenses/mismatch');
    const readme = join(project, 'node_modules/fx-readme-only/README.md');
    writeFileSync(readme, `# fx-readme-only\n\n${'filler text\n'.repeat(400_000)}\n## License\n\nMIT\n`);
    const late = await walkNpmProject(project, defaults);
    expect(component(late, 'fx-readme-only@1.0.0').license.files).toEqual([]);
    writeFileSync(readme, `# fx-readme-only\n\n## License\n\nMIT\n\n${'filler text\n'.repeat(400_000)}`);
    const early = await walkNpmProject(project, defaults);
    expect(component(early, 'fx-readme-only@1.0.0').license.files).toEqual([expect.objectContaining({ path: 'README.md#license', expression: 'MIT' })]);
  });
});

describe('a license file that cannot be read never passes in silence', () => {
  test('no license metadata and an oversized LICENSE: the unreadable file is a warning, the unknown license still an error (the built CLI)', () => {
    const project = copyFixture('broken/odd-license-files');
    const manifest = join(project, 'node_modules/fx-big-license/package.json');
    writeFileSync(manifest, JSON.stringify({ name: 'fx-big-license', version: '1.0.0' }));
    appendFileSync(join(project, 'node_modules/fx-big-license/LICENSE'), 'x'.repeat(3 * 1024 * 1024));
    const run = runLicit(['scan', project, '--format', 'json']);
    const findings = parseReport(run.stdout).findings.filter((finding) => finding.package === 'fx-big-license@1.0.0');
    expect(findings.map((finding) => `${finding.severity} ${finding.rule}`).sort()).toEqual(['error unknown-license', 'warning unreadable-license-file']);
    expect(run.code).toBe(1);
  });
});
