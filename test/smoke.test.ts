// The shipped product, end to end: every command and every lazily loaded chunk of dist/ driven through
// bin/licit.js, each run checked for what it must say (not only its exit code). The scan's outputs are
// compared byte for byte with what the sources render in this process: the bundle is the code under test.
// Each run records, through NODE_V8_COVERAGE, the scripts it loaded; the last test checks that together
// they loaded every file of dist/, so a chunk no test reaches (as the yaml chunk once was) fails here.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseJsonc } from 'jsonc-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPORT_FORMATS } from '../src/pipeline/index.js';
import { CheckRegistry } from './helpers/check-registry.js';
import { byName, copyFixture, fixture, parseReport, repoRoot, runLicit, type CliRun } from './helpers/cli.js';
import { runLicitAsync } from './helpers/cli-async.js';
import { pullRequestRepository, removeRepositories, writeLockfileProject } from './helpers/git-project.js';
import { scanInProcess } from './helpers/scan-in-process.js';
import { validateConfig, validateCycloneDx, validateSarif, validateSpdx } from './helpers/schemas.js';

const SOURCE_DATE_EPOCH = '1700000000';
const scratch = mkdtempSync(join(tmpdir(), 'licit-smoke-'));
const coverage = join(scratch, 'coverage');
const registry = new CheckRegistry();
// A home of its own: the machine's ~/.npmrc and cache stay out of it.
const home = join(scratch, 'home');
const env = {
  NODE_V8_COVERAGE: coverage,
  HOME: home,
  XDG_CACHE_HOME: join(scratch, 'cache'),
  NPM_CONFIG_USERCONFIG: join(home, '.npmrc'),
  NPM_CONFIG_GLOBALCONFIG: join(scratch, 'global-npmrc'),
};

const licit = (args: string[], cwd?: string): CliRun => runLicit(args, { env, ...(cwd ? { cwd } : {}) });
const licitAsync = (args: string[], cwd?: string): Promise<CliRun> => runLicitAsync(args, { env, ...(cwd ? { cwd } : {}) });

/** An installed npm tree (walk/basic) shipping four models: a card, a card beside its license text, a GGUF and a safetensors file. */
function projectWithModels(): string {
  const dir = copyFixture('walk/basic');
  cpSync(fixture('models/card-llama2'), join(dir, 'models', 'llama-chat'), { recursive: true });
  cpSync(fixture('models/falcon-license-text'), join(dir, 'models', 'falcon'), { recursive: true });
  mkdirSync(join(dir, 'models', 'qwen'));
  cpSync(fixture('models/gguf-qwen/qwen2.5-72b-instruct-tiny.gguf'), join(dir, 'models', 'qwen', 'qwen.gguf'));
  mkdirSync(join(dir, 'models', 'sdxl'));
  cpSync(fixture('models/safetensors-sdxl/sdxl-tiny.safetensors'), join(dir, 'models', 'sdxl', 'sdxl.safetensors'));
  return dir;
}

/** A project whose .npmrc points at the loopback registry. */
function withRegistry(dir: string): string {
  writeFileSync(join(dir, '.npmrc'), `registry=${registry.url}\nnoproxy=127.0.0.1\nfetch-retries=0\n`);
  return dir;
}

let project = '';
beforeAll(async () => {
  process.env.SOURCE_DATE_EPOCH = SOURCE_DATE_EPOCH;
  mkdirSync(home);
  project = projectWithModels();
  await registry.start();
});
afterAll(async () => {
  await registry.stop();
  removeRepositories();
  rmSync(scratch, { recursive: true, force: true });
});

