// Validates SBOMs against the official CycloneDX 1.6 and SPDX 2.3 JSON schemas, plus the cross-references
// the schemas cannot express (unique ids, every reference resolves, every LicenseRef described); SARIF
// logs against the official SARIF 2.1.0 schema; configs against licit's published config schema.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import Draft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import parseSpdx from 'spdx-expression-parse';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const Draft04 = Draft04Module as unknown as typeof Draft04Module.default;

const CYCLONEDX_DIR = new URL('../../node_modules/@cyclonedx/cyclonedx-library/res/schema/', import.meta.url);
const SPDX_SCHEMA = new URL('../../../shared/data/spdx-2.3.schema.json', import.meta.url);
const SARIF_SCHEMA = new URL('../../../shared/data/sarif-2.1.0.schema.json', import.meta.url);
const CONFIG_SCHEMA = new URL('../../schema/config.schema.json', import.meta.url);

function readSchema(url: URL): Record<string, unknown> {
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // Formats CycloneDX uses that ajv-formats lacks (RFC 3987 IRI reference, RFC 6531 e-mail): a loose check.
  ajv.addFormat('iri-reference', (value: string) => !/[\s"<>\\^`{|}]/.test(value) && !/%(?![0-9A-Fa-f]{2})/.test(value));
  ajv.addFormat('idn-email', /^[^\s@]+@[^\s@]+$/);
  return ajv;
}

let cycloneDx: ValidateFunction | undefined;
let spdx: ValidateFunction | undefined;
let sarif: ValidateFunction | undefined;
let config: ValidateFunction | undefined;

function cycloneDxValidator(): ValidateFunction {
  if (!cycloneDx) {
    const ajv = newAjv();
    // The BOM schema $refs its siblings by file name, which resolves against its $id to an address the
    // siblings' own $ids do not carry: register them under that address (as cyclonedx-library does).
    for (const sibling of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json']) {
      ajv.addSchema({ ...readSchema(new URL(sibling, CYCLONEDX_DIR)), $id: `http://cyclonedx.org/schema/${sibling}` });
    }
    cycloneDx = ajv.compile(readSchema(new URL('bom-1.6.SNAPSHOT.schema.json', CYCLONEDX_DIR)));
  }
  return cycloneDx;
}

function spdxValidator(): ValidateFunction {
  spdx ??= newAjv().compile(readSchema(SPDX_SCHEMA));
  return spdx;
}

/** The official SARIF 2.1.0 schema is draft-04: compiled as it is by ajv-draft-04. */
function sarifValidator(): ValidateFunction {
  if (!sarif) {
    const ajv = new Draft04({ allErrors: true, strict: false });
    addFormats(ajv as unknown as Ajv);
    sarif = ajv.compile(readSchema(SARIF_SCHEMA));
  }
  return sarif;
}

/** Errors of a SARIF 2.1.0 log (parsed), or [] when it is valid. */
export function validateSarif(json: unknown): string[] {
  return schemaErrors(sarifValidator(), json);
}

/** Errors of a licit config (parsed, comments stripped) against schema/config.schema.json, or [] when it is valid. */
export function validateConfig(json: unknown): string[] {
  config ??= newAjv().compile(readSchema(CONFIG_SCHEMA));
  return schemaErrors(config, json);
}

function schemaErrors(validate: ValidateFunction, json: unknown): string[] {
  if (validate(json)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'} ${JSON.stringify(error.params)}`);
}

interface CdxComponent {
  'bom-ref'?: string;
  components?: CdxComponent[];
}

function collectBomRefs(components: CdxComponent[] | undefined, into: string[]): void {
  for (const component of components ?? []) {
    if (component['bom-ref'] !== undefined) into.push(component['bom-ref']);
    collectBomRefs(component.components, into);
  }
}

/** Errors of a CycloneDX 1.6 JSON BOM (parsed), or [] when it is valid. */
export function validateCycloneDx(json: unknown): string[] {
  const errors = schemaErrors(cycloneDxValidator(), json);
  if (errors.length > 0) return errors;
  const bom = json as {
    metadata?: { component?: CdxComponent };
    components?: CdxComponent[];
    dependencies?: { ref: string; dependsOn?: string[] }[];
  };
  const refs: string[] = [];
  collectBomRefs(bom.metadata?.component ? [bom.metadata.component] : [], refs);
  collectBomRefs(bom.components, refs);
  const known = new Set(refs);
  if (known.size !== refs.length) errors.push('bom-refs are not unique');
  for (const dependency of bom.dependencies ?? []) {
    for (const ref of [dependency.ref, ...(dependency.dependsOn ?? [])]) {
      if (!known.has(ref)) errors.push(`dependency ref ${ref} names no component`);
    }
  }
  return errors;
}

const SPDX_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;

function licenseRefsIn(expression: unknown, where: string, errors: string[]): string[] {
  if (typeof expression !== 'string' || expression === 'NOASSERTION' || expression === 'NONE') return [];
  try {
    const found: string[] = [];
    const walk = (node: parseSpdx.Info): void => {
      if ('license' in node) {
        if (node.license.startsWith('LicenseRef-')) found.push(node.license);
      } else {
        walk(node.left);
        walk(node.right);
      }
    };
    walk(parseSpdx(expression));
    return found;
  } catch {
    errors.push(`${where} is not a valid SPDX expression: ${expression}`);
    return [];
  }
}

/** Errors of an SPDX 2.3 JSON document (parsed), or [] when it is valid. */
export function validateSpdx(json: unknown): string[] {
  const errors = schemaErrors(spdxValidator(), json);
  if (errors.length > 0) return errors;
  const document = json as {
    packages?: { SPDXID: string; licenseDeclared?: unknown; licenseConcluded?: unknown }[];
    relationships?: { spdxElementId: string; relatedSpdxElement: string }[];
    hasExtractedLicensingInfos?: { licenseId: string }[];
  };
  const ids = ['SPDXRef-DOCUMENT', ...(document.packages ?? []).map((spdxPackage) => spdxPackage.SPDXID)];
  const known = new Set(ids);
  if (known.size !== ids.length) errors.push('SPDXIDs are not unique');
  for (const id of ids) if (!SPDX_ID.test(id)) errors.push(`SPDXID ${id} has characters SPDX does not allow`);
  for (const relationship of document.relationships ?? []) {
    for (const id of [relationship.spdxElementId, relationship.relatedSpdxElement]) {
      if (!known.has(id)) errors.push(`relationship names unknown element ${id}`);
    }
  }
  const described = new Set((document.hasExtractedLicensingInfos ?? []).map((info) => info.licenseId));
  for (const spdxPackage of document.packages ?? []) {
    for (const field of ['licenseDeclared', 'licenseConcluded'] as const) {
      for (const licenseRef of licenseRefsIn(spdxPackage[field], `${spdxPackage.SPDXID}.${field}`, errors)) {
        if (!described.has(licenseRef)) errors.push(`${licenseRef} (${spdxPackage.SPDXID}) has no hasExtractedLicensingInfos entry`);
      }
    }
  }
  return errors;
}
