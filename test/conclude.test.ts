import { describe, expect, test } from 'vitest';
import type { Component } from '../src/model/index.js';
import { concludeLicense } from '../src/policy/conclude.js';
import { walkNpmProject } from '../src/walk/npm.js';
import { fixture } from './helpers/cli.js';

async function components(): Promise<Map<string, Component>> {
  const inventory = await walkNpmProject(fixture('licenses/mismatch'), { lockfileOnly: false, omit: new Set(), workspaces: [], readText: true });
  return new Map(inventory.components.map((component) => [component.name, component]));
}

describe('concluding a license from metadata and files', () => {
  test('metadata over a copyleft text: both kept, the stricter concluded, a mismatch reported', async () => {
    const component = (await components()).get('fx-says-mit-is-gpl')!;
    expect(component.license.files[0]?.expression).toMatch(/^GPL-2\.0/);
    const { license, problems } = concludeLicense(component);
    expect(license.declared).toBe('MIT');
    expect(license.expression).toMatch(/^GPL-2\.0/);
    expect(license.source).toBe('metadata+file');
    expect(problems).toEqual([
      expect.objectContaining({ rule: 'declared-file-mismatch', code: 'file-more-restrictive', package: 'fx-says-mit-is-gpl@1.0.0' }),
    ]);
  });

  test('no metadata: the files decide', async () => {
    const { license, problems } = concludeLicense((await components()).get('fx-no-metadata-mit')!);
    expect(license).toMatchObject({ declared: null, expression: 'MIT', source: 'file' });
    expect(problems).toEqual([]);
  });

  test('agreeing metadata and files', async () => {
    const { license, problems } = concludeLicense((await components()).get('fx-agrees-isc')!);
    expect(license).toMatchObject({ expression: 'ISC', source: 'metadata+file' });
    expect(problems).toEqual([]);
  });

  test('one file per alternative of an OR agrees with the OR', async () => {
    const { license, problems } = concludeLicense((await components()).get('fx-dual-files')!);
    expect(license.expression).toBe('(MIT OR Apache-2.0)');
    expect(problems).toEqual([]);
  });

  test('copyright holders are extracted from the files', async () => {
    const component = (await components()).get('fx-no-metadata-mit')!;
    expect(component.license.files[0]?.copyrights?.join('\n')).toContain('Jane Roe');
    expect(component.license.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test("with no metadata and no license file, the README's License section decides (not other sections)", async () => {
    const component = (await components()).get('fx-readme-only')!;
    expect(component.license.files).toEqual([expect.objectContaining({ path: 'README.md#license', expression: 'Apache-2.0' })]);
    const { license } = concludeLicense(component);
    expect(license).toMatchObject({ declared: null, expression: 'Apache-2.0', source: 'file' });
  });
});
