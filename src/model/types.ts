// The shared vocabulary of every stage. Types only: this folder imports nothing.

import type { RuleCode } from './finding-codes.js';

export const SCOPES = ['prod', 'dev', 'optional', 'peer'] as const;
export type Scope = (typeof SCOPES)[number];

/** Stands in a `via` chain for the names left out of a long one (not a valid npm package name). */
export const VIA_GAP = '…';

export const CATEGORIES = [
  'permissive',
  'weak-copyleft',
  'strong-copyleft',
  'model',
  'source-available',
  'proprietary',
  'unknown',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * `npm`, `model` and `dataset` come from `scan`; `licit audit` adds the rest: `python` (installed metadata or a
 * manifest), `vendored` (a directory of third-party code), `bundle` (a minified file's banner) and
 * `file` (a first-party source file whose header names a license other than the project's).
 */
export const COMPONENT_KINDS = ['npm', 'model', 'python', 'vendored', 'bundle', 'file', 'dataset'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/** Where an npm component's code came from, as the lockfile / install records it. */
export type ComponentOrigin = 'registry' | 'git' | 'remote-tarball' | 'local-tarball' | 'directory' | 'unknown';

export type LicenseSource = 'metadata' | 'file' | 'metadata+file' | 'none';

export interface LicenseFileEvidence {
  /** Relative to the package directory, with forward slashes. */
  path: string;
  /** The SPDX expression recognised in the text, or null (not recognised / not read). */
  expression: string | null;
  confidence: number | null;
  /** sha256 of the raw bytes, hex; lets policies pin an approved text. */
  sha256?: string;
  /** Copyright lines found in the text, for the notice file. */
  copyrights?: string[];
  /** Every license part of the text with its lines, unrecognised text included (see LicenseFilePart). */
  parts?: LicenseFilePart[];
  /** Share of the text's words that known licenses, headers, statements or incidental text explain (0..1). */
  coverage?: number;
}

/**
 * One license part of a license file. `terms`: the file's own terms; `bundled-notice`: a third-party
 * notice (after a "contains code from …" marker, or in a LICENSE.<name> side file), which adds
 * obligations but says nothing against the package's declared license; `unrecognised`: significant
 * text no known license explains, as `LicenseRef-licit-unrecognised-<hash of its normalised words>`
 * (confidence 1: the id is its text). The file's expression is the AND of its parts (a choice the
 * text offers between its terms stays an OR).
 */
export interface LicenseFilePart {
  license: string;
  startLine: number;
  endLine: number;
  confidence: number;
  role: 'terms' | 'bundled-notice' | 'unrecognised';
}

export interface ComponentLicense {
  /** The raw metadata value as a string (JSON text for objects/arrays), or null. */
  declared: string | null;
  /** The concluded SPDX expression (LicenseRef-… allowed), or null. */
  expression: string | null;
  source: LicenseSource;
  files: LicenseFileEvidence[];
  /** When `expression` offers a choice (OR): the alternative the policy took (allowed, least burden). */
  chosen?: string;
  /**
   * Why `chosen`: `least-burden`, the alternative with the fewest problems and terms on its own;
   * `avoids-conflict`, another one, taken because the lighter one conflicts with licenses elsewhere in the tree.
   */
  choiceReason?: ChoiceReason;
}

export type ChoiceReason = 'least-burden' | 'avoids-conflict';

export interface Evidence {
  file: string;
  line: number;
}

export interface Component {
  kind: ComponentKind;
  /** Stable reference inside one result: `${name}@${version}` for npm (bom-ref, SPDX id seed). */
  ref: string;
  name: string;
  version: string | null;
  purl: string;
  scopes: Scope[];
  direct: boolean;
  /** Install locations relative to the scanned root, forward slashes, sorted. */
  paths: string[];
  /**
   * One shortest chain of names from the root; past 24 names, its first 8, VIA_GAP, and its last 16
   * (the whole chain follows from `parent`).
   */
  via: string[];
  /** The ref of the package before this one on its `via` chain; null when reached from the root or a workspace. */
  parent?: string | null;
  license: ComponentLicense;
  category: Category;
  origin?: ComponentOrigin;
  /** The `resolved` URL or spec from the lockfile, when any. */
  resolved?: string | null;
  /** Subresource-integrity string from the lockfile / install, when any. */
  integrity?: string | null;
  /** Installed as part of another package's bundleDependencies. */
  bundled?: boolean;
  /** Present on disk but required by nothing. */
  extraneous?: boolean;
  /** A `file:` link target outside node_modules (not a workspace). */
  linked?: boolean;
  description?: string | null;
  homepage?: string | null;
  /** The platforms a build is for (package.json `os`, `cpu`, `libc`), when it names any. */
  platform?: Platform;
  /** Refs of the components this one depends on (sorted, deduplicated). */
  dependsOn: string[];
  /** model components: where the reference was found. */
  evidence?: Evidence[];
  /** model components: what the walker knows of the model itself. */
  model?: ModelFacts;
  /** Copyright lines of the component (its license files, headers and metadata), sorted, deduplicated. */
  copyrights?: string[];
  /** Authors or maintainers the metadata names (Python `Author`, `Maintainer`). */
  authors?: string[];
  /** vendored components: how many of its files carry each license header (`none`: no header). */
  headers?: Record<string, number>;
}

/** A platform-specific build's package.json `os`, `cpu` and `libc` lists (each may be empty). */
export interface Platform {
  os: string[];
  cpu: string[];
  libc: string[];
}

/** Facts about an AI model that its license may turn on (e.g. Llama 3.2+/4 treat multimodal models apart). */
export interface ModelFacts {
  /** The model family and version from rules/models/references.json (`llama`, `3.2`), when known. */
  family: string | null;
  version: string | null;
  /** Takes images or other non-text input; null when not known. */
  multimodal: boolean | null;
  /** Models this one was fine-tuned or derived from (Hugging Face ids or names, as declared). */
  baseModels: string[];
}

export interface RootInfo {
  name: string;
  version: string | null;
  license: string | null;
  purl: string;
  /** Workspace members: name, version and path relative to the root. */
  workspaces: { name: string; version: string | null; path: string; license: string | null }[];
  /** Refs of the root's (and its workspaces') direct dependencies. */
  dependsOn: string[];
}

export type WalkMode = 'actual' | 'virtual';

export interface Inventory {
  root: RootInfo;
  /** Sorted by kind, name, version. */
  components: Component[];
  mode: WalkMode;
  /** Problems found inside the tree while walking, turned into findings by the evaluator. */
  problems: TreeProblem[];
  /** Model weight files (*.gguf, *.safetensors) seen at installed packages' roots, relative to the root. */
  modelFiles?: string[];
}

/** `info`: worth knowing, needs no action; shown folded or with `--verbose`, never fails a gate. */
export type Severity = 'error' | 'warning' | 'info';

/** Rule ids from the design, plus licit's own additions. */
export const RULE_IDS = [
  'denied-license',
  'unknown-license',
  'license-not-in-lockfile',
  'invalid-license-metadata',
  'declared-file-mismatch',
  'incompatible-with-project',
  'license-conflict',
  'model-restriction',
  'model-context-needed',
  'license-changed',
  'exception-expired',
  'unreadable-package',
  'unreadable-license-file',
  'unsafe-path',
  'unreadable-model-file',
  'model-license-conflict',
  'model-license-unknown',
  'lockfile-out-of-sync',
  'unscanned-path',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** A problem inside the scanned tree: a rule and one of its codes (src/model/finding-codes.ts), with arguments, never prose. */
export type TreeProblem = RuleCode & {
  /** `name@version` of the package concerned, or null when it concerns the tree itself. */
  package: string | null;
  /** Path relative to the scanned root, when one applies. */
  path?: string;
  args: Record<string, string | number | boolean | null>;
  /** This occurrence's default severity when the evidence settles it (e.g. `info` for a near-variant); else the rule's. */
  severity?: Severity;
};

/** A judgement: a rule id, one of its codes (src/model/finding-codes.ts) and arguments. Prose is made by the reporters. */
export type Finding = RuleCode & {
  severity: Severity;
  /** `name@version`, or null when the finding concerns the project itself. */
  package: string | null;
  license: string | null;
  via: string[];
  path?: string;
  args: Record<string, string | number | boolean | null>;
  /** What to do about it, from the rule's metadata in rules/. */
  howToFix: string;
  /**
   * With `--base`: true when the base had no finding with the same rule, package name and license (and
   * version, where the package's license is not known).
   */
  new?: boolean;
  /** Waived by a policy exception: still reported, never counted. */
  suppression?: Suppression;
};

/** The policy exception that waives a finding, as the config states it. */
export interface Suppression {
  /** Position in the config's `exceptions`. */
  exception: number;
  /** The exception's `package` as written (a name or glob, with an optional semver range). */
  package: string;
  reason: string;
  comment: string;
  /** YYYY-MM-DD, the last day it holds, or null. */
  expires: string | null;
}

export interface Obligation {
  obligation: string;
  license: string;
  packages: string[];
  /** Details of the duty: the phrase to show, the clause, the royalty rate… (model licenses). */
  args?: Record<string, string | number | boolean | null>;
}

export interface ScanSummary {
  packages: number;
  models: number;
  byCategory: Partial<Record<Category, number>>;
  errors: number;
  warnings: number;
  /** Findings waived by policy exceptions (counted in neither errors nor warnings). */
  suppressed?: number;
  infos: number;
  /** licit audit: components per kind. */
  byKind?: Record<string, number>;
}

/** What `licit audit` looked at, and what it could not. */
export interface AuditFacts {
  /** Files the walk listed (ignored paths left out). */
  files: number;
  /** Source files whose header was read (first-party and vendored). */
  sourceFiles: number;
  /** npm projects walked, relative to the root ('.' for the root). */
  npmProjects: string[];
  /** Globs left out of the walk. */
  ignored: string[];
  /** Paths not read, and why. */
  notScanned: { path: string; reason: string }[];
  firstParty: {
    files: number;
    /** How many first-party source files carry each license header (`none`: no header). */
    headers: Record<string, number>;
    copyrights: string[];
  };
}

export interface ToolInfo {
  name: 'licit';
  version: string;
  spdxLicenseListVersion: string;
}

export interface ScanResult {
  schemaVersion: 1;
  tool: ToolInfo;
  mode: WalkMode;
  root: RootInfo;
  components: Component[];
  findings: Finding[];
  /** Findings policy exceptions waive, each with its `suppression`; never counted. */
  suppressed?: Finding[];
  obligations: Obligation[];
  summary: ScanSummary;
  /** With `--base`: the change against the base revision. */
  diff?: ScanDiff;
  /** licit audit: what the walk covered. */
  audit?: AuditFacts;
}

/** A finding of the base that the head no longer has. */
export type FixedFinding = Pick<Finding, 'rule' | 'severity' | 'code' | 'package' | 'license'>;

/** A package as a `--base` comparison names it. */
export interface DiffPackage {
  kind: ComponentKind;
  ref: string;
  name: string;
  version: string | null;
  license: string | null;
  category: Category;
  scopes: Scope[];
  direct: boolean;
}

/** What a change (the merge-base of `--base` and HEAD, against HEAD) does to the tree. */
export interface ScanDiff {
  base: {
    /** The ref as given to `--base`. */
    ref: string;
    /** The merge-base commit the head was compared with. */
    commit: string;
    /** False when the base revision had no usable lockfile (or project, or workspace): everything is new. */
    lockfile: boolean;
  };
  /** What the exit code counts: findings new in the head (`new`), or all of them (`all`, `--all`). */
  gate: 'new' | 'all';
  /** Packages whose name the base does not have. Sorted by kind, name, version. */
  added: DiffPackage[];
  /** Packages whose name the head no longer has. */
  removed: DiffPackage[];
  /** New versions of a package whose license differs from the base's (both read and recognised). */
  changed: { from: DiffPackage; to: DiffPackage }[];
  /**
   * New versions whose license cannot be compared with the base's: not recorded, not read or not
   * recognised on one side or both. Each needs a review; an unknown head license fails the gate.
   */
  review: { from: DiffPackage; to: DiffPackage }[];
  /** Findings of the base the head no longer has: what the change fixes (or removes). */
  fixed: FixedFinding[];
  /** Obligations (obligation + license) the base did not have. */
  obligationsAdded: Obligation[];
  newErrors: number;
  newWarnings: number;
}
