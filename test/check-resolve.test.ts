// `licit check` in-process against the loopback fixture registry: resolution, diff, verdicts.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LicitInputError, type CheckReport } from '../src/model/index.js';
import { checkFails, type FailOn } from '../src/pipeline/index.js';
import { renderCheck, verdictLine } from '../src/report/check.js';
import { checkInProcess, type CheckFlags } from './helpers/scan-in-process.js';
import { CHECK_FIXTURES, CheckRegistry, PRIVATE_TOKEN } from './helpers/check-registry.js';

const registry = new CheckRegistry();
let sandbox = '';
let cache = '';
const savedEnv = { ...process.env };

beforeAll(async () => {
  await registry.start();
});
afterAll(async () => {
  await registry.stop();
  process.env = savedEnv;
});

beforeEach(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'licit-check-'));
  cache = join(sandbox, 'cache');
  const home = join(sandbox, 'home');
  mkdirSync(home);
  // Neither the machine's npm config nor the npm that started vitest may leak in.
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(savedEnv)) if (!/^npm_config_/i.test(key)) env[key] = value;
  process.env = { ...env, HOME: home, NPM_CONFIG_USERCONFIG: join(home, '.npmrc'), NPM_CONFIG_GLOBALCONFIG: join(sandbox, 'global-npmrc') };
  delete process.env.XDG_CACHE_HOME;
  registry.requests.length = 0;
});
afterEach(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

function npmrc(directory: string, { token = true, extra = [] }: { token?: boolean; extra?: string[] } = {}): void {
  const host = registry.url.replace(/^http:/, '');
  const lines = [`registry=${registry.url}`, `@fx-chk-private:registry=${registry.url}private/`, 'noproxy=127.0.0.1', ...extra];
  if (token) lines.push(`${host}private/:_authToken=${PRIVATE_TOKEN}`);
  writeFileSync(join(directory, '.npmrc'), `${lines.join('\n')}\n`);
}

/** A copy of fixtures/check/projects/<name> with an .npmrc naming the loopback registry. */
function project(name: string): string {
  const directory = join(sandbox, name);
  cpSync(join(CHECK_FIXTURES, 'projects', name), directory, { recursive: true });
  npmrc(directory);
  return directory;
}

/** A folder that is not a project, with the registry in the user's ~/.npmrc. */
function outside(): string {
  const directory = join(sandbox, 'elsewhere');
  mkdirSync(directory);
  npmrc(process.env.HOME!);
  return directory;
}

const flags = (overrides: CheckFlags & { format?: string } = {}): CheckFlags => ({ text: true, cache, ...overrides });
const runCheck = checkInProcess;
const checkExitCode = (report: CheckReport, failOn: FailOn): number => (checkFails(report, failOn) ? 1 : 0);

const refs = (report: CheckReport): string[] => report.diff.added.map((entry) => entry.ref);
const errorsOf = (report: CheckReport) => report.diff.findingsAdded.filter((finding) => finding.severity === 'error');

describe('licit check in a project', () => {
  it('blocks a package whose transitive tree holds AGPL under the distributed policy, naming the chain', async () => {
    const report = await runCheck(['fx-chk-app@^1'], flags({ project: project('distributed') }));
    expect(report.additions).toEqual([{ spec: 'fx-chk-app@^1', name: 'fx-chk-app', ref: 'fx-chk-app@1.0.0' }]);
    expect(refs(report)).toEqual(['fx-chk-agpl@1.0.0', 'fx-chk-app@1.0.0', 'fx-chk-mid@1.0.0']);
    // fx-chk-util is already in the project at 1.0.0: reused, not new, and not upgraded to 1.2.0.
    expect(report.diff.reused).toEqual(['fx-chk-util@1.0.0']);
    expect(report.diff.newLicenses.map((entry) => entry.license)).toEqual(['AGPL-3.0-only', 'MIT']);
    expect(report.diff.verdict.status).toBe('blocked');
    const reason = errorsOf(report)[0]!;
    expect(reason).toMatchObject({ package: 'fx-chk-agpl@1.0.0', license: 'AGPL-3.0-only' });
    expect(reason.via).toEqual(['fx-chk-host-distributed', 'fx-chk-app', 'fx-chk-mid', 'fx-chk-agpl']);
    expect(verdictLine(report)).toBe('blocked: AGPL-3.0-only via fx-chk-app > fx-chk-mid > fx-chk-agpl');
  });

  it('blocks AGPL under the saas policy too: network use triggers it', async () => {
    const report = await runCheck(['fx-chk-app'], flags({ project: project('saas') }));
    expect(report.policy).toMatchObject({ preset: 'saas', distribution: 'saas' });
    expect(report.diff.verdict.status).toBe('blocked');
    expect(errorsOf(report).map((finding) => [finding.package, finding.license])).toContainEqual(['fx-chk-agpl@1.0.0', 'AGPL-3.0-only']);
  });

  it('blocks a GPL-3.0 deep dependency under distributed and passes it under saas, saying why', async () => {
    const distributed = await runCheck(['fx-chk-gplapp'], flags({ project: project('distributed') }));
    expect(distributed.diff.verdict.status).toBe('blocked');
    expect(verdictLine(distributed)).toBe('blocked: GPL-3.0-or-later via fx-chk-gplapp > fx-chk-gplmid > fx-chk-gpl');

    const saas = await runCheck(['fx-chk-gplapp'], flags({ project: project('saas') }));
    expect(saas.diff.verdict.status).toBe('ok');
    expect(errorsOf(saas)).toEqual([]);
    expect(saas.diff.newLicenses).toContainEqual({ license: 'GPL-3.0-or-later', category: 'strong-copyleft', packages: ['fx-chk-gpl@2.0.0'] });
    const text = renderCheck('table', saas);
    expect(text).toMatch(/^OK to add$/m);
    expect(text).toMatch(/^ {2}no new error under the saas policy.*new licenses GPL-3\.0-or-later \(strong-copyleft\).* are allowed there$/m);
  });

  it('passes a permissive package and lists the obligations it brings that the project lacks', async () => {
    const report = await runCheck(['fx-chk-ok'], flags({ project: project('distributed') }));
    // dist-tags.latest is 1.1.0 (not the 2.0.0 prerelease, not the deprecated 1.0.0).
    expect(report.additions.map((addition) => addition.ref)).toEqual(['fx-chk-ok@1.1.0']);
    expect(refs(report)).toEqual(['fx-chk-bsd@1.0.0', 'fx-chk-ok@1.1.0']);
    expect(report.diff.verdict.status).toBe('ok');
    expect(report.diff.newLicenses.map((entry) => entry.license)).toEqual(['BSD-3-Clause', 'MIT']);
    const licensesWithNewObligations = new Set(report.diff.obligationsAdded.map((obligation) => obligation.license));
    expect(licensesWithNewObligations.has('ISC')).toBe(false); // the project already owes ISC's
    expect(report.deprecated).toEqual([]);
  });

  it('resolves dist-tags and reports a deprecated version', async () => {
    const next = await runCheck(['fx-chk-ok@next'], flags({ project: project('distributed') }));
    expect(next.additions[0]?.ref).toBe('fx-chk-ok@2.0.0-beta.1');
    const old = await runCheck(['fx-chk-ok@1.0.0'], flags({ project: project('distributed') }));
    expect(old.deprecated).toEqual([{ ref: 'fx-chk-ok@1.0.0', message: 'fx-chk-ok@1.0.0 is old: use 1.1.0' }]);
  });

  it('brings nothing new but a version when the project already has the package', async () => {
    // As `npm install fx-chk-util@^1` would, the explicit request takes the newest match.
    const report = await runCheck(['fx-chk-util@^1'], flags({ project: project('distributed') }));
    expect(report.additions.map((addition) => addition.ref)).toEqual(['fx-chk-util@1.2.0']);
    expect(report.diff).toMatchObject({ newLicenses: [], obligationsAdded: [], findingsAdded: [], verdict: { status: 'ok' } });
    const exact = await runCheck(['fx-chk-util@1.0.0'], flags({ project: project('distributed') }));
    expect(exact.diff).toMatchObject({ added: [], reused: ['fx-chk-util@1.0.0'], verdict: { status: 'ok' } });
  });

  it('does not touch the project', async () => {
    const directory = project('distributed');
    const before = readdirSync(directory).sort();
    await runCheck(['fx-chk-ok'], flags({ project: directory }));
    expect(readdirSync(directory).sort()).toEqual(before);
  });
});

describe('licit check outside a project', () => {
  it('uses the default policy and the registry from the user\'s .npmrc, for scoped packages too', async () => {
    process.chdir(outside());
    const report = await runCheck(['@fx-chk/scoped@1'], flags());
    expect(report.project).toBeNull();
    expect(report.policy).toMatchObject({ preset: 'distributed', source: null });
    expect(refs(report)).toEqual(['@fx-chk/scoped@1.0.0', 'fx-chk-util@1.2.0']);
    expect(report.diff.verdict.status).toBe('ok');
  });

  it('checks several specs at once, an npm: alias among them', async () => {
    process.chdir(outside());
    const report = await runCheck(['fx-chk-bsd', 'my-util@npm:fx-chk-util@1.0.0'], flags());
    expect(report.additions.map((addition) => addition.ref).sort()).toEqual(['fx-chk-bsd@1.0.0', 'fx-chk-util@1.0.0']);
  });

  it('checks a folder and a tarball on disk', async () => {
    process.chdir(outside());
    const folder = await runCheck([join(CHECK_FIXTURES, 'local', 'fx-chk-local')], flags());
    expect(folder.additions.map((addition) => addition.ref)).toEqual(['fx-chk-local@0.1.0']);
    expect(refs(folder)).toEqual(['fx-chk-local@0.1.0', 'fx-chk-util@1.2.0']);

    const tarball = join(sandbox, 'fx-chk-gpl-2.0.0.tgz');
    writeFileSync(tarball, registry.tarballOf('fx-chk-gpl', '2.0.0'));
    const packed = await runCheck([tarball], flags());
    expect(packed.additions.map((addition) => addition.ref)).toEqual(['fx-chk-gpl@2.0.0']);
    expect(packed.components[0]?.license.expression).toBe('GPL-3.0-or-later');

    const remote = await runCheck([`${registry.url}fx-chk-bsd/-/fx-chk-bsd-1.0.0.tgz`], flags());
    expect(remote.additions.map((addition) => addition.ref)).toEqual(['fx-chk-bsd@1.0.0']);
    expect(remote.components[0]?.license.expression).toBe('BSD-3-Clause');
  });

  it('fetches a private scope with the token from .npmrc', async () => {
    process.chdir(outside());
    const report = await runCheck(['@fx-chk-private/secret'], flags());
    expect(refs(report)).toEqual(['@fx-chk-private/secret@1.0.0']);
    const privateRequests = registry.requests.filter((request) => request.path.startsWith('/private/'));
    expect(privateRequests.length).toBeGreaterThan(0);
    expect(privateRequests.every((request) => request.authorization === `Bearer ${PRIVATE_TOKEN}`)).toBe(true);
  });
});

describe('licit check --deep', () => {
  it('reads license files from tarballs: the text behind MIT metadata is AGPL', async () => {
    process.chdir(outside());
    const shallow = await runCheck(['fx-chk-liar'], flags());
    expect(shallow.diff.verdict.status).toBe('ok');
    expect(registry.requests.some((request) => request.path.endsWith('.tgz'))).toBe(false);

    const deep = await runCheck(['fx-chk-liar'], flags({ deep: true }));
    const liar = deep.components.find((component) => component.name === 'fx-chk-liar')!;
    expect(liar.license.files).toEqual([expect.objectContaining({ path: 'LICENSE', expression: 'AGPL-3.0-only' })]);
    // Metadata and text disagree: both are kept, the stricter reading is concluded, and it blocks.
    expect(liar.license).toMatchObject({ declared: 'MIT', expression: 'AGPL-3.0-only', source: 'metadata+file' });
    expect(deep.diff.verdict.status).toBe('blocked');
  });

  it('caches tarballs between runs', async () => {
    process.chdir(outside());
    await runCheck(['fx-chk-ok'], flags({ deep: true }));
    const tarballs = registry.requests.filter((request) => request.path.endsWith('.tgz')).length;
    expect(tarballs).toBe(3); // fx-chk-ok, fx-chk-util, fx-chk-bsd
    registry.requests.length = 0;
    const again = await runCheck(['fx-chk-ok'], flags({ deep: true }));
    expect(registry.requests.filter((request) => request.path.endsWith('.tgz'))).toEqual([]);
    expect(again.components.find((component) => component.name === 'fx-chk-ok')?.license.files[0]).toMatchObject({ path: 'LICENSE', expression: 'MIT' });
  });

  it('reads a SEE LICENSE IN file from the tarball even without --deep', async () => {
    process.chdir(outside());
    const report = await runCheck(['fx-chk-eula'], flags());
    const eula = report.components.find((component) => component.name === 'fx-chk-eula')!;
    expect(eula.license.files.map((file) => file.path)).toContain('EULA.txt');
    expect(report.diff.verdict.status).toBe('blocked');
  });
});

describe('licit check failures: one line each', () => {
  const failure = async (run: Promise<unknown>): Promise<LicitInputError> => {
    const error = await run.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LicitInputError);
    expect((error as Error).message).not.toContain('\n');
    return error as LicitInputError;
  };

  it('a package the registry does not have', async () => {
    process.chdir(outside());
    const error = await failure(runCheck(['fx-chk-nope'], flags()));
    expect(error.code).toBe('registry-not-found');
    expect(error.message).toContain('fx-chk-nope');
  });

  it('a version no release matches', async () => {
    process.chdir(outside());
    expect((await failure(runCheck(['fx-chk-ok@^9'], flags()))).code).toBe('no-matching-version');
  });

  it('a private package without a token', async () => {
    const directory = outside();
    npmrc(process.env.HOME!, { token: false });
    process.chdir(directory);
    const error = await failure(runCheck(['@fx-chk-private/secret'], flags()));
    expect(error.code).toBe('registry-auth');
    expect(error.message).toMatch(/refused it \(HTTP 401\)/);
    expect(error.message).not.toContain(PRIVATE_TOKEN);
  });

  it('an unreachable registry', async () => {
    const directory = outside();
    npmrc(process.env.HOME!, { extra: ['registry=http://127.0.0.1:9/', 'fetch-retries=0'] });
    process.chdir(directory);
    expect((await failure(runCheck(['fx-chk-ok'], flags()))).code).toBe('registry-unreachable');
  });

  it('--offline answers from the cache and names what it lacks', async () => {
    process.chdir(outside());
    await runCheck(['fx-chk-ok'], flags());
    registry.requests.length = 0;
    const cached = await runCheck(['fx-chk-ok'], flags({ offline: true }));
    expect(refs(cached)).toEqual(['fx-chk-bsd@1.0.0', 'fx-chk-ok@1.1.0', 'fx-chk-util@1.2.0']);
    expect(registry.requests).toEqual([]);
    const error = await failure(runCheck(['fx-chk-gplapp'], flags({ offline: true })));
    expect(error.code).toBe('offline-miss');
    expect(error.message).toContain('fx-chk-gplapp');
    expect(registry.requests).toEqual([]);
  });
});

