import type { Component, RootInfo, ScanResult } from '../model/index.js';
import { bomRefOf, knownRefs, rootDependsOn, scopeRole, sortedComponents, usableUrl } from './components.js';
import { compareText } from '../model/order.js';
import { analyseExpression } from '../model/spdx-expression.js';
import { uuidV5 } from './identity.js';
import { digestsOf, type HashAlgorithm } from './integrity.js';

export interface CycloneDxOptions {
  /** `metadata.timestamp`; null leaves it out (reproducible output). */
  timestamp: string | null;
  /**
   * Also write the declared license beside the concluded one (`acknowledgement: declared`) where both are
   * single licenses (CycloneDX 1.6 allows one expression, or a list of licenses). `licit audit` asks for it.
   */
  acknowledgeDeclared?: boolean;
  /**
   * Whether a bare SPDX id may be written as `license.id`, which CycloneDX checks against its own copy of
   * the SPDX list. Default: every id the SPDX expression parser accepts. Ids refused here become `license.name`.
   */
  isListedLicenseId?: (id: string) => boolean;
}

type Json = Record<string, unknown>;
type Acknowledgement = 'declared' | 'concluded';

const SPEC_VERSION = '1.6';
const HASH_NAMES: Record<HashAlgorithm, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
const VCS_SCHEMES = ['git:', 'git+ssh:', 'git+https:', 'git+http:', 'git+file:', 'ssh:', 'https:', 'http:'];
const WEB_SCHEMES = ['https:', 'http:'];

