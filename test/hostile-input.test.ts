// Hostile trees and inputs, each built in the test's temp dir: every case ends in a finding or a one-line
// exit 2, never an internal error, a hang or a byte outside. Scans run in-process as the CLI runs them
// (scan-in-process.ts: an internal error there fails the test); what only the CLI does (outputs, --online,
// --base, identify, the terminal) runs through the built bundle.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseReport, runLicit, type CliRun } from './helpers/cli.js';
import { scanJsonRun } from './helpers/scan-in-process.js';

let sandbox = '';
beforeEach(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'licit-hostile-'));
});
afterEach(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A root depending on `a@1.0.0`, installed; `a`'s package.json as given. */
function installedProject(a: Record<string, unknown> | string = { name: 'a', version: '1.0.0', license: 'MIT' }, root: Record<string, unknown> = {}): string {
  const directory = join(sandbox, 'project');
  mkdirSync(join(directory, 'node_modules', 'a'), { recursive: true });
  writeFileSync(join(directory, 'package.json'), json({ name: 'root', version: '1.0.0', license: 'MIT', dependencies: { a: '1.0.0' }, ...root }));
  writeFileSync(join(directory, 'node_modules', 'a', 'package.json'), typeof a === 'string' ? a : json(a));
  return directory;
}

function addPackage(directory: string, name: string, manifest: Record<string, unknown>): void {
  mkdirSync(join(directory, 'node_modules', name), { recursive: true });
  writeFileSync(join(directory, 'node_modules', name, 'package.json'), json(manifest));
}

const scanJson = (directory: string, ...args: string[]): Promise<CliRun> => scanJsonRun(directory, args);

/** A run that produced a full, schema-valid report and no internal error. */
function reportOf(run: CliRun): ReturnType<typeof parseReport> {
  expect(run.stderr).not.toMatch(/internal error/);
  expect([0, 1]).toContain(run.code);
  return parseReport(run.stdout); // validated against the published schema
}

function expectInputError(run: CliRun, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr).not.toMatch(/internal error/);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stdout).toBe('');
}

const findingCodes = (report: ReturnType<typeof parseReport>): string[] => report.findings.map((finding) => `${finding.rule}/${finding.code}`);

describe('prototype keys from package.json files', () => {
  it.each(['__proto__', 'constructor', 'toString'])('a license of "%s" is read as the text it is, and the scan goes on', async (license) => {
    const report = reportOf(await scanJson(installedProject({ name: 'a', version: '1.0.0', license })));
    const a = report.packages.find((pkg) => pkg.name === 'a')!;
    expect(a.license.declared).toBe(license);
    expect(a.category).toBe('unknown');
    expect(report.findings.some((finding) => finding.package === 'a@1.0.0' && finding.severity === 'error')).toBe(true);
  });

  it.each(['constructor', 'toString', 'valueOf', '__proto__'])('a dependency named %s is scanned like any other', async (name) => {
    const directory = installedProject(undefined, { dependencies: { a: '1.0.0', [name]: '1.0.0' } });
    addPackage(directory, name, { name, version: '1.0.0', license: 'ISC' });
    const report = reportOf(await scanJson(directory));
    expect(report.packages.map((pkg) => `${pkg.name}@${pkg.version}:${pkg.license.expression}`)).toEqual(expect.arrayContaining([`${name}@1.0.0:ISC`, 'a@1.0.0:MIT']));
  });

  it('a non-string spec, a dependency map that is a string, and an impossible name are findings; the rest is scanned', async () => {
    const directory = installedProject({ name: 'a', version: '1.0.0', license: 'MIT', dependencies: { b: 5, '../../../etc': '1.0.0' }, optionalDependencies: 'abc' });
    const report = reportOf(await scanJson(directory));
    expect(report.packages.map((pkg) => pkg.name)).toEqual(['a']);
    const reasons = report.findings.filter((finding) => finding.code === 'invalid-dependency').map((finding) => (finding as unknown as { args: Record<string, unknown> }).args)
      .map((args) => `${String(args.field)}:${String(args.dependency)}:${String(args.reason)}`);
    expect(reasons.sort()).toEqual(['dependencies:../../../etc:invalid-name', 'dependencies:b:spec-not-a-string', 'optionalDependencies:null:not-an-object']);
  });

  it('a license nested 50,000 objects deep is an invalid-metadata finding, not a stack overflow', async () => {
    const nested = `${'{"type":'.repeat(50_000)}"MIT"${'}'.repeat(50_000)}`;
    const report = reportOf(await scanJson(installedProject(`{"name":"a","version":"1.0.0","license":${nested}}`)));
    const a = report.packages.find((pkg) => pkg.name === 'a')!;
    expect(a.license.expression).toBeNull();
    expect(a.license.declared!.length).toBeLessThan(200);
    expect(findingCodes(report)).toContain('invalid-license-metadata/invalid-type');
  });

  it('"__proto__" in licit.config.json is an unknown key (an exceptions list hidden there waives nothing)', async () => {
    const directory = installedProject({ name: 'a', version: '1.0.0', license: 'GPL-3.0-only' });
    writeFileSync(join(directory, 'licit.config.json'), '{ "__proto__": { "exceptions": [{ "package": "a", "reason": "false-positive", "comment": "x" }] } }');
    expectInputError(await scanJson(directory), /licit\.config\.json: __proto__ is not a known key/);
    writeFileSync(join(directory, 'licit.config.json'), '{ "rules": { "__proto__": "off" } }');
    expectInputError(await scanJson(directory), /rules\.__proto__ is not a rule id/);
  });
});

