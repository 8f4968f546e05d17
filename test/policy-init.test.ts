import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConfigText } from '../src/cli/config.js';
import { writeStarterConfig } from '../src/cli/init-command.js';
import { LicitInputError } from '../src/model/index.js';
import { resolvePolicy } from '../src/policy/config.js';
import { repoRoot, runLicit } from './helpers/cli.js';

const emptyProject = (manifest: Record<string, unknown> = { name: 'fx-init', version: '1.0.0', license: 'MIT' }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'licit-init-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  return dir;
};

const inputError = (action: () => unknown): LicitInputError => {
  try {
    action();
  } catch (error) {
    if (error instanceof LicitInputError) return error;
    throw error;
  }
  throw new Error('expected a LicitInputError');
};

describe('licit init', () => {
  test('writes a commented starter licit.config.json that licit accepts, and nothing else', () => {
    const dir = emptyProject();
    const target = writeStarterConfig(dir, 'distributed');
    expect(target).toBe(join(dir, 'licit.config.json'));
    expect(readdirSync(dir).sort()).toEqual(['licit.config.json', 'package.json']);
    const text = readFileSync(target, 'utf8');
    expect(text).toMatch(/^\/\/ /m);
    expect(text).toMatch(/license-acquired \|\s*\n?.*not-distributed/);
    const policy = resolvePolicy(parseConfigText(text, 'licit.config.json'), 'licit.config.json');
    expect(policy.preset).toBe('distributed');
    expect(policy.exceptions).toEqual([]);
  });

  test('--preset sets extends and the preset\'s distribution', () => {
    const dir = emptyProject();
    const policy = resolvePolicy(parseConfigText(readFileSync(writeStarterConfig(dir, 'saas'), 'utf8'), 'x'), 'x');
    expect(policy.preset).toBe('saas');
    expect(policy.context.distribution).toBe('saas');
  });

  test('refuses to overwrite an existing licit.config.json, leaving it as it was', () => {
    const dir = emptyProject();
    writeFileSync(join(dir, 'licit.config.json'), '{ "extends": "internal" }');
    expect(inputError(() => writeStarterConfig(dir, 'distributed')).message).toMatch(/licit\.config\.json already exists/);
    expect(readFileSync(join(dir, 'licit.config.json'), 'utf8')).toBe('{ "extends": "internal" }');
    expect(readdirSync(dir).sort()).toEqual(['licit.config.json', 'package.json']);
  });

  test('refuses when another config is already in force', () => {
    const withRc = emptyProject();
    writeFileSync(join(withRc, '.licitrc.json'), '{}');
    expect(inputError(() => writeStarterConfig(withRc, 'distributed')).message).toMatch(/\.licitrc\.json already exists/);
    const embedded = emptyProject({ name: 'fx', licit: { extends: 'saas' } });
    expect(inputError(() => writeStarterConfig(embedded, 'distributed')).message).toMatch(/package\.json already holds a licit config/);
    expect(existsSync(join(embedded, 'licit.config.json'))).toBe(false);
  });

  test('a missing directory is an input error', () => {
    expect(inputError(() => writeStarterConfig(join(tmpdir(), 'licit-no-such-dir-xyz'), 'distributed')).code).toBe('no-directory');
  });
});

// Through the built CLI once main.ts registers the command (the lead wires registerInit).
const wired = readFileSync(join(repoRoot, 'src/cli/main.ts'), 'utf8').includes('registerInit');
describe.skipIf(!wired)('licit init (built CLI)', () => {
  test('writes the file, exit 0; a second run refuses with exit 2 and one line', () => {
    const dir = emptyProject();
    expect(runLicit(['init', dir]).code).toBe(0);
    const before = readFileSync(join(dir, 'licit.config.json'), 'utf8');
    const again = runLicit(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(readFileSync(join(dir, 'licit.config.json'), 'utf8')).toBe(before);
    expect(runLicit(['scan', dir, '--lockfile-only']).stderr).not.toMatch(/licit\.config\.json:/);
  });
});
