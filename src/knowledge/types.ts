// The shape of every JSON file in rules/, one type per file, each the TypeScript reading of its schema in
// rules/schema/ (rules/schema/files.json pairs them; the build refuses a file its schema rejects, so
// reading one as its type needs no cast). Interpretation (indexes, compiled patterns) belongs to the
// stage that uses the data, not here.
import type { Category, RuleId, Severity } from '../model/types.js';

export interface LicenseFlags {
  osi: boolean;
  fsf?: boolean;
  deprecated: boolean;
  publicDomain?: true;
  network?: true;
  needsReview?: true;
}

export type ExceptionEffectKind =
  | 'linking-exception'
  | 'runtime-exception'
  | 'syscall-exception'
  | 'output-exception'
  | 'embedding-exception'
  | 'compatibility-exception'
  | 'object-code-exception'
  | 'binary-distribution-exception'
  | 'clarification'
  | 'additional-permission';

export interface ExceptionEffect {
  effect: ExceptionEffectKind;
  /** Obligations of the base license that no longer apply. */
  relaxes: string[];
  /** Obligations that apply instead, when the base license had a relaxed term. */
  adds: string[];
  /** The category the base license falls to at most when a term is relaxed. */
  lowersTo?: Category;
}

/** rules/schema/license-record.schema.json */
export interface LicenseRecord {
  id: string;
  name: string;
  kind: 'license' | 'exception';
  category: Category;
  obligations: string[];
  restrictions: string[];
  grants?: string[];
  flags: LicenseFlags;
  exception?: ExceptionEffect;
  sources: { category: string; obligations: string; exception?: string; name?: string; id?: string };
  note?: string;
  reason?: string;
}

/** rules/licenses.json */
export interface LicensesFile {
  spdxLicenseListVersion: string;
  licenses: LicenseRecord[];
}

/** rules/licit-licenses.json: licit's own records, and the id prefixes (`families`) they classify. */
export interface LicitLicensesFile {
  licenses: LicenseRecord[];
  families?: Record<string, string>;
}

export type CompatibilityVerdict = 'Same' | 'Yes' | 'No' | 'Check dependency' | 'Unknown';

/** rules/compatibility.json */
export interface CompatibilityFile {
  leading: Record<string, Partial<Record<CompatibilityVerdict, string[]>>>;
}

export interface VocabularyTerm {
  kind: 'obligation' | 'restriction' | 'grant';
  meaning: string;
}

/** rules/vocabulary.json */
export interface VocabularyFile {
  terms: Record<string, VocabularyTerm>;
}

export type RelationKind = 'near-variant' | 'same-family';

/** rules/license-relations.json */
export interface LicenseRelationsFile {
  groups: { kind: RelationKind; licenses: string[] }[];
}

export interface PatternEntry {
  pattern: string;
  id?: string;
}

/** rules/commercial-metadata.json */
export interface CommercialMetadataFile {
  commercial: PatternEntry[];
  openLicenseUrls: PatternEntry[];
  repositoryFileUrls: PatternEntry;
  vendorUrl: PatternEntry;
}

/** rules/metadata-corrections.json */
export interface MetadataCorrectionsFile {
  corrections: Record<string, string>;
  deprecated: Record<string, string>;
  ambiguous: Record<string, string>;
  fuzzyGuard: { patterns: string[]; maxLength: number };
}

/** rules/license-statements.json (read by src/licenses/text, whose own types this must stay assignable to). */
/** license-statements.json `notices`: GNU notice versions and exception notices (licenses/text/notices.ts). */
export interface NoticeRules {
  /** GNU license names (as written) -> the id family ("GPL", "LGPL", "AGPL"); longest first wins. */
  gnuFamilies: Record<string, string>;
  /** Written "version" words before the number. */
  versionWords: string[];
  /** The only words that may stand between a GNU license name and its version ("as published by the Free Software Foundation; either"). */
  versionLeadWords: string[];
  /** A free-standing GNU notice needs one of these a few words before the name ("under the terms of"). */
  grantWords: string[];
  /** How many words after the family name the version may follow. */
  maxVersionDistance: number;
  /** Notices read again for their version and family are at most this long (a full text names other versions too). */
  maxNoticeWords: number;
  exceptions: { exception: string; phrase: string; hosts: string[]; source: string }[];
  /** Sentences that point to a license held in another file by that file's name ("see copyright notice in zlib.h"). */
  references: { license: string; phrase: string; source: string }[];
  /** Words that open an exception's paragraph ("as a special exception"), searched back from its phrase. */
  exceptionOpeners: string[];
  /** How many words back from an exception's phrase its opener may be. */
  maxOpenerDistance: number;
}