describe('links in node_modules', () => {
  it('an entry linked to / that no package.json declares is refused as unsafe-path, and nothing there is read', async () => {
    const directory = installedProject();
    symlinkSync('/', join(directory, 'node_modules', 'b'));
    const report = reportOf(await scanJson(directory));
    expect(report.packages.map((pkg) => pkg.name)).toEqual(['a']);
    expect(findingCodes(report)).toContain('unsafe-path/link-outside-root');
  });

  it('an undeclared package directory linked outside the root is not read; a declared file: link is', async () => {
    const outside = join(sandbox, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'package.json'), json({ name: 'ext', version: '1.0.0', license: 'GPL-3.0-only' }));
    const directory = installedProject();
    symlinkSync(outside, join(directory, 'node_modules', 'ext'));
    const undeclared = reportOf(await scanJson(directory));
    expect(undeclared.packages.map((pkg) => pkg.name)).toEqual(['a']);
    expect(findingCodes(undeclared)).toContain('unsafe-path/link-outside-root');

    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    manifest.dependencies.ext = 'file:../outside';
    writeFileSync(join(directory, 'package.json'), json(manifest));
    const declared = reportOf(await scanJson(directory));
    expect(declared.packages.find((pkg) => pkg.name === 'ext')?.license.expression).toBe('GPL-3.0-only');
    expect(findingCodes(declared)).not.toContain('unsafe-path/link-outside-root');
  });

  it('a README linked outside its package does not decide the license', async () => {
    const outside = join(sandbox, 'outside-readme.md');
    writeFileSync(outside, '# x\n\n## License\n\nMIT\n');
    const directory = installedProject({ name: 'a', version: '1.0.0' });
    symlinkSync(outside, join(directory, 'node_modules', 'a', 'README.md'));
    const report = reportOf(await scanJson(directory));
    const a = report.packages.find((pkg) => pkg.name === 'a')!;
    expect(a.license.expression).toBeNull();
    expect(a.license.files).toEqual([]);
  });

  it('a weight file linked outside its package is not read', async () => {
    const outside = join(sandbox, 'weights.gguf');
    writeFileSync(outside, Buffer.from('GGUF'));
    const directory = installedProject();
    symlinkSync(outside, join(directory, 'node_modules', 'a', 'model.gguf'));
    const report = reportOf(await scanJson(directory));
    expect(report.packages.filter((pkg) => pkg.kind === 'model')).toEqual([]);
    expect(JSON.stringify(report)).not.toContain('model.gguf');
  });
});