describe('licit check: exit codes and formats (the CLI prints these: check-cli.test.ts)', () => {
  it('exits 0 for a GPL-3.0 deep dependency under saas and 1 under distributed', async () => {
    const saas = await runCheck(['fx-chk-gplapp'], flags({ project: project('saas') }));
    expect(checkExitCode(saas, 'error')).toBe(0);
    expect(renderCheck('table', saas)).toMatch(/^OK to add$/m);
    const distributed = await runCheck(['fx-chk-gplapp'], flags({ project: project('distributed') }));
    expect(checkExitCode(distributed, 'error')).toBe(1);
    expect(checkExitCode(distributed, 'never')).toBe(0);
    expect(renderCheck('table', distributed)).toMatch(/^blocked: GPL-3\.0-or-later via fx-chk-gplapp > fx-chk-gplmid > fx-chk-gpl$/m);
  });

  it('writes JSON and Markdown', async () => {
    const directory = project('distributed');
    const blocked = await runCheck(['fx-chk-app'], flags({ project: directory, format: 'json' }));
    expect(checkExitCode(blocked, 'error')).toBe(1);
    const report = JSON.parse(renderCheck('json', blocked)) as { verdict: { status: string; reasons: { package: string; via: string[] }[] }; packages: { name: string }[] };
    expect(report.verdict.status).toBe('blocked');
    expect(report.verdict.reasons[0]).toMatchObject({ package: 'fx-chk-agpl@1.0.0', via: ['fx-chk-host-distributed', 'fx-chk-app', 'fx-chk-mid', 'fx-chk-agpl'] });
    expect(report.packages.map((entry) => entry.name)).toEqual(['fx-chk-agpl', 'fx-chk-app', 'fx-chk-mid']);

    const ok = await runCheck(['fx-chk-ok'], flags({ project: directory, format: 'markdown' }));
    expect(checkExitCode(ok, 'error')).toBe(0);
    const markdown = renderCheck('markdown', ok);
    expect(markdown).toMatch(/^### ✅ licit check: OK to add$/m);
    expect(markdown).toContain('| `fx-chk-bsd@1.0.0` | BSD-3-Clause | permissive |');
  });
});
