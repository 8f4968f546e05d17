// SARIF 2.1.0 for code scanning: one rule per licit rule id, one result per finding, located at the line of
// the package's entry in the lockfile so that the annotation lands on the line a pull request changes.
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
}

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/licit/licit';

/** The SARIF log as text. With a diff gated on new findings, only those are results (baselineState `new`). */
export function toSarif(result: ScanResult, options: SarifOptions): string {
  const ruleIds = RULE_IDS.filter((id) => options.rules[id] !== undefined);
  const ruleIndex = new Map<string, number>(ruleIds.map((id, index) => [id, index]));
  const components = new Map<string, Component>();
  for (const component of result.components) if (!components.has(component.ref) || component.kind === 'npm') components.set(component.ref, component);
  const reported = result.diff?.gate === 'new' ? result.findings.filter((finding) => finding.new) : result.findings;

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
        results: [...reported, ...(result.suppressed ?? [])].map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule) ?? -1,
          level: sarifLevel(finding.severity),
          message: { text: messageOf(finding) },
          locations: [location(finding, components, options)],
          partialFingerprints: { 'licitFinding/v1': `${finding.rule}:${packageName(finding, components)}:${finding.license ?? ''}` },
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

function packageName(finding: Finding, components: ReadonlyMap<string, Component>): string {
  if (finding.package === null) return '';
  return components.get(finding.package)?.name ?? finding.package.replace(/(?!^)@[^@]*$/, '');
}

function location(finding: Finding, components: ReadonlyMap<string, Component>, options: SarifOptions): Record<string, unknown> {
  const component = finding.package === null ? undefined : components.get(finding.package);
  const evidence = component?.kind === 'model' ? component.evidence?.[0] : undefined;
  if (evidence) return physical(`${options.projectPath}${evidence.file}`, evidence.line);
  const candidates = [finding.path, ...(component?.paths ?? [])];
  // Without a lockfile entry, point at the direct dependency that brings the package in.
  if (component && component.via.length > 1) candidates.push(`node_modules/${component.via[1]}`);
  const line = candidates.map((path) => (path === undefined ? undefined : options.entryLines.get(path))).find((found) => found !== undefined);
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
