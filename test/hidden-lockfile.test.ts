import Arborist from '@npmcli/arborist';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/cli/config.js';
import { scan, todayUtc } from '../src/pipeline/index.js';
import { resolvePolicy } from '../src/policy/config.js';
import { toJsonReport } from '../src/report/json.js';
import { readInstalledManifest, readInstalledManifests } from '../src/walk/installed-manifest.js';
import { loadTree, type TreeSource } from '../src/walk/load-tree.js';
import { inspectProject } from '../src/walk/project.js';
import { copyFixture, runLicit } from './helpers/cli.js';
import { scanWithBundledWorker } from './helpers/scan-in-process.js';

// Installed trees of every layout: nested and deduplicated, workspaces, file: links, aliases, bundled,
// git and tarball sources, extraneous packages, a partial install, license shapes and texts.
const TREES = [
  'walk/basic',
  'walk/workspaces',
  'walk/file-link',
  'walk/aliases-bundled-git',
  'walk/extraneous',
  'walk/lockfile-partial-install',
  'licenses/shapes',
  'licenses/mismatch',
  'notice/apache-notice',
  'policy/gpl-in-mit',
  'broken/odd-license-files',
];

const hiddenLockfilePath = (project: string): string => join(project, 'node_modules', '.package-lock.json');

/**
 * Writes node_modules/.package-lock.json as npm does after an install (arborist's own Shrinkwrap,
 * from the tree on disk), dated after every folder so that arborist trusts it.
 */
async function writeHiddenLockfile(project: string, edit?: (data: { packages: Record<string, Record<string, unknown>> }) => void): Promise<void> {
  const tree = await new Arborist({ path: project }).loadActual({ forceActual: true });
  const meta = tree.meta as unknown as { filename: string; hiddenLockfile: boolean; lockfileVersion: number; save(): Promise<unknown> };
  meta.filename = hiddenLockfilePath(project);
  meta.hiddenLockfile = true;
  meta.lockfileVersion = 3;
  await meta.save();
  if (edit) {
    const data = JSON.parse(readFileSync(meta.filename, 'utf8')) as { packages: Record<string, Record<string, unknown>> };
    edit(data);
    writeFileSync(meta.filename, JSON.stringify(data, null, 2));
  }
  markFresh(project);
}

function markFresh(project: string): void {
  const later = new Date(Date.now() + 60_000);
  utimesSync(hiddenLockfilePath(project), later, later);
}

async function treeSource(project: string): Promise<TreeSource> {
  const layout = inspectProject(project, { lockfileOnly: false });
  return (await loadTree(layout, false, async () => readInstalledManifests(layout.directory))).source;
}

async function report(project: string): Promise<string> {
  const config = loadConfig(project, undefined);
  const result = await scan(
    project,
    { lockfileOnly: false, omit: new Set(), workspaces: [], readText: true },
    { policy: resolvePolicy(config.value, config.source), today: todayUtc() },
  );
  return toJsonReport(result);
}

/** The report of a scan with the bundled prefetch worker reading the package.json files, as the CLI's (in-process). */
async function withBundledWorker(project: string, lockfileOnly = false): Promise<string> {
  const { code, render } = await scanWithBundledWorker(project, { lockfileOnly, failOn: 'never' });
  expect(code).toBe(0);
  return render('json');
}

/** The report with the hidden lockfile, and the one arborist builds from every package.json once it is gone. */
async function bothWays(project: string): Promise<{ source: TreeSource; settled: string; full: string }> {
  const source = await treeSource(project);
  const settled = await report(project);
  rmSync(hiddenLockfilePath(project));
  expect(await treeSource(project)).toBe('node_modules');
  return { source, settled, full: await report(project) };
}

