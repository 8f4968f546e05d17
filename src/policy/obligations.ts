// What the project must do, per license actually chosen, and for which shipped packages.
import type { Obligation } from '../model/index.js';
import { compareText as compare } from '../model/order.js';

export interface ShippedObligations {
  ref: string;
  licenses: { license: string; obligations: readonly string[] }[];
}

/** Grouped by (license, obligation), sorted by license then obligation; packages sorted. */
export function collectObligations(shipped: readonly ShippedObligations[]): Obligation[] {
  const groups = new Map<string, { obligation: string; license: string; packages: Set<string> }>();
  for (const { ref, licenses } of shipped) {
    for (const { license, obligations } of licenses) {
      for (const obligation of obligations) {
        const key = `${license}\u0000${obligation}`;
        const group = groups.get(key) ?? { obligation, license, packages: new Set<string>() };
        group.packages.add(ref);
        groups.set(key, group);
      }
    }
  }
  return [...groups.values()]
    .sort((a, b) => compare(a.license, b.license) || compare(a.obligation, b.obligation))
    .map(({ obligation, license, packages }) => ({ obligation, license, packages: [...packages].sort(compare) }));
}

