import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { parseConfigText } from '../src/cli/config.js';
import { starterConfig } from '../src/cli/init-command.js';
import { LicitInputError, RULE_IDS } from '../src/model/index.js';
import { CONFIG_KEYS, defaultPolicy, resolvePolicy } from '../src/policy/config.js';
import { PRESET_NAMES, type ListEntry } from '../src/policy/policy.js';
import { readPreset } from '../src/policy/presets.js';
import { repoRoot } from './helpers/cli.js';

const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: false });
const configSchema = readJson('schema/config.schema.json');
const validateWithSchema = ajv.compile(configSchema);

/** The one-line message resolvePolicy gives, or null when the config is accepted. */
function problemOf(config: unknown): string | null {
  try {
    resolvePolicy(config as Record<string, unknown>, 'licit.config.json');
    return null;
  } catch (error) {
    if (error instanceof LicitInputError) return error.message;
    throw error;
  }
}

const exception = (fields: Record<string, unknown>): Record<string, unknown> => ({
  exceptions: [{ package: 'some-pkg@^2', reason: 'license-acquired', comment: 'contract 123', ...fields }],
});

// [label, config, the key path the message must name, and whether the JSON Schema catches it too]
const INVALID: [string, unknown, RegExp, boolean][] = [
  ['a typo in a top-level key', { alow: ['MIT'] }, /^licit\.config\.json: alow is not a known key \(did you mean allow\?\)/, true],
  ['an unknown top-level key', { colour: 'blue' }, /^licit\.config\.json: colour is not a known key/, true],
  ['a typo in a context key', { context: { distrbution: 'saas' } }, /context\.distrbution is not a known key \(did you mean distribution\?\)/, true],
  ['a bad preset', { extends: 'distribute' }, /extends must be one of distributed, saas, internal, permissive-only \(did you mean distributed\?\)/, true],
  ['a bad distribution', { context: { distribution: 'shipped' } }, /context\.distribution must be one of distributed, saas, internal/, true],
  ['a bad projectLicense', { context: { projectLicense: 'MIT or whatever' } }, /context\.projectLicense "MIT or whatever" is not a valid SPDX expression/, false],
  ['a negative user count', { context: { monthlyActiveUsers: -1 } }, /context\.monthlyActiveUsers must be a whole number of 0 or more/, true],
  ['a fractional user count', { context: { monthlyActiveUsers: 1.5 } }, /context\.monthlyActiveUsers must be a whole number/, true],
  ['a string for a boolean fact', { context: { commercialUse: 'yes' } }, /context\.commercialUse must be true or false, not "yes"/, true],
  ['allow that is not an array', { allow: 'MIT' }, /allow must be an array/, true],
  ['an invalid SPDX id in deny', { deny: ['MIT', 'GPL-3'] }, /deny\[1\] "GPL-3" is neither a category .* nor a valid SPDX license id/, false],
  ['an expression in deny', { deny: ['GPL-2.0-only OR MIT'] }, /deny\[0\] "GPL-2.0-only OR MIT" is an expression; list each license id on its own/, true],
  ['the unknown category in allow', { allow: ['unknown'] }, /allow\[0\] cannot name the category unknown \(set rules\.unknown-license instead\)/, true],
  ['a typo in a rule id', { rules: { 'denied-licence': 'off' } }, /rules\.denied-licence is not a rule id \(did you mean denied-license\?\)/, true],
  ['a bad severity', { rules: { 'denied-license': 'fatal' } }, /rules\.denied-license must be one of error, warning, info, off/, true],
  ['exceptions that are not an array', { exceptions: {} }, /exceptions must be an array/, true],
  ['a bad reason', exception({ reason: 'because' }), /^licit\.config\.json: exceptions\[0\]\.reason must be one of license-acquired, not-distributed, dynamic-linking, false-positive, approved-by-legal/, true],
  ['a missing comment', exception({ comment: undefined }), /exceptions\[0\]\.comment is required/, true],
  ['an empty comment', exception({ comment: '  ' }), /exceptions\[0\]\.comment must not be empty/, true],
  ['a missing package', exception({ package: undefined }), /exceptions\[0\]\.package is required/, true],
  ['an unknown key in an exception', exception({ expiry: '2027-01-01' }), /exceptions\[0\]\.expiry is not a known key \(did you mean expires\?\)/, true],
  ['a bad rule in an exception', exception({ rule: 'gpl' }), /exceptions\[0\]\.rule must be one of denied-license/, true],
  ['a bad date', exception({ expires: '2027-02-30' }), /exceptions\[0\]\.expires must be a date written YYYY-MM-DD, not "2027-02-30"/, false],
  ['a month that does not exist', exception({ expires: '2027-13-01' }), /exceptions\[0\]\.expires must be a date written YYYY-MM-DD, not "2027-13-01"/, false],
  ['a date in another format', exception({ expires: '30/06/2027' }), /exceptions\[0\]\.expires must be a date written YYYY-MM-DD/, true],
  ['a bad semver range', exception({ package: 'some-pkg@^^2' }), /exceptions\[0\]\.package "some-pkg@\^\^2" has an invalid semver range/, false],
  ['a bad package name', exception({ package: 'some pkg' }), /exceptions\[0\]\.package "some pkg" must be a package name/, true],
  ['a bad hash', exception({ licenseTextSha256: 'abc' }), /exceptions\[0\]\.licenseTextSha256 must be a sha256 hash/, true],
  ['includeDev that is not a boolean', { includeDev: 1 }, /includeDev must be true or false/, true],
  ['ignorePaths that is not an array', { ignorePaths: 'docs/**' }, /ignorePaths must be an array of glob patterns/, true],
  ['an empty ignore pattern', { ignorePaths: [''] }, /ignorePaths\[0\] must not be empty/, true],
  ['an absolute ignore pattern', { ignorePaths: ['/etc/**'] }, /ignorePaths\[0\] must be relative to the project root/, false],
  ['an ignore pattern leaving the root', { ignorePaths: ['docs/../../x'] }, /ignorePaths\[0\] must be relative to the project root/, false],
];

