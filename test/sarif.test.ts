// SARIF 2.1.0: valid against the official schema, one rule per licit rule id, results on the lockfile line
// of the package's entry, URIs relative to the repository root; golden output compared byte for byte.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixture, repoRoot, runLicit } from './helpers/cli.js';
import { scanInProcess } from './helpers/scan-in-process.js';
import { validateSarif } from './helpers/schemas.js';
import { BASE, gitRepository, pullRequestRepository, writeLockfileProject, type GitRepository, removeRepositories } from './helpers/git-project.js';

afterAll(removeRepositories);

const GOLDEN = join(repoRoot, 'test', 'golden', 'pr-gate.sarif.json');

interface SarifLog {
  runs: {
    tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      baselineState?: string;
      properties: { package: string | null };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
  }[];
}

const schemaErrors = validateSarif;

describe('SARIF of a pull request (--base)', () => {
  let repository: GitRepository;
  let text: string;
  let log: SarifLog;

  beforeAll(() => {
    repository = pullRequestRepository();
    const run = runLicit(['scan', repository.directory, '--base', 'main', '--lockfile-only', '--format', 'sarif']);
    expect(run.code).toBe(1);
    text = run.stdout;
    log = JSON.parse(text) as SarifLog;
  });

  test('validates against the official SARIF 2.1.0 schema', () => {
    expect(schemaErrors(log)).toEqual([]);
  });

  test('the schema check is not vacuous: a broken log fails it', () => {
    const broken = JSON.parse(text) as { runs: { results: { level: string }[] }[] };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(schemaErrors(broken).length).toBeGreaterThan(0);
  });

  test('one rule per licit rule id, with the title and how-to-fix of rules/finding-rules.json', () => {
    const rules = (JSON.parse(readFileSync(join(repoRoot, 'rules', 'finding-rules.json'), 'utf8')) as { rules: Record<string, { title: string; howToFix: string; severity: string }> }).rules;
    const driverRules = log.runs[0]!.tool.driver.rules;
    expect(driverRules.map((rule) => rule.id).sort()).toEqual(Object.keys(rules).sort());
    for (const rule of driverRules) {
      expect(rule.shortDescription.text).toBe(rules[rule.id]!.title);
      expect(rule.help.text).toBe(rules[rule.id]!.howToFix);
      expect(rule.defaultConfiguration.level).toBe(rules[rule.id]!.severity);
    }
    for (const result of log.runs[0]!.results) expect(driverRules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  test('only the new findings are results, each on the line of its package in the lockfile', () => {
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((result) => result.baselineState === 'new')).toBe(true);
    expect(results.map((result) => result.properties.package)).not.toContain('fx-old-unl@1.0.1');
    const lockfileLines = readFileSync(join(repository.directory, 'package-lock.json'), 'utf8').split('\n');
    for (const result of results) {
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      expect(artifactLocation.uri).toBe('package-lock.json');
      const name = result.properties.package!.replace(/@[^@]*$/, '');
      expect(lockfileLines[region.startLine - 1]).toContain(`"node_modules/${name}": {`);
    }
  });

  test('--all reports the old findings too, as unchanged', () => {
    const all = JSON.parse(runLicit(['scan', repository.directory, '--base', 'main', '--lockfile-only', '--format', 'sarif', '--all']).stdout) as SarifLog;
    const states = all.runs[0]!.results.map((result) => `${result.properties.package} ${result.baselineState}`);
    expect(states).toContain('fx-old-unl@1.0.1 unchanged');
    expect(schemaErrors(all)).toEqual([]);
  });

  test('matches the golden file byte for byte', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});

describe('SARIF locations', () => {
  // In-process through the scan the CLI runs: the --base logs above come from the CLI.
  test('URIs are relative to the repository root when the project is in a subfolder', async () => {
    const repository = gitRepository();
    writeLockfileProject(join(repository.directory, 'apps', 'web'), BASE);
    repository.commit('app');
    const scan = await scanInProcess(join(repository.directory, 'apps', 'web'), { lockfileOnly: true });
    const log = JSON.parse(await scan.render('sarif')) as SarifLog;
    expect(schemaErrors(log)).toEqual([]);
    const uris = new Set(log.runs[0]!.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris]).toEqual(['apps/web/package-lock.json']);
  });

  test('a scan without --base reports every finding, located in the lockfile', async () => {
    const log = JSON.parse(await (await scanInProcess(fixture('policy/gpl-in-mit'))).render('sarif')) as SarifLog;
    expect(schemaErrors(log)).toEqual([]);
    const results = log.runs[0]!.results;
    expect(results.some((result) => result.properties.package?.startsWith('fx-gpl-core@'))).toBe(true);
    expect(results.every((result) => result.baselineState === undefined)).toBe(true);
    for (const result of results) expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/(^|\/)package-lock\.json$/);
  });
});
