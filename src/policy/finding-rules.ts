import { ownValue } from '../model/index.js';
import { readFileSync } from 'node:fs';
import type { Finding, RuleId, Severity } from '../model/index.js';
import { licitFileUrl } from '../model/package-root.js';

export interface FindingRule {
  severity: Severity;
  /** Sub-codes whose default severity differs from the rule's (e.g. a warning-level case of an error rule). */
  codes?: Record<string, Severity>;
  title: string;
  /** What the rule finds, in a sentence or two (`licit explain <rule-id>`). */
  what: string;
  /** Why it matters. */
  why: string;
  howToFix: string;
  /** Sub-codes whose fix differs from the rule's (a library copyleft is not fixed as a strong one is). */
  fixes?: Record<string, string>;
}

let rules: Record<RuleId, FindingRule> | undefined;

/** Metadata of every finding rule (rules/finding-rules.json): default severity, title, how to fix. */
export function findingRules(): Record<RuleId, FindingRule> {
  rules ??= (
    JSON.parse(readFileSync(licitFileUrl('rules/finding-rules.json'), 'utf8')) as {
      rules: Record<RuleId, FindingRule>;
    }
  ).rules;
  return rules;
}

/** The default severity of a rule's sub-code, before the policy's `rules` overrides. */
export function defaultSeverity(rule: RuleId, code: string): Severity {
  const metadata = findingRules()[rule];
  return (metadata.codes && ownValue(metadata.codes, code)) ?? metadata.severity;
}

/** What to do about a rule's sub-code: its own fix where the rule has one, else the rule's. */
export function howToFix(rule: RuleId, code: string): string {
  const metadata = findingRules()[rule];
  return (metadata.fixes && ownValue(metadata.fixes, code)) ?? metadata.howToFix;
}

/** A finding with its rule's default severity and how-to-fix filled in. */
export function makeFinding(finding: Omit<Finding, 'severity' | 'howToFix'>): Finding {
  return { ...finding, severity: defaultSeverity(finding.rule, finding.code), howToFix: howToFix(finding.rule, finding.code) };
}