describe('scan, through bin/licit.js', () => {
  const outputs = new Map<string, string>();
  let run: CliRun;
  beforeAll(() => {
    const out = join(scratch, 'outputs');
    mkdirSync(out);
    const [first, ...others] = REPORT_FORMATS;
    run = licit(['scan', project, '--format', first, '-o', join(out, first), ...others.flatMap((format) => ['--out', `${format}=${join(out, format)}`])]);
    for (const format of REPORT_FORMATS) outputs.set(format, readFileSync(join(out, format), 'utf8'));
  });

  test('fails closed on the Falcon model alone: its commercial use needs TII permission and the use is not stated (exit 1, the verdict on stderr)', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^licit: FAIL — 1 error, 3 warnings/m);
  });

  test('reads each model: a card yields its model with its license, so do a license text, a GGUF and a safetensors file', () => {
    const report = parseReport(outputs.get('json')!);
    const models = report.packages.filter((entry) => entry.kind === 'model').map((entry) => `${entry.name} ${entry.license.expression} ${entry.paths.join(',')}`);
    expect(models).toEqual([
      'Qwen2.5 72B Instruct LicenseRef-scancode-qwen-2024 models/qwen/qwen.gguf',
      'Stable Diffusion XL 1.0 base LicenseRef-licit-creativeml-openrail-plus-plus-m models/sdxl/sdxl.safetensors',
      'models/falcon LicenseRef-licit-falcon-llm-1.0 models/falcon/LICENSE.txt,models/falcon/README.md',
      'models/llama-chat LicenseRef-scancode-llama-2-license-2023 models/llama-chat/README.md',
    ]);
    expect(byName(report, 'models/llama-chat').license.declared).toBe('llama2');
    expect(report.findings.map((finding) => `${finding.rule}/${finding.code} ${finding.package}`)).toEqual([
      'model-context-needed/commercial-use-needed models/falcon',
      'model-context-needed/facts-needed Qwen2.5 72B Instruct',
      // OpenRAIL++-M counts models trained on SDXL's outputs as derivatives: the context does not say whether they are.
      'model-context-needed/facts-needed Stable Diffusion XL 1.0 base',
      'model-context-needed/facts-needed models/llama-chat',
    ]);
    expect(report.summary).toMatchObject({ packages: 11, errors: 1, warnings: 3 });
  });

  test('every format validates against its schema', () => {
    expect(validateSarif(JSON.parse(outputs.get('sarif')!))).toEqual([]);
    expect(validateCycloneDx(JSON.parse(outputs.get('cyclonedx')!))).toEqual([]);
    expect(validateSpdx(JSON.parse(outputs.get('spdx')!))).toEqual([]);
    expect(outputs.get('table')).toMatch(/^permissive \(11\)$/m);
    expect(outputs.get('markdown')).toContain('models/llama-chat');
  });

  test('every format is byte-identical to what the sources render', async () => {
    const sources = await scanInProcess(project);
    for (const format of REPORT_FORMATS) expect(outputs.get(format), format).toBe(await sources.render(format));
  });

  test('sbom writes both SBOMs, the models as machine-learning-model components', () => {
    const out = join(scratch, 'sbom.spdx.json');
    const sbom = licit(['sbom', project, '--format', 'cyclonedx', '--out', `spdx=${out}`]);
    expect(sbom.code).toBe(0);
    const bom = JSON.parse(sbom.stdout) as { components: { type: string; name: string }[] };
    expect(validateCycloneDx(bom)).toEqual([]);
    expect(bom.components.filter((component) => component.type === 'machine-learning-model').map((component) => component.name).sort()).toEqual([
      'Qwen2.5 72B Instruct',
      'Stable Diffusion XL 1.0 base',
      'models/falcon',
      'models/llama-chat',
    ]);
    expect(validateSpdx(JSON.parse(readFileSync(out, 'utf8')))).toEqual([]);
  });

  test('--online fetches the license a lockfile lacks from the registry', async () => {
    const dir = join(scratch, 'online');
    writeLockfileProject(dir, { name: 'fx-smoke-online', dependencies: { 'fx-chk-util': '^1.0.0' }, packages: { 'node_modules/fx-chk-util': { version: '1.0.0' } } });
    withRegistry(dir);
    const offline = (await scanInProcess(dir, { lockfileOnly: true })).report;
    expect(offline.findings.map((finding) => finding.rule)).toContain('license-not-in-lockfile');
    const online = await licitAsync(['scan', dir, '--lockfile-only', '--online', '--format', 'json', '--cache', join(scratch, 'online-cache')]);
    expect(online.code).toBe(0);
    const report = parseReport(online.stdout);
    expect(byName(report, 'fx-chk-util').license.expression).toBe('ISC');
    expect(report.findings).toEqual([]);
    expect(registry.requests.map((request) => request.path)).toContain('/fx-chk-util');
  });

  test('--base reports what a pull request adds', () => {
    const repository = pullRequestRepository();
    const run = licit(['scan', repository.directory, '--base', 'main', '--lockfile-only', '--format', 'json']);
    expect(run.code).toBe(1);
    const diff = (parseReport(run.stdout) as unknown as { diff: { added: { name: string }[] } }).diff;
    expect(diff.added.map((entry) => entry.name)).toEqual(['fx-gpl', 'fx-new-nolic']);
  });
});