describe("licit's own inputs", () => {
  const fifo = (path: string): void => void execFileSync('mkfifo', [path]);

  it.each([
    ['package.json', /cannot read package\.json: not a regular file/],
    ['package-lock.json', /cannot read package-lock\.json: not a regular file/],
    ['licit.config.json', /cannot read licit\.config\.json: not a regular file/],
    ['.npmrc', /cannot read .*\.npmrc: not a regular file/],
  ])('a FIFO as %s is one line, exit 2, not a hang', (name, pattern) => {
    const directory = installedProject();
    rmSync(join(directory, name), { force: true });
    fifo(join(directory, name));
    expectInputError(runLicit(['scan', directory, '--format', 'json', ...(name === '.npmrc' ? ['--online', '--lockfile-only'] : [])]), pattern);
  });

  it('a weight file linked to a FIFO inside its package is a finding, not a hang', async () => {
    const directory = installedProject();
    fifo(join(directory, 'node_modules', 'a', 'fifo'));
    symlinkSync('fifo', join(directory, 'node_modules', 'a', 'model.gguf'));
    const report = reportOf(await scanJson(directory));
    expect(report.findings.find((finding) => finding.rule === 'unreadable-model-file')?.code).toBe('read-error');
  });

  it('identify of a FIFO or /dev/zero is one line, exit 2', () => {
    const path = join(sandbox, 'LICENSE');
    fifo(path);
    expectInputError(runLicit(['identify', path]), /LICENSE: not a regular file/);
    expectInputError(runLicit(['identify', '/dev/zero']), /\/dev\/zero: not a regular file/);
  });

  it('a FIFO as the hidden lockfile is passed over: the tree is read from every package.json', async () => {
    const directory = installedProject();
    fifo(join(directory, 'node_modules', '.package-lock.json'));
    expect(reportOf(await scanJson(directory)).packages.map((pkg) => pkg.name)).toEqual(['a']);
  });

  it('--config /dev/zero and a directory as config are one line, exit 2', async () => {
    const directory = installedProject();
    expectInputError(await scanJson(directory, '--config', '/dev/zero'), /cannot read \/dev\/zero: not a regular file/);
    mkdirSync(join(directory, 'licit.config.json'));
    expectInputError(await scanJson(directory), /cannot read licit\.config\.json: a directory, not a file/);
  });

  it('a byte-order mark before the root package.json is accepted, as npm accepts it', async () => {
    const directory = installedProject();
    writeFileSync(join(directory, 'package.json'), `\uFEFF${json({ name: 'root', version: '1.0.0', license: 'MIT', dependencies: { a: '1.0.0' } })}`);
    const report = reportOf(await scanJson(directory));
    expect(report.root.name).toBe('root');
    expect(report.packages.map((pkg) => pkg.name)).toEqual(['a']);
  });
});

describe('lockfiles that do not cover package.json', () => {
  function lockfileProject(lock: unknown, dependencies: Record<string, string> = { a: '^1.0.0' }): string {
    const directory = join(sandbox, 'locked');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'package.json'), json({ name: 'root', version: '1.0.0', license: 'MIT', dependencies }));
    writeFileSync(join(directory, 'package-lock.json'), json(lock));
    return directory;
  }
  const rootEntry = { name: 'root', version: '1.0.0', dependencies: { a: '^1.0.0' } };

  it.each([
    ['a root-only lockfile', { packages: { '': rootEntry } }],
    ['packages: {}', { packages: {} }],
    ['packages: null', { packages: null }],
    ['an entry the root asks for is missing', { packages: { '': { ...rootEntry, dependencies: { a: '^1.0.0', b: '^1.0.0' } }, 'node_modules/a': { version: '1.0.0', license: 'MIT' } } }],
  ])('%s: lockfile-out-of-sync, never a pass', async (_case, body) => {
    const run = await scanJson(lockfileProject({ name: 'root', version: '1.0.0', lockfileVersion: 3, requires: true, ...body }, { a: '^1.0.0', b: '^1.0.0' }), '--lockfile-only');
    const report = reportOf(run);
    expect(run.code).toBe(1);
    expect(findingCodes(report)).toContain('lockfile-out-of-sync/missing-entry');
  });

  it('a locked version package.json does not accept: lockfile-out-of-sync', async () => {
    const lock = { name: 'root', version: '1.0.0', lockfileVersion: 3, packages: { '': rootEntry, 'node_modules/a': { version: '2.0.0', license: 'MIT' } } };
    const report = reportOf(await scanJson(lockfileProject(lock), '--lockfile-only'));
    expect(findingCodes(report)).toEqual(['lockfile-out-of-sync/spec-mismatch']);
  });

  it('packages as an array is refused in one line', async () => {
    const lock = { name: 'root', version: '1.0.0', lockfileVersion: 3, packages: [{ name: 'x' }] };
    expectInputError(await scanJson(lockfileProject(lock), '--lockfile-only'), /package-lock\.json: "packages" must be an object/);
  });

  it('a version that is an object gives a schema-valid report with a finding', async () => {
    const lock = { name: 'root', version: '1.0.0', lockfileVersion: 3, packages: { '': rootEntry, 'node_modules/a': { version: { x: 1 }, license: 'MIT' } } };
    const report = reportOf(await scanJson(lockfileProject(lock), '--lockfile-only'));
    expect(report.packages.map((pkg) => pkg.version)).toEqual([null]);
    expect(findingCodes(report)).toContain('unreadable-package/invalid-dependency');
  });
});

