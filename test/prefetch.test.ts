import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../src/cli/config.js';
import { scan, todayUtc } from '../src/pipeline/index.js';
import { licitFileUrl } from '../src/model/package-root.js';
import { resolvePolicy } from '../src/policy/config.js';
import { toJsonReport } from '../src/report/json.js';
import { createTextIdentifier } from '../src/walk/license-text.js';
import { listPackageFiles } from '../src/walk/package-license.js';
import { prefetchInstalled, warmUpPrefetchWorker } from '../src/walk/prefetch/index.js';
import { readInstalledManifests } from '../src/walk/installed-manifest.js';
import { installedPackageDirectories } from '../src/walk/prefetch/package-directories.js';
import { copyFixture, fixture, runLicit } from './helpers/cli.js';

// Trees with license files of every kind (shapes, NOTICE, links that escape, binary) and every layout (nested, bundled, linked workspaces, link loops).
const TREES = ['licenses/shapes', 'licenses/mismatch', 'broken/odd-license-files', 'broken/malformed-package-json', 'broken/symlink-loop', 'broken/symlink-cycle', 'notice/apache-notice', 'policy/gpl-in-mit', 'walk/basic', 'walk/workspaces', 'walk/file-link', 'walk/aliases-bundled-git'];

// The worker is a bundle entry; `npm test` builds dist/ before the tests run.
const workerScript = licitFileUrl('dist/prefetch-worker.js');

describe('installed package directories', () => {
  test('every installed package, scoped and nested', () => {
    const root = fixture('walk/basic');
    expect(installedPackageDirectories(root).map((directory) => relative(root, directory)).sort()).toEqual([
      'node_modules/@fx/types',
      'node_modules/@fx/util',
      'node_modules/fx-a',
      'node_modules/fx-a/node_modules/fx-shared',
      'node_modules/fx-b',
      'node_modules/fx-b/node_modules/fx-shared',
      'node_modules/fx-both',
      'node_modules/fx-deep',
      'node_modules/fx-dev',
      'node_modules/fx-opt',
      'node_modules/fx-peer',
      'node_modules/fx-shared',
    ]);
  });

  test('links into the project are followed once, with what is installed under them; others are not', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'licit-prefetch-')));
    mkdirSync(join(root, 'node_modules/.bin'), { recursive: true });
    mkdirSync(join(root, 'node_modules/real'), { recursive: true });
    mkdirSync(join(root, 'packages/linked/node_modules/inner'), { recursive: true });
    const outside = mkdtempSync(join(tmpdir(), 'licit-outside-'));
    mkdirSync(join(outside, 'node_modules/elsewhere'), { recursive: true });
    symlinkSync(join(root, 'packages/linked'), join(root, 'node_modules/linked'));
    symlinkSync(join(root, 'packages/linked'), join(root, 'node_modules/linked-again'));
    symlinkSync(outside, join(root, 'node_modules/outside'));
    symlinkSync(root, join(root, 'node_modules/self'));
    symlinkSync(join(root, 'node_modules/real'), join(root, 'packages/linked/node_modules/back'));
    writeFileSync(join(root, 'node_modules/.package-lock.json'), '{}');
    writeFileSync(join(root, 'node_modules/stray-file'), '');
    expect(installedPackageDirectories(root).map((directory) => relative(root, directory)).sort()).toEqual([
      'node_modules/real',
      'packages/linked',
      'packages/linked/node_modules/inner',
    ]);
  });

  test('no node_modules: nothing, no error', () => {
    expect(installedPackageDirectories(fixture('walk/lockfile-only'))).toEqual([]);
  });
});