describe('the other commands, through bin/licit.js', () => {
  // Without --deep, the MIT metadata alone passes it (check-resolve.test.ts); check's exit codes: check-cli.test.ts.
  test('check --deep reads the AGPL text behind MIT metadata in the tarball and blocks it', async () => {
    const dir = withRegistry(copyFixture('check/projects/distributed'));
    const deep = await licitAsync(['check', 'fx-chk-liar', '--deep', '--format', 'json', '--cache', join(scratch, 'check-cache')], dir);
    expect(deep.code).toBe(1);
    const report = JSON.parse(deep.stdout) as { verdict: { status: string }; packages: { name: string; license: { expression: string } }[] };
    expect(report.verdict.status).toBe('blocked');
    expect(report.packages.find((entry) => entry.name === 'fx-chk-liar')?.license.expression).toBe('AGPL-3.0-only');
  });

  test('an installed pnpm workspace and a Yarn 1 lockfile are read by their own readers', () => {
    const pnpm = parseReport(licit(['scan', fixture('pnpm/workspace-installed'), '--format', 'json', '--no-models']).stdout);
    expect(pnpm.packages.find((entry) => entry.name === 'semver')?.license.expression).toBe('ISC');
    expect(pnpm.packages).toHaveLength(13);
    const yarn = licit(['scan', fixture('yarn/classic-lockfile'), '--lockfile-only', '--format', 'json', '--no-models']);
    expect(parseReport(yarn.stdout).packages).toHaveLength(11);
  });

  test('Yarn berry (Plug\'n\'Play zips and its lockfile) and Bun (installed and its lockfile) are read by their own readers', () => {
    const pnp = parseReport(licit(['scan', fixture('yarn/berry-pnp'), '--format', 'json', '--no-models']).stdout);
    expect(pnp.packages.find((entry) => entry.name === 'semver')?.license.expression).toBe('ISC');
    expect(parseReport(licit(['scan', fixture('yarn/berry-node-modules'), '--lockfile-only', '--format', 'json', '--no-models']).stdout).packages).toHaveLength(7);
    const bun = parseReport(licit(['scan', fixture('bun/workspace-installed'), '--format', 'json', '--no-models']).stdout);
    expect(bun.packages.find((entry) => entry.name === 'semver')?.license.expression).toBe('ISC');
    expect(bun.packages).toHaveLength(8);
  });

  test('identify names the license in each file', () => {
    const run = licit(['identify', join(project, 'models', 'falcon', 'LICENSE.txt'), fixture('check/packages/fx-chk-liar/1.0.0/LICENSE'), '--format', 'json']);
    expect(run.code).toBe(0);
    const files = JSON.parse(run.stdout) as { expression: string; confidence: number }[];
    expect(files.map((file) => file.expression)).toEqual(['LicenseRef-licit-falcon-llm-1.0', 'AGPL-3.0-only']);
  });

  test('notice writes the license texts of the production dependencies', () => {
    const run = licit(['notice', project]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# Third-party notices$/m);
    expect(run.stdout).toContain('`fx-a`');
    expect(run.stdout).toContain('Permission is hereby granted, free of charge');
  });

  test('audit writes its six deliverables for a mixed codebase and fails on the GPL-headed file', () => {
    const output = join(scratch, 'audit-out');
    const run = licit(['audit', fixture('audit/mixed'), '-o', output]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^licit: FAIL/);
    const report = parseReport(readFileSync(join(output, 'report.json'), 'utf8'));
    expect(report.findings.find((finding) => finding.package === 'file:src/frob.c')?.rule).toBe('incompatible-with-project');
    expect(validateCycloneDx(JSON.parse(readFileSync(join(output, 'sbom.cdx.json'), 'utf8')))).toEqual([]);
  });

  test('explain describes an expression', () => {
    const run = licit(['explain', 'GPL-2.0-only WITH Classpath-exception-2.0', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ expression: 'GPL-2.0-only WITH Classpath-exception-2.0', category: 'weak-copyleft' });
  });

  test('init writes a starter config that validates against the config schema, and the scan applies it', async () => {
    const dir = copyFixture('policy/agpl3-transitive');
    expect((await scanInProcess(dir)).code).toBe(1);
    const run = licit(['init', dir, '--preset', 'internal']);
    expect(run.code).toBe(0);
    const config = parseJsonc(readFileSync(join(dir, 'licit.config.json'), 'utf8')) as Record<string, unknown>;
    expect(config.extends).toBe('internal');
    expect(validateConfig(config)).toEqual([]);
    expect((await scanInProcess(dir)).code).toBe(0);
  });
});

describe('the bin itself', () => {
  // Without --debug, the same error is one line (cli-scan.test.ts).
  test('--debug traces name src/ files and lines (source maps)', () => {
    const debug = licit(['scan', 'no/such/dir', '--debug']);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^\s+at .*[/\\]src[/\\]walk[/\\]project\.ts:\d+:\d+\)$/m);
    expect(debug.stderr).toMatch(/^\s+at .*[/\\]src[/\\]cli[/\\]scan-command\.ts:\d+:\d+\)$/m);
    expect(debug.stderr).not.toMatch(/dist[/\\]chunks/);
  });

  test('with no dist/, one line saying how to build, exit 2', () => {
    const copy = join(scratch, 'unbuilt');
    mkdirSync(join(copy, 'bin'), { recursive: true });
    cpSync(join(repoRoot, 'bin', 'licit.js'), join(copy, 'bin', 'licit.js'));
    const run = runLicitAsync(['scan'], { bin: join(copy, 'bin', 'licit.js') });
    return run.then(({ code, stdout, stderr }) => {
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^licit: .*unbuilt\/dist\/ is not built: run `npm run build`/);
    });
  });

  test('the runs above loaded every file of dist/', () => {
    const loaded = new Set<string>();
    for (const file of readdirSync(coverage)) {
      const { result } = JSON.parse(readFileSync(join(coverage, file), 'utf8')) as { result: { url: string }[] };
      for (const { url } of result) if (url.startsWith('file:')) loaded.add(fileURLToPath(url));
    }
    const dist = join(repoRoot, 'dist');
    const shipped = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.js') && file !== 'build-index.js')
      .map((file) => join(dist, file));
    expect(shipped.length).toBeGreaterThan(20);
    expect(shipped.filter((file) => !loaded.has(file))).toEqual([]);
  });
});
