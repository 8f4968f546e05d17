import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../src/model/index.js';
import {
  compatibilityVerdict,
  getExceptionRecord,
  getLicenseRecord,
  getVocabulary,
  listExceptionIds,
  listLicenseIds,
  spdxLicenseListVersion,
  type LicenseRecord,
} from '../src/policy/knowledge.js';

const require = createRequire(import.meta.url);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const rulesDir = join(repoRoot, 'rules');
const readRules = (name: string): unknown => JSON.parse(readFileSync(join(rulesDir, name), 'utf8'));

const installedLicenseIds: string[] = [...require('spdx-license-ids/index.json'), ...require('spdx-license-ids/deprecated.json')];
const installedExceptionIds: string[] = [...require('spdx-exceptions/index.json'), ...require('spdx-exceptions/deprecated.json')];
const deprecatedIds = new Set<string>([...require('spdx-license-ids/deprecated.json'), ...require('spdx-exceptions/deprecated.json')]);

const licensesFile = readRules('licenses.json') as { licenses: LicenseRecord[] };
const allRecords = [...licensesFile.licenses, ...(readRules('licit-licenses.json') as { licenses: LicenseRecord[] }).licenses];

describe('rules files match their schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addSchema(readRules('schema/license-record.schema.json') as object);
  const cases: [string, string][] = [
    ['licenses.json', 'licenses.schema.json'],
    ['licit-licenses.json', 'licit-licenses.schema.json'],
    ['vocabulary.json', 'vocabulary.schema.json'],
    ['compatibility.json', 'compatibility.schema.json'],
    ['overrides.json', 'overrides.schema.json'],
    ['license-relations.json', 'license-relations.schema.json'],
    ['commercial-metadata.json', 'commercial-metadata.schema.json'],
  ];
  it.each(cases)('%s validates against schema/%s', (file, schema) => {
    const validate = ajv.compile(readRules(`schema/${schema}`) as object);
    const valid = validate(readRules(file));
    expect(valid, ajv.errorsText(validate.errors)).toBe(true);
  });

  it('a record with an unknown category is rejected', () => {
    const validate = ajv.getSchema('urn:licit:schema:rules:license-record')!;
    const mit = structuredClone(getLicenseRecord('MIT')!);
    expect(validate(mit)).toBe(true);
    expect(validate({ ...mit, category: 'copyleft' })).toBe(false);
  });
});

