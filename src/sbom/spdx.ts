import type { Component, ScanResult } from '../model/index.js';
import { knownRefs, rootDependsOn, scopeRole, sortedComponents, usableUrl } from './components.js';
import { compareText } from '../model/order.js';
import { analyseExpression } from '../model/spdx-expression.js';
import { sha256Hex } from './identity.js';
import { digestsOf, type HashAlgorithm } from './integrity.js';
import { SpdxIdAllocator } from './spdx-ids.js';

export interface LicenseRefDescription {
  name?: string;
  text?: string;
}

export interface SpdxOptions {
  /** `creationInfo.created` (ISO 8601, UTC); the CLI takes it from SOURCE_DATE_EPOCH when set. */
  created: string;
  /** Base URI of `documentNamespace`; default `https://spdx.org/spdxdocs/licit`. */
  namespaceBase?: string;
  /** Name and text of a LicenseRef, e.g. from licit's rules; without one, the writer says where the ref is used. */
  describeLicenseRef?: (licenseRef: string) => LicenseRefDescription | undefined;
}

type Json = Record<string, unknown>;

interface Relationship {
  spdxElementId: string;
  relationshipType: string;
  relatedSpdxElement: string;
}

const NOASSERTION = 'NOASSERTION';
const DEFAULT_NAMESPACE_BASE = 'https://spdx.org/spdxdocs/licit';
const CHECKSUM_NAMES: Record<HashAlgorithm, string> = { sha1: 'SHA1', sha256: 'SHA256', sha384: 'SHA384', sha512: 'SHA512' };
const DOWNLOAD_SCHEMES = ['https:', 'http:', 'git+https:', 'git+http:', 'git+ssh:', 'git:', 'ssh:', 'ftp:', 'sftp:'];
const MAX_LISTED_USERS = 10;

