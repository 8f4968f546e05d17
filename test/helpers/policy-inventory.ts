// Synthetic inventories for policy tests: a project license and dependencies as (name, license, scopes).
import type { Component, Inventory, Scope } from '../../src/model/index.js';
import { classifyExpression } from '../../src/policy/classify.js';
import { resolvePolicy } from '../../src/policy/config.js';
import { evaluatePolicy, type PolicyEvaluation } from '../../src/policy/evaluate.js';

export interface Dependency {
  name: string;
  license: string | null;
  version?: string;
  scopes?: Scope[];
  /** Names between the root and this package (exclusive of both). */
  through?: string[];
  sha256?: string[];
}

export const TODAY = '2026-06-15';

export function component(dependency: Dependency): Component {
  const version = dependency.version ?? '1.0.0';
  return {
    kind: 'npm',
    ref: `${dependency.name}@${version}`,
    name: dependency.name,
    version,
    purl: `pkg:npm/${dependency.name}@${version}`,
    scopes: dependency.scopes ?? ['prod'],
    direct: (dependency.through ?? []).length === 0,
    paths: [`node_modules/${dependency.name}`],
    via: ['app', ...(dependency.through ?? []), dependency.name],
    license: {
      declared: dependency.license,
      expression: dependency.license,
      source: dependency.license ? 'metadata' : 'none',
      files: (dependency.sha256 ?? []).map((hash) => ({ path: 'LICENSE', expression: dependency.license, confidence: 1, sha256: hash })),
    },
    category: classifyExpression(dependency.license).category,
    dependsOn: [],
  };
}

export function inventory(projectLicense: string | null, dependencies: Dependency[]): Inventory {
  return {
    root: { name: 'app', version: '1.0.0', license: projectLicense, purl: 'pkg:npm/app@1.0.0', workspaces: [], dependsOn: [] },
    components: dependencies.map(component).sort((a, b) => (a.ref < b.ref ? -1 : 1)),
    mode: 'virtual',
    problems: [],
  };
}

/** Evaluates dependencies under a config object (validated like a real one). */
export function evaluate(projectLicense: string | null, dependencies: Dependency[], config: Record<string, unknown> = {}, today = TODAY): PolicyEvaluation {
  return evaluatePolicy(inventory(projectLicense, dependencies), resolvePolicy(config, 'licit.config.json'), { today });
}

/** `rule/code package` of each finding, for compact assertions. */
export function codes(evaluation: PolicyEvaluation): string[] {
  return evaluation.findings.map((finding) => `${finding.severity} ${finding.rule}/${finding.code} ${finding.package ?? '-'}`);
}
