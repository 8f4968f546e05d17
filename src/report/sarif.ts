// SARIF 2.1.0 for code scanning: one rule per licit rule id, one result per finding, located on the line of the
// package's lockfile entry that a pull request changes (its `version`; a new entry's key), so that GitHub,
// which shows pull-request alerts only on lines of the diff, shows them. A full scan and a `--base` scan carry
// the same results with the same fingerprints: uploaded in one category, GitHub tells new alerts from fixed.
import { createHash } from 'node:crypto';
import { RULE_IDS, type Component, type Finding, type RuleId, type ScanResult, type Severity, type Suppression } from '../model/index.js';
import { findingMessage } from './messages.js';

export interface SarifRuleInfo {
  severity: Severity;
  title: string;
  howToFix: string;
}

export interface SarifOptions {
  /** Metadata of every rule (rules/finding-rules.json). */
  rules: Readonly<Record<RuleId, SarifRuleInfo>>;
  /** The scanned project's directory relative to the repository root: '' or ends with '/'. */
  projectPath: string;
  /** The file package results point at, relative to the project (`package-lock.json`, or `package.json`). */
  manifest: string;
  /** 1-based line of each entry in that file, by install location (`node_modules/x`; '' for the root). */
  entryLines: ReadonlyMap<string, number>;
  /** 1-based line of each lockfile entry's `version` field, by install location. */
  versionLines?: ReadonlyMap<string, number>;
}

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/licit/licit';

/**
 * The SARIF log as text: every finding is a result. With a diff, each says whether it is new
 * (baselineState); GitHub computes new and fixed alerts itself against the base branch's upload.
 */
export function toSarif(result: ScanResult, options: SarifOptions): string {
  const ruleIds = RULE_IDS.filter((id) => options.rules[id] !== undefined);
  const ruleIndex = new Map<string, number>(ruleIds.map((id, index) => [id, index]));
  const components = new Map<string, Component>();
  for (const component of result.components) if (!components.has(component.ref) || component.kind === 'npm') components.set(component.ref, component);
  const added = new Set((result.diff?.added ?? []).map((entry) => entry.ref));
  const fingerprints = fingerprinter();

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'licit',
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: INFORMATION_URI,
            rules: ruleIds.map((id) => ruleDescriptor(id, options.rules[id])),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: [...result.findings, ...(result.suppressed ?? [])].map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule) ?? -1,
          level: sarifLevel(finding.severity),
          message: { text: messageOf(finding) },
          locations: [location(finding, components, options, finding.package !== null && added.has(finding.package))],
          partialFingerprints: { 'licitFinding/v2': fingerprints(finding) },
          ...(result.diff && !finding.suppression ? { baselineState: finding.new ? 'new' : 'unchanged' } : {}),
          ...(finding.suppression ? { suppressions: [suppressionOf(finding.suppression)] } : {}),
          properties: {
            package: finding.package,
            license: finding.license,
            code: finding.code,
            via: finding.via,
          },
        })),
        ...(result.diff ? { properties: { base: result.diff.base } } : {}),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A waiver from the licit config: `external` (kept outside the analysed code), with the config's justification. */
function suppressionOf(suppression: Suppression): Record<string, unknown> {
  return {
    kind: 'external',
    status: 'accepted',
    justification: suppression.comment,
    properties: { reason: suppression.reason, exception: suppression.exception, package: suppression.package, expires: suppression.expires },
  };
}

function ruleDescriptor(id: RuleId, rule: SarifRuleInfo): Record<string, unknown> {
  return {
    id,
    name: id.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title}.` },
    help: { text: rule.howToFix, markdown: `**${rule.title}**\n\n${rule.howToFix}` },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: { tags: ['license', 'compliance'] },
  };
}

/** SARIF's levels: `info` is a `note` (SARIF 2.1.0 §3.27.10). */
function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'info' ? 'note' : severity;
}

function messageOf(finding: Finding): string {
  const chain = finding.via.length > 1 ? ` (via ${finding.via.join(' > ')})` : '';
  return `${findingMessage(finding)}${chain}. ${finding.howToFix}`;
}

/**
 * One fingerprint per result: rule, package (name and version), code and license; findings alike in all
 * of these (one per missing dependency, say) are told apart by a digest of their arguments, then by order.
 */
function fingerprinter(): (finding: Finding) => string {
  const seen = new Set<string>();
  return (finding) => {
    let key = [finding.rule, finding.package ?? '', finding.code, finding.license ?? ''].join(':');
    if (seen.has(key)) key = `${key}:${createHash('sha256').update(JSON.stringify([finding.path ?? '', finding.args])).digest('hex').slice(0, 16)}`;
    for (let count = 2, base = key; seen.has(key); count += 1) key = `${base}:${count}`;
    seen.add(key);
    return key;
  };
}

function location(finding: Finding, components: ReadonlyMap<string, Component>, options: SarifOptions, isNew: boolean): Record<string, unknown> {
  const component = finding.package === null ? undefined : components.get(finding.package);
  const evidence = component?.kind === 'model' ? component.evidence?.[0] : undefined;
  if (evidence) return physical(`${options.projectPath}${evidence.file}`, evidence.line);
  const candidates = [finding.path, ...(component?.paths ?? [])];
  // Without a lockfile entry, point at the direct dependency that brings the package in.
  if (component && component.via.length > 1) candidates.push(`node_modules/${component.via[1]}`);
  const entry = candidates.find((path) => path !== undefined && options.entryLines.has(path));
  // An upgrade changes the entry's version line, not its key: the key line of an existing entry is not in the diff.
  const line = entry === undefined ? undefined : ((isNew ? undefined : options.versionLines?.get(entry)) ?? options.entryLines.get(entry));
  return physical(`${options.projectPath}${options.manifest}`, line ?? options.entryLines.get('') ?? 1);
}

function physical(uri: string, line: number): Record<string, unknown> {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeUri(uri), uriBaseId: '%SRCROOT%' },
      region: { startLine: line },
    },
  };
}

/** A relative URI reference: each path segment percent-encoded, slashes kept. */
function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