describe('completeness against the installed SPDX lists', () => {
  it.each(installedLicenseIds)('license %s has a record with category, sources and obligations', (id) => {
    const record = getLicenseRecord(id);
    expect(record, `no record for ${id}: run node scripts/build-rules.js`).toBeDefined();
    expect(record!.id).toBe(id);
    expect(CATEGORIES).toContain(record!.category);
    expect(record!.sources.category).not.toBe('');
    expect(record!.sources.obligations).not.toBe('');
    expect(record!.flags.deprecated).toBe(deprecatedIds.has(id));
    // No obligations only where a source says so: a public-domain dedication, or an OSADL checklist without duties.
    if (record!.obligations.length === 0) {
      expect(record!.flags.publicDomain === true || record!.sources.obligations.startsWith('osadl:')).toBe(true);
    }
  });

  it.each(installedExceptionIds)('exception %s has a record with its effect', (id) => {
    const record = getExceptionRecord(id);
    expect(record, `no record for ${id}: run node scripts/build-rules.js`).toBeDefined();
    expect(record!.exception?.effect).toBeTruthy();
    expect(record!.sources.exception).toBeTruthy();
    expect(record!.flags.deprecated).toBe(deprecatedIds.has(id));
  });

  it('lists every installed id and nothing twice', () => {
    const licenseIds = listLicenseIds();
    expect(new Set(licenseIds).size).toBe(licenseIds.length);
    expect(licenseIds).toEqual(expect.arrayContaining(installedLicenseIds));
    expect(listExceptionIds()).toEqual([...new Set(installedExceptionIds)].sort());
  });

  it('keeps licenses.json sorted by id', () => {
    const ids = licensesFile.licenses.map((record) => record.id);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('records the SPDX License List version stated by spdx-license-list', () => {
    const readme = readFileSync(require.resolve('spdx-license-list/readme.md'), 'utf8');
    expect(readme).toContain(`SPDX License List version ${spdxLicenseListVersion()} (`);
  });

  it('looks ids up case-insensitively, the exact spelling first', () => {
    expect(getLicenseRecord('apache-2.0')?.id).toBe('Apache-2.0');
    expect(getLicenseRecord('Classpath-exception-2.0')).toBeUndefined();
    expect(getExceptionRecord('MIT')).toBeUndefined();
  });
});

describe('vocabulary', () => {
  const vocabulary = getVocabulary();
  const termsOf = (record: LicenseRecord): [string, string][] => [
    ...record.obligations.map((t): [string, string] => [t, 'obligation']),
    ...record.restrictions.map((t): [string, string] => [t, 'restriction']),
    ...(record.grants ?? []).map((t): [string, string] => [t, 'grant']),
    ...(record.exception?.relaxes ?? []).map((t): [string, string] => [t, 'obligation']),
    ...(record.exception?.adds ?? []).map((t): [string, string] => [t, 'obligation']),
  ];

  it('holds every term a record uses, with the kind of list it appears in', () => {
    const misplaced = allRecords.flatMap((record) =>
      termsOf(record).filter(([term, kind]) => vocabulary[term]?.kind !== kind).map(([term, kind]) => `${record.id}: ${term} as ${kind}`),
    );
    expect(misplaced).toEqual([]);
  });

  it('holds every term the overrides use', () => {
    const overrides = readRules('overrides.json') as Record<string, Record<string, Record<string, unknown>>>;
    const used = new Set<string>();
    for (const section of ['licenses', 'exceptions', 'scancodeLicenseRefs', 'categoryDefaults']) {
      for (const entry of Object.values(overrides[section]!)) {
        for (const [key, value] of Object.entries(entry)) {
          if (Array.isArray(value) && key !== 'reason') for (const term of value as string[]) used.add(term);
        }
      }
    }
    expect([...used].filter((term) => !vocabulary[term])).toEqual([]);
  });
});

describe('hand-written facts', () => {
  it('gives licit its own ids', () => {
    expect(getLicenseRecord('LicenseRef-licit-unlicensed')?.category).toBe('proprietary');
    expect(getLicenseRecord('LicenseRef-licit-unknown')?.category).toBe('unknown');
    const seeFile = getLicenseRecord('LicenseRef-licit-see-license-file');
    expect(seeFile?.category).toBe('proprietary');
    expect(seeFile?.flags.needsReview).toBe(true);
  });

  it('names only installed ids in overrides, each with a reason', () => {
    const overrides = readRules('overrides.json') as { licenses: Record<string, { reason: string }>; exceptions: Record<string, { reason: string }> };
    const installed = new Set([...installedLicenseIds, ...installedExceptionIds]);
    for (const [id, entry] of [...Object.entries(overrides.licenses), ...Object.entries(overrides.exceptions)]) {
      expect(installed.has(id), id).toBe(true);
      expect(entry.reason.length, id).toBeGreaterThan(10);
    }
  });

  it('flags network-use licenses and only where the obligation is present', () => {
    for (const record of allRecords) {
      expect(record.flags.network === true, record.id).toBe(record.obligations.includes('network-use-disclosure'));
    }
    for (const id of ['AGPL-3.0-only', 'AGPL-3.0-or-later', 'AGPL-1.0-only', 'SSPL-1.0', 'OSL-3.0']) {
      expect(getLicenseRecord(id)?.flags.network, id).toBe(true);
    }
    expect(getLicenseRecord('GPL-3.0-only')?.flags.network).toBeUndefined();
  });

  it('takes obligations from the OSADL checklist where one exists', () => {
    const apache = getLicenseRecord('Apache-2.0')!;
    expect(apache.sources.obligations).toBe('osadl:Apache-2.0.txt');
    expect(apache.obligations).toEqual(expect.arrayContaining(['include-license-text', 'include-notice-file', 'state-changes']));
    expect(apache.grants).toContain('patent-grant');
    expect(apache.restrictions).toContain('patent-retaliation');
    expect(getLicenseRecord('BSD-4-Clause')?.obligations).toContain('attribution-phrase');
    expect(getLicenseRecord('0BSD')?.obligations).toEqual([]);
  });
});

describe('compatibility (OSADL matrix)', () => {
  const file = readRules('compatibility.json') as { leading: Record<string, Record<string, string[]>> };

  it('lists each leading license as the same as itself', () => {
    for (const [leading, verdicts] of Object.entries(file.leading)) expect(verdicts['Same'], leading).toContain(leading);
  });

  it('answers for a pair from the matrix, and undefined outside it', () => {
    expect(compatibilityVerdict('GPL-2.0-or-later', 'MIT')).toBe('Yes');
    expect(compatibilityVerdict('MIT', 'GPL-2.0-only')).toBe('No');
    expect(compatibilityVerdict('GPL-2.0-only', 'Apache-2.0')).toBe('No');
    expect(compatibilityVerdict('LicenseRef-not-in-matrix', 'MIT')).toBeUndefined();
  });
});

const dataDir = process.env['LICIT_DATA_DIR'] ?? join(repoRoot, '../shared/data');
describe.skipIf(!existsSync(join(dataDir, 'scancode-licensedb-index.json')))('generator', () => {
  it('reproduces the committed rules byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'licit-rules-'));
    try {
      execFileSync(process.execPath, [join(repoRoot, 'scripts/build-rules.js'), '--data', dataDir, '--out', out], { stdio: 'pipe' });
      for (const file of ['licenses.json', 'compatibility.json']) {
        expect(readFileSync(join(out, file), 'utf8') === readFileSync(join(rulesDir, file), 'utf8'), `${file} is stale: run node scripts/build-rules.js`).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('license relations and commercial spellings', () => {
  const relations = readRules('license-relations.json') as { groups: { kind: string; licenses: string[] }[] };

  it.each(relations.groups.map((group) => [group.licenses.join(' ~ '), group] as const))('%s: every id has a record, all of one category', (_name, group) => {
    const categories = group.licenses.map((id) => getLicenseRecord(id)?.category);
    expect(categories.every((category) => category !== undefined)).toBe(true);
    expect(new Set(categories).size).toBe(1);
  });

  it('every pattern compiles, and minted families point at records', () => {
    const commercial = readRules('commercial-metadata.json') as { commercial: { pattern: string }[]; openLicenseUrls: { pattern: string }[] };
    for (const { pattern } of [...commercial.commercial, ...commercial.openLicenseUrls]) expect(() => new RegExp(pattern, 'i')).not.toThrow();
    expect(getLicenseRecord('LicenseRef-licit-proprietary-some-vendor-package')?.category).toBe('proprietary');
    expect(getLicenseRecord('LicenseRef-licit-unrecognised-0a1b2c3d')?.category).toBe('unknown');
  });
});
