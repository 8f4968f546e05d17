// A loaded config object -> a resolved Policy. Validation gives one line naming the key path; merging
// follows DESIGN.md's precedence: the preset, then the config's context keys, then its lists added.
import { parseExpression } from '../model/spdx-expression.js';
import { LicitInputError, RULE_IDS, type RuleId } from '../model/index.js';
import { parseListEntry } from './license-lists.js';
import {
  DEFAULT_PRESET,
  DISTRIBUTIONS,
  EXCEPTION_REASONS,
  PRESET_NAMES,
  RULE_SEVERITIES,
  type ExceptionReason,
  type ListEntry,
  type Policy,
  type PolicyContext,
  type PolicyException,
  type RuleSeverity,
} from './policy.js';
import { braceExpansions, MAX_BRACE_EXPANSIONS, MAX_TOTAL_BRACE_EXPANSIONS } from './glob-braces.js';
import { readPreset } from './presets.js';
import { isValidRange } from './version-range.js';

const TOP_KEYS = ['$schema', 'extends', 'context', 'allow', 'deny', 'rules', 'exceptions', 'includeDev', 'ignorePaths'] as const;
const CONTEXT_KEYS = [
  'distribution',
  'projectLicense',
  'commercialUse',
  'monthlyActiveUsers',
  'annualRevenueUsd',
  'modelAttributableRevenueUsd',
  'modelOutputsTrainModels',
  'licenseeInEU',
] as const;
const EXCEPTION_KEYS = ['package', 'rule', 'reason', 'comment', 'expires', 'licenseTextSha256'] as const;

/** Every key the config format knows, per object: the JSON Schema test checks schema/config.schema.json agrees. */
export const CONFIG_KEYS = { top: TOP_KEYS, context: CONTEXT_KEYS, exception: EXCEPTION_KEYS } as const;

/** Validates a config object (already parsed from JSONC) and merges it over its preset. */
export function resolvePolicy(value: Record<string, unknown>, source: string | null): Policy {
  const check = new Checker(source ?? 'config');
  check.keys(value, '', TOP_KEYS);
  if (value.$schema !== undefined) check.string(value.$schema, '$schema');
  const presetName = value.extends === undefined ? DEFAULT_PRESET : check.oneOf(value.extends, 'extends', PRESET_NAMES);
  const preset = readPreset(presetName);
  const context = { ...preset.context, ...(value.context === undefined ? {} : check.context(value.context)) };
  const presetList = (entries: string[], key: string): ListEntry[] => entries.map((entry, index) => check.listEntry(entry, `${key}[${index}]`, `rules/policies/${presetName}.json`));
  const allow = dedupe([...presetList(preset.allow, 'allow'), ...(value.allow === undefined ? [] : check.list(value.allow, 'allow'))]);
  const deny = dedupe([...presetList(preset.deny, 'deny'), ...(value.deny === undefined ? [] : check.list(value.deny, 'deny'))]);
  const rules = { ...preset.rules, ...(value.rules === undefined ? {} : check.rules(value.rules)) };
  const includeDev = value.includeDev === undefined ? preset.includeDev : check.boolean(value.includeDev, 'includeDev');
  const exceptions = value.exceptions === undefined ? [] : check.exceptions(value.exceptions);
  const ignorePaths = value.ignorePaths === undefined ? [] : check.globs(value.ignorePaths, 'ignorePaths');
  return { preset: presetName, source, context, allow, deny, rules, includeDev, exceptions, ignorePaths };
}

/** The policy when no config exists: the default preset alone. */
export function defaultPolicy(): Policy {
  return resolvePolicy({}, null);
}