/** An SPDX 2.3 JSON document of the scan result; the same result and options always give the same bytes. */
export function toSpdx(result: ScanResult, options: SpdxOptions): string {
  const components = sortedComponents(result.components);
  const refs = new Set(components.map((component) => component.ref));
  const ids = new SpdxIdAllocator();
  const rootId = ids.allocate('root', result.root.name);
  const workspaces = [...result.root.workspaces].sort((a, b) => compareText(a.path, b.path));
  const workspaceIds = workspaces.map((workspace) => ids.allocate('workspace', workspace.path));
  const componentIds = new Map(components.map((component) => [component.ref, ids.allocate(component.kind, component.ref)]));
  const licenseRefUsers = new Map<string, Set<string>>();
  const useRefs = (expression: string, user: string): void => {
    for (const licenseRef of analyseExpression(expression)?.licenseRefs ?? []) {
      licenseRefUsers.set(licenseRef, (licenseRefUsers.get(licenseRef) ?? new Set()).add(user));
    }
  };

  const rootDeclared = declaredOfRoot(result.root.license);
  useRefs(rootDeclared.value, result.root.name);
  const packages: Json[] = [
    {
      name: result.root.name,
      SPDXID: rootId,
      ...(result.root.version === null ? {} : { versionInfo: result.root.version }),
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      licenseConcluded: NOASSERTION,
      licenseDeclared: rootDeclared.value,
      ...(rootDeclared.comment ? { licenseComments: rootDeclared.comment } : {}),
      copyrightText: NOASSERTION,
      externalRefs: [purlRef(result.root.purl)],
      primaryPackagePurpose: 'APPLICATION',
    },
    ...workspaces.map((workspace, index) => {
      const declared = declaredOfRoot(workspace.license);
      useRefs(declared.value, workspace.name);
      return {
        name: workspace.name,
        SPDXID: workspaceIds[index]!,
        ...(workspace.version === null ? {} : { versionInfo: workspace.version }),
        downloadLocation: NOASSERTION,
        filesAnalyzed: false,
        licenseConcluded: NOASSERTION,
        licenseDeclared: declared.value,
        ...(declared.comment ? { licenseComments: declared.comment } : {}),
        copyrightText: NOASSERTION,
        primaryPackagePurpose: 'APPLICATION',
      };
    }),
  ];
  for (const component of components) {
    const spdxPackage = packageOf(component, componentIds.get(component.ref)!, result.mode === 'virtual');
    useRefs(String(spdxPackage.licenseDeclared), component.ref);
    useRefs(String(spdxPackage.licenseConcluded), component.ref);
    packages.push(spdxPackage);
  }

  const relationships: Relationship[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootId },
    ...workspaceIds.map((id) => ({ spdxElementId: rootId, relationshipType: 'CONTAINS', relatedSpdxElement: id })),
    ...rootDependsOn(result.root.dependsOn, components, refs).map((ref) => ({
      spdxElementId: rootId,
      relationshipType: 'DEPENDS_ON',
      relatedSpdxElement: componentIds.get(ref)!,
    })),
  ];
  for (const component of components) {
    const id = componentIds.get(component.ref)!;
    for (const ref of knownRefs(component.dependsOn, refs)) {
      relationships.push({ spdxElementId: id, relationshipType: 'DEPENDS_ON', relatedSpdxElement: componentIds.get(ref)! });
    }
    // The model has no per-edge scopes, so a dev-only or optional-only component is tied to the project itself.
    const role = scopeRole(component.scopes);
    if (role === 'dev') relationships.push({ spdxElementId: id, relationshipType: 'DEV_DEPENDENCY_OF', relatedSpdxElement: rootId });
    if (role === 'optional') relationships.push({ spdxElementId: id, relationshipType: 'OPTIONAL_DEPENDENCY_OF', relatedSpdxElement: rootId });
  }

  const extracted = [...licenseRefUsers]
    .sort(([a], [b]) => compareText(a, b))
    .map(([licenseRef, users]) => extractedInfo(licenseRef, [...users].sort(compareText), components, options.describeLicenseRef));

  const name = result.root.version === null ? result.root.name : `${result.root.name}@${result.root.version}`;
  const listVersion = /^\d+\.\d+/.exec(result.tool.spdxLicenseListVersion)?.[0];
  const creationInfo = {
    created: options.created.replace(/\.\d+Z$/, 'Z'),
    creators: [`Tool: ${result.tool.name}-${result.tool.version}`],
    ...(listVersion ? { licenseListVersion: listVersion } : {}),
  };
  const body = {
    packages,
    relationships: sortRelationships(relationships),
    ...(extracted.length > 0 ? { hasExtractedLicensingInfos: extracted } : {}),
  };
  // The namespace names the content: everything but the creation time.
  const digest = sha256Hex(JSON.stringify({ name, creators: creationInfo.creators, licenseListVersion: listVersion, body }));
  const base = (options.namespaceBase ?? DEFAULT_NAMESPACE_BASE).replace(/\/+$/, '');
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `${base}/${name.replace(/[^A-Za-z0-9._-]/g, '-')}-${digest.slice(0, 32)}`,
    creationInfo,
    ...body,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function packageOf(component: Component, spdxId: string, lockfileOnly: boolean): Json {
  const out: Json = { name: component.name, SPDXID: spdxId };
  if (component.version !== null) out.versionInfo = component.version;
  out.downloadLocation = downloadLocationOf(component);
  out.filesAnalyzed = false;
  const checksums = digestsOf(component.integrity).map((digest) => ({ algorithm: CHECKSUM_NAMES[digest.algorithm], checksumValue: digest.hex }));
  if (checksums.length > 0) out.checksums = checksums;
  const homepage = usableUrl(component.homepage, ['https:', 'http:']);
  if (homepage) out.homepage = homepage;
  if (component.description) out.description = component.description;

  const concluded = component.license.expression === null ? null : analyseExpression(component.license.expression);
  out.licenseConcluded = concluded?.text ?? NOASSERTION;
  out.licenseDeclared = declaredOf(component, lockfileOnly);
  const comments: string[] = [];
  if (component.license.expression !== null && !concluded) {
    comments.push(`licit concluded "${component.license.expression}", which is not a valid SPDX expression.`);
  }
  const declared = component.license.declared;
  if (declared !== null && !analyseExpression(declared)) comments.push(`Declared in package metadata as: ${declared}`);
  if (comments.length > 0) out.licenseComments = comments.join(' ');
  out.copyrightText = copyrightOf(component);
  out.externalRefs = [purlRef(component.purl)];
  out.primaryPackagePurpose = component.kind === 'file' ? 'FILE' : component.kind === 'model' || component.kind === 'dataset' ? 'OTHER' : 'LIBRARY';
  if (component.authors && component.authors.length > 0) out.originator = `Person: ${component.authors.join(', ')}`;
  return out;
}