describe('scan --base over a crafted git tree', () => {
  it('a tree with ".." entries is refused in one line and nothing is written outside the temporary directory', () => {
    const repo = join(sandbox, 'repo');
    mkdirSync(repo);
    const git = (args: string[], input?: string): string => execFileSync('git', args, { cwd: repo, input, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
    git(['init', '-q']);
    const manifest = json({ name: 'root', version: '1.0.0', license: 'MIT' });
    const lock = json({ name: 'root', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'root', version: '1.0.0' } } });
    const blob = (text: string): string => git(['hash-object', '-w', '--stdin'], text);
    const escapeName = `licit-escape-${process.pid}-${Date.now()}`;
    const escapeTarget = join(tmpdir(), escapeName, 'package.json');
    // project/../../<escapeName>/package.json, as a tree git would never check out.
    const evil = git(['mktree'], `100644 blob ${blob('{"name":"pwned"}')}\tpackage.json\n`);
    const named = git(['mktree'], `040000 tree ${evil}\t${escapeName}\n`);
    const dotdot = git(['mktree', '--missing'], `040000 tree ${named}\t..\n`);
    const crafted = spawnSync('git', ['mktree', '--missing'], { cwd: repo, input: `100644 blob ${blob(manifest)}\tpackage.json\n100644 blob ${blob(lock)}\tpackage-lock.json\n040000 tree ${dotdot}\t..\n`, encoding: 'utf8' }).stdout.trim();
    const base = git(['commit-tree', crafted, '-m', 'base']);
    writeFileSync(join(repo, 'package.json'), manifest);
    writeFileSync(join(repo, 'package-lock.json'), lock);
    git(['add', 'package.json', 'package-lock.json']);
    const headTree = git(['write-tree']);
    const head = git(['commit-tree', headTree, '-p', base, '-m', 'head']);
    git(['reset', '-q', head]);

    const run = runLicit(['scan', repo, '--base', base, '--format', 'json']);
    expectInputError(run, /holds a path git would refuse to check out/);
    expect(existsSync(escapeTarget)).toBe(false);
  });
});

describe('text from the tree reaches terminals and Markdown inert', () => {
  const hostileLicense = 'MIT\u001b[2J\u001b[32mPASS: 0 errors\r\n# Injected [heading](https://evil.example/x) <img src=x>';

  it('the table escapes ESC, CR and LF in names, licenses and messages', () => {
    const directory = installedProject({ name: 'a', version: '1.0.0', license: hostileLicense });
    const run = runLicit(['scan', directory]);
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.stdout.includes('\u001b') || run.stdout.includes('\r')).toBe(false);
    expect(run.stdout).toContain('\\x1b[2J');
    expect(run.stdout.split('\n').some((line) => line.startsWith('# Injected'))).toBe(false);
  });

  it('scan --format markdown and the NOTICE file carry no heading, link or HTML from a package', () => {
    const directory = installedProject({ name: 'a', version: '1.0.0', license: hostileLicense });
    for (const args of [['scan', directory, '--format', 'markdown'], ['notice', directory, '--format', 'markdown']]) {
      const run = runLicit(args);
      expect(run.stderr).not.toMatch(/internal error/);
      expect(run.stdout.includes('\u001b') || run.stdout.includes('\r')).toBe(false);
      expect(run.stdout).not.toMatch(/^#+ Injected/m);
      expect(run.stdout).not.toMatch(/\]\(https?:/);
      expect(run.stdout).not.toContain('<img');
    }
  });
});

