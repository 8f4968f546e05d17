import { existsSync } from 'node:fs';
import { readInputText } from '../model/index.js';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { resolvePolicy } from '../policy/config.js';
import type { ModelTerms } from '../policy/explain-model.js';
import { explainExpression, type ContextVerdict, type Explanation, type LicenseFacts } from '../policy/explain.js';
import { loadConfig } from './config.js';
import { explainRule, isRuleId, renderRuleExplanation } from './explain-rule.js';

const EXPLAIN_FORMATS = ['text', 'json'] as const;
type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

interface ExplainFlags {
  format: ExplainFormat;
  projectLicense?: string;
  config?: string;
  dir: string;
}

/**
 * `licit explain <expression>`: category, obligations, restrictions, compatibility per context, sources.
 * `licit explain <rule-id>`: what a finding rule finds, why, and how to fix it. Offline.
 */
export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('explain a license expression (category, obligations, compatibility, sources) or a finding rule (what, why, how to fix)')
    .argument('<expression>', 'an SPDX expression, e.g. "MIT OR GPL-3.0-only", or a rule id such as license-conflict')
    .addOption(new Option('--format <format>', 'output format').choices(EXPLAIN_FORMATS).default('text'))
    .option('--project-license <expression>', "the project's own license (default: the config's context.projectLicense, else package.json's)")
    .option('--config <path>', 'policy file (default: licit.config.json, .licitrc.json, package.json#licit in --dir)')
    .option('--dir <dir>', 'the project whose config and license to use', '.')
    .action((expression: string, flags: ExplainFlags) => {
      if (isRuleId(expression)) {
        const rule = explainRule(expression);
        process.stdout.write(flags.format === 'json' ? `${JSON.stringify(rule, null, 2)}\n` : renderRuleExplanation(rule));
        process.exitCode = 0;
        return;
      }
      const config = loadConfig(flags.dir, flags.config);
      const policy = resolvePolicy(config.value, config.source);
      const projectLicense = flags.projectLicense ?? policy.context.projectLicense ?? rootLicense(flags.dir);
      const explanation = explainExpression(expression, policy, projectLicense);
      process.stdout.write(flags.format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : renderExplanation(explanation));
      process.exitCode = 0;
    });
}

function rootLicense(dir: string): string | null {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return null;
  try {
    const license = (JSON.parse(readInputText(manifest, 'package.json')) as { license?: unknown }).license;
    return typeof license === 'string' ? license : null;
  } catch {
    return null;
  }
}

export function renderExplanation(explanation: Explanation): string {
  const lines: string[] = [explanation.expression];
  if (explanation.choiceOffered) lines.push(`  choice: ${explanation.chosen} (the alternative the ${explanation.policy.preset} policy allows with the least burden)`);
  lines.push(`  category: ${explanation.category}`);
  lines.push(...termBlock('obligations', explanation.obligations), ...termBlock('restrictions', explanation.restrictions));
  lines.push('', 'licenses');
  for (const facts of explanation.licenses) lines.push(...licenseLines(facts));
  for (const terms of explanation.modelTerms) lines.push(...modelTermLines(terms));
  lines.push('', `policy: ${explanation.policy.preset}${explanation.policy.source ? ` (${explanation.policy.source})` : ' (default preset)'}, ${explanation.policy.distribution}`);
  for (const { license, verdict } of explanation.policy.verdicts) {
    const reading =
      verdict.status === 'allowed' ? `allowed (allow: ${verdict.entry})` : verdict.status === 'denied' ? `denied (deny: ${verdict.entry})` : 'not allowed (in no allow entry)';
    lines.push(`  ${license}: ${reading}`);
  }
  lines.push('', `with the project's license (${explanation.projectLicense ?? 'none stated: all rights reserved'})`);
  for (const verdict of explanation.compatibility) lines.push(...contextLines(verdict, explanation.expression));
  lines.push('', 'sources');
  lines.push(`  categories: ${explanation.sources.categories}`);
  lines.push(`  obligations: ${explanation.sources.obligations}`);
  lines.push(`  compatibility: ${explanation.sources.compatibility}`);
  return `${lines.join('\n')}\n`;
}

function modelTermLines(terms: ModelTerms): string[] {
  const block = (title: string, items: string[]): string[] => (items.length === 0 ? [] : [`    ${title}:`, ...items.map((item) => `      ${item}`)]);
  return [
    '',
    `model terms: ${terms.name}${terms.licensor ? ` (${terms.licensor})` : ''}${terms.needsReview ? ' [needs review]' : ''}`,
    ...block('thresholds', terms.thresholds),
    ...block('restrictions', terms.restrictions),
    ...block('duties', terms.duties),
    ...(terms.derivatives ? [`    derivatives: ${terms.derivatives}`] : []),
  ];
}

function termBlock(title: string, terms: Explanation['obligations']): string[] {
  if (terms.length === 0) return [`  ${title}: none`];
  const width = Math.max(...terms.map(({ term }) => term.length));
  return [`  ${title}:`, ...terms.map(({ term, meaning }) => `    ${term.padEnd(width)}  ${meaning}`)];
}

function licenseLines(facts: LicenseFacts): string[] {
  if (!facts.id) return [`  ${facts.license}: licit has no record of this license; it is treated as unknown (the unknown-license rule)`];
  const flags = Object.entries(facts.flags)
    .filter(([, value]) => value)
    .map(([key]) => (key === 'osi' ? 'OSI-approved' : key === 'fsf' ? 'FSF-libre' : key))
    .join(', ');
  const lines = [
    `  ${facts.license}${facts.id !== facts.license ? ` (record ${facts.id})` : ''}: ${facts.name ?? ''}`,
    `    category ${facts.category} [${facts.sources.category ?? '?'}]${flags ? `; ${flags}` : ''}`,
    `    obligations ${facts.obligations.join(', ') || 'none'} [${facts.sources.obligations ?? '?'}]`,
  ];
  if (facts.restrictions.length > 0) lines.push(`    restrictions ${facts.restrictions.join(', ')}`);
  if (facts.grants.length > 0) lines.push(`    grants ${facts.grants.join(', ')}`);
  if (facts.note) lines.push(`    note: ${facts.note}`);
  if (facts.exception) {
    const { id, effect, relaxes, adds, lowersTo, sources } = facts.exception;
    lines.push(
      `    WITH ${id}: ${effect}; relaxes ${relaxes.join(', ') || 'nothing'}, adds ${adds.join(', ') || 'nothing'}${lowersTo ? `, category at most ${lowersTo}` : ''} [${sources.exception ?? sources.category ?? '?'}]`,
    );
  }
  return lines;
}

const BASIS = { osadl: 'OSADL matrix', category: 'by category', context: 'nothing distributed' } as const;

function contextLines(verdict: ContextVerdict, expression: string): string[] {
  const choice = verdict.chosen !== expression ? ` [${verdict.chosen}]` : '';
  const head = `  ${verdict.distribution.padEnd(11)} ${verdict.status}${choice}`;
  if (verdict.problems.length === 0) return [`${head} (${verdict.basis.map((basis) => BASIS[basis]).join(', ')})`];
  return [
    head,
    ...verdict.problems.map(
      (problem) => `    ${problem.license} under ${problem.leading}: ${problem.code} (${BASIS[problem.basis]}${problem.verdict ? `: ${problem.verdict}` : ''})`,
    ),
  ];
}
