import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Component, ScanResult } from '../src/model/index.js';
import { toCycloneDx, toSpdx } from '../src/sbom/index.js';
import { validateCycloneDx, validateSpdx } from './helpers/schemas.js';

// SRI strings built from real digests, so the hex the writers emit can be checked against the source bytes.
const tarballBytes = 'the bytes of a tarball';
const sha512Hex = createHash('sha512').update(tarballBytes).digest('hex');
const sha1Hex = createHash('sha1').update(tarballBytes).digest('hex');
const sri = (algorithm: string, hex: string): string => `${algorithm}-${Buffer.from(hex, 'hex').toString('base64')}`;

function npm(name: string, version: string, overrides: Partial<Component> = {}): Component {
  const encoded = name.startsWith('@') ? `%40${name.slice(1)}` : name;
  return {
    kind: 'npm',
    ref: `${name}@${version}`,
    name,
    version,
    purl: `pkg:npm/${encoded}@${version}`,
    scopes: ['prod'],
    direct: false,
    paths: [`node_modules/${name}`],
    via: ['my-app', name],
    license: { declared: 'MIT', expression: 'MIT', source: 'metadata', files: [] },
    category: 'permissive',
    origin: 'registry',
    resolved: `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`,
    integrity: sri('sha512', sha512Hex),
    dependsOn: [],
    ...overrides,
  };
}

function scanResult(components: Component[], rootDependsOn: string[]): ScanResult {
  return {
    schemaVersion: 1,
    tool: { name: 'licit', version: '0.1.0', spdxLicenseListVersion: '3.27' },
    mode: 'actual',
    root: {
      name: 'my-app',
      version: '1.0.0',
      license: 'MIT',
      purl: 'pkg:npm/my-app@1.0.0',
      workspaces: [{ name: '@my/ui', version: '0.0.1', path: 'packages/ui', license: 'Apache-2.0' }],
      dependsOn: rootDependsOn,
    },
    components,
    findings: [],
    obligations: [],
    summary: { packages: components.length, models: 1, byCategory: {}, errors: 0, warnings: 0, infos: 0 },
  };
}

function sampleComponents(): Component[] {
  return [
    npm('@scope/dual', '2.1.0', {
      direct: true,
      license: { declared: '(MIT OR Apache-2.0)', expression: 'MIT OR Apache-2.0', source: 'metadata', files: [] },
      dependsOn: ['combined@1.0.0', 'git-dep@0.3.0'],
    }),
    npm('combined', '1.0.0', {
      license: {
        declared: null,
        expression: '(MIT AND BSD-3-Clause)',
        source: 'file',
        files: [
          { path: 'LICENSE', expression: 'MIT AND BSD-3-Clause', confidence: 0.97, copyrights: ['Copyright (c) 2020 Jane Doe'] },
          { path: 'NOTICE', expression: null, confidence: null, copyrights: ['Copyright (c) 2020 Jane Doe', 'Copyright 2021 ACME'] },
        ],
      },
      integrity: `${sri('sha512', sha512Hex)} ${sri('sha1', sha1Hex)}`,
    }),
    npm('git-dep', '0.3.0', {
      origin: 'git',
      resolved: 'git+ssh://git@github.com/example/git-dep.git#0123456789abcdef0123456789abcdef01234567',
      integrity: null,
      license: { declared: 'GPL-2.0-only WITH Classpath-exception-2.0', expression: 'GPL-2.0-only WITH Classpath-exception-2.0', source: 'metadata', files: [] },
      category: 'weak-copyleft',
      homepage: 'https://example.com/git-dep',
    }),
    npm('custom-lic', '1.2.3', {
      direct: true,
      license: { declared: 'SEE LICENSE IN EULA.txt', expression: 'LicenseRef-licit-see-license-in-eula.txt', source: 'metadata', files: [] },
      category: 'proprietary',
      integrity: sri('sha1', sha1Hex),
      dependsOn: ['vendored@4.0.0'],
    }),
    npm('vendored', '4.0.0', {
      bundled: true,
      resolved: null,
      integrity: null,
      paths: ['node_modules/custom-lic/node_modules/vendored'],
      license: { declared: null, expression: 'LicenseRef-scancode-proprietary-license AND MIT', source: 'file', files: [{ path: 'LICENSE.md', expression: 'LicenseRef-scancode-proprietary-license AND MIT', confidence: 0.8 }] },
      category: 'proprietary',
    }),
    npm('nolicense', '0.0.1', {
      license: { declared: null, expression: null, source: 'none', files: [] },
      category: 'unknown',
      scopes: ['prod', 'dev'],
      paths: ['node_modules/nolicense', 'packages/ui/node_modules/nolicense'],
    }),
    npm('broken-meta', '1.0.0', {
      license: { declared: 'MIT/X11 or whatever', expression: 'MIT/X11 or whatever', source: 'metadata', files: [] },
      category: 'unknown',
    }),
    npm('devtool', '5.0.0', { direct: true, scopes: ['dev'], extraneous: true, resolved: 'file:../devtool-5.0.0.tgz', origin: 'local-tarball' }),
    npm('fsevents', '2.3.3', { scopes: ['optional'], license: { declared: 'MIT', expression: 'MIT', source: 'metadata+file', files: [{ path: 'LICENSE', expression: 'MIT', confidence: 1 }] } }),
    {
      kind: 'model',
      ref: 'pkg:huggingface/meta-llama/Llama-2-7b-chat-hf',
      name: 'meta-llama/Llama-2-7b-chat-hf',
      version: null,
      purl: 'pkg:huggingface/meta-llama/Llama-2-7b-chat-hf',
      scopes: ['prod'],
      direct: true,
      paths: [],
      via: ['my-app'],
      license: { declared: null, expression: 'LicenseRef-licit-llama2', source: 'file', files: [] },
      category: 'model',
      dependsOn: [],
      evidence: [{ file: 'src/chat.ts', line: 12 }, { file: 'config/models.json', line: 3 }],
    },
  ];
}

