// `--base` compares two trees read from different sources: the base from its lockfile alone (its node_modules
// is gone), the head from installed copies and license files too. A package version both sides have is the
// same package, so the base borrows the head's reading of it: an old problem then stays old, whatever extra
// evidence the head could read. Only new packages and new versions are judged on evidence the base never had.
import type { Component, Inventory, TreeProblem } from '../model/index.js';

/** The base inventory with the head's license evidence (and problems) for every package version both have. */
export function withHeadEvidence(base: Inventory, head: Inventory): Inventory {
  const headByKey = new Map(head.components.map((component) => [componentKey(component), component]));
  const shared = new Set<string>();
  const components = base.components.map((component) => {
    const twin = headByKey.get(componentKey(component));
    if (!twin || component.kind !== 'npm') return component;
    shared.add(component.ref);
    return { ...component, license: twin.license };
  });
  const isShared = (problem: TreeProblem): boolean => problem.package !== null && shared.has(problem.package);
  return {
    ...base,
    components,
    problems: [...base.problems.filter((problem) => !isShared(problem)), ...head.problems.filter(isShared)],
  };
}

const componentKey = (component: Component): string => `${component.kind}:${component.ref}`;