describe('license file prefetch worker (the bundled script)', () => {
  test.each(TREES)('%s: the same listings and readings as the main thread makes', async (name) => {
    const root = fixture(name);
    const prefetch = prefetchInstalled({ root, manifests: false, licenseFiles: true }, workerScript);
    expect(prefetch).not.toBeNull();
    const source = await prefetch!.licenseFiles;
    expect(source).not.toBeNull();
    // Not asked for the package.json files: none are sent.
    expect(await prefetch!.manifests).toBeNull();
    const identify = createTextIdentifier();
    let readings = 0;
    for (const directory of installedPackageDirectories(root)) {
      const listing = listPackageFiles(directory);
      expect(source!.listFiles(directory)).toEqual(listing);
      for (const file of listing.licenseFiles) {
        const path = join(directory, file);
        // A linked license file may escape its package: it is left to the main thread's checks.
        if (listing.links.has(file)) expect(source!.reading(path)).toBeUndefined();
        else {
          expect(source!.reading(path)).toEqual(await identify(path));
          readings++;
        }
      }
    }
    expect(source!.listFiles(join(root, 'not-installed'))).toBeUndefined();
    if (!name.startsWith('walk/') && !name.startsWith('broken/symlink')) expect(readings).toBeGreaterThan(0);
  });

  test.each(TREES)('%s: every installed package.json, as the main thread reads them', async (name) => {
    const root = fixture(name);
    const prefetch = prefetchInstalled({ root, manifests: true, licenseFiles: false }, workerScript)!;
    expect(await prefetch.manifests).toEqual(readInstalledManifests(root));
    // Not asked for license files: none are read.
    expect(await prefetch.licenseFiles).toBeNull();
  });

  test('a tree without node_modules gives an empty source', async () => {
    const source = await prefetchInstalled({ root: fixture('walk/lockfile-only'), manifests: false, licenseFiles: true }, workerScript)!.licenseFiles;
    expect(source).not.toBeNull();
    expect(source!.listFiles(fixture('walk/lockfile-only'))).toBeUndefined();
  });

  test('a worker script that fails gives no source, and the scan reads everything itself', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'licit-worker-')), 'worker.js');
    writeFileSync(broken, 'throw new Error("boom");\n');
    const prefetch = prefetchInstalled({ root: fixture('licenses/shapes'), manifests: false, licenseFiles: true }, new URL(`file://${broken}`));
    expect(await prefetch!.licenseFiles).toBeNull();
  });

  test('a worker started early (before the root is known) answers the first request', async () => {
    warmUpPrefetchWorker(true, null, workerScript);
    // No script given: only the warm worker can answer (from the sources none would be started).
    const prefetch = prefetchInstalled({ root: fixture('licenses/shapes'), manifests: false, licenseFiles: true }, null);
    expect(prefetch).not.toBeNull();
    const source = await prefetch!.licenseFiles;
    const directory = join(fixture('licenses/shapes'), 'node_modules/fx-lic-notice');
    expect(source!.listFiles(directory)).toEqual(listPackageFiles(directory));
    // It is used once: the next request has no warm worker and, without a script, no worker at all.
    expect(prefetchInstalled({ root: fixture('licenses/shapes'), manifests: false, licenseFiles: true }, null)).toBeNull();
  });

  test('an early worker that guessed the project right hands over what it read meanwhile', async () => {
    const root = fixture('walk/basic');
    const request = { root, manifests: true, licenseFiles: true };
    warmUpPrefetchWorker(true, request, workerScript);
    const prefetch = prefetchInstalled(request, null)!;
    expect(await prefetch.manifests).toEqual(readInstalledManifests(root));
    const directory = join(root, 'node_modules/fx-a');
    expect((await prefetch.licenseFiles)!.listFiles(directory)).toEqual(listPackageFiles(directory));
  });

  test('an early worker that guessed wrong reads the project it is asked for, not its guess', async () => {
    warmUpPrefetchWorker(true, { root: fixture('walk/basic'), manifests: true, licenseFiles: true }, workerScript);
    const root = fixture('licenses/shapes');
    const prefetch = prefetchInstalled({ root, manifests: true, licenseFiles: true }, null)!;
    const manifests = await prefetch.manifests;
    expect(manifests).toEqual(readInstalledManifests(root));
    const source = (await prefetch.licenseFiles)!;
    expect(source.listFiles(join(fixture('walk/basic'), 'node_modules/fx-a'))).toBeUndefined();
    const directory = join(root, 'node_modules/fx-lic-notice');
    expect(source.listFiles(directory)).toEqual(listPackageFiles(directory));
  });

  test('an early worker that died is not handed a request', async () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'licit-worker-')), 'worker.js');
    writeFileSync(broken, 'throw new Error("boom");\n');
    const worker = warmUpPrefetchWorker(true, null, new URL(`file://${broken}`))!;
    await new Promise((resolve) => worker.once('exit', resolve));
    const source = await prefetchInstalled({ root: fixture('licenses/shapes'), manifests: false, licenseFiles: true }, workerScript)!.licenseFiles;
    expect(source).not.toBeNull();
  });

  test('asked for nothing, no worker is started', () => {
    expect(prefetchInstalled({ root: fixture('licenses/shapes'), manifests: false, licenseFiles: false }, workerScript)).toBeNull();
  });

  test('no worker from the TypeScript sources', () => {
    expect(prefetchInstalled({ root: fixture('licenses/shapes'), manifests: false, licenseFiles: true })).toBeNull();
  });
});

