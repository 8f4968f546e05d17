import { readRules, type FindingRuleMetadata } from '../knowledge/index.js';
import type { DistributiveOmit, Finding, RuleId, Severity } from '../model/index.js';
import { ownValue } from '../model/index.js';

export type FindingRule = FindingRuleMetadata;

/** Metadata of every finding rule (rules/finding-rules.json): default severity, title, how to fix. */
export function findingRules(): Record<RuleId, FindingRule> {
  return readRules('finding-rules.json').rules;
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
export function makeFinding(finding: DistributiveOmit<Finding, 'severity' | 'howToFix'>): Finding {
  return { ...finding, severity: defaultSeverity(finding.rule, finding.code), howToFix: howToFix(finding.rule, finding.code) };
}