export interface LicenseStatementsFile {
  triggers: { phrase: string; nameEndsLine?: boolean }[];
  fillers: string[];
  nameNoiseWords: string[];
  nameNoisePhrases: string[];
  laterVersionPhrases: string[];
  onlyPhrases: string[];
  choicePhrases: string[];
  conjunctions: Record<string, 'AND' | 'OR'>;
  maxNameWords: number;
  maxBareFileWords: number;
  aliases: Record<string, string>;
  accounting: {
    minSignificantWords: number;
    minLegalWords: number;
    legalWords: string[];
    restrictionPhrases: string[];
    boilerplatePhrases: string[];
    bundledMarkers: string[];
    bundledFileWords: string[];
    ownTermsFileWords: string[];
    proprietaryPhrases: string[];
    minTemplateLabels: number;
    templateParameters: Record<string, string[]>;
    /** Ids (or id prefixes ending in "-") of the licenses vendors offer beside commercial terms ("GPL or a commercial license"). */
    commercialAlternativeLicenses: string[];
  };
  notices: NoticeRules;
  /** Python `License ::` trove classifiers -> SPDX id. */
  pythonClassifiers: Record<string, string>;
}

export interface FindingRuleMetadata {
  severity: Severity;
  /** Sub-codes whose default severity differs from the rule's (e.g. a warning-level case of an error rule). */
  codes?: Record<string, Severity>;
  title: string;
  /** What the rule finds, in a sentence or two (`licit explain <rule-id>`). */
  what: string;
  /** Why it matters. */
  why: string;
  howToFix: string;
  /** Sub-codes whose fix differs from the rule's (a library copyleft is not fixed as a strong one is). */
  fixes?: Record<string, string>;
}

/** rules/finding-rules.json */
export interface FindingRulesFile {
  rules: Record<RuleId, FindingRuleMetadata>;
}

/** rules/policies/<name>.json */
export interface PolicyPresetFile {
  name: 'distributed' | 'saas' | 'internal' | 'permissive-only';
  description: string;
  context: { distribution: 'distributed' | 'saas' | 'internal' };
  allow: string[];
  deny: string[];
  rules: Partial<Record<RuleId, Severity | 'off'>>;
  includeDev: boolean;
}

/** Where a fact comes from: a stored text and its clause, or a web address when no text is stored. */
export type FactSource = { file: string; clause: string; quote: string } | { url: string; basis: string };

export type Comparison = 'greater-than' | 'at-least';
export type AppliesTo = 'any-use' | 'commercial-use';
export type RevenueBasis = 'total-annual-revenue' | 'model-attributable-revenue';

export type ModelRestriction =
  | {
      type: 'user-threshold';
      metric: 'monthly-active-users';
      threshold: number;
      comparison: Comparison;
      measuredAt: 'version-release-date' | 'any-time';
      measuredOn: string | null;
      period: string | null;
      whose: string;
      appliesTo: AppliesTo;
      consequence: 'separate-license-required';
      source: FactSource;
    }
  | {
      type: 'revenue-threshold';
      basis: RevenueBasis;
      threshold: number;
      currency: 'USD';
      comparison: Comparison;
      whose: string;
      appliesTo: AppliesTo;
      consequence: 'license-terminates' | 'separate-license-required';
      source: FactSource;
    }
  | {
      type: 'royalty';
      rate: number;
      basis: RevenueBasis;
      threshold: number;
      currency: 'USD';
      comparison: Comparison;
      chargedOn: 'revenue-above-threshold' | 'all-revenue';
      period: string;
      appliesTo: AppliesTo;
      source: FactSource;
    }
  | { type: 'commercial-use'; effect: 'prohibited' | 'permission-required'; scope: string; contact?: string; source: FactSource }
  | { type: 'hosted-service'; effect: 'prohibited' | 'permission-required'; source: FactSource }
  | { type: 'output-use'; prohibits: 'improve-other-llm' | 'create-or-improve-foundation-model' | 'works-conflicting-with-aup'; except: string | null; source: FactSource }
  | { type: 'regional'; region: 'EU'; test: 'licensee-domicile'; modality: 'multimodal' | 'any'; effect: 'rights-not-granted'; endUsersExempt: boolean; source: FactSource }
  | { type: 'acceptable-use-policy'; passDownstream: boolean; attachment?: string; source: FactSource };

