// The pull-request comment: golden outputs (with and without --base), the comment-size limit, escaping.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Component, DiffPackage, Finding, ScanResult } from '../src/model/index.js';
import { MARKDOWN_MAX_LENGTH, toMarkdown } from '../src/report/markdown.js';
import { fixture, repoRoot, runLicit } from './helpers/cli.js';
import { pullRequestRepository, removeRepositories } from './helpers/git-project.js';
import { scanInProcess } from './helpers/scan-in-process.js';

afterAll(removeRepositories);

const golden = (name: string): string => join(repoRoot, 'test', 'golden', name);

function expectGolden(name: string, text: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden(name), text);
  expect(text).toBe(readFileSync(golden(name), 'utf8'));
}

describe('licit scan --format markdown', () => {
  let pullRequest: { code: number | null; stdout: string };

  beforeAll(() => {
    pullRequest = runLicit(['scan', pullRequestRepository().directory, '--base', 'main', '--lockfile-only', '--format', 'markdown']);
  });

  test('a pull request: verdict first, then what the change brings', () => {
    const lines = pullRequest.stdout.split('\n');
    expect(lines[0]).toMatch(/^### ❌ licit: \d+ new license violations?/);
    expect(pullRequest.stdout).toContain('#### New packages (2)');
    expect(pullRequest.stdout).toMatch(/\| `fx-gpl` \| `1\.0\.0` \| `GPL-3\.0-only` \| strong-copyleft \|/);
    expect(pullRequest.stdout).toMatch(/via `fx-pr-app` › `fx-a` › `fx-gpl`/);
    expect(pullRequest.stdout).toMatch(/`fx-b` \| `1\.0\.0` → `2\.0\.0` \| `MIT` → `Apache-2\.0`/);
    expect(pullRequest.stdout).toContain('Removed packages (1)');
    // the base's own violation (fx-old-unl) is counted apart, not listed as a violation of the change
    expect(pullRequest.stdout).not.toMatch(/^- `fx-old-unl@/m);
    expect(pullRequest.code).toBe(1);
  });

  test('matches the golden file (pull request)', () => {
    expectGolden('pr-gate.md', pullRequest.stdout);
  });

  // In-process through the scan the CLI runs: smoke.test.ts checks the CLI's markdown is the sources'.
  test('matches the golden file (whole scan, no --base)', async () => {
    const markdown = await (await scanInProcess(fixture('policy/gpl-in-mit'))).render('markdown');
    expect(markdown.split('\n')[0]).toMatch(/^### ❌ licit: \d+ license violations?/);
    expect(markdown).toContain('#### Packages (');
    expectGolden('scan-gpl-in-mit.md', markdown);
  });

  test('a clean tree says so on its first line', async () => {
    const scan = await scanInProcess(fixture('policy/all-permissive'));
    expect((await scan.render('markdown')).split('\n')[0]).toBe('### ✅ licit: no license problems');
    expect(scan.code).toBe(0);
  });
});

const component = (name: string, license: string | null, category: Component['category']): Component => ({
  kind: 'npm',
  ref: `${name}@1.0.0`,
  name,
  version: '1.0.0',
  purl: `pkg:npm/${encodeURIComponent(name)}@1.0.0`,
  scopes: ['prod'],
  direct: false,
  paths: [`node_modules/${name}`],
  via: ['app', 'fx-parent', name],
  license: { declared: license, expression: license, source: 'metadata', files: [] },
  category,
  dependsOn: [],
});

const diffPackage = (entry: Component): DiffPackage => ({
  kind: entry.kind, ref: entry.ref, name: entry.name, version: entry.version, license: entry.license.expression,
  category: entry.category, scopes: entry.scopes, direct: entry.direct,
});

const finding = (entry: Component): Finding => ({
  rule: 'denied-license', severity: 'error', code: 'denied', package: entry.ref, license: entry.license.expression,
  via: entry.via, args: { entry: 'strong-copyleft' }, howToFix: 'Replace the package.', new: true,
});

function hugeResult(count: number): ScanResult {
  const components = Array.from({ length: count }, (_, index) =>
    component(`@fx-scope-with-a-long-name/fx-package-with-a-long-name-${String(index).padStart(6, '0')}`, 'GPL-3.0-only', 'strong-copyleft'));
  return {
    schemaVersion: 1,
    tool: { name: 'licit', version: '0.0.0-test', spdxLicenseListVersion: '3.0' },
    mode: 'virtual',
    root: { name: 'app', version: '1.0.0', license: 'MIT', purl: 'pkg:npm/app@1.0.0', workspaces: [], dependsOn: [] },
    components,
    findings: components.map(finding),
    obligations: [{ obligation: 'include-license-text', license: 'GPL-3.0-only', packages: components.map((entry) => entry.ref) }],
    summary: { packages: count, models: 0, byCategory: { 'strong-copyleft': count }, errors: count, warnings: 0, infos: 0 },
    diff: {
      base: { ref: 'main', commit: 'a'.repeat(40), lockfile: true },
      gate: 'new',
      added: components.map(diffPackage),
      removed: components.map(diffPackage),
      changed: components.map((entry) => ({ from: diffPackage(entry), to: diffPackage(entry) })),
      obligationsAdded: [],
      newErrors: count,
      newWarnings: 0,
    },
  };
}

describe('the comment-size limit', () => {
  test('a huge diff stays under GitHub\'s 65,536 characters, saying how much was left out', () => {
    const text = toMarkdown(hugeResult(5000));
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(MARKDOWN_MAX_LENGTH).toBeLessThan(65_536);
    expect(text).toMatch(/… and [\d,]+ more/);
    expect(text.split('\n')[0]).toBe('### ❌ licit: 5,000 new license violations');
    // every <details> that opens also closes
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length);
  });

  test('a small diff is shown whole', () => {
    const text = toMarkdown(hugeResult(3));
    expect(text).not.toContain('more');
    expect(text.match(/fx-package-with-a-long-name-000002/g)?.length).toBeGreaterThanOrEqual(3);
  });

  test('an explicit limit is honoured down to a few kilobytes', () => {
    expect(toMarkdown(hugeResult(400), { maxLength: 4000 }).length).toBeLessThanOrEqual(4000);
  });
});

describe('escaping: package data cannot inject markup or mentions', () => {
  test('HTML, emphasis and @mentions from names and licenses stay inert', () => {
    const result = hugeResult(1);
    const nasty = component('<img src=x onerror=alert(1)>', 'MIT *and* <b>', 'unknown');
    result.components = [nasty];
    result.findings = [{ ...finding(nasty), via: ['app', '@octocat/evil', nasty.name] }];
    result.diff!.added = [diffPackage(nasty)];
    const text = toMarkdown(result);
    const outsideCode = text.replace(/`[^`\n]*`/g, '');
    expect(text).toContain('`<img src=x onerror=alert(1)>`');
    expect(outsideCode).not.toMatch(/<img|MIT \*and\* <b>/);
    expect(outsideCode).toContain('MIT \\*and\\* &lt;b&gt;');
    expect(text).toContain('`@octocat/evil`');
    expect(outsideCode).not.toContain('@octocat');
  });
});