const VALID: [string, Record<string, unknown>][] = [
  ['empty', {}],
  ['the design example', {
    extends: 'distributed',
    context: {
      distribution: 'distributed', projectLicense: 'MIT', commercialUse: true, monthlyActiveUsers: 50000, annualRevenueUsd: 2000000,
      modelAttributableRevenueUsd: 300000, modelOutputsTrainModels: false, licenseeInEU: false,
    },
    allow: ['permissive', 'LGPL-2.1-or-later'],
    deny: ['AGPL-3.0-only'],
    rules: { 'declared-file-mismatch': 'warning' },
    exceptions: [{ package: 'some-pkg@^2', rule: 'denied-license', reason: 'license-acquired', comment: 'commercial license, contract 123', expires: '2027-06-30' }],
  }],
  ['ids with +, WITH and LicenseRef', { allow: ['GPL-2.0+', 'GPL-2.0-only WITH Classpath-exception-2.0', 'LicenseRef-acme-eula'], deny: ['source-available'] }],
  ['a scoped exception with a hash', exception({ package: '@scope/pkg@>=1.2.0 <2', licenseTextSha256: 'F'.repeat(64) })],
  ['an exception with a glob and a range', exception({ package: '@vendor/x-*@^2' })],
  ['paths that are not the product', { ignorePaths: ['docs/**', 'examples/*.ts'] }],
  ['UNLICENSED as the project license', { context: { projectLicense: 'UNLICENSED' }, includeDev: true, $schema: './x.json' }],
];

