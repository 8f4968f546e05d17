// `licit check`: what adding packages does to a project, as data. Pure: both trees come in already
// resolved, and both results already judged by the same evaluation `licit scan` uses.
import { diffPackage, type CheckDiff, type CheckLicense, type Component, type Finding, type Inventory, type Obligation, type RuleId, type ScanResult, type Scope } from '../model/index.js';
import { compareComponents, compareText } from '../model/order.js';

/**
 * The project's inventory with the addition merged in: packages the project already has stay as
 * the project's scan read them (with their installed license files); new ones come from the
 * resolved tree. A package the project had only for development and the addition ships gains `prod`.
 */
export function mergeAddition(project: Inventory, resolved: Inventory, addedRefs: readonly string[]): Inventory {
  const existing = new Map(project.components.map((component) => [component.ref, component]));
  const merged = new Map(existing);
  for (const component of resolved.components) {
    if (!isShipped(component.scopes)) continue;
    const had = existing.get(component.ref);
    if (!had) {
      merged.set(component.ref, { ...component, via: rerooted(component.via, project.root.name) });
    } else if (!isShipped(had.scopes)) {
      merged.set(component.ref, { ...had, scopes: ['prod', ...had.scopes.filter((scope) => scope !== 'prod')] });
    }
  }
  const newRefs = new Set([...merged.keys()].filter((ref) => !existing.has(ref)));
  return {
    ...project,
    root: { ...project.root, dependsOn: [...new Set([...project.root.dependsOn, ...addedRefs])].sort(compareText) },
    components: [...merged.values()].sort(compareComponents),
    problems: [...project.problems, ...resolved.problems.filter((problem) => problem.package !== null && newRefs.has(problem.package))],
  };
}

/**
 * The project as its lockfile has it: packages the lockfile records (`locked`, name@version) that are not
 * installed here — other platforms' builds — are taken from the resolved tree, which holds the lockfile's
 * every entry. Without them each one would count as something the addition brings.
 */
export function withLockedPackages(project: Inventory, resolved: Inventory, locked: ReadonlySet<string>): Inventory {
  const have = new Set(project.components.map((component) => component.ref));
  const missing = resolved.components
    .filter((component) => locked.has(component.ref) && !have.has(component.ref))
    .map((component) => ({ ...component, via: rerooted(component.via, project.root.name) }));
  if (missing.length === 0) return project;
  const missingRefs = new Set(missing.map((component) => component.ref));
  return {
    ...project,
    components: [...project.components, ...missing].sort(compareComponents),
    problems: [...project.problems, ...resolved.problems.filter((problem) => problem.package !== null && missingRefs.has(problem.package))],
  };
}

/** Compares the project's result with the result after the addition. */
export function checkDiff(before: ScanResult, after: ScanResult, addedRefs: readonly string[]): CheckDiff {
  const beforeByRef = new Map(before.components.map((component) => [component.ref, component]));
  const needed = reachable(after.components, addedRefs);
  const addedComponents = after.components.filter((component) => !beforeByRef.has(component.ref));
  const nowShipped = after.components.filter((component) => {
    const had = beforeByRef.get(component.ref);
    return had !== undefined && !isShipped(had.scopes) && isShipped(component.scopes);
  });

  const knownLicenses = new Set(before.components.filter((component) => isShipped(component.scopes)).map(licenseOf));
  const newLicenses = new Map<string, CheckLicense>();
  for (const component of [...addedComponents, ...nowShipped]) {
    const license = licenseOf(component);
    if (knownLicenses.has(license)) continue;
    const entry = newLicenses.get(license) ?? { license, category: component.category, packages: [] };
    entry.packages.push(component.ref);
    newLicenses.set(license, entry);
  }

  const knownObligations = new Set(before.obligations.map(obligationKey));
  const obligationsAdded = after.obligations.filter((obligation) => !knownObligations.has(obligationKey(obligation)));
  const knownFindings = new Set(before.findings.map(findingKey));
  const findingsAdded = after.findings.filter((finding) => !knownFindings.has(findingKey(finding))).map((finding) => ({ ...finding, new: true }));
  const errors = findingsAdded.filter((finding) => finding.severity === 'error').sort(compareReasons);

  return {
    added: addedComponents.map(diffPackage),
    reused: [...needed].filter((ref) => beforeByRef.has(ref)).sort(compareText),
    nowShipped: nowShipped.map(diffPackage),
    newLicenses: [...newLicenses.values()].sort((a, b) => compareText(a.license, b.license)),
    obligationsAdded,
    findingsAdded,
    verdict: errors.length > 0 ? { status: 'blocked', reasons: errors } : { status: 'ok' },
  };
}

/** The refs the given ones depend on, transitively, themselves included. */
function reachable(components: readonly Component[], starts: readonly string[]): Set<string> {
  const byRef = new Map(components.map((component) => [component.ref, component]));
  const seen = new Set<string>();
  const queue = [...starts];
  for (let ref = queue.pop(); ref !== undefined; ref = queue.pop()) {
    if (seen.has(ref)) continue;
    seen.add(ref);
    queue.push(...(byRef.get(ref)?.dependsOn ?? []));
  }
  return seen;
}

/** Rules that say most plainly why a license cannot come in, first. */
const REASON_ORDER: RuleId[] = ['denied-license', 'incompatible-with-project', 'license-conflict', 'model-restriction', 'unknown-license'];

function compareReasons(a: Finding, b: Finding): number {
  const rank = (finding: Finding): number => {
    const index = REASON_ORDER.indexOf(finding.rule);
    return index === -1 ? REASON_ORDER.length : index;
  };
  return rank(a) - rank(b) || a.via.length - b.via.length || compareText(a.package ?? '', b.package ?? '');
}

function isShipped(scopes: readonly Scope[]): boolean {
  return scopes.some((scope) => scope !== 'dev');
}

/** The via chain of the resolved tree, starting at the project's name instead of the scratch root's. */
function rerooted(via: string[], rootName: string): string[] {
  return via.length > 0 ? [rootName, ...via.slice(1)] : via;
}

function licenseOf(component: Component): string {
  return component.license.chosen ?? component.license.expression ?? '(none)';
}

function obligationKey(obligation: Obligation): string {
  return `${obligation.obligation}\u0000${obligation.license}`;
}

function findingKey(finding: Finding): string {
  return [finding.rule, finding.code, finding.package ?? '', finding.license ?? ''].join('\u0000');
}

