import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULE_IDS } from '../src/model/index.js';
import { repoRoot, runLicit } from './helpers/cli.js';

const readJson = (path: string): unknown => JSON.parse(readFileSync(join(repoRoot, path), 'utf8'));

describe('every finding rule exists everywhere a user meets it', () => {
  const metadata = (readJson('rules/finding-rules.json') as { rules: Record<string, { severity: string; title: string; what: string; why: string; howToFix: string }> }).rules;
  const report = readJson('schema/report-v1.schema.json') as { definitions: { finding: { properties: { rule: { enum: string[] } } } } };

  test('rules/finding-rules.json describes exactly the rule ids licit emits', () => {
    expect(Object.keys(metadata).sort()).toEqual([...RULE_IDS].sort());
  });

  test.each([...RULE_IDS])('%s has a default severity, a title and how to fix it', (rule) => {
    expect(['error', 'warning']).toContain(metadata[rule]!.severity);
    expect(metadata[rule]!.title.length).toBeGreaterThan(5);
    expect(metadata[rule]!.howToFix.length).toBeGreaterThan(20);
    expect(metadata[rule]!.what.length).toBeGreaterThan(20);
    expect(metadata[rule]!.why.length).toBeGreaterThan(20);
  });

  test.each([...RULE_IDS])('licit explain %s tells what, why and how to fix, from that metadata', (rule) => {
    const run = runLicit(['explain', rule, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ rule, ...metadata[rule] });
  });

  test('licit explain <rule-id> as text', () => {
    const run = runLicit(['explain', 'license-conflict']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^license-conflict — Licenses that cannot be combined\n/);
    for (const part of ['what', 'why', 'howToFix'] as const) expect(run.stdout.replace(/\s+/g, ' ')).toContain(metadata['license-conflict']![part]);
  });

  test('the published JSON report schema lists every rule id', () => {
    expect([...report.definitions.finding.properties.rule.enum].sort()).toEqual([...RULE_IDS].sort());
  });
});
