import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Finding, Scope } from '../src/model/index.js';
import { PRESET_NAMES, RULE_SEVERITIES } from '../src/policy/policy.js';
import { evaluate, type Dependency } from './helpers/policy-inventory.js';

const LICENSES = [
  'MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', 'LGPL-2.1-only', 'MPL-2.0', 'EPL-2.0', 'GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0-only',
  'AGPL-3.0-only', 'BUSL-1.1', 'SSPL-1.0', 'LicenseRef-licit-unlicensed', 'LicenseRef-acme-eula', 'GPL-2.0-only WITH Classpath-exception-2.0',
];
const LIST_ENTRIES = ['permissive', 'weak-copyleft', 'strong-copyleft', 'source-available', 'proprietary', 'MIT', 'Apache-2.0', 'GPL-2.0-or-later', 'GPL-3.0-only', 'BUSL-1.1', 'LicenseRef-acme-eula'];
const PROJECT_LICENSES = ['MIT', 'Apache-2.0', 'GPL-2.0-only', 'GPL-3.0-only', 'AGPL-3.0-only', null];
const SCOPE_SETS: Scope[][] = [['prod'], ['dev'], ['dev', 'optional'], ['optional'], ['peer'], ['dev', 'peer']];
const RULES = ['denied-license', 'unknown-license', 'incompatible-with-project', 'license-conflict'] as const;

const leaf = fc.constantFrom(...LICENSES);
const expression: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 2, arbitrary: fc.tuple(leaf, leaf, fc.constantFrom('OR', 'AND')).map(([a, b, op]) => (a === b ? a : `${a} ${op} ${b}`)) },
  { weight: 1, arbitrary: fc.constant(null) },
);

const dependencies: fc.Arbitrary<Dependency[]> = fc
  .array(fc.tuple(expression, fc.constantFrom(...SCOPE_SETS), fc.constantFrom('1.0.0', '2.3.0')), { minLength: 1, maxLength: 5 })
  .map((entries) => entries.map(([license, scopes, version], index) => ({ name: `dep${index}`, license, scopes, version })));

const config: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    extends: fc.constantFrom(...PRESET_NAMES),
    context: fc.record({ distribution: fc.constantFrom('distributed', 'saas', 'internal') }),
    allow: fc.uniqueArray(fc.constantFrom(...LIST_ENTRIES), { maxLength: 3 }),
    deny: fc.uniqueArray(fc.constantFrom(...LIST_ENTRIES), { maxLength: 2 }),
    includeDev: fc.boolean(),
    rules: fc.dictionary(fc.constantFrom(...RULES), fc.constantFrom(...RULE_SEVERITIES), { maxKeys: 2 }),
  },
  { requiredKeys: [] },
);

const projectLicense = fc.constantFrom(...PROJECT_LICENSES);
const errorsOf = (findings: Finding[]): number => findings.filter((finding) => finding.severity === 'error').length;
const key = (finding: Finding): string => JSON.stringify([finding.rule, finding.code, finding.package, finding.license, finding.severity, finding.args]);