const rootDependsOn = ['@scope/dual@2.1.0', 'custom-lic@1.2.3', 'devtool@5.0.0', 'fsevents@2.3.3', 'pkg:huggingface/meta-llama/Llama-2-7b-chat-hf', 'nolicense@0.0.1', 'broken-meta@1.0.0'];
const sample = (): ScanResult => scanResult(sampleComponents(), rootDependsOn);

interface CdxComponent {
  type: string;
  'bom-ref': string;
  group?: string;
  name: string;
  scope?: string;
  purl?: string;
  hashes?: { alg: string; content: string }[];
  licenses?: ({ expression: string } | { license: { id?: string; name?: string } })[];
  externalReferences?: { type: string; url: string }[];
  properties?: { name: string; value: string }[];
  evidence?: { occurrences: { location: string; line?: number }[] };
}
interface CdxBom {
  serialNumber: string;
  metadata: { timestamp?: string; tools: { components: { name: string; version: string }[] }; component: CdxComponent & { components?: CdxComponent[] } };
  components: CdxComponent[];
  dependencies: { ref: string; dependsOn: string[] }[];
}
interface SpdxPackage {
  SPDXID: string;
  name: string;
  downloadLocation: string;
  licenseDeclared: string;
  licenseConcluded: string;
  copyrightText: string;
  checksums?: { algorithm: string; checksumValue: string }[];
  externalRefs?: { referenceCategory: string; referenceType: string; referenceLocator: string }[];
  primaryPackagePurpose?: string;
}
interface SpdxDocument {
  documentNamespace: string;
  creationInfo: { created: string; creators: string[]; licenseListVersion?: string };
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[];
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string; name?: string }[];
}

const cdx = (result: ScanResult, timestamp: string | null = null): CdxBom => JSON.parse(toCycloneDx(result, { timestamp })) as CdxBom;
const CREATED = '2024-01-02T03:04:05Z';
const spdx = (result: ScanResult): SpdxDocument => JSON.parse(toSpdx(result, { created: CREATED })) as SpdxDocument;
const byRef = (bom: CdxBom, ref: string): CdxComponent => bom.components.find((component) => component['bom-ref'] === ref)!;
const spdxPackage = (document: SpdxDocument, name: string): SpdxPackage => document.packages.find((p) => p.name === name)!;

