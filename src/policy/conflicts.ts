// license-conflict: two licenses in one distributed work that cannot be combined — one of them strong
// copyleft, and no license in OSADL's matrix can be the license of a whole work holding both (GPL-2.0-only
// with Apache-2.0 cannot; GPL-2.0-or-later with Apache-2.0 can, under GPL-3.0).
import type { Component, Finding } from '../model/index.js';
import { makeFinding } from './finding-rules.js';
import { compatibilityVerdict, listLicenseIds } from './knowledge.js';
import { byText } from '../model/order.js';

export interface ShippedLicenses {
  component: Component;
  /** Matrix ids of the licenses chosen for the component. */
  licenses: { license: string; strongCopyleft: boolean }[];
}

/** Separator of the package refs in `args.otherPackages`. */
export const PACKAGE_LIST_SEPARATOR = ', ';

/**
 * One finding per strong-copyleft package and license it cannot be combined with, naming every package
 * under that other license (`otherPackages`, sorted; `otherPackage` is the first). A pair of strong-copyleft
 * licenses is reported once, on the side that sorts first. Pairs are found between distinct licenses, so a
 * large tree costs the square of its license count, not of its package count.
 */
export function conflictFindings(shipped: readonly ShippedLicenses[]): Finding[] {
  const holders = new Map<string, { strongCopyleft: boolean; components: Map<string, Component> }>();
  for (const { component, licenses } of shipped) {
    for (const { license, strongCopyleft } of licenses) {
      const group = holders.get(license) ?? { strongCopyleft, components: new Map<string, Component>() };
      group.components.set(component.ref, component);
      holders.set(license, group);
    }
  }
  const licenses = [...holders.keys()].sort();
  const findings: Finding[] = [];
  for (const owned of licenses) {
    const owners = holders.get(owned)!;
    if (!owners.strongCopyleft) continue;
    for (const other of licenses) {
      const others = holders.get(other)!;
      if (other === owned || (others.strongCopyleft && other < owned) || !cannotCombine(owned, other)) continue;
      const otherRefs = [...others.components.keys()].sort();
      const otherList = otherRefs.join(PACKAGE_LIST_SEPARATOR);
      for (const owner of [...owners.components.values()].sort(byText((owner) => owner.ref))) {
        const counterparts = others.components.has(owner.ref) ? otherRefs.filter((ref) => ref !== owner.ref) : otherRefs;
        if (counterparts.length === 0) continue;
        findings.push(
          makeFinding({
            rule: 'license-conflict',
            code: 'cannot-combine',
            package: owner.ref,
            license: owned,
            via: owner.via,
            args: {
              otherLicense: other,
              otherPackage: counterparts[0]!,
              otherPackages: counterparts === otherRefs ? otherList : counterparts.join(PACKAGE_LIST_SEPARATOR),
              otherCount: counterparts.length,
            },
          }),
        );
      }
    }
  }
  return findings;
}

const ACCEPTS = new Set(['Same', 'Yes']);
const combinable = new Map<string, boolean>();

/** Whether OSADL's matrix knows both licenses and offers no leading license that accepts both. */
export function cannotCombine(a: string, b: string): boolean {
  if (compatibilityVerdict(a, b) !== 'No' || compatibilityVerdict(b, a) !== 'No') return false;
  const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  let result = combinable.get(key);
  if (result === undefined) {
    const accepts = (leading: string, license: string): boolean => ACCEPTS.has(compatibilityVerdict(leading, license) ?? '');
    result = listLicenseIds().some((leading) => accepts(leading, a) && accepts(leading, b));
    combinable.set(key, result);
  }
  return !result;
}