describe('policy properties', () => {
  test('A OR B is never judged worse than A', () => {
    fc.assert(
      fc.property(projectLicense, config, leaf, leaf, fc.constantFrom(...SCOPE_SETS), (project, cfg, a, b, scopes) => {
        const alone = evaluate(project, [{ name: 'x', license: a, scopes }], cfg).findings;
        const offered = evaluate(project, [{ name: 'x', license: `${a} OR ${b}`, scopes }], cfg).findings;
        // Info findings need no action: they do not make a choice worse.
        const score = (findings: Finding[]): [number, number] => [errorsOf(findings), findings.filter((finding) => finding.severity === 'warning').length];
        const [errorsAlone, warningsAlone] = score(alone);
        const [errorsOffered, warningsOffered] = score(offered);
        expect(errorsOffered < errorsAlone || (errorsOffered === errorsAlone && warningsOffered <= warningsAlone)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('A OR B, where B is an unknown license whose deny rule is off, is judged as A (a counterexample fast-check found)', () => {
    const cfg = { deny: ['LicenseRef-acme-eula'], rules: { 'denied-license': 'off' } };
    const alone = evaluate('GPL-3.0-only', [{ name: 'x', license: 'AGPL-3.0-only', scopes: ['prod'] }], cfg).findings;
    const offered = evaluate('GPL-3.0-only', [{ name: 'x', license: 'AGPL-3.0-only OR LicenseRef-acme-eula', scopes: ['prod'] }], cfg).findings;
    expect(errorsOf(offered)).toBe(errorsOf(alone));
    expect(offered.map((finding) => finding.rule)).not.toContain('unknown-license');
  });

  test('OR picks are made for the whole tree: no assignment of the alternatives brings fewer errors', () => {
    const alternativesOf = (license: string | null): (string | null)[] => (license?.includes(' OR ') ? license.split(' OR ') : [license]);
    fc.assert(
      fc.property(projectLicense, config, dependencies, (project, cfg, deps) => {
        const joint = errorsOf(evaluate(project, deps, cfg).findings);
        // Every OR-free tree the OR expressions allow (at most 2^5 of them).
        let assignments: Dependency[][] = [[]];
        for (const dep of deps) assignments = assignments.flatMap((prefix) => alternativesOf(dep.license).map((license) => [...prefix, { ...dep, license }]));
        const fewest = Math.min(...assignments.map((fixed) => errorsOf(evaluate(project, fixed, cfg).findings)));
        expect(joint).toBeLessThanOrEqual(fewest);
      }),
      { numRuns: 200 },
    );
  });

  test('a license-conflict is reported only when no pick of the alternatives avoids it', () => {
    const conflictsOf = (findings: Finding[]): number => findings.filter((finding) => finding.rule === 'license-conflict').length;
    const strong = ['GPL-2.0-only', 'GPL-3.0-only', 'AGPL-3.0-only'];
    const other = ['Apache-2.0', 'EPL-2.0', 'MPL-2.0', 'LGPL-2.1-only', 'MIT', 'GPL-2.0-or-later'];
    fc.assert(
      fc.property(fc.constantFrom(...strong), fc.constantFrom(...other), fc.constantFrom(...strong, ...other), (copyleft, a, b) => {
        const tree = (dual: string): Dependency[] => [
          { name: 'strong', license: copyleft },
          { name: 'dual', license: dual },
        ];
        const jointly = evaluate('GPL-3.0-only', tree(`${a} OR ${b}`)).findings;
        // A pick that avoids every conflict without adding errors elsewhere is always taken.
        const avoiding = [a, b].map((pick) => evaluate('GPL-3.0-only', tree(pick)).findings).filter((findings) => conflictsOf(findings) === 0);
        if (avoiding.some((findings) => errorsOf(findings) <= errorsOf(jointly))) expect(conflictsOf(jointly)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  test('adding a deny never turns an error into a pass', () => {
    fc.assert(
      fc.property(projectLicense, config, dependencies, fc.constantFrom(...LIST_ENTRIES), (project, cfg, deps, extra) => {
        const before = errorsOf(evaluate(project, deps, cfg).findings);
        const deny = [...((cfg.deny as string[] | undefined) ?? []), extra];
        const after = errorsOf(evaluate(project, deps, { ...cfg, deny }).findings);
        if (before > 0) expect(after).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  test('an exception only ever removes findings, and only findings that concern its package', () => {
    const exceptionArbitrary = fc.record({
      target: fc.integer({ min: 0, max: 4 }),
      range: fc.constantFrom('', '@^2', '@1.x', '@*'),
      rule: fc.option(fc.constantFrom(...RULES), { nil: undefined }),
    });
    fc.assert(
      fc.property(projectLicense, config, dependencies, exceptionArbitrary, (project, cfg, deps, { target, range, rule }) => {
        const name = `dep${target}`;
        const before = evaluate(project, deps, cfg).findings;
        const exception = { package: `${name}${range}`, reason: 'approved-by-legal', comment: 'reviewed', ...(rule ? { rule } : {}) };
        const waived = evaluate(project, deps, { ...cfg, exceptions: [exception] });
        const after = waived.findings;
        // Nothing vanishes: what the exception removes is reported as suppressed, naming it.
        expect([...after, ...waived.suppressed].map(key).sort()).toEqual(before.map(key).sort());
        expect(waived.suppressed.every((finding) => finding.suppression?.package === exception.package && finding.suppression.reason === 'approved-by-legal')).toBe(true);
        const kept = new Set(after.map(key));
        const beforeKeys = new Set(before.map(key));
        for (const finding of after) expect(beforeKeys.has(key(finding))).toBe(true);
        for (const finding of before.filter((candidate) => !kept.has(key(candidate)))) {
          const concerned = [finding.package, finding.args.otherPackage].map((ref) => (typeof ref === 'string' ? ref.replace(/@[^@]+$/, '') : null));
          expect(concerned).toContain(name);
          if (rule) expect(finding.rule).toBe(rule);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('evaluation is deterministic and its output sorted', () => {
    fc.assert(
      fc.property(projectLicense, config, dependencies, (project, cfg, deps) => {
        const first = evaluate(project, deps, cfg);
        expect(evaluate(project, [...deps].reverse(), cfg)).toEqual(first);
        const obligationKeys = first.obligations.map((o) => `${o.license}\u0000${o.obligation}`);
        expect(obligationKeys).toEqual([...obligationKeys].sort());
      }),
      { numRuns: 150 },
    );
  });
});
