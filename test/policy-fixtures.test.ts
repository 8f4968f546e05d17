// The policy's CLI contract through the built bundle: exit codes (0 pass, 1 findings at the --fail-on
// level, 2 bad config in one line), the verdict in the table, the config flags. What the policy decides
// for each preset, context, severity and exception is in scan-policy.test.ts (in-process, same pipeline).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyFixture, fixture, parseReport, runLicit } from './helpers/cli.js';

/** A scratch copy of a fixture with a licit.config.json (or another config file) written into it. */
const withConfig = (name: string, config: unknown, file = 'licit.config.json'): string => {
  const dir = copyFixture(name);
  writeFileSync(join(dir, file), typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return dir;
};

describe('licit scan under the policy', () => {
  test('a violation fails with exit 1, the table naming the package and its chain', () => {
    const table = runLicit(['scan', fixture('policy/gpl3-transitive')]);
    expect(table.code).toBe(1);
    expect(table.stdout).toContain('fx-gpl3-lib@2.1.0');
    expect(table.stdout).toContain('via fx-gpl3-transitive-app > fx-gpl3-transitive-wrapper > fx-gpl3-lib');
    expect(table.stdout).toMatch(/^FAIL/m);
  });

  test('a permissive tree passes with exit 0 and an empty findings list', () => {
    const run = runLicit(['scan', fixture('policy/permissive-lockfile'), '--format', 'json']);
    expect(parseReport(run.stdout).findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  test('--fail-on warning fails on a warning; --fail-on never passes an error', () => {
    // Without the flag the LGPL warning passes (scan-policy.test.ts).
    expect(runLicit(['scan', fixture('policy/lgpl-direct'), '--fail-on', 'warning']).code).toBe(1);
    expect(runLicit(['scan', fixture('policy/gpl3-transitive'), '--fail-on', 'never']).code).toBe(0);
  });

  test('--config names the policy file', () => {
    const dir = withConfig('policy/gpl3-transitive', '{ "extends": "saas" }', 'custom-policy.json');
    expect(runLicit(['scan', dir, '--config', join(dir, 'custom-policy.json')]).code).toBe(0);
  });

  test('a config error is one line naming the key, exit 2, nothing on stdout', () => {
    const run = runLicit(['scan', withConfig('policy/permissive-lockfile', { extend: 'saas' })]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^licit: licit\.config\.json: extend is not a known key \(did you mean extends\?\)/);
  });
});
