import { ownValue } from '../model/index.js';
import { createRequire } from 'node:module';
import { formatExpression, joinExpressions, mapLeaves, parseExpression } from '../model/spdx-expression.js';
import { readTerms } from './commercial.js';
import { isUnlicensedValue, LICIT_REFS, mintLicenseRef } from './license-ref.js';
import { readRules, type MetadataCorrectionsFile } from '../knowledge/index.js';

/** What a package.json's license fields say, normalised; problems are codes with arguments. */
export interface DeclaredLicense {
  /** The raw value as a string (JSON text for objects and arrays), or null when absent. */
  declared: string | null;
  /** The SPDX expression it normalises to (LicenseRef-… allowed), or null. */
  expression: string | null;
  /** The file named by `SEE LICENSE IN <file>`, to be resolved by the caller inside the package. */
  seeLicenseIn: string | null;
  problems: MetadataProblem[];
}

export interface MetadataProblem {
  code: 'corrected' | 'legacy-shape' | 'deprecated-id' | 'not-spdx' | 'empty' | 'invalid-type';
  /** For `corrected`: `certainty` is `exact` (one reading), `ambiguous` (a family; `family` is its id pattern) or `guess`. */
  args: Record<string, string>;
}

type CorrectionTable = MetadataCorrectionsFile;


type Correct = typeof import('spdx-correct');
let correct: Correct | undefined;
/** spdx-correct loads only when a value needs guessing (it parses the SPDX lists on load). */
function spdxCorrect(): Correct {
  correct ??= createRequire(import.meta.url)('spdx-correct') as Correct;
  return correct;
}

let table: CorrectionTable | undefined;
let fuzzyPatterns: RegExp[] | undefined;
function corrections(): CorrectionTable {
  if (!table) {
    const read = readRules('metadata-corrections.json');
    // Looked up by a package's own license text: no key may reach Object.prototype ("__proto__", "constructor").
    table = { ...read, deprecated: nullPrototype(read.deprecated), corrections: nullPrototype(read.corrections) };
  }
  return table;
}

const SEE_LICENSE_IN = /^SEE LICEN[CS]E IN\s+(.+)$/i;

/** Normalises the `license` / `licenses` fields of a package.json (or lockfile entry). */
export function normaliseDeclaredLicense(manifest: { license?: unknown; licenses?: unknown }): DeclaredLicense {
  const { license, licenses } = manifest;
  if (license !== undefined && license !== null) return normaliseValue(license, 'license');
  if (licenses !== undefined && licenses !== null) return normaliseValue(licenses, 'licenses');
  return { declared: null, expression: null, seeLicenseIn: null, problems: [] };
}

/** Deeper than any legacy shape (an array of `{ type, url }` objects): such a value is not read, nor written back as JSON. */
const MAX_LICENSE_NESTING = 8;

function normaliseValue(value: unknown, field: 'license' | 'licenses'): DeclaredLicense {
  if (typeof value === 'string') {
    const result = normaliseString(value);
    if (field === 'licenses') result.problems.unshift({ code: 'legacy-shape', args: { shape: 'licenses-string' } });
    return result;
  }
  if (nestedDeeperThan(value, MAX_LICENSE_NESTING)) {
    const type = Array.isArray(value) ? 'array' : typeof value;
    return { declared: `(${type} nested deeper than ${MAX_LICENSE_NESTING} levels)`, expression: null, seeLicenseIn: null, problems: [{ code: 'invalid-type', args: { type: `deeply nested ${type}` } }] };
  }
  const declared = JSON.stringify(value);
  if (Array.isArray(value)) {
    const parts = value.map((entry) => normaliseValue(entry, 'license'));
    const expressions = parts.map((part) => part.expression);
    const complete = expressions.every((expression): expression is string => expression !== null);
    return {
      declared,
      // A legacy list offered the licenses as alternatives (the npm docs' dual-licensing form).
      expression: complete ? joinExpressions(expressions, 'OR') : null,
      seeLicenseIn: parts.find((part) => part.seeLicenseIn)?.seeLicenseIn ?? null,
      problems: [
        { code: 'legacy-shape', args: { shape: `${field}-array` } },
        ...parts.flatMap((part) => part.problems.filter((problem) => problem.code !== 'legacy-shape')),
      ],
    };
  }
  if (typeof value === 'object' && value !== null && 'type' in value && typeof value.type === 'string') {
    const inner = normaliseString(value.type);
    return {
      ...inner,
      declared,
      problems: [{ code: 'legacy-shape', args: { shape: `${field}-object` } }, ...inner.problems],
    };
  }
  return {
    declared,
    expression: null,
    seeLicenseIn: null,
    problems: [{ code: 'invalid-type', args: { type: Array.isArray(value) ? 'array' : typeof value } }],
  };
}