/**
 * What the package's authors declared: the metadata value when it is SPDX already, else licit's reading of
 * it (metadata-only conclusions) or of the license files (file-only conclusions). NONE only when a full
 * install shows neither metadata nor license files; a lockfile-only scan cannot tell, so NOASSERTION.
 */
function declaredOf(component: Component, lockfileOnly: boolean): string {
  const { declared, expression, source, files } = component.license;
  // A model or dataset named only in code declares nothing: licit's lookup is a conclusion, not a declaration.
  if (component.kind !== 'npm' && declared === null && files.length === 0) return NOASSERTION;
  const raw = declared === null ? null : analyseExpression(declared);
  if (raw) return raw.text;
  if ((source === 'metadata' || (source === 'file' && declared === null)) && expression !== null) {
    const reading = analyseExpression(expression);
    if (reading) return reading.text;
  }
  if (declared === null && files.length === 0 && source === 'none' && !lockfileOnly) return 'NONE';
  return NOASSERTION;
}

function declaredOfRoot(license: string | null): { value: string; comment?: string } {
  if (license === null) return { value: NOASSERTION };
  const facts = analyseExpression(license);
  return facts ? { value: facts.text } : { value: NOASSERTION, comment: `Declared in package metadata as: ${license}` };
}

function downloadLocationOf(component: Component): string {
  const url = usableUrl(component.resolved, DOWNLOAD_SCHEMES);
  if (!url) return NOASSERTION;
  // SPDX writes a VCS revision as `@rev`; npm records it as the URL fragment.
  if (component.origin === 'git' || url.startsWith('git')) return url.replace(/#([^#@/]+)$/, '@$1');
  return url;
}

function copyrightOf(component: Component): string {
  const fromFiles = [...component.license.files].sort((a, b) => compareText(a.path, b.path)).flatMap((file) => file.copyrights ?? []);
  const lines = [...(component.copyrights ?? []), ...fromFiles]
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.length > 0 ? [...new Set(lines)].join('\n') : NOASSERTION;
}

function purlRef(purl: string): Json {
  return { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl };
}

function extractedInfo(
  licenseRef: string,
  users: string[],
  components: readonly Component[],
  describe: SpdxOptions['describeLicenseRef'],
): Json {
  const description = describe?.(licenseRef);
  const shown = users.slice(0, MAX_LISTED_USERS).join(', ');
  const more = users.length > MAX_LISTED_USERS ? ` and ${users.length - MAX_LISTED_USERS} more` : '';
  const declaredAs = components
    .filter((component) => users.includes(component.ref) && component.license.declared !== null)
    .filter((component) => analyseExpression(component.license.expression ?? '')?.single === licenseRef)
    .map((component) => `${component.ref} declares: ${component.license.declared}`);
  const fallback = [`The license text was not extracted by licit; see the package(s): ${shown}${more}.`, ...declaredAs].join('\n');
  return {
    licenseId: licenseRef,
    extractedText: description?.text ?? fallback,
    name: description?.name ?? licenseRef.slice('LicenseRef-'.length),
  };
}

function sortRelationships(relationships: Relationship[]): Relationship[] {
  const key = (r: Relationship): string => `${r.relationshipType === 'DESCRIBES' ? 0 : 1}\u0000${r.spdxElementId}\u0000${r.relationshipType}\u0000${r.relatedSpdxElement}`;
  const unique = new Map(relationships.map((r) => [key(r), r]));
  return [...unique].sort(([a], [b]) => compareText(a, b)).map(([, r]) => r);
}
