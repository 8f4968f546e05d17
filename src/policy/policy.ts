// What a resolved policy is: the preset a config extends, merged with the config's own keys.
import type { Category, RuleId, Severity } from '../model/index.js';

export const PRESET_NAMES = ['distributed', 'saas', 'internal', 'permissive-only'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const DISTRIBUTIONS = ['distributed', 'saas', 'internal'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

export const EXCEPTION_REASONS = ['license-acquired', 'not-distributed', 'dynamic-linking', 'false-positive', 'approved-by-legal'] as const;
export type ExceptionReason = (typeof EXCEPTION_REASONS)[number];

export const RULE_SEVERITIES = ['error', 'warning', 'info', 'off'] as const;
export type RuleSeverity = Severity | 'off';

/** The category `unknown` is governed by the unknown-license rule, not by allow/deny lists. */
export const LISTABLE_CATEGORIES = ['permissive', 'weak-copyleft', 'strong-copyleft', 'model', 'source-available', 'proprietary'] as const satisfies readonly Category[];

export interface PolicyContext {
  distribution: Distribution;
  /** The project's outbound license (SPDX expression); undefined: the root package.json's. */
  projectLicense?: string;
  // Facts model licenses test; validated and carried, judged elsewhere.
  commercialUse?: boolean;
  monthlyActiveUsers?: number;
  annualRevenueUsd?: number;
  modelAttributableRevenueUsd?: number;
  modelOutputsTrainModels?: boolean;
  licenseeInEU?: boolean;
}

/** One entry of an allow or deny list: a category, or a single license id (`+`, `-or-later`, `WITH` allowed). */
export type ListEntry = { kind: 'category'; category: Category } | { kind: 'license'; license: string };

export interface PolicyException {
  /** Package name (scopes included). */
  name: string;
  /** Semver range the version must satisfy; null: every version. */
  range: string | null;
  /** The `package` value as written, for messages. */
  spec: string;
  /** The rule waived; null: every rule. */
  rule: RuleId | null;
  reason: ExceptionReason;
  comment: string;
  /** YYYY-MM-DD, the last day the exception holds. */
  expires: string | null;
  licenseTextSha256: string | null;
  /** Position in the config's `exceptions`, for messages. */
  index: number;
}

export interface Policy {
  preset: PresetName;
  /** Where the config came from (`licit.config.json`, `package.json#licit`…), null: the preset alone. */
  source: string | null;
  context: PolicyContext;
  allow: ListEntry[];
  deny: ListEntry[];
  rules: Partial<Record<RuleId, RuleSeverity>>;
  /** Judge dev-only dependencies as if they were shipped. */
  includeDev: boolean;
  exceptions: PolicyException[];
  /** Globs, relative to the scanned root, of project files that are not the product (tests, fixtures, docs). */
  ignorePaths: string[];
}

export const DEFAULT_PRESET: PresetName = 'distributed';
