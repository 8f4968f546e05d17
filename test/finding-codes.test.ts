// Parity of the finding codes: every (rule, code) of src/model/finding-codes.ts has a message, a row in
// docs/rules/<rule>.md, and something that produces it — a fixture scanned here, or a named test that
// asserts it. Codes with neither are listed as gaps, exactly, so that closing one or opening one fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FINDING_CODES, RULE_IDS, type Finding, type RuleCode, type RuleId } from '../src/model/index.js';
import { findingMessage } from '../src/report/messages.js';
import { repoRoot } from './helpers/cli.js';
import { scanInProcess } from './helpers/scan-in-process.js';

const ALL: RuleCode[] = RULE_IDS.flatMap((rule) => FINDING_CODES[rule].map((code) => ({ rule, code }) as RuleCode));
const key = ({ rule, code }: RuleCode): string => `${rule}/${code}`;

/** Fixture (under fixtures/) -> the codes its scan must produce. */
const PRODUCED_BY_FIXTURE: Record<string, string[]> = {
  'licenses/shapes': [
    'denied-license/not-allowed', 'unknown-license/none-found', 'unknown-license/unrecognised', 'invalid-license-metadata/deprecated-id',
    'invalid-license-metadata/empty', 'invalid-license-metadata/legacy-shape', 'invalid-license-metadata/not-spdx',
    'invalid-license-metadata/see-license-missing', 'unsafe-path/see-license-escape', 'license-conflict/cannot-combine',
  ],
  'licenses/mismatch': ['declared-file-mismatch/file-more-restrictive', 'incompatible-with-project/incompatible'],
  'conclude/commercial': ['invalid-license-metadata/corrected', 'declared-file-mismatch/metadata-more-restrictive'],
  'conclude/real-packages': ['declared-file-mismatch/same-terms'],
  'policy/lgpl-direct': ['incompatible-with-project/library-copyleft'],
  'models/non-commercial': ['model-context-needed/commercial-use-needed'],
  'models/lineage': ['model-context-needed/facts-needed', 'model-license-conflict/derivative-of-base'],
};

/** Codes produced by trees a test builds itself (hostile input, contexts, --base pairs): the test file that asserts each. */
const ASSERTED_IN_TEST: Record<string, string> = {
  'denied-license/denied': 'policy-expression.test.ts',
  'unknown-license/unrecognised-text': 'conclude-parts.test.ts',
  'invalid-license-metadata/invalid-type': 'metadata.test.ts',
  'invalid-license-metadata/malformed-model-card': 'models-walk.test.ts',
  'incompatible-with-project/network-copyleft': 'explain.test.ts',
  'model-restriction/commercial-use': 'models-policy.test.ts',
  'model-restriction/commercial-use-permission': 'models-policy.test.ts',
  'model-restriction/hosted-service': 'models-policy.test.ts',
  'model-restriction/output-use': 'models-policy.test.ts',
  'model-restriction/regional': 'models-policy.test.ts',
  'model-restriction/revenue-threshold': 'models-policy.test.ts',
  'model-restriction/user-threshold': 'models-policy.test.ts',
  'unreadable-package/invalid-dependency': 'hostile-input.test.ts',
  'unreadable-package/malformed-package-json': 'walk.test.ts',
  'unreadable-package/missing-dependency': 'walk.test.ts',
  'unreadable-package/missing-package-json': 'hidden-lockfile.test.ts',
  'unreadable-package/package-json-not-a-file': 'hidden-lockfile.test.ts',
  'unreadable-package/symlink-loop': 'walk.test.ts',
  'unreadable-license-file/binary': 'text-identify.test.ts',
  'unreadable-license-file/too-large': 'budgets.test.ts',
  'unsafe-path/license-file-escape': 'walk.test.ts',
  'unsafe-path/link-outside-root': 'hostile-input.test.ts',
  'unreadable-model-file/bad-magic': 'models-walk.test.ts',
  'unreadable-model-file/header-size-mismatch': 'models-walk.test.ts',
  'unreadable-model-file/limit-exceeded': 'models-walk.test.ts',
  'unreadable-model-file/malformed': 'models-walk.test.ts',
  'unreadable-model-file/read-error': 'hostile-input.test.ts',
  'unreadable-model-file/truncated': 'models-walk.test.ts',
  'unreadable-model-file/unsupported-version': 'models-walk.test.ts',
  'lockfile-out-of-sync/missing-entry': 'hostile-input.test.ts',
  'lockfile-out-of-sync/spec-mismatch': 'hostile-input.test.ts',
  'lockfile-out-of-sync/missing-workspace': 'lockfile-workspaces.test.ts',
  'unscanned-path/symlink-loop': 'audit.test.ts',
  'model-license-unknown/model-unknown': 'models-detection.test.ts',
  'model-license-unknown/dataset-unknown': 'models-detection.test.ts',
  'unscanned-path/permission-denied': 'audit.test.ts',
};