describe('config validation: one line naming the key path', () => {
  test.each(INVALID)('%s', (_label, config, message) => {
    const problem = problemOf(config);
    expect(problem).toMatch(message);
    expect(problem?.split('\n')).toHaveLength(1);
  });

  test.each(VALID)('accepts %s', (_label, config) => {
    expect(problemOf(config)).toBeNull();
  });

  test('the message names where the config came from', () => {
    expect(() => resolvePolicy({ extends: 'nope' }, 'package.json#licit')).toThrow(/^package\.json#licit: extends/);
  });
});

describe('schema/config.schema.json agrees with the validator', () => {
  test.each(VALID)('the schema accepts %s', (_label, config) => {
    expect(validateWithSchema(config), ajv.errorsText(validateWithSchema.errors)).toBe(true);
  });

  // What a schema cannot see (SPDX ids, calendar dates, semver ranges) only licit rejects.
  test.each(INVALID.filter(([, , , schemaCatches]) => schemaCatches))('the schema rejects %s', (_label, config) => {
    expect(validateWithSchema(JSON.parse(JSON.stringify(config)))).toBe(false);
  });

  test('the schema knows the same keys and rule ids', () => {
    const properties = configSchema.properties as Record<string, { properties?: Record<string, unknown>; items?: { properties: Record<string, unknown> } }>;
    expect(Object.keys(properties).sort()).toEqual([...CONFIG_KEYS.top].sort());
    expect(Object.keys(properties.context!.properties!).sort()).toEqual([...CONFIG_KEYS.context].sort());
    expect(Object.keys(properties.exceptions!.items!.properties).sort()).toEqual([...CONFIG_KEYS.exception].sort());
    const ruleIds = ((configSchema.definitions as Record<string, { enum: string[] }>).ruleId!).enum;
    expect([...ruleIds].sort()).toEqual([...RULE_IDS].sort());
  });

  test('the starter config licit init writes is valid for both', () => {
    for (const preset of PRESET_NAMES) {
      const parsed = parseConfigText(starterConfig(preset), 'licit.config.json');
      expect(validateWithSchema(parsed), ajv.errorsText(validateWithSchema.errors)).toBe(true);
      expect(resolvePolicy(parsed, 'licit.config.json').preset).toBe(preset);
    }
  });
});

describe('presets', () => {
  const presetSchema = ajv.compile(readJson('rules/schema/policy-preset.schema.json'));
  const files = readdirSync(join(repoRoot, 'rules/policies')).filter((name) => name.endsWith('.json'));

  test('one file per preset name, each valid against rules/schema/policy-preset.schema.json', () => {
    expect(files.map((name) => name.replace(/\.json$/, '')).sort()).toEqual([...PRESET_NAMES].sort());
    for (const name of files) {
      const preset = readJson(`rules/policies/${name}`);
      expect(presetSchema(preset), `${name}: ${ajv.errorsText(presetSchema.errors)}`).toBe(true);
      expect(preset.name).toBe(name.replace(/\.json$/, ''));
    }
  });

  test('the preset schema knows every rule id', () => {
    const schema = readJson('rules/schema/policy-preset.schema.json');
    expect([...(schema.definitions as Record<string, { enum: string[] }>).ruleId!.enum].sort()).toEqual([...RULE_IDS].sort());
  });

  test.each(PRESET_NAMES)('%s resolves (its lists parse)', (name) => {
    const policy = resolvePolicy({ extends: name }, null);
    expect(policy.context.distribution).toBe(readPreset(name).context.distribution);
    expect(policy.allow.length).toBeGreaterThan(0);
  });
});

describe('precedence', () => {
  const texts = (entries: ListEntry[]): string[] => entries.map((entry) => (entry.kind === 'category' ? entry.category : entry.license));

  test('no config: the distributed preset', () => {
    const policy = defaultPolicy();
    expect(policy.preset).toBe('distributed');
    expect(policy.context.distribution).toBe('distributed');
    expect(policy.includeDev).toBe(false);
  });

  test('context keys override the preset, lists add to it, rules merge', () => {
    const policy = resolvePolicy(
      { extends: 'permissive-only', context: { distribution: 'saas', monthlyActiveUsers: 10 }, allow: ['MPL-2.0'], deny: ['ISC'], rules: { 'license-changed': 'off' } },
      'licit.config.json',
    );
    expect(policy.context).toEqual({ distribution: 'saas', monthlyActiveUsers: 10 });
    expect(texts(policy.allow)).toEqual(['permissive', 'MPL-2.0']);
    expect(texts(policy.deny)).toEqual(['strong-copyleft', 'ISC']);
    expect(policy.rules).toEqual({ 'declared-file-mismatch': 'error', 'license-changed': 'off' });
    expect(policy.includeDev).toBe(true);
  });

  test('+ is written back as SPDX, duplicates collapse', () => {
    expect(texts(resolvePolicy({ allow: ['GPL-2.0+', 'permissive', 'GPL-2.0+'] }, null).allow)).toEqual(['permissive', 'weak-copyleft', 'strong-copyleft', 'model', 'GPL-2.0+']);
  });

  test('exceptions carry name, range, rule and a lower-case hash', () => {
    const [parsed] = resolvePolicy(exception({ package: '@scope/pkg@^2', rule: 'denied-license', licenseTextSha256: 'AB'.repeat(32) }), null).exceptions;
    expect(parsed).toMatchObject({ name: '@scope/pkg', range: '^2', rule: 'denied-license', licenseTextSha256: 'ab'.repeat(32), index: 0, expires: null });
  });
});
