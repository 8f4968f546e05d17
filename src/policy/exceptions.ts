// Per-package exceptions (waivers): an active exception removes the findings of its package (for one rule
// or all); an expired one, or one whose approved license text no longer matches, waives nothing and is
// itself a finding.
import type { Component, Finding } from '../model/index.js';
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

function coversPackage(exception: PolicyException, id: PackageId): boolean {
  if (exception.name !== id.name) return false;
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

/**
 * Applies the exceptions to every finding and returns what remains plus the exception-expired findings.
 * exception-expired findings are never waived: they are about the exceptions themselves.
 */
export function applyExceptions(findings: readonly Finding[], exceptions: readonly PolicyException[], components: readonly Component[], today: string): Finding[] {
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

  if (active.length === 0) return [...findings, ...raised];
  const covered = (ref: string, rule: Finding['rule']): boolean =>
    active.some(({ exception, textMismatch }) => (exception.rule === null || exception.rule === rule) && !textMismatch.has(ref) && coversPackage(exception, parsePackageRef(ref)));
  const waived = (finding: Finding): boolean =>
    finding.rule !== 'exception-expired' && waivableBy(finding).some((side) => side.every((ref) => covered(ref, finding.rule)));
  return [...findings.filter((finding) => !waived(finding)), ...raised];
}
