// What `licit check` reports: the packages an addition brings and what they change, as data for report/check.ts.
import type { Category, Component, DiffPackage, Finding, Obligation, ToolInfo } from './types.js';

export interface CheckLicense {
  /** The license as concluded (the alternative the policy took, for a choice). */
  license: string;
  category: Category;
  /** New packages under it. */
  packages: string[];
}

export interface CheckDiff {
  /** Packages the project does not have yet (same name and version counts as had). */
  added: DiffPackage[];
  /** Packages the addition needs that the project already has (same name and version). */
  reused: string[];
  /** Packages the project has only as dev dependencies, which the addition would ship. */
  nowShipped: DiffPackage[];
  /** Licenses among the new packages that none of the project's packages is under. */
  newLicenses: CheckLicense[];
  /** Obligations (obligation + license) the project does not have yet, with the new packages that bring them. */
  obligationsAdded: Obligation[];
  /** Findings the project does not have yet (same rule, code, package and license). */
  findingsAdded: Finding[];
  verdict: CheckVerdict;
}

export type CheckVerdict =
  | { status: 'ok' }
  /** `reasons`: the new error findings, the most telling first. */
  | { status: 'blocked'; reasons: Finding[] };

export interface Addition {
  /** What the command line asked for. */
  spec: string;
  name: string;
  /** `name@version` of the package it resolved to. */
  ref: string;
}

export interface CheckReport {
  tool: ToolInfo;
  specs: string[];
  /** The project the packages would join; null outside a project. */
  project: { name: string; version: string | null; license: string | null } | null;
  policy: { preset: string; source: string | null; distribution: string };
  /** The preset's one-line description, which the verdict quotes. */
  policyDescription: string;
  additions: Addition[];
  /** The new packages, judged. */
  components: Component[];
  diff: CheckDiff;
  deprecated: { ref: string; message: string }[];
  notes: string[];
}