describe('outputs of one run', () => {
  it('two --out to one file is a usage error, and nothing is written', () => {
    const directory = installedProject();
    const target = join(sandbox, 'report.out');
    expectInputError(runLicit(['scan', directory, '--out', `json=${target}`, '--out', `sarif=${target}`]), /both write .*report\.out/);
    expect(existsSync(target)).toBe(false);
  });

  it('when one output cannot be written, none is', () => {
    const directory = installedProject();
    const first = join(sandbox, 'first.json');
    const blocked = join(sandbox, 'a-file');
    writeFileSync(blocked, '');
    const run = runLicit(['scan', directory, '--format', 'json', '-o', first, '--out', `sarif=${join(blocked, 'report.sarif')}`]);
    expectInputError(run, /cannot write .*report\.sarif/);
    expect(existsSync(first)).toBe(false);
  });

  it('--cache pointing at a file is one line, exit 2', () => {
    const directory = installedProject();
    const file = join(sandbox, 'cache-file');
    writeFileSync(file, '');
    expectInputError(runLicit(['scan', directory, '--online', '--cache', file]), /--cache .*cache-file.* is not a directory/);
  });

  it('a full disk is one line, exit 2, not an internal error', () => {
    if (!existsSync('/dev/full')) return;
    const directory = installedProject();
    expectInputError(runLicit(['scan', directory, '--format', 'json', '-o', '/dev/full']), /cannot write \/dev\/full: no space left/);
  });
});

describe('trees other package managers installed', () => {
  it.each([
    ['pnpm', ['node_modules/.modules.yaml', 'node_modules/.pnpm/a@1.0.0/node_modules/a/package.json'], /installed by pnpm \(found node_modules\/\.modules\.yaml\)/],
    ['Yarn berry (node-modules linker)', ['node_modules/.yarn-state.yml'], /installed by Yarn \(found node_modules\/\.yarn-state\.yml\)/],
    ["Yarn Plug'n'Play", ['.pnp.cjs'], /installed by Yarn \(Plug'n'Play\)/],
    // A bun.lock beside a tree npm did not install goes to Bun's reader, which refuses an unreadable one.
    ['Bun', ['bun.lock'], /bun\.lock is not valid JSONC/],
  ])('%s: refused in one line naming what was seen, not read as npm', async (_manager, marks, pattern) => {
    const directory = installedProject();
    for (const mark of marks) {
      mkdirSync(join(directory, mark, '..'), { recursive: true });
      writeFileSync(join(directory, mark), mark.endsWith('.json') ? json({ name: 'a', version: '1.0.0', license: 'MIT' }) : '');
    }
    expectInputError(await scanJson(directory), pattern);
  });

  it('pnpm-installed, with a package-lock.json: --lockfile-only reads the npm lockfile', async () => {
    const directory = installedProject();
    writeFileSync(join(directory, 'node_modules', '.modules.yaml'), '');
    const lock = { name: 'root', version: '1.0.0', lockfileVersion: 3, packages: { '': { name: 'root', version: '1.0.0', dependencies: { a: '1.0.0' } }, 'node_modules/a': { version: '1.0.0', license: 'MIT' } } };
    writeFileSync(join(directory, 'package-lock.json'), json(lock));
    expectInputError(await scanJson(directory), /installed by pnpm .*scan with --lockfile-only to read package-lock\.json alone/);
    const report = reportOf(await scanJson(directory, '--lockfile-only'));
    expect(report.packages.map((pkg) => `${pkg.name}:${pkg.license.expression}`)).toEqual(['a:MIT']);
  });
});