describe('CycloneDX 1.6 writer', () => {
  it('writes a BOM the official schema accepts, with every dependency ref resolving', () => {
    expect(validateCycloneDx(cdx(sample()))).toEqual([]);
    expect(validateCycloneDx(cdx(sample(), '2024-01-02T03:04:05Z'))).toEqual([]);
  });

  it('is byte-identical across calls and input orders, and its serial number follows the content', () => {
    const first = toCycloneDx(sample(), { timestamp: null });
    expect(toCycloneDx(sample(), { timestamp: null })).toBe(first);
    const reordered = scanResult([...sampleComponents()].reverse(), [...rootDependsOn].reverse());
    expect(toCycloneDx(reordered, { timestamp: null })).toBe(first);

    const changed = sampleComponents();
    changed[0] = { ...changed[0]!, version: '2.1.1', ref: '@scope/dual@2.1.1' };
    const serial = (JSON.parse(first) as CdxBom).serialNumber;
    expect(serial).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(cdx(scanResult(changed, rootDependsOn)).serialNumber).not.toBe(serial);
  });

  it('writes a timestamp only when one is given', () => {
    expect(cdx(sample()).metadata.timestamp).toBeUndefined();
    expect(toCycloneDx(sample(), { timestamp: null })).not.toContain('timestamp');
    expect(cdx(sample(), '2024-01-02T03:04:05Z').metadata.timestamp).toBe('2024-01-02T03:04:05Z');
  });

  it('names licit and the root application', () => {
    const bom = cdx(sample());
    expect(bom.metadata.tools.components).toEqual([expect.objectContaining({ name: 'licit', version: '0.1.0' })]);
    expect(bom.metadata.component).toMatchObject({ type: 'application', name: 'my-app', purl: 'pkg:npm/my-app@1.0.0', licenses: [{ license: { id: 'MIT' } }] });
    expect(bom.metadata.component.components).toEqual([expect.objectContaining({ group: '@my', name: 'ui', licenses: [{ license: { id: 'Apache-2.0', acknowledgement: 'declared' } }] })]);
  });

  it('splits scoped names, keeps purls, and maps licenses to ids, names or one expression', () => {
    const bom = cdx(sample());
    expect(bom.components.every((component) => component.purl !== undefined)).toBe(true);
    const dual = byRef(bom, '@scope/dual@2.1.0');
    expect([dual.group, dual.name, dual.purl]).toEqual(['@scope', 'dual', 'pkg:npm/%40scope/dual@2.1.0']);
    expect(dual.licenses).toEqual([{ expression: 'MIT OR Apache-2.0', acknowledgement: 'concluded' }]);
    expect(byRef(bom, 'combined@1.0.0').licenses).toEqual([{ expression: 'MIT AND BSD-3-Clause', acknowledgement: 'concluded' }]);
    expect(byRef(bom, 'git-dep@0.3.0').licenses).toEqual([{ expression: 'GPL-2.0-only WITH Classpath-exception-2.0', acknowledgement: 'concluded' }]);
    expect(byRef(bom, 'fsevents@2.3.3').licenses).toEqual([{ license: { id: 'MIT', acknowledgement: 'concluded' } }]);
    expect(byRef(bom, 'custom-lic@1.2.3').licenses).toEqual([{ license: { name: 'LicenseRef-licit-see-license-in-eula.txt', acknowledgement: 'concluded' } }]);
    expect(byRef(bom, 'broken-meta@1.0.0').licenses).toEqual([{ license: { name: 'MIT/X11 or whatever', acknowledgement: 'concluded' } }]);
    expect(byRef(bom, 'nolicense@0.0.1').licenses).toBeUndefined();
  });

  it('writes an id the caller says CycloneDX does not list as a name', () => {
    const bom = JSON.parse(toCycloneDx(sample(), { timestamp: null, isListedLicenseId: (id) => id !== 'MIT' })) as CdxBom;
    expect(byRef(bom, 'fsevents@2.3.3').licenses).toEqual([{ license: { name: 'MIT', acknowledgement: 'concluded' } }]);
  });

  it('maps scopes, hashes, origins and npm facts', () => {
    const bom = cdx(sample());
    expect(byRef(bom, 'devtool@5.0.0').scope).toBe('excluded');
    expect(byRef(bom, 'fsevents@2.3.3').scope).toBe('optional');
    expect(byRef(bom, 'nolicense@0.0.1').scope).toBe('required');
    expect(byRef(bom, 'combined@1.0.0').hashes).toEqual([{ alg: 'SHA-1', content: sha1Hex }, { alg: 'SHA-512', content: sha512Hex }]);
    expect(byRef(bom, 'git-dep@0.3.0').externalReferences).toEqual([
      { type: 'vcs', url: 'git+ssh://git@github.com/example/git-dep.git#0123456789abcdef0123456789abcdef01234567' },
      { type: 'website', url: 'https://example.com/git-dep' },
    ]);
    expect(byRef(bom, 'combined@1.0.0').externalReferences).toEqual([{ type: 'distribution', url: 'https://registry.npmjs.org/combined/-/combined-1.0.0.tgz' }]);
    expect(byRef(bom, 'devtool@5.0.0').externalReferences).toBeUndefined();
    const props = (ref: string): Record<string, string[]> => {
      const grouped: Record<string, string[]> = {};
      for (const { name, value } of byRef(bom, ref).properties ?? []) (grouped[name] ??= []).push(value);
      return grouped;
    };
    expect(props('vendored@4.0.0')['cdx:npm:package:bundled']).toEqual(['true']);
    expect(props('devtool@5.0.0')['cdx:npm:package:extraneous']).toEqual(['true']);
    expect(props('devtool@5.0.0')['cdx:npm:package:development']).toEqual(['true']);
    expect(props('nolicense@0.0.1')['cdx:npm:package:path']).toEqual(['node_modules/nolicense', 'packages/ui/node_modules/nolicense']);
    expect(props('custom-lic@1.2.3')).toMatchObject({ 'licit:category': ['proprietary'], 'licit:license-source': ['metadata'], 'licit:declared': ['SEE LICENSE IN EULA.txt'] });
  });

  it('writes models as machine-learning-model components with their evidence', () => {
    const model = byRef(cdx(sample()), 'pkg:huggingface/meta-llama/Llama-2-7b-chat-hf');
    expect(model.type).toBe('machine-learning-model');
    expect(model.name).toBe('meta-llama/Llama-2-7b-chat-hf');
    expect(model.group).toBeUndefined();
    expect(model.evidence?.occurrences).toEqual([{ location: 'config/models.json', line: 3 }, { location: 'src/chat.ts', line: 12 }]);
  });

  it('writes the whole graph, dropping edges to components that are not in the result', () => {
    const components = sampleComponents();
    components[0] = { ...components[0]!, dependsOn: [...components[0]!.dependsOn, 'omitted@1.0.0'] };
    const bom = cdx(scanResult(components, [...rootDependsOn, 'omitted-too@2.0.0']));
    expect(validateCycloneDx(bom)).toEqual([]);
    const graph = new Map(bom.dependencies.map((dependency) => [dependency.ref, dependency.dependsOn]));
    // The root also depends on every model the project names.
    const models = components.filter((component) => component.kind === 'model' && component.direct).map((component) => component.ref);
    expect(models).not.toEqual([]);
    expect(graph.get('my-app@1.0.0')).toEqual([...new Set([...rootDependsOn, ...models])].sort());
    expect(graph.get('@scope/dual@2.1.0')).toEqual(['combined@1.0.0', 'git-dep@0.3.0']);
    expect(graph.get('vendored@4.0.0')).toEqual([]);
    expect(graph.size).toBe(components.length + 1);
  });
});