function dedupe(entries: ListEntry[]): ListEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = entry.kind === 'category' ? `c:${entry.category}` : `l:${entry.license}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type PlainObject = Record<string, unknown>;

class Checker {
  constructor(private readonly label: string) {}

  fail(path: string, problem: string): never {
    throw new LicitInputError(`${this.label}: ${path} ${problem}`, 'invalid-config');
  }

  object(value: unknown, path: string): PlainObject {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, `must be an object, not ${describe(value)}`);
    return value as PlainObject;
  }

  keys(value: PlainObject, path: string, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const suggestion = closest(key, known);
      const where = path === '' ? key : `${path}.${key}`;
      this.fail(where, `is not a known key${suggestion ? ` (did you mean ${suggestion}?)` : ''}; known keys: ${known.filter((name) => name !== '$schema').join(', ')}`);
    }
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, `must be a string, not ${describe(value)}`);
    return value;
  }

  nonEmptyString(value: unknown, path: string): string {
    const text = this.string(value, path);
    if (text.trim() === '') this.fail(path, 'must not be empty');
    return text;
  }

  globs(value: unknown, path: string): string[] {
    if (!Array.isArray(value)) this.fail(path, `must be an array of glob patterns, not ${describe(value)}`);
    let expansions = 0;
    return value.map((entry, index) => {
      const glob = this.nonEmptyString(entry, `${path}[${index}]`);
      if (glob.startsWith('/') || glob.split('/').includes('..')) this.fail(`${path}[${index}]`, 'must be relative to the project root');
      const count = braceExpansions(glob, MAX_BRACE_EXPANSIONS);
      if (count > MAX_BRACE_EXPANSIONS) this.fail(`${path}[${index}]`, `expands to more than ${MAX_BRACE_EXPANSIONS} patterns through its braces: simplify it`);
      expansions += count;
      if (expansions > MAX_TOTAL_BRACE_EXPANSIONS) this.fail(path, `expands to more than ${MAX_TOTAL_BRACE_EXPANSIONS} patterns through braces: simplify them`);
      return glob;
    });
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, `must be true or false, not ${describe(value)}`);
    return value;
  }

  nonNegative(value: unknown, path: string, integer: boolean): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
      this.fail(path, `must be a ${integer ? 'whole ' : ''}number of 0 or more, not ${describe(value)}`);
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      const suggestion = typeof value === 'string' ? closest(value, choices) : undefined;
      this.fail(path, `must be one of ${choices.join(', ')}${suggestion ? ` (did you mean ${suggestion}?)` : ''}, not ${describe(value)}`);
    }
    return value as T;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `must be an array, not ${describe(value)}`);
    return value;
  }

  list(value: unknown, path: string): ListEntry[] {
    return this.array(value, path).map((item, index) => this.listEntry(item, `${path}[${index}]`));
  }

  listEntry(value: unknown, path: string, label?: string): ListEntry {
    const text = this.string(value, path);
    const entry = parseListEntry(text);
    if ('error' in entry) {
      if (label) throw new LicitInputError(`${label}: ${path} ${entry.error}`, 'invalid-preset');
      this.fail(path, entry.error);
    }
    return entry;
  }

  context(value: unknown): Partial<PolicyContext> {
    const context = this.object(value, 'context');
    this.keys(context, 'context', CONTEXT_KEYS);
    const result: Partial<PolicyContext> = {};
    if (context.distribution !== undefined) result.distribution = this.oneOf(context.distribution, 'context.distribution', DISTRIBUTIONS);
    if (context.projectLicense !== undefined) result.projectLicense = this.projectLicense(context.projectLicense);
    for (const key of ['commercialUse', 'modelOutputsTrainModels', 'licenseeInEU'] as const) {
      if (context[key] !== undefined) result[key] = this.boolean(context[key], `context.${key}`);
    }
    if (context.monthlyActiveUsers !== undefined) result.monthlyActiveUsers = this.nonNegative(context.monthlyActiveUsers, 'context.monthlyActiveUsers', true);
    for (const key of ['annualRevenueUsd', 'modelAttributableRevenueUsd'] as const) {
      if (context[key] !== undefined) result[key] = this.nonNegative(context[key], `context.${key}`, false);
    }
    return result;
  }

  projectLicense(value: unknown): string {
    const text = this.nonEmptyString(value, 'context.projectLicense');
    if (text !== 'UNLICENSED' && !parseExpression(text)) this.fail('context.projectLicense', `"${text}" is not a valid SPDX expression (or UNLICENSED)`);
    return text;
  }

  rules(value: unknown): Partial<Record<RuleId, RuleSeverity>> {
    const rules = this.object(value, 'rules');
    const result: Partial<Record<RuleId, RuleSeverity>> = {};
    for (const [key, severity] of Object.entries(rules)) {
      if (!(RULE_IDS as readonly string[]).includes(key)) {
        const suggestion = closest(key, RULE_IDS);
        this.fail(`rules.${key}`, `is not a rule id${suggestion ? ` (did you mean ${suggestion}?)` : ''}; rule ids: ${RULE_IDS.join(', ')}`);
      }
      result[key as RuleId] = this.oneOf(severity, `rules.${key}`, RULE_SEVERITIES);
    }
    return result;
  }

  exceptions(value: unknown): PolicyException[] {
    return this.array(value, 'exceptions').map((item, index) => this.exception(item, index));
  }

  exception(value: unknown, index: number): PolicyException {
    const path = `exceptions[${index}]`;
    const exception = this.object(value, path);
    this.keys(exception, path, EXCEPTION_KEYS);
    for (const key of ['package', 'reason', 'comment'] as const) {
      if (exception[key] === undefined) this.fail(`${path}.${key}`, 'is required');
    }
    const spec = this.nonEmptyString(exception.package, `${path}.package`);
    const { name, range } = this.packageSpec(spec, `${path}.package`);
    const rule = exception.rule === undefined ? null : this.oneOf(exception.rule, `${path}.rule`, RULE_IDS);
    const reason: ExceptionReason = this.oneOf(exception.reason, `${path}.reason`, EXCEPTION_REASONS);
    const comment = this.nonEmptyString(exception.comment, `${path}.comment`);
    const expires = exception.expires === undefined ? null : this.date(exception.expires, `${path}.expires`);
    const hash = exception.licenseTextSha256 === undefined ? null : this.sha256(exception.licenseTextSha256, `${path}.licenseTextSha256`);
    return { name, range, spec, rule, reason, comment, expires, licenseTextSha256: hash, index };
  }

  packageSpec(spec: string, path: string): { name: string; range: string | null } {
    const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
    const name = at === -1 ? spec : spec.slice(0, at);
    const range = at === -1 ? null : spec.slice(at + 1).trim();
    // `*` is a wildcard within the scope or the name (`@vendor/x-*`, `@vendor/*`).
    if (!/^(@[A-Za-z0-9~*-][A-Za-z0-9._~*-]*\/)?[A-Za-z0-9~*-][A-Za-z0-9._~*-]*$/.test(name)) {
      this.fail(path, `"${spec}" must be a package name or a glob (\`*\` for any characters but /) with an optional semver range, e.g. some-pkg@^2 or @vendor/x-*`);
    }
    if (range !== null && (range === '' || !isValidRange(range))) this.fail(path, `"${spec}" has an invalid semver range "${range}"`);
    return { name, range };
  }

  date(value: unknown, path: string): string {
    const text = this.string(value, path);
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    const time = match === null ? Number.NaN : Date.parse(`${text}T00:00:00Z`);
    const valid = !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
    if (!valid) this.fail(path, `must be a date written YYYY-MM-DD, not "${text}"`);
    return text;
  }

  sha256(value: unknown, path: string): string {
    const text = this.string(value, path);
    if (!/^[0-9a-fA-F]{64}$/.test(text)) this.fail(path, 'must be a sha256 hash: 64 hexadecimal digits');
    return text.toLowerCase();
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** The known name nearest to a typo (edit distance at most 2, or a case difference), if any. */
function closest(input: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.toLowerCase() === input.toLowerCase() ? 0 : editDistance(input, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}
