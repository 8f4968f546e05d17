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

  test('every finding is a result, new ones marked new, on the lockfile line the change touches', () => {
    const results = log.runs[0]!.results;
    const states = results.map((result) => `${result.properties.package} ${result.ruleId} ${result.baselineState}`);
    expect(states).toContain('fx-old-unl@1.0.1 denied-license unchanged');
    expect(states).toContain('fx-gpl@1.0.0 incompatible-with-project new');
    const lockfileLines = readFileSync(join(repository.directory, 'package-lock.json'), 'utf8').split('\n');
    for (const result of results) {
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      expect(artifactLocation.uri).toBe('package-lock.json');
      const [name, version] = result.properties.package!.split('@') as [string, string];
      const line = lockfileLines[region.startLine - 1]!;
      // A new package: its key line; an upgraded or old one: its version line, which an upgrade changes.
      if (name === 'fx-gpl' || name === 'fx-new-nolic') expect(line).toContain(`"node_modules/${name}": {`);
      else {
        expect(line).toContain(`"version": "${version}"`);
        expect(lockfileLines.slice(0, region.startLine).reverse().find((text) => text.includes('"node_modules/'))).toContain(`"node_modules/${name}": {`);
      }
    }
  });

  test('--all changes nothing in SARIF: it always carries every finding', () => {
    const all = runLicit(['scan', repository.directory, '--base', 'main', '--lockfile-only', '--format', 'sarif', '--all']).stdout;
    expect(all.replace(/"gate": "all"/, '"gate": "new"')).toBe(text.replace(/"gate": "all"/, '"gate": "new"'));
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

describe('SARIF fingerprints', () => {
  test('one per result, however many versions and licenses of one package the tree holds', () => {
    const repository = gitRepository();
    writeLockfileProject(repository.directory, {
      name: 'fx-fingerprints',
      dependencies: { 'fx-dup': '^2.0.0', 'fx-host': '^1.0.0', 'fx-both': '^1.0.0' },
      packages: {
        'node_modules/fx-dup': { version: '2.0.0', license: 'GPL-3.0-only' },
        'node_modules/fx-host': { version: '1.0.0', license: 'MIT', dependencies: { 'fx-dup': '^1.0.0' } },
        'node_modules/fx-host/node_modules/fx-dup': { version: '1.0.0', license: 'GPL-3.0-only' },
        'node_modules/fx-both': { version: '1.0.0', license: 'GPL-3.0-only AND AGPL-3.0-only' },
      },
    });
    repository.commit('tree');
    const log = JSON.parse(runLicit(['scan', repository.directory, '--lockfile-only', '--format', 'sarif']).stdout) as {
      runs: { results: { ruleId: string; partialFingerprints: Record<string, string>; properties: { package: string } }[] }[];
    };
    const results = log.runs[0]!.results;
    const prints = results.map((result) => result.partialFingerprints['licitFinding/v2']);
    expect(new Set(prints).size).toBe(prints.length);
    // Two versions of fx-dup, two denied licenses of fx-both: each its own result.
    expect(results.filter((result) => result.ruleId === 'incompatible-with-project').map((result) => result.properties.package).sort()).toEqual([
      'fx-both@1.0.0',
      'fx-both@1.0.0',
      'fx-dup@1.0.0',
      'fx-dup@2.0.0',
    ]);
  });
});