export type ObligationTrigger = 'distribute' | 'make-available' | 'distribute-derived-model' | 'public-statement' | 'commercial-use' | 'always';

export interface ModelObligationFact {
  type:
    | 'include-license-text'
    | 'notice-file'
    | 'attribution-phrase'
    | 'model-name-prefix'
    | 'attribution'
    | 'pass-on-use-restrictions'
    | 'state-changes'
    | 'retain-notices'
    | 'same-license'
    | 'register'
    | 'royalty-report';
  trigger: ObligationTrigger;
  source: FactSource;
  text?: string;
  phrase?: string;
  alternatives?: string[];
  where?: string;
  prefix?: string;
  url?: string;
  condition?: 'not-a-commercial-user';
}

/** One record of rules/models/licenses.json: the one model-license type, for the walker and the policy alike. */
export interface ModelLicenseRecord {
  id: string;
  name: string;
  family: string;
  version: string | null;
  kind: 'license' | 'acceptable-use-policy';
  date: string | null;
  dateKind: string | null;
  text: { file: string } | null;
  url?: string;
  licensor: string | null;
  huggingFace: { licenses: string[]; licenseNames: string[]; licenseLinks: string[] };
  acceptableUsePolicy?: { id: string | null; file: string | null; url: string; source: FactSource };
  restrictions: ModelRestriction[];
  obligations: ModelObligationFact[];
  derivatives: { inherit: boolean; includesOutputTrained: boolean; source: FactSource } | null;
  needsReview?: true;
  note?: string;
}

/** rules/models/licenses.json */
export interface ModelLicensesFile {
  licenses: ModelLicenseRecord[];
}

/** rules/models/references.json: the patterns that point a model id or Ollama tag to its license. */
export interface ModelReferencesFile {
  republishers: string[];
  hostedProviders: string[];
  hostedModels: string[];
  datasetBuilders: string[];
  datasets: { id: string; license: string | null; huggingFace: string[] }[];
  huggingFaceSpdx: Record<string, string>;
  models: {
    id: string;
    family: string;
    version: string | null;
    license: string | null;
    multimodal?: boolean | null;
    huggingFace: string[];
    republished: string[];
    ollama: { name: string; tag?: string }[];
  }[];
}

/** rules/python-classifiers.json: trove classifier -> the value read as a Python package's declared license. */
export interface PythonClassifiersFile {
  classifiers: Record<string, string>;
}

/**
 * Every JSON file of rules/ that licit reads at run time, by its path under rules/, with its type.
 * Adding a rules file: its schema in rules/schema/, a line in rules/schema/files.json, its type above
 * and a line here.
 */
export interface RulesJsonFiles {
  'licenses.json': LicensesFile;
  'licit-licenses.json': LicitLicensesFile;
  'compatibility.json': CompatibilityFile;
  'vocabulary.json': VocabularyFile;
  'license-relations.json': LicenseRelationsFile;
  'commercial-metadata.json': CommercialMetadataFile;
  'metadata-corrections.json': MetadataCorrectionsFile;
  'license-statements.json': LicenseStatementsFile;
  'finding-rules.json': FindingRulesFile;
  'models/licenses.json': ModelLicensesFile;
  'models/references.json': ModelReferencesFile;
  'python-classifiers.json': PythonClassifiersFile;
  [preset: `policies/${string}.json`]: PolicyPresetFile;
}
