// Every (rule, code) a finding can carry. A code not listed here does not compile (Finding and
// TreeProblem are typed by it), and src/report/messages.ts must have a message for each one.
// Adding a code: add it here under its rule, then its message (the compiler asks for it), a line in
// docs/rules/<rule>.md and a fixture or test that produces it (test/finding-codes.test.ts checks all three).
import type { RuleId } from './types.js';

export const FINDING_CODES = {
  'denied-license': ['denied', 'not-allowed'],
  'unknown-license': ['none-found', 'unrecognised', 'unrecognised-text'],
  'license-not-in-lockfile': ['absent', 'see-license-unread'],
  'invalid-license-metadata': ['corrected', 'deprecated-id', 'empty', 'invalid-type', 'legacy-shape', 'malformed-model-card', 'not-spdx', 'see-license-missing'],
  'declared-file-mismatch': ['different-terms', 'file-more-restrictive', 'metadata-more-restrictive', 'model-metadata-vs-license-file', 'same-terms'],
  'incompatible-with-project': ['check-dependency', 'incompatible', 'library-copyleft', 'network-copyleft'],
  'license-conflict': ['cannot-combine'],
  'model-restriction': ['commercial-use', 'commercial-use-permission', 'hosted-service', 'output-use', 'regional', 'revenue-threshold', 'user-threshold'],
  'model-context-needed': ['commercial-use-needed', 'facts-needed'],
  'license-changed': ['upgraded', 'was-unknown'],
  'exception-expired': ['expired', 'text-changed'],
  'unreadable-package': ['invalid-dependency', 'malformed-package-json', 'missing-dependency', 'missing-package-json', 'package-json-not-a-file', 'project-refused', 'symlink-loop', 'unreadable-package-json'],
  'unreadable-license-file': ['binary', 'too-large', 'unreadable'],
  'unsafe-path': ['license-file-escape', 'link-outside-root', 'see-license-escape'],
  'unreadable-model-file': ['bad-magic', 'header-size-mismatch', 'limit-exceeded', 'malformed', 'read-error', 'truncated', 'unsupported-version'],
  'model-license-conflict': ['derivative-of-base'],
  'lockfile-out-of-sync': ['missing-entry', 'missing-workspace', 'spec-mismatch'],
  'model-license-unknown': ['model-unknown', 'dataset-unknown'],
  'unscanned-path': ['permission-denied', 'unreadable', 'malformed-manifest', 'symlink-loop'],
} as const satisfies Record<RuleId, readonly string[]>;

/** The codes of one rule (all rules' codes when none is given). */
export type FindingCode<Rule extends RuleId = RuleId> = (typeof FINDING_CODES)[Rule][number];

/** A rule with one of its own codes: the discriminant of Finding and TreeProblem. */
export type RuleCode = { [Rule in RuleId]: { rule: Rule; code: FindingCode<Rule> } }[RuleId];

/** The rule and code of a finding or problem, alone (a copy field by field would lose their pairing for TypeScript). */
export function ruleCodeOf(item: RuleCode): RuleCode {
  return { rule: item.rule, code: item.code } as RuleCode;
}

/** Omit over each member of a union (TypeScript's Omit merges the members, losing the rule-code pairing). */
export type DistributiveOmit<T, Key extends PropertyKey> = T extends unknown ? Omit<T, Key> : never;
