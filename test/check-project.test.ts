// `licit check` inside an installed project reports only what the project does not have yet: the platform
// builds its lockfile records but npm did not install here are the project's already.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_FIXTURES, CheckRegistry } from './helpers/check-registry.js';
import { runLicitAsync } from './helpers/cli-async.js';

const registry = new CheckRegistry();
let sandbox = '';

beforeAll(async () => {
  await registry.start();
  sandbox = mkdtempSync(join(tmpdir(), 'licit-check-project-'));
});
afterAll(async () => {
  await registry.stop();
  rmSync(sandbox, { recursive: true, force: true });
});

interface CheckJson {
  packages: { name: string; version: string }[];
  findings: { rule: string; package: string | null }[];
  newLicenses: { license: string }[];
}

describe('licit check in an installed project', () => {
  it('counts neither installed packages nor uninstalled platform builds of the lockfile as new', async () => {
    const directory = join(sandbox, 'project');
    cpSync(join(CHECK_FIXTURES, 'projects', 'installed-platform'), directory, { recursive: true });
    writeFileSync(join(directory, '.npmrc'), `registry=${registry.url}\nnoproxy=127.0.0.1\nfetch-retries=0\n`);
    const home = join(sandbox, 'home');
    mkdirSync(home, { recursive: true });
    const env = { HOME: home, XDG_CACHE_HOME: join(sandbox, 'cache'), NPM_CONFIG_USERCONFIG: join(home, '.npmrc'), NPM_CONFIG_GLOBALCONFIG: join(sandbox, 'global-npmrc') };
    const run = await runLicitAsync(['check', 'fx-chk-bsd', '--format', 'json'], { cwd: directory, env });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as CheckJson;
    expect(report.packages.map((entry) => `${entry.name}@${entry.version}`)).toEqual(['fx-chk-bsd@1.0.0']);
    // The macOS libvips build (LGPL) is in the lockfile already: no new LGPL warning, no new license.
    expect(report.findings).toEqual([]);
    expect(report.newLicenses.map((entry) => entry.license)).toEqual(['BSD-3-Clause']);
    expect(run.code).toBe(0);
  });
});
