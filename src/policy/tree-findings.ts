import { ruleCodeOf, type Component, type DistributiveOmit, type Finding, type Inventory, type Severity, type RuleId } from '../model/index.js';
import { defaultSeverity, howToFix } from './finding-rules.js';

export type SeverityOverrides = Partial<Record<RuleId, Severity | 'off'>>;

/**
 * Findings that need no policy judgement: problems met while walking the tree, and packages whose
 * license is unknown (fail closed: nothing unreadable passes silently).
 */
const NOT_EXPLAINING: ReadonlySet<string> = new Set(['invalid-license-metadata', 'declared-file-mismatch', 'unreadable-license-file']);

export function treeFindings(inventory: Inventory, components: Component[], overrides: SeverityOverrides = {}): Finding[] {
  const byRef = new Map(components.map((component) => [component.ref, component]));
  const findings: Finding[] = [];
  const push = (finding: DistributiveOmit<Finding, 'severity' | 'howToFix'>, settled?: Severity): void => {
    const severity = overrides[finding.rule] ?? settled ?? defaultSeverity(finding.rule, finding.code);
    if (severity !== 'off') findings.push({ ...finding, severity, howToFix: howToFix(finding.rule, finding.code) });
  };

  const explained = new Set<string>();
  for (const problem of inventory.problems) {
    const component = problem.package ? byRef.get(problem.package) : undefined;
    // Metadata problems and mismatches do not say why a license is unknown; the others do (or are the finding).
    // A license file that could not be read is only a warning: the unknown license it leaves is still an error.
    if (problem.package && !NOT_EXPLAINING.has(problem.rule)) explained.add(problem.package);
    push({
      ...ruleCodeOf(problem),
      package: problem.package,
      license: component?.license.expression ?? null,
      via: component?.via ?? [],
      ...(problem.path ? { path: problem.path } : {}),
      args: problem.args,
    }, problem.severity);
  }
  for (const component of components) {
    if (component.category !== 'unknown' || explained.has(component.ref)) continue;
    push({
      rule: 'unknown-license',
      code: component.license.expression ? 'unrecognised' : 'none-found',
      package: component.ref,
      license: component.license.expression,
      via: component.via,
      path: component.paths[0] ?? '',
      args: { declared: component.license.declared },
    });
  }
  return findings;
}
