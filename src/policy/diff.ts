// A scan of the head against a scan of the base (the merge-base of --base and HEAD): what the change adds,
// removes and relicenses, which findings are new, which obligations appear. Pure: two results in, one out.
import { diffPackage, type Component, type DiffPackage, type Finding, type Obligation, type RuleId, type ScanDiff, type ScanResult, type Severity } from '../model/index.js';
import { findingRules } from './finding-rules.js';

export interface DiffOptions {
  base: ScanDiff['base'];
  /** `--all`: the gate counts every finding of the head, not only the new ones. */
  all: boolean;
  /** Severity per rule from the policy (`rules` in the config); the rule's default otherwise. */
  severities?: Partial<Record<RuleId, Severity | 'off'>>;
}

/**
 * The head's result with `diff` set and `new` marked on each finding. `base` is null when the base
 * revision had nothing to scan (no lockfile yet): everything in the head is new.
 * `license-not-in-lockfile` is kept only for package versions the base did not have: only what the
 * change brings in needs its license resolved.
 */
export function diffScans(base: ScanResult | null, head: ScanResult, options: DiffOptions): ScanResult {
  const baseComponents = base?.components ?? [];
  const baseRefs = new Set(baseComponents.map(componentKey));
  const baseByName = groupByName(baseComponents);
  const headByName = groupByName(head.components);

  const added: DiffPackage[] = [];
  const changed: ScanDiff['changed'] = [];
  for (const component of head.components) {
    if (baseRefs.has(componentKey(component))) continue;
    const previous = baseByName.get(nameKey(component));
    if (!previous) added.push(diffPackage(component));
    else if (!previous.some((old) => old.license.expression === component.license.expression)) {
      changed.push({ from: diffPackage(closestVersion(previous, component.version)), to: diffPackage(component) });
    }
  }
  const removed = baseComponents.filter((component) => !headByName.has(nameKey(component))).map(diffPackage);

  const headIndex = indexByRef(head.components);
  const baseIndex = indexByRef(baseComponents);
  const findings = head.findings
    .filter((finding) => finding.rule !== 'license-not-in-lockfile' || finding.package === null || !baseRefs.has(refKey(headIndex, finding.package)))
    .concat(licenseChangedFindings(headIndex, changed, options.severities ?? {}));
  const baseIdentities = new Set((base?.findings ?? []).map((finding) => findingIdentity(baseIndex, finding)));
  const marked = findings.map((finding) => ({
    ...finding,
    new: finding.rule === 'license-changed' || !baseIdentities.has(findingIdentity(headIndex, finding)),
  }));

  const basePairs = new Set((base?.obligations ?? []).map(obligationKey));
  const obligationsAdded: Obligation[] = head.obligations.filter((obligation) => !basePairs.has(obligationKey(obligation)));
  const fresh = marked.filter((finding) => finding.new);
  return {
    ...head,
    findings: marked,
    summary: { ...head.summary, ...severityCounts(marked) },
    diff: {
      base: options.base,
      gate: options.all ? 'all' : 'new',
      added,
      removed,
      changed,
      obligationsAdded,
      newErrors: severityCounts(fresh).errors,
      newWarnings: severityCounts(fresh).warnings,
    },
  };
}

/** A finding's identity across base and head: rule, package name (not version) and license. */
function findingIdentity(index: RefIndex, finding: Finding): string {
  const name = finding.package === null ? '' : nameOfRef(index, finding.package);
  return `${finding.rule}\u0000${name}\u0000${finding.license ?? ''}`;
}

type RefIndex = ReadonlyMap<string, Component>;

/** Components by ref; npm first where a model shares a ref (findings name npm packages). */
function indexByRef(components: readonly Component[]): RefIndex {
  const index = new Map<string, Component>();
  for (const component of components) if (!index.has(component.ref) || component.kind === 'npm') index.set(component.ref, component);
  return index;
}

function nameOfRef(index: RefIndex, ref: string): string {
  const component = index.get(ref);
  if (component) return component.name;
  const at = ref.lastIndexOf('@');
  return at > 0 ? ref.slice(0, at) : ref;
}

function refKey(index: RefIndex, ref: string): string {
  const component = index.get(ref);
  return component ? componentKey(component) : `npm:${ref}`;
}

const componentKey = (component: Component): string => `${component.kind}:${component.ref}`;
const nameKey = (component: Component): string => `${component.kind}:${component.name}`;
const obligationKey = (obligation: Obligation): string => `${obligation.obligation}\u0000${obligation.license}`;

function groupByName(components: readonly Component[]): Map<string, Component[]> {
  const groups = new Map<string, Component[]>();
  for (const component of components) {
    const group = groups.get(nameKey(component));
    if (group) group.push(component);
    else groups.set(nameKey(component), [component]);
  }
  return groups;
}

/** The base version a new one replaces: the highest one below it, else the lowest. */
function closestVersion(candidates: readonly Component[], version: string | null): Component {
  const sorted = [...candidates].sort((a, b) => compareVersions(a.version, b.version));
  const below = sorted.filter((candidate) => compareVersions(candidate.version, version) < 0);
  return below.at(-1) ?? sorted[0]!;
}

/** Semver order: `1.10.0` after `1.9.0`, `1.0.0-beta` before `1.0.0`; build metadata ignored. */
export function compareVersions(a: string | null, b: string | null): number {
  const split = (version: string | null): { release: string[]; pre: string | null } => {
    const [withoutBuild = ''] = (version ?? '').split('+');
    const dash = withoutBuild.indexOf('-');
    return dash < 0 ? { release: withoutBuild.split('.'), pre: null } : { release: withoutBuild.slice(0, dash).split('.'), pre: withoutBuild.slice(dash + 1) };
  };
  const left = split(a);
  const right = split(b);
  const release = compareParts(left.release, right.release);
  if (release !== 0) return release;
  if (left.pre === right.pre) return 0;
  if (left.pre === null) return 1;
  if (right.pre === null) return -1;
  return compareParts(left.pre.split('.'), right.pre.split('.'));
}

function compareParts(left: string[], right: string[]): number {
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const x = left[index];
    const y = right[index];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    if (numeric) return Number(x) < Number(y) ? -1 : Number(x) > Number(y) ? 1 : 0;
    return x < y ? -1 : 1;
  }
  return 0;
}

function licenseChangedFindings(
  byRef: RefIndex,
  changed: ScanDiff['changed'],
  severities: Partial<Record<RuleId, Severity | 'off'>>,
): Finding[] {
  const rule = findingRules()['license-changed'];
  const severity = severities['license-changed'] ?? rule.severity;
  if (severity === 'off') return [];
  return changed.map(({ from, to }) => {
    const component = byRef.get(to.ref);
    return {
      rule: 'license-changed',
      severity,
      code: 'upgraded',
      package: to.ref,
      license: to.license,
      via: component?.via ?? [],
      ...(component?.paths[0] !== undefined ? { path: component.paths[0] } : {}),
      args: { fromVersion: from.version, toVersion: to.version, from: from.license, to: to.license },
      howToFix: rule.howToFix,
    };
  });
}

function severityCounts(findings: readonly Finding[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: findings.filter((finding) => finding.severity === 'error').length,
    warnings: findings.filter((finding) => finding.severity === 'warning').length,
    infos: findings.filter((finding) => finding.severity === 'info').length,
  };
}