/**
 * Codes no fixture here produces and no test names by its code (some are asserted through their message
 * text). Each is work to do: a fixture, or an assertion on the code.
 */
const GAPS = [
  'license-not-in-lockfile/absent',
  'license-not-in-lockfile/see-license-unread',
  'declared-file-mismatch/different-terms',
  'declared-file-mismatch/model-metadata-vs-license-file',
  'incompatible-with-project/check-dependency',
  'license-changed/upgraded',
  'license-changed/was-unknown',
  'exception-expired/expired',
  'exception-expired/text-changed',
  'unreadable-package/unreadable-package-json',
  'unreadable-license-file/unreadable',
  'unscanned-path/unreadable',
  'unscanned-path/malformed-manifest',
  'unreadable-package/project-refused',
];

const findingOf = (ruleCode: RuleCode): Finding => ({ ...ruleCode, severity: 'error', package: 'x@1.0.0', license: 'MIT', via: [], args: {}, howToFix: '' });

describe('every finding code has a message, a doc and a producer', () => {
  it('rules/finding-rules.json names only codes its rule has', () => {
    const metadata = (JSON.parse(readFileSync(join(repoRoot, 'rules/finding-rules.json'), 'utf8')) as { rules: Record<RuleId, { codes?: object; fixes?: object }> }).rules;
    const named = RULE_IDS.flatMap((rule) => [...Object.keys(metadata[rule].codes ?? {}), ...Object.keys(metadata[rule].fixes ?? {})].map((code) => `${rule}/${code}`));
    expect(named.filter((each) => !ALL.map(key).includes(each))).toEqual([]);
  });

  it.each(ALL.map((each) => [key(each), each] as const))('%s has its own message', (_name, ruleCode) => {
    const message = findingMessage(findingOf(ruleCode));
    expect(message).not.toMatch(new RegExp(`: ${ruleCode.rule}\\b`));
    expect(message.length).toBeGreaterThan(10);
  });

  it('a finding built around the types with an unknown code is a bug, not a generic message', () => {
    expect(() => findingMessage(findingOf({ rule: 'unknown-license', code: 'no-such-code' } as unknown as RuleCode))).toThrow(/no message for finding code unknown-license\/no-such-code/);
  });

  it.each(RULE_IDS.map((rule) => [rule]))('docs/rules/%s.md says what, why, how to fix, and lists every code', (rule) => {
    const doc = readFileSync(join(repoRoot, 'docs/rules', `${rule}.md`), 'utf8');
    for (const heading of ['## What', '## Why', '## How to fix', '## Codes']) expect(doc).toContain(heading);
    const rows = [...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]);
    expect(rows).toEqual([...FINDING_CODES[rule]]);
  });

  it('every code is produced by a fixture, asserted by a named test, or listed as a gap (and only one of these)', () => {
    const placed = [...Object.values(PRODUCED_BY_FIXTURE).flat(), ...Object.keys(ASSERTED_IN_TEST), ...GAPS];
    expect([...placed].sort()).toEqual(ALL.map(key).sort());
  });

  it.each(Object.entries(ASSERTED_IN_TEST))('%s is asserted in test/%s', (name, file) => {
    const code = name.slice(name.indexOf('/') + 1);
    expect(readFileSync(join(repoRoot, 'test', file), 'utf8')).toMatch(new RegExp(`['"/]${code}['"/]`));
  });

  it.each(Object.entries(PRODUCED_BY_FIXTURE))('fixtures/%s produces its codes', async (fixture, codes) => {
    const { report } = await scanInProcess(join(repoRoot, 'fixtures', fixture), { failOn: 'never' });
    const produced = new Set(report.findings.map((finding) => `${finding.rule}/${finding.code}`));
    expect(codes.filter((code) => !produced.has(code))).toEqual([]);
  });
});
