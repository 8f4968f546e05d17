// `licit check` as a user runs it: the built CLI, exit codes, --fail-on, one-line errors. The verdicts,
// formats and messages themselves are checked in-process (check-resolve.test.ts).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_FIXTURES, CheckRegistry, PRIVATE_TOKEN } from './helpers/check-registry.js';
import { runLicitAsync } from './helpers/cli-async.js';

const registry = new CheckRegistry();
let sandbox = '';
let env: Record<string, string> = {};

beforeAll(async () => {
  await registry.start();
});
afterAll(async () => {
  await registry.stop();
});
beforeEach(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'licit-check-cli-'));
  const home = join(sandbox, 'home');
  mkdirSync(home);
  env = { HOME: home, XDG_CACHE_HOME: join(sandbox, 'cache'), NPM_CONFIG_USERCONFIG: join(home, '.npmrc'), NPM_CONFIG_GLOBALCONFIG: join(sandbox, 'global-npmrc') };
});
afterEach(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

function project(name: string, { token = true }: { token?: boolean } = {}): string {
  const directory = join(sandbox, name);
  cpSync(join(CHECK_FIXTURES, 'projects', name), directory, { recursive: true });
  const host = registry.url.replace(/^http:/, '');
  const lines = [`registry=${registry.url}`, `@fx-chk-private:registry=${registry.url}private/`, 'noproxy=127.0.0.1', 'fetch-retries=0'];
  if (token) lines.push(`${host}private/:_authToken=${PRIVATE_TOKEN}`);
  writeFileSync(join(directory, '.npmrc'), `${lines.join('\n')}\n`);
  return directory;
}

const check = (args: string[], cwd: string) => runLicitAsync(['check', ...args], { cwd, env });

describe('licit check (CLI)', () => {
  it('exits 1 and names the chain for an AGPL package deep in the tree, in a distributed project', async () => {
    const run = await check(['fx-chk-app@^1'], project('distributed'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^blocked: AGPL-3\.0-only via fx-chk-app > fx-chk-mid > fx-chk-agpl$/m);
    expect(run.stderr).toBe('');
  });

  it('points at the other new errors where they are: above the verdict in the text, below it in Markdown', async () => {
    const directory = project('distributed');
    const text = await check(['fx-chk-app', 'fx-chk-gplapp'], directory);
    expect(text.code).toBe(1);
    const findings = text.stdout.indexOf('new findings (');
    const pointer = text.stdout.indexOf('1 more new error above, under new findings');
    expect(findings).toBeGreaterThan(-1);
    expect(pointer).toBeGreaterThan(findings);
    const markdown = (await check(['fx-chk-app', 'fx-chk-gplapp', '--format', 'markdown'], directory)).stdout;
    const below = markdown.indexOf('1 more new error below, under new findings');
    expect(below).toBeGreaterThan(-1);
    expect(below).toBeLessThan(markdown.indexOf('**New findings ('));
  });

  it('--fail-on never exits 0 even when blocked', async () => {
    const run = await check(['fx-chk-app', '--fail-on', 'never'], project('distributed'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^blocked: /m);
  });

  it.each([
    ['an unknown package', ['fx-chk-nope'], /fx-chk-nope: no such package/],
    ['an invalid spec', ['fx-chk-ok@npm:'], /not a package spec npm accepts/],
    ['--project naming a folder without package.json', ['fx-chk-ok', '--project', 'home'], /no package\.json in home: --project names an npm project's root/],
  ])('%s: one line on stderr, exit 2', async (_label, specs, message) => {
    const run = await check(specs, project('distributed', { token: false }));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain(PRIVATE_TOKEN);
  });
});