/** A CycloneDX 1.6 JSON BOM of the scan result; the same result always gives the same bytes. */
export function toCycloneDx(result: ScanResult, options: CycloneDxOptions): string {
  const isListed = options.isListedLicenseId ?? (() => true);
  const components = sortedComponents(result.components);
  const refs = new Set(components.map((component) => component.ref));
  const rootRef = rootBomRef(result.root, refs);

  const metadata: Json = {};
  if (options.timestamp) metadata.timestamp = options.timestamp;
  metadata.tools = {
    components: [{ type: 'application', name: result.tool.name, version: result.tool.version, purl: `pkg:npm/${result.tool.name}@${result.tool.version}` }],
  };
  metadata.component = rootComponent(result.root, rootRef, isListed);
  metadata.properties = [
    { name: 'licit:mode', value: result.mode },
    { name: 'licit:spdx-license-list-version', value: result.tool.spdxLicenseListVersion },
  ];

  const bomRefs = new Map(components.map((component) => [component.ref, bomRefOf(component)]));
  const toBomRefs = (list: string[]): string[] => list.map((ref) => bomRefs.get(ref)!).sort(compareText);
  const dependencies = [
    { ref: rootRef, dependsOn: toBomRefs(rootDependsOn(result.root.dependsOn, components, refs)) },
    ...components.map((component) => ({ ref: bomRefOf(component), dependsOn: toBomRefs(knownRefs(component.dependsOn, refs)) })),
  ];

  const content = {
    bomFormat: 'CycloneDX',
    specVersion: SPEC_VERSION,
    version: 1,
    metadata: { ...metadata, timestamp: undefined },
    components: components.map((component) => componentOf(component, isListed, options.acknowledgeDeclared === true)),
    dependencies,
  };
  const bom = {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: content.bomFormat,
    specVersion: content.specVersion,
    // Derived from everything but the timestamp: the same tree gets the same serial number.
    serialNumber: `urn:uuid:${uuidV5(`urn:licit:cyclonedx:${JSON.stringify(content)}`)}`,
    version: content.version,
    metadata,
    components: content.components,
    dependencies: content.dependencies,
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}

function rootBomRef(root: RootInfo, componentRefs: ReadonlySet<string>): string {
  const plain = root.version === null ? root.name : `${root.name}@${root.version}`;
  return componentRefs.has(plain) ? `root:${plain}` : plain;
}

function rootComponent(root: RootInfo, rootRef: string, isListed: (id: string) => boolean): Json {
  const out: Json = { type: 'application', 'bom-ref': rootRef, ...splitName(root.name, true) };
  if (root.version !== null) out.version = root.version;
  const licenses = licensesOf(root.license, 'declared', isListed);
  if (licenses) out.licenses = licenses;
  out.purl = root.purl;
  const workspaces = [...root.workspaces].sort((a, b) => compareText(a.path, b.path));
  if (workspaces.length > 0) {
    out.components = workspaces.map((workspace) => {
      const member: Json = { type: 'application', 'bom-ref': `workspace:${workspace.path}`, ...splitName(workspace.name, true) };
      if (workspace.version !== null) member.version = workspace.version;
      const memberLicenses = licensesOf(workspace.license, 'declared', isListed);
      if (memberLicenses) member.licenses = memberLicenses;
      member.properties = [{ name: 'cdx:npm:package:path', value: workspace.path }];
      return member;
    });
  }
  return out;
}

const COMPONENT_TYPES: Record<Component['kind'], string> = {
  npm: 'library',
  python: 'library',
  vendored: 'library',
  bundle: 'library',
  file: 'file',
  model: 'machine-learning-model',
  dataset: 'data',
};

function componentOf(component: Component, isListed: (id: string) => boolean, acknowledgeDeclared: boolean): Json {
  const npm = component.kind === 'npm';
  const out: Json = {
    type: COMPONENT_TYPES[component.kind],
    'bom-ref': bomRefOf(component),
    ...splitName(component.name, npm),
  };
  if (component.authors && component.authors.length > 0) out.authors = component.authors.map((name) => ({ name }));
  if (component.version !== null) out.version = component.version;
  if (component.description) out.description = component.description;
  const role = scopeRole(component.scopes);
  if (role) out.scope = role === 'dev' ? 'excluded' : role;
  const hashes = digestsOf(component.integrity).map((digest) => ({ alg: HASH_NAMES[digest.algorithm], content: digest.hex }));
  if (hashes.length > 0) out.hashes = hashes;
  const licenses = licensesOf(component.license.expression, 'concluded', isListed);
  const declared = acknowledgeDeclared ? declaredLicenseOf(component, isListed) : null;
  if (licenses && declared && 'license' in licenses[0]! && 'license' in declared[0]!) out.licenses = [...declared, ...licenses];
  else if (licenses) out.licenses = licenses;
  else if (declared) out.licenses = declared;
  const copyrights = copyrightLines(component);
  if (copyrights.length > 0) out.copyright = copyrights.join('\n');
  out.purl = component.purl;
  // A fine-tune, merge, quantisation or adapter names the models it was made from.
  const bases = [...new Set(component.model?.baseModels ?? [])].sort(compareText);
  if (bases.length > 0) out.pedigree = { ancestors: bases.map((base) => ({ type: 'machine-learning-model', name: base })) };
  const references = externalReferencesOf(component);
  if (references.length > 0) out.externalReferences = references;
  const located = component.evidence ?? (component.kind === 'vendored' ? component.paths.map((path) => ({ file: path, line: 0 })) : []);
  const occurrences = located
    .map((evidence) => (evidence.line > 0 ? { location: evidence.file, line: evidence.line } : { location: evidence.file }))
    .sort((a, b) => compareText(a.location, b.location) || (a.line ?? 0) - (b.line ?? 0));
  const evidence: Json = {};
  if (occurrences.length > 0) evidence.occurrences = occurrences;
  if (component.kind !== 'npm' && copyrights.length > 0) evidence.copyright = copyrights.map((text) => ({ text }));
  if (Object.keys(evidence).length > 0) out.evidence = evidence;
  out.properties = propertiesOf(component);
  return out;
}

/** The declared license as its own entry, when the metadata states an SPDX expression. */
function declaredLicenseOf(component: Component, isListed: (id: string) => boolean): Json[] | null {
  const { declared } = component.license;
  if (declared === null || !analyseExpression(declared)) return null;
  return licensesOf(declared, 'declared', isListed);
}

/** Copyright lines of the component and of its license files, deduplicated in order. */
function copyrightLines(component: Component): string[] {
  const lines = [...(component.copyrights ?? []), ...component.license.files.flatMap((file) => file.copyrights ?? [])].map((line) => line.trim()).filter((line) => line !== '');
  return [...new Set(lines)];
}

/** cyclonedx-npm's convention: `@scope/name` becomes group `@scope` and name `name`. */
function splitName(fullName: string, isNpm: boolean): { group?: string; name: string } {
  const match = isNpm ? /^(@[^/]+)\/(.+)$/.exec(fullName) : null;
  return match ? { group: match[1]!, name: match[2]! } : { name: fullName };
}

/** One SPDX id or LicenseRef as a license entry, anything compound as one expression, non-SPDX text as a name. */
function licensesOf(expression: string | null, acknowledgement: Acknowledgement, isListed: (id: string) => boolean): Json[] | null {
  if (expression === null || expression.trim() === '') return null;
  const facts = analyseExpression(expression);
  if (!facts) return [{ license: { name: expression, acknowledgement } }];
  if (facts.single === null) return [{ expression: facts.text, acknowledgement }];
  const single = facts.single;
  const named = single.startsWith('LicenseRef-') || !isListed(single);
  return [{ license: named ? { name: single, acknowledgement } : { id: single, acknowledgement } }];
}

function externalReferencesOf(component: Component): Json[] {
  const references: { type: string; url: string }[] = [];
  const resolved = component.resolved;
  const vcs = component.origin === 'git' || /^git(\+|:)/.test(resolved ?? '') ? usableUrl(resolved, VCS_SCHEMES) : null;
  if (vcs) references.push({ type: 'vcs', url: vcs });
  else {
    const distribution = usableUrl(resolved, WEB_SCHEMES);
    if (distribution) references.push({ type: 'distribution', url: distribution });
  }
  const website = usableUrl(component.homepage, WEB_SCHEMES);
  if (website) references.push({ type: 'website', url: website });
  return references.sort((a, b) => compareText(a.type, b.type) || compareText(a.url, b.url));
}

function propertiesOf(component: Component): { name: string; value: string }[] {
  const properties: { name: string; value: string }[] = [
    { name: 'licit:category', value: component.category },
    { name: 'licit:direct', value: String(component.direct) },
    { name: 'licit:license-source', value: component.license.source },
    ...component.scopes.map((scope) => ({ name: 'licit:scope', value: scope })),
    ...component.license.files.map((file) => ({ name: 'licit:license-file', value: file.path })),
  ];
  if (component.license.declared !== null) properties.push({ name: 'licit:declared', value: component.license.declared });
  if (component.origin) properties.push({ name: 'licit:origin', value: component.origin });
  if (component.kind !== 'npm') properties.push(...component.paths.map((path) => ({ name: 'licit:path', value: path })));
  for (const [license, count] of Object.entries(component.headers ?? {})) properties.push({ name: 'licit:header', value: `${license}: ${count}` });
  if (component.kind === 'npm') {
    properties.push(...component.paths.map((path) => ({ name: 'cdx:npm:package:path', value: path })));
    if (component.bundled) properties.push({ name: 'cdx:npm:package:bundled', value: 'true' });
    if (component.extraneous) properties.push({ name: 'cdx:npm:package:extraneous', value: 'true' });
    if (scopeRole(component.scopes) === 'dev') properties.push({ name: 'cdx:npm:package:development', value: 'true' });
  }
  const unique = new Map(properties.map((property) => [`${property.name}\u0000${property.value}`, property]));
  return [...unique.values()].sort((a, b) => compareText(a.name, b.name) || compareText(a.value, b.value));
}
