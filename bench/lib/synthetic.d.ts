// Types of bench/lib/synthetic.js, for the tests that generate trees with it.
export const DEEP_RUN: number;

export interface PlannedPackage {
  index: number;
  name: string;
  version: string;
  license: string;
  location: string;
  dependencies: Record<string, string>;
}

export function planTree(options: { packages: number; shape: 'flat' | 'deep' }): { plan: PlannedPackage[]; rootDependencies: Record<string, string> };

export function writeSyntheticTree(
  dir: string,
  options: { packages: number; shape?: 'flat' | 'deep'; installed?: boolean; hiddenLockfile?: boolean },
): number;