describe('schema helpers', () => {
  it('report what the schemas and cross-references forbid', () => {
    const bom = cdx(sample());
    bom.components[0]!.licenses = [{ license: { id: 'Not-A-Listed-Id' } }];
    bom.dependencies.push({ ref: 'ghost@1.0.0', dependsOn: [] });
    expect(validateCycloneDx(bom).length).toBeGreaterThan(0);
    expect(validateCycloneDx({ ...cdx(sample()), dependencies: [{ ref: 'ghost@1.0.0', dependsOn: [] }] })).toEqual(['dependency ref ghost@1.0.0 names no component']);

    const document = spdx(sample());
    document.hasExtractedLicensingInfos = [];
    document.packages[0]!.SPDXID = 'SPDXRef-has space';
    const errors = validateSpdx(document);
    expect(errors).toContain('SPDXID SPDXRef-has space has characters SPDX does not allow');
    expect(errors.some((error) => error.startsWith('LicenseRef-licit-llama2'))).toBe(true);
    expect(errors.some((error) => error.startsWith('relationship names unknown element'))).toBe(true);
  });
});

describe('SPDX 2.3 writer', () => {
  it('writes a document the official schema accepts, every relationship and LicenseRef resolving', () => {
    const document = spdx(sample());
    expect(validateSpdx(document)).toEqual([]);
    const described = new Set(document.hasExtractedLicensingInfos?.map((info) => info.licenseId));
    const used = JSON.stringify(document.packages).match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? [];
    expect(used.length).toBeGreaterThan(0);
    for (const licenseRef of used) expect(described).toContain(licenseRef);
    expect([...described].sort()).toEqual(['LicenseRef-licit-llama2', 'LicenseRef-licit-see-license-in-eula.txt', 'LicenseRef-scancode-proprietary-license']);
  });

  it('is byte-identical across calls and input orders; the namespace follows the content', () => {
    const first = toSpdx(sample(), { created: CREATED });
    expect(toSpdx(sample(), { created: CREATED })).toBe(first);
    expect(toSpdx(scanResult([...sampleComponents()].reverse(), [...rootDependsOn].reverse()), { created: CREATED })).toBe(first);
    const namespace = (JSON.parse(first) as SpdxDocument).documentNamespace;
    expect(namespace).toMatch(/^https:\/\/spdx\.org\/spdxdocs\/licit\/my-app-1\.0\.0-[0-9a-f]{32}$/);
    const changed = sampleComponents();
    changed[1] = { ...changed[1]!, integrity: null };
    expect(spdx(scanResult(changed, rootDependsOn)).documentNamespace).not.toBe(namespace);
    const based = JSON.parse(toSpdx(sample(), { created: CREATED, namespaceBase: 'https://sbom.example.com/docs/' })) as SpdxDocument;
    expect(based.documentNamespace.startsWith('https://sbom.example.com/docs/my-app-1.0.0-')).toBe(true);
  });

  it('records the creation time given, licit and the license-list version', () => {
    const document = JSON.parse(toSpdx(sample(), { created: '2024-01-02T03:04:05.000Z' })) as SpdxDocument;
    expect(document.creationInfo).toEqual({ created: CREATED, creators: ['Tool: licit-0.1.0'], licenseListVersion: '3.27' });
  });

  it('gives every package a unique SPDXID from allowed characters, even when sanitising collides', () => {
    const colliding = [npm('a_b', '1.0.0'), npm('a-b', '1.0.0'), npm('a~b', '1.0.0')];
    const document = spdx(scanResult(colliding, colliding.map((component) => component.ref)));
    expect(validateSpdx(document)).toEqual([]);
    const ids = document.packages.map((p) => p.SPDXID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^SPDXRef-[A-Za-z0-9.-]+$/);
    const reversed = spdx(scanResult([...colliding].reverse(), colliding.map((component) => component.ref)));
    expect(reversed.packages.map((p) => p.SPDXID)).toEqual(ids);
  });

  it('writes declared and concluded licenses as valid SPDX, never leaking a non-SPDX value', () => {
    const document = spdx(sample());
    expect(spdxPackage(document, '@scope/dual')).toMatchObject({ licenseDeclared: 'MIT OR Apache-2.0', licenseConcluded: 'MIT OR Apache-2.0' });
    expect(spdxPackage(document, 'combined')).toMatchObject({ licenseDeclared: 'MIT AND BSD-3-Clause', licenseConcluded: 'MIT AND BSD-3-Clause' });
    expect(spdxPackage(document, 'git-dep').licenseConcluded).toBe('GPL-2.0-only WITH Classpath-exception-2.0');
    expect(spdxPackage(document, 'custom-lic')).toMatchObject({ licenseDeclared: 'LicenseRef-licit-see-license-in-eula.txt', licenseConcluded: 'LicenseRef-licit-see-license-in-eula.txt' });
    expect(spdxPackage(document, 'broken-meta')).toMatchObject({ licenseDeclared: 'NOASSERTION', licenseConcluded: 'NOASSERTION' });
    expect(spdxPackage(document, 'broken-meta')).toHaveProperty('licenseComments');
    expect(spdxPackage(document, 'fsevents')).not.toHaveProperty('licenseComments');
    expect(spdxPackage(document, 'nolicense')).toMatchObject({ licenseDeclared: 'NONE', licenseConcluded: 'NOASSERTION' });
    const lockfileOnly = spdx({ ...sample(), mode: 'virtual' });
    expect(spdxPackage(lockfileOnly, 'nolicense').licenseDeclared).toBe('NOASSERTION');
  });

  it('explains each LicenseRef with the declared value when there is one', () => {
    const infos = spdx(sample()).hasExtractedLicensingInfos ?? [];
    const eula = infos.find((info) => info.licenseId === 'LicenseRef-licit-see-license-in-eula.txt');
    expect(eula?.extractedText).toContain('SEE LICENSE IN EULA.txt');
    const described = JSON.parse(
      toSpdx(sample(), { created: CREATED, describeLicenseRef: (id) => (id === 'LicenseRef-licit-llama2' ? { name: 'Llama 2 Community License', text: 'LLAMA 2 COMMUNITY LICENSE AGREEMENT' } : undefined) }),
    ) as SpdxDocument;
    expect(described.hasExtractedLicensingInfos?.find((info) => info.licenseId === 'LicenseRef-licit-llama2')).toEqual({
      licenseId: 'LicenseRef-licit-llama2',
      extractedText: 'LLAMA 2 COMMUNITY LICENSE AGREEMENT',
      name: 'Llama 2 Community License',
    });
  });

  it('writes locations, checksums, purls, copyrights and purposes', () => {
    const document = spdx(sample());
    for (const p of document.packages) {
      if (p.primaryPackagePurpose !== 'APPLICATION' || p.name === 'my-app') {
        expect(p.externalRefs).toContainEqual(expect.objectContaining({ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl' }));
      }
    }
    expect(spdxPackage(document, 'combined').downloadLocation).toBe('https://registry.npmjs.org/combined/-/combined-1.0.0.tgz');
    expect(spdxPackage(document, 'git-dep').downloadLocation).toBe('git+ssh://git@github.com/example/git-dep.git@0123456789abcdef0123456789abcdef01234567');
    expect(spdxPackage(document, 'devtool').downloadLocation).toBe('NOASSERTION');
    expect(spdxPackage(document, 'combined').checksums).toEqual([
      { algorithm: 'SHA1', checksumValue: sha1Hex },
      { algorithm: 'SHA512', checksumValue: sha512Hex },
    ]);
    expect(spdxPackage(document, 'combined').copyrightText).toBe('Copyright (c) 2020 Jane Doe\nCopyright 2021 ACME');
    expect(spdxPackage(document, 'fsevents').copyrightText).toBe('NOASSERTION');
    expect(spdxPackage(document, 'my-app').primaryPackagePurpose).toBe('APPLICATION');
    expect(spdxPackage(document, 'combined').primaryPackagePurpose).toBe('LIBRARY');
    expect(spdxPackage(document, 'meta-llama/Llama-2-7b-chat-hf').primaryPackagePurpose).toBe('OTHER');
  });

  it('relates the document to the root and writes the whole dependency graph', () => {
    const document = spdx(sample());
    const idOf = (name: string): string => spdxPackage(document, name).SPDXID;
    const has = (from: string, type: string, to: string): boolean =>
      document.relationships.some((r) => r.spdxElementId === from && r.relationshipType === type && r.relatedSpdxElement === to);
    expect(document.relationships[0]).toEqual({ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: idOf('my-app') });
    const dependsOn = document.relationships.filter((r) => r.relationshipType === 'DEPENDS_ON');
    const edges = rootDependsOn.length + sampleComponents().reduce((sum, component) => sum + component.dependsOn.length, 0);
    expect(dependsOn).toHaveLength(edges);
    expect(has(idOf('@scope/dual'), 'DEPENDS_ON', idOf('git-dep'))).toBe(true);
    expect(has(idOf('devtool'), 'DEV_DEPENDENCY_OF', idOf('my-app'))).toBe(true);
    expect(has(idOf('fsevents'), 'OPTIONAL_DEPENDENCY_OF', idOf('my-app'))).toBe(true);
    expect(has(idOf('my-app'), 'CONTAINS', idOf('@my/ui'))).toBe(true);
  });
});