describe('a license file that is a FIFO', () => {
  test('is not read (it would block): listed only through a link, then reported unreadable, and the scan ends', async () => {
    const project = copyFixture('licenses/mismatch');
    const directory = join(project, 'node_modules', readdirSync(join(project, 'node_modules')).find((name) => !name.startsWith('.'))!);
    const fifo = join(directory, 'pipe');
    execFileSync('mkfifo', [fifo]);
    symlinkSync('pipe', join(directory, 'LICENSE-PIPE'));
    expect((await createTextIdentifier()(fifo)).error).toBe('not-a-file');
    const source = await prefetchInstalled({ root: project, manifests: false, licenseFiles: true }, workerScript)!.licenseFiles;
    expect(source!.listFiles(directory)).toEqual(listPackageFiles(directory));
    expect(source!.reading(join(directory, 'LICENSE-PIPE'))).toBeUndefined();
    const cli = runLicit(['scan', project, '--format', 'json', '--fail-on', 'never']);
    expect(cli.code).toBe(0);
    const finding = (JSON.parse(cli.stdout) as { findings: { rule: string; args: Record<string, string> }[] }).findings.find(
      (entry) => entry.rule === 'unreadable-license-file' && entry.args.file === 'LICENSE-PIPE',
    );
    expect(finding?.args.error).toBe('not-a-file');
  });
});

/** The JSON report a scan builds from the sources (with the bundled worker started as the CLI starts it, or without). */
async function sourcesReport(directory: string, lockfileOnly: boolean, withWorker: boolean): Promise<string> {
  let answered = false;
  if (withWorker) warmUpPrefetchWorker(!lockfileOnly, null, workerScript)!.once('message', () => (answered = true));
  const config = loadConfig(directory, undefined);
  const result = await scan(
    directory,
    { lockfileOnly, omit: new Set(), workspaces: [], readText: true },
    { policy: resolvePolicy(config.value, config.source), today: todayUtc() },
  );
  expect(answered).toBe(withWorker);
  return toJsonReport(result);
}

/** The bundled worker's readings change nothing: the report with it is the report without it. */
async function expectWorkerReportFromSources(name: string, lockfileOnly: boolean): Promise<void> {
  const directory = fixture(name);
  expect(await sourcesReport(directory, lockfileOnly, true)).toBe(await sourcesReport(directory, lockfileOnly, false));
}

/** The CLI's JSON report (the whole bundle, its worker started early on a guessed root) against the one the sources build (without a worker). */
async function expectCliReportFromSources(name: string, lockfileOnly: boolean): Promise<void> {
  const directory = fixture(name);
  const cli = runLicit(['scan', directory, ...(lockfileOnly ? ['--lockfile-only'] : []), '--format', 'json', '--fail-on', 'never']);
  expect(cli.stderr).not.toMatch(/internal error/);
  expect(cli.stdout).toBe(await sourcesReport(directory, lockfileOnly, false));
}

// One tree per kind through the CLI (one process each); every tree in-process with the bundled worker.
const CLI_TREES = ['licenses/shapes', 'walk/workspaces'];
const LOCKFILE_ONLY_TREES = ['walk/lockfile-partial-install', 'walk/basic', 'licenses/shapes', 'broken/malformed-package-json', 'walk/workspaces'];

describe('a scan with the prefetch worker reports what one without it does', () => {
  test.each(TREES)('%s: byte-identical JSON report', (name) => expectWorkerReportFromSources(name, false));
  test.each(CLI_TREES)('%s: byte-identical JSON report from the CLI', (name) => expectCliReportFromSources(name, false));
});

describe('a lockfile-only scan with the worker (package.json files for entries without a license) reports what one without it does', () => {
  test.each(LOCKFILE_ONLY_TREES)('%s: byte-identical JSON report', (name) => expectWorkerReportFromSources(name, true));
  test('walk/lockfile-partial-install: byte-identical JSON report from the CLI', () => expectCliReportFromSources('walk/lockfile-partial-install', true));
});