// A tree repeats a few dozen license strings a thousand times: normalise each once.
const normalised = new Map<string, DeclaredLicense>();

function normaliseString(raw: string): DeclaredLicense {
  let known = normalised.get(raw);
  if (!known) {
    known = normaliseNewString(raw);
    normalised.set(raw, known);
  }
  return { ...known, problems: known.problems.map((problem) => ({ ...problem })) };
}

function normaliseNewString(raw: string): DeclaredLicense {
  const value = raw.trim();
  const base: DeclaredLicense = { declared: raw, expression: null, seeLicenseIn: null, problems: [] };
  if (value === '') return { ...base, problems: [{ code: 'empty', args: {} }] };
  if (isUnlicensedValue(value)) return { ...base, expression: LICIT_REFS.unlicensed };
  const seeLicense = SEE_LICENSE_IN.exec(value);
  // "SEE LICENSE IN https://…" names no file: the URL is read as a license value of its own.
  if (seeLicense && !/^https?:\/\//i.test(seeLicense[1]!.trim())) return { ...base, seeLicenseIn: seeLicense[1]!.trim() };

  const parsed = parseExpression(value);
  if (parsed) {
    const { deprecated } = corrections();
    let replaced = false;
    const upgraded = mapLeaves(parsed, (leaf) => {
      const key = `${leaf.license}${leaf.plus ? '+' : ''}`;
      const current = ownValue(deprecated, key) ?? ownValue(deprecated, leaf.license);
      if (!current) return leaf;
      replaced = true;
      return { license: current, ...(leaf.exception ? { exception: leaf.exception } : {}) };
    });
    if (!replaced) return { ...base, expression: value };
    const expression = formatExpression(upgraded);
    return { ...base, expression, problems: [{ code: 'deprecated-id', args: { from: value, to: expression } }] };
  }

  const terms = readTerms(value);
  // Commercial terms are a reading, not an error: the conclusion names them and the policy judges them.
  if (terms?.kind === 'commercial') return { ...base, expression: LICIT_REFS.proprietary };
  const fromUrl = terms?.kind === 'open-license-url' ? canonicalId(terms.id) : null;
  if (fromUrl) return { ...base, expression: fromUrl, problems: [{ code: 'corrected', args: { from: value, to: fromUrl, certainty: 'exact' } }] };

  const corrected = correctSpelling(value);
  if (corrected) return { ...base, expression: corrected.expression, problems: [{ code: 'corrected', args: { from: value, to: corrected.expression, ...corrected.certainty } }] };

  const minted = mintLicenseRef(value);
  return { ...base, expression: minted, problems: [{ code: 'not-spdx', args: { value, ref: minted } }] };
}

interface Correction {
  expression: string;
  certainty: { certainty: 'exact' } | { certainty: 'ambiguous'; family: string } | { certainty: 'guess' };
}

function correctSpelling(value: string): Correction | null {
  const key = value.toLowerCase().replace(/\s+/g, ' ').replace(/^\(|\)$/g, '');
  const { corrections: table, ambiguous, fuzzyGuard } = corrections();
  const fromTable = ownValue(table, key);
  if (fromTable) {
    const family = ownValue(ambiguous, key);
    return { expression: fromTable, certainty: family ? { certainty: 'ambiguous', family } : { certainty: 'exact' } };
  }
  fuzzyPatterns ??= fuzzyGuard.patterns.map((pattern) => new RegExp(pattern, 'i'));
  if (value.length > fuzzyGuard.maxLength || fuzzyPatterns.some((pattern) => pattern.test(value))) return null;
  const fromLibrary = spdxCorrect()(value, { upgrade: true });
  if (fromLibrary && parseExpression(fromLibrary)) return { expression: fromLibrary, certainty: { certainty: 'guess' } };
  return null;
}

/** The SPDX id an open license's URL names, in its canonical spelling (`mit` -> `MIT`), or null. */
function canonicalId(id: string): string | null {
  if (parseExpression(id) && !/\s/.test(id)) return id;
  const fromLibrary = spdxCorrect()(id, { upgrade: true });
  return fromLibrary && parseExpression(fromLibrary) ? fromLibrary : null;
}

function nullPrototype<T>(record: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, record);
}

/** Whether a JSON value nests objects or arrays deeper than `limit` (walked without recursion: the value may nest 50,000 deep). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth += 1) {
    if (depth > limit) return true;
    level = level.flatMap((item) => (typeof item === 'object' && item !== null ? Object.values(item) : []));
  }
  return false;
}
