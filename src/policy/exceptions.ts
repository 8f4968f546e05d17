// Per-package exceptions (waivers): an active exception waives the findings of its packages (a name or a glob
// such as `@vendor/x-*`, with an optional semver range; for one rule or all). A waived finding is kept, marked
// with the exception that waives it, and never counted. An expired exception, or one whose approved license
// text no longer matches, waives nothing and is itself a finding.
import type { Component, Finding, Suppression } from '../model/index.js';
import { PACKAGE_LIST_SEPARATOR } from './conflicts.js';
import { makeFinding } from './finding-rules.js';
import type { PolicyException } from './policy.js';
import { versionSatisfies } from './version-range.js';

interface PackageId {
  name: string;
  version: string | null;
}

/** `name@version` (scoped names included) -> its parts. */
export function parsePackageRef(ref: string): PackageId {
  const at = ref.lastIndexOf('@');
  if (at <= 0) return { name: ref, version: null };
  return { name: ref.slice(0, at), version: ref.slice(at + 1) };
}

const namePatterns = new Map<string, RegExp>();

/** A package name against an exception's name: `*` stands for any characters but `/` (so a scope stays a scope). */
export function matchesPackageName(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  let regex = namePatterns.get(pattern);
  if (!regex) {
    regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
    namePatterns.set(pattern, regex);
  }
  return regex.test(name);
}

function coversPackage(exception: PolicyException, id: PackageId): boolean {
  if (!matchesPackageName(exception.name, id.name)) return false;
  if (exception.range === null) return true;
  return id.version !== null && versionSatisfies(id.version, exception.range);
}

/** `today` is YYYY-MM-DD; an exception holds through its `expires` day. */
export function isExpired(exception: PolicyException, today: string): boolean {
  return exception.expires !== null && today > exception.expires;
}

/**
 * The sets of packages whose waiver removes a finding: its own package; for a conflict, also the whole other
 * side at once (waiving some of the other packages leaves the finding as it is).
 */
function waivableBy(finding: Finding): string[][] {
  const sides = finding.package === null ? [] : [[finding.package]];
  const others = finding.rule === 'license-conflict' ? finding.args.otherPackages : undefined;
  if (typeof others === 'string' && others !== '') sides.push(others.split(PACKAGE_LIST_SEPARATOR));
  return sides;
}

export interface ExceptionOutcome {
  /** The findings no exception waives, plus the exception-expired findings. */
  findings: Finding[];
  /** The waived findings, each with the `suppression` that waives it. */
  suppressed: Finding[];
}

/**
 * Applies the exceptions to every finding. exception-expired findings are never waived: they are about the
 * exceptions themselves. A finding several exceptions cover is marked with the first in the config.
 */
export function applyExceptions(findings: readonly Finding[], exceptions: readonly PolicyException[], components: readonly Component[], today: string): ExceptionOutcome {
  const raised: Finding[] = [];
  const active: { exception: PolicyException; textMismatch: Set<string> }[] = [];
  for (const exception of exceptions) {
    if (isExpired(exception, today)) {
      raised.push(
        makeFinding({
          rule: 'exception-expired',
          code: 'expired',
          package: null,
          license: null,
          via: [],
          args: { exception: exception.index, package: exception.spec, rule: exception.rule, reason: exception.reason, expires: exception.expires },
        }),
      );
      continue;
    }
    const textMismatch = new Set<string>();
    if (exception.licenseTextSha256 !== null) {
      for (const component of components) {
        if (!coversPackage(exception, { name: component.name, version: component.version })) continue;
        const hashes = component.license.files.map((file) => file.sha256).filter((hash): hash is string => typeof hash === 'string');
        if (hashes.includes(exception.licenseTextSha256)) continue;
        textMismatch.add(component.ref);
        raised.push(
          makeFinding({
            rule: 'exception-expired',
            code: 'text-changed',
            package: component.ref,
            license: component.license.expression,
            via: component.via,
            args: { exception: exception.index, package: exception.spec, expected: exception.licenseTextSha256, found: hashes.length === 0 ? null : hashes.join(', ') },
          }),
        );
      }
    }
    active.push({ exception, textMismatch });
  }

  if (active.length === 0) return { findings: [...findings, ...raised], suppressed: [] };
  const covering = (ref: string, rule: Finding['rule']): PolicyException[] =>
    active
      .filter(({ exception, textMismatch }) => (exception.rule === null || exception.rule === rule) && !textMismatch.has(ref) && coversPackage(exception, parsePackageRef(ref)))
      .map(({ exception }) => exception);
  /** The exception that waives the finding: one that covers every package of one of its sides. */
  const waiver = (finding: Finding): PolicyException | undefined => {
    if (finding.rule === 'exception-expired') return undefined;
    for (const side of waivableBy(finding)) {
      const each = side.map((ref) => covering(ref, finding.rule));
      if (each.every((found) => found.length > 0)) return each.flat().sort((a, b) => a.index - b.index)[0];
    }
    return undefined;
  };
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    const exception = waiver(finding);
    if (exception) suppressed.push({ ...finding, suppression: suppressionOf(exception) });
    else kept.push(finding);
  }
  return { findings: [...kept, ...raised], suppressed };
}

function suppressionOf(exception: PolicyException): Suppression {
  return { exception: exception.index, package: exception.spec, reason: exception.reason, comment: exception.comment, expires: exception.expires };
}
