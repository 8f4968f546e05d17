// `licit explain <rule-id>`: what a finding rule finds, why it matters and how to fix it, from the rule's
// metadata in rules/finding-rules.json (the same record the parity test checks and SARIF publishes).
import { RULE_IDS, type RuleId } from '../model/index.js';
import { findingRules, type FindingRule } from '../policy/finding-rules.js';

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

export interface RuleExplanation extends FindingRule {
  rule: RuleId;
}

export function explainRule(rule: RuleId): RuleExplanation {
  return { rule, ...findingRules()[rule] };
}

export function renderRuleExplanation(explanation: RuleExplanation): string {
  const codes = Object.entries(explanation.codes ?? {}).map(([code, severity]) => `${code}: ${severity}`);
  const lines = [
    `${explanation.rule} — ${explanation.title}`,
    `  default severity: ${explanation.severity}${codes.length > 0 ? ` (sub-codes ${codes.join(', ')})` : ''}`,
    '',
    'what',
    `  ${explanation.what}`,
    '',
    'why',
    `  ${explanation.why}`,
    '',
    'how to fix',
    `  ${explanation.howToFix}`,
    '',
    'in the config',
    `  "rules": { "${explanation.rule}": "error" | "warning" | "off" } changes its severity;`,
    `  an exception { "package": "name@range" or "@scope/glob-*", "rule": "${explanation.rule}", "reason", "comment", "expires" } waives it for some packages (the finding stays in the reports, marked suppressed).`,
  ];
  return `${lines.join('\n')}\n`;
}