function editManifest(project: string, packagePath: string, edit: (manifest: Record<string, unknown>) => void): void {
  const file = join(project, packagePath, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  // In place: the folder's time does not change, so arborist still trusts the hidden lockfile.
  writeFileSync(file, JSON.stringify(manifest, null, 2));
}

describe('a tree arborist takes from the hidden lockfile is settled against every package.json', () => {
  test.each(TREES)('%s: taken from the hidden lockfile, and the report is the one a full read gives', async (name) => {
    const project = copyFixture(name);
    await writeHiddenLockfile(project);
    const { source, settled, full } = await bothWays(project);
    expect(source).toBe('hidden-lockfile');
    expect(settled).toBe(full);
  });

  test('a hidden lockfile that knows less (no resolved, no license, wrong flags) changes nothing', async () => {
    const project = copyFixture('walk/basic');
    await writeHiddenLockfile(project, (data) => {
      for (const entry of Object.values(data.packages)) {
        delete entry.resolved;
        delete entry.license;
        delete entry.dev;
        delete entry.optional;
        delete entry.devOptional;
        delete entry.peer;
      }
    });
    const { source, settled, full } = await bothWays(project);
    expect(source).toBe('hidden-lockfile');
    expect(settled).toBe(full);
    const pkg = (JSON.parse(settled) as { packages: { name: string; scopes: string[]; resolved?: string | null; license: { declared: string | null } }[] }).packages;
    expect(pkg.find((entry) => entry.name === 'fx-dev')?.scopes).toEqual(['dev']);
    expect(pkg.every((entry) => entry.license.declared !== null)).toBe(true);
  });

  test('package.json files edited in place after the install (version, license, dependencies) are what is reported', async () => {
    const project = copyFixture('walk/basic');
    await writeHiddenLockfile(project);
    editManifest(project, 'node_modules/fx-deep', (manifest) => {
      manifest.version = '9.9.9+build.7';
      manifest.license = 'GPL-3.0-only';
    });
    editManifest(project, 'node_modules/fx-a', (manifest) => {
      manifest.dependencies = { ...(manifest.dependencies as object), 'fx-not-installed': '^1.0.0' };
    });
    markFresh(project);
    const { source, settled, full } = await bothWays(project);
    expect(source).toBe('hidden-lockfile');
    expect(settled).toBe(full);
    expect(settled).toContain('fx-deep@9.9.9+build.7');
    expect(settled).toContain('GPL-3.0-only');
    expect(settled).toContain('fx-not-installed');
  });

  test('a package.json broken after the install: arborist reads every package.json itself, and the finding is there', async () => {
    const project = copyFixture('walk/basic');
    await writeHiddenLockfile(project);
    writeFileSync(join(project, 'node_modules/fx-b/package.json'), '{"name": "fx-b", "version": ');
    markFresh(project);
    const { source, settled, full } = await bothWays(project);
    expect(source).toBe('node_modules');
    expect(settled).toBe(full);
    expect(settled).toContain('malformed-package-json');
  });

  test('a package.json removed after the install: read in full, reported missing', async () => {
    const project = copyFixture('walk/basic');
    await writeHiddenLockfile(project);
    unlinkSync(join(project, 'node_modules/fx-b/package.json'));
    markFresh(project);
    const { source, settled, full } = await bothWays(project);
    expect(source).toBe('node_modules');
    expect(settled).toBe(full);
    expect(settled).toContain('missing-package-json');
  });

  test.each([
    ['broken/symlink-cycle', 'fx-cycle-app', { 'node_modules/fx-cycle-a': { resolved: 'node_modules/fx-cycle-b', link: true }, 'node_modules/fx-cycle-b': { resolved: 'node_modules/fx-cycle-a', link: true } }],
    ['broken/symlink-loop', 'fx-loop-app', { 'node_modules/fx-loop': { resolved: '', link: true } }],
  ])('%s with a hidden lockfile that records its links: read in full, the loops reported, no crash', async (name, rootName, links) => {
    const project = copyFixture(name);
    const hidden = {
      name: rootName,
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: rootName, version: '1.0.0', dependencies: { 'fx-normal': '^1.0.0' } }, 'node_modules/fx-normal': { version: '1.0.0' }, ...links },
    };
    writeFileSync(hiddenLockfilePath(project), JSON.stringify(hidden, null, 2));
    markFresh(project);
    expect(await treeSource(project)).toBe('node_modules');
    const withWorker = await withBundledWorker(project);
    expect(withWorker).toContain('symlink-loop');
    expect(withWorker).toBe(await report(project));
  });

  test('a hidden lockfile older than a folder is not trusted', async () => {
    const project = copyFixture('walk/basic');
    await writeHiddenLockfile(project);
    const earlier = new Date(Date.now() - 3_600_000);
    utimesSync(hiddenLockfilePath(project), earlier, earlier);
    expect(await treeSource(project)).toBe('node_modules');
  });

  test('a corrupt project lockfile is still bad input when the hidden lockfile is fine', async () => {
    const project = copyFixture('walk/basic');
    await writeHiddenLockfile(project);
    writeFileSync(join(project, 'package-lock.json'), '{"lockfileVersion": 3, "packages": {');
    markFresh(project);
    const cli = runLicit(['scan', project, '--format', 'json']);
    expect(cli.code).toBe(2);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toMatch(/package-lock\.json/);
  });

  test('the CLI (package.json files read by its worker) reports what the sources do', async () => {
    const project = copyFixture('walk/workspaces');
    await writeHiddenLockfile(project);
    const cli = runLicit(['scan', project, '--format', 'json', '--fail-on', 'never']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(await report(project));
  });
});

describe('installed package.json files that cannot be read as JSON text', () => {
  const fifoInstead = (project: string, packagePath: string): void => {
    const file = join(project, packagePath, 'package.json');
    rmSync(file);
    execFileSync('mkfifo', [file]);
  };

  test('a FIFO: reported as such, never read (reading one never ends), with or without a hidden lockfile', async () => {
    for (const withHidden of [false, true]) {
      const project = copyFixture('walk/basic');
      if (withHidden) await writeHiddenLockfile(project);
      fifoInstead(project, 'node_modules/fx-b');
      if (withHidden) markFresh(project);
      expect(readInstalledManifest(join(project, 'node_modules/fx-b'))).toEqual({ error: 'not-a-file' });
      const withWorker = await withBundledWorker(project);
      expect(withWorker).toContain('package-json-not-a-file');
      expect(withWorker).toBe(await report(project));
    }
  });

  test('a FIFO as the installed copy a lockfile scan would read: the lockfile is all there is', async () => {
    const project = copyFixture('walk/lockfile-partial-install');
    fifoInstead(project, 'node_modules/fx-p-one');
    const finding = (JSON.parse(await withBundledWorker(project, true)) as { findings: { rule: string; package: string | null }[] }).findings.find(
      (entry) => entry.rule === 'license-not-in-lockfile' && entry.package?.startsWith('fx-p-one@'),
    );
    expect(finding).toBeDefined();
  });

  test('one past the size limit is not read; the tree is then read by arborist', () => {
    const project = copyFixture('walk/basic');
    const file = join(project, 'node_modules/fx-b/package.json');
    const manifest = readFileSync(file, 'utf8');
    writeFileSync(file, manifest.replace(/}\s*$/, `, "padding": "${'x'.repeat(17 * 1024 * 1024)}" }`));
    expect(readInstalledManifest(join(project, 'node_modules/fx-b'))).toEqual({ error: 'too-large' });
  });
});

