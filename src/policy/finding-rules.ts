import { readFileSync } from 'node:fs';
import type { RuleId, Severity } from '../model/index.js';

export interface FindingRule {
  severity: Severity;
  title: string;
  howToFix: string;
}

let rules: Record<RuleId, FindingRule> | undefined;

/** Metadata of every finding rule (rules/finding-rules.json): default severity, title, how to fix. */
export function findingRules(): Record<RuleId, FindingRule> {
  rules ??= (
    JSON.parse(readFileSync(new URL('../../rules/finding-rules.json', import.meta.url), 'utf8')) as {
      rules: Record<RuleId, FindingRule>;
    }
  ).rules;
  return rules;
}
