#!/usr/bin/env node
// Builds rules/licenses.json and rules/compatibility.json from public license data:
// the SPDX ids installed in node_modules, the ScanCode LicenseDB index and OSADL's checklists and
// compatibility matrix (in ../shared/data, see its README), plus the hand-written rules/overrides.json.
//
//   node scripts/build-rules.js [--data <dir>] [--out <dir>]
//
// Output is deterministic (sorted, no timestamps), so a re-run without input changes gives no diff.

import { readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scancodeTexts } from './scancode-texts.js';

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: process.env.LICIT_DATA_DIR ?? resolve(repoRoot, '../shared/data') },
    out: { type: 'string', default: join(repoRoot, 'rules') },
  },
});
const dataDir = resolve(args.data);
const outDir = resolve(args.out);

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const byString = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const sortedUnique = (items) => [...new Set(items)].sort(byString);

// ---------------------------------------------------------------------------------------------
// Inputs

const spdxLicenseIds = require('spdx-license-ids/index.json');
const spdxDeprecatedIds = require('spdx-license-ids/deprecated.json');
const spdxExceptionIds = require('spdx-exceptions/index.json');
const spdxDeprecatedExceptionIds = require('spdx-exceptions/deprecated.json');
const spdxLicenseList = require('spdx-license-list/spdx.json');

const packageVersion = (name) => require(`${name}/package.json`).version;
const spdxListReadme = readFileSync(require.resolve('spdx-license-list/readme.md'), 'utf8');
const listVersionMatch = /SPDX License List version (\d+\.\d+(?:\.\d+)?) \((\d{4}-\d{2}-\d{2})\)/.exec(spdxListReadme);
if (!listVersionMatch) throw new Error('spdx-license-list/readme.md does not state the SPDX License List version');
const [, spdxLicenseListVersion, spdxLicenseListDate] = listVersionMatch;

const scancodeIndex = readJson(join(dataDir, 'scancode-licensedb-index.json'));
const osadlMatrix = readJson(join(dataDir, 'osadl-compatibility-matrix.json'));
const checklistDir = join(dataDir, 'osadl-checklists');
const checklistFiles = new Set(readdirSync(checklistDir).filter((f) => f.endsWith('.txt')));
const dataReadme = readFileSync(join(dataDir, 'README.md'), 'utf8');

const overrides = readJson(join(repoRoot, 'rules/overrides.json'));
const vocabulary = readJson(join(repoRoot, 'rules/vocabulary.json')).terms;

/** The upstream commit a data file was taken from, as the data README records it. */
function commitOf(fileName) {
  const row = dataReadme.split('\n').find((line) => line.startsWith(`| \`${fileName}`));
  const commit = row && /commit ([0-9a-f]{40})/.exec(row);
  if (commit) return commit[1];
  if (row && /same commit/.test(row)) return commitOf('osadl-compatibility-matrix.json');
  throw new Error(`data README names no commit for ${fileName}`);
}

// ---------------------------------------------------------------------------------------------
// ScanCode: SPDX id -> entry (the entry whose primary SPDX key it is wins over "other" keys)

const scancodeBySpdx = new Map();
for (const primaryPass of [true, false]) {
  for (const entry of scancodeIndex) {
    const keys = primaryPass ? [entry.spdx_license_key] : entry.other_spdx_license_keys;
    for (const key of keys) if (key && !scancodeBySpdx.has(key)) scancodeBySpdx.set(key, entry);
  }
}
const scancodeByKey = new Map(scancodeIndex.map((entry) => [entry.license_key, entry]));

// ---------------------------------------------------------------------------------------------
// OSADL checklists -> vocabulary terms

const MUST_NOT_RULES = [
  [/^promote|^prepend|^use ".*"|product name|font name|reserved font name/i, 'no-trademark-use'],
  [/^(modify|remove|delete) copyright notice/i, 'include-copyright'],
];
const PATENT_GRANT = /\bgrants?\b[^|]{0,200}(patent|licen[cs]e)|(royalty|charge)[- ]free[^|]{0,40}patent licen|licenses you to/i;
const PATENT_RETALIATION = /(institut|initiat|commenc|bring|assert|file)\w*[^|]{0,100}(patent|litigation|lawsuit|action)|patent[^|]{0,150}terminat|terminat[^|]{0,150}patent/i;
const MUST_RULES = [
  [/^delete|^indemnify|warranty disclaimer|liability disclaimer|^fulfill/i, null],
  [/^credit/i, 'attribution-phrase'],
  [/linkable work|relinking|of linked work/i, 'same-license-library'],
  [/copyright notice/i, 'include-copyright'],
  [/license text|license notice|^notify license|^provide license announcement/i, 'include-license-text'],
  [/file "notice"|^include notice|attribution notice|legal notices|trademark notice|patent notice|file "legal"/i, 'include-notice-file'],
  [/modification (notice|date|report|reason|author)|^mark modif|^rename/i, 'state-changes'],
  [/source code|written offer|installation information|^publish modification|retrieval information/i, 'disclose-source'],
  [/^grant license|^use (original license|compatible license|strong copyleft|identical license|equivalent license|license for|gpl-)/i, 'COPYLEFT'],
];

/** Vocabulary terms a checklist's YOU MUST / YOU MUST NOT lines and PATENT HINTS imply. */
function readChecklist(fileName) {
  const terms = new Set();
  const grants = new Set();
  const restrictions = new Set();
  let useCase = '';
  let mentionsLibrary = false;
  for (const line of readFileSync(join(checklistDir, fileName), 'utf8').split('\n')) {
    if (line.startsWith('USE CASE ')) useCase = line.split('|')[0];
    if (line.startsWith('PATENT HINTS Yes')) {
      // The hint quotes the patent clauses; which of them grant and which retaliate is read from the wording.
      const clauses = line.split('|').slice(1);
      if (clauses.some((clause) => PATENT_GRANT.test(clause))) grants.add('patent-grant');
      if (clauses.some((clause) => PATENT_RETALIATION.test(clause))) restrictions.add('patent-retaliation');
    }
    const must = /^\s*YOU MUST( NOT)? ([^|]*)/.exec(line);
    if (!must) continue;
    const action = must[2].trim();
    if (/librar/i.test(action)) mentionsLibrary = true;
    const rules = must[1] ? MUST_NOT_RULES : MUST_RULES;
    const term = rules.find(([pattern]) => pattern.test(action))?.[1];
    if (!term) continue;
    terms.add(term);
    if (term === 'disclose-source' && /network/i.test(useCase)) terms.add('network-use-disclosure');
  }
  return { terms, grants, restrictions, mentionsLibrary };
}

// ---------------------------------------------------------------------------------------------
// Records

const deprecatedLicenses = new Set(spdxDeprecatedIds);
const deprecatedExceptions = new Set(spdxDeprecatedExceptionIds);
const { scancodeCategoryMap, categoryDefaults } = overrides;

function mappedCategory(scancodeEntry) {
  if (!scancodeEntry) return undefined;
  const mapping = scancodeCategoryMap[scancodeEntry.category];
  if (!mapping) throw new Error(`no mapping for ScanCode category ${scancodeEntry.category}`);
  return mapping;
}

/** Restrictions that the id itself announces (Creative Commons NC/ND, non-commercial licenses). */
function restrictionsFromId(id) {
  const found = [];
  if (/(^|-)NC(-|$)|noncommercial|^NCGL/i.test(id)) found.push('non-commercial');
  if (/(^|-)ND(-|$)/.test(id)) found.push('no-derivatives');
  return found;
}

function copyleftTerm(category, id, mentionsLibrary) {
  if (category === 'strong-copyleft') return 'same-license-work';
  if (category === 'weak-copyleft') return /LGPL/.test(id) || mentionsLibrary ? 'same-license-library' : 'same-license-file';
  return undefined;
}

/** The source-disclosure and same-license terms every copyleft record carries. */
function reciprocalCore(defaults, category, id, mentionsLibrary) {
  if (!defaults.reciprocal) return [];
  const copyleft = copyleftTerm(category, id, mentionsLibrary);
  return copyleft ? ['disclose-source', copyleft] : ['disclose-source'];
}

function buildLicense(id, scancodeEntry, extra) {
  const override = { ...extra, ...overrides.licenses[id] };
  delete override.name;
  delete override.reason;
  const reason = overrides.licenses[id]?.reason ?? extra?.reason;
  const mapping = mappedCategory(scancodeEntry);
  const category = override.category ?? mapping?.category ?? 'unknown';
  const categorySource = override.category
    ? 'licit:override'
    : scancodeEntry ? `scancode:${scancodeEntry.license_key}` : 'licit:no-source';
  const publicDomain = override.publicDomain ?? mapping?.publicDomain ?? false;

  const obligations = new Set();
  const restrictions = new Set(restrictionsFromId(id));
  const grants = new Set();
  let obligationSource;
  // A deprecated bare id (GPL-2.0, LGPL-2.1, …) meant "only" that version: its -only checklist applies.
  const checklistFile = [`${id}.txt`, deprecatedLicenses.has(id) ? `${id}-only.txt` : ''].find((f) => checklistFiles.has(f));
  const defaults = categoryDefaults[category];
  if (checklistFile) {
    const checklist = readChecklist(checklistFile);
    for (const term of checklist.terms) {
      if (term === 'COPYLEFT') {
        const copyleft = copyleftTerm(category, id, checklist.mentionsLibrary);
        if (copyleft) obligations.add(copyleft);
      } else obligations.add(term);
    }
    for (const grant of checklist.grants) grants.add(grant);
    for (const restriction of checklist.restrictions) restrictions.add(restriction);
    obligationSource = `osadl:${checklistFile}`;
    // A copyleft checklist that yields no reciprocity term still carries the category's core.
    const missingCore = reciprocalCore(defaults, category, id, checklist.mentionsLibrary).filter((t) => !obligations.has(t));
    if (missingCore.length > 0) {
      for (const term of missingCore) obligations.add(term);
      obligationSource += '+licit:category-default';
    }
  } else {
    const base = publicDomain ? defaults.publicDomainObligations ?? [] : defaults.obligations;
    for (const term of base) obligations.add(term);
    for (const term of reciprocalCore(defaults, category, id, false)) obligations.add(term);
    for (const term of defaults.restrictions ?? []) restrictions.add(term);
    obligationSource = 'licit:category-default';
  }
  for (const term of override.addObligations ?? []) obligations.add(term);
  for (const term of override.removeObligations ?? []) obligations.delete(term);
  for (const term of override.addRestrictions ?? []) restrictions.add(term);
  for (const term of override.removeRestrictions ?? []) restrictions.delete(term);
  for (const term of override.grants ?? []) grants.add(term);
  if (override.addObligations || override.removeObligations || override.addRestrictions || override.removeRestrictions) {
    obligationSource += '+licit:override';
  }
  // Use-limited categories always name at least one limit (the category's typical one if nothing more precise is known).
  const useLimits = [...restrictions].filter((term) => term !== 'patent-retaliation');
  if (useLimits.length === 0) for (const term of defaults.restrictionsIfNone ?? []) restrictions.add(term);

  const osi = spdxLicenseList[id]?.osiApproved === true;
  const flags = { osi, deprecated: deprecatedLicenses.has(id) };
  if (publicDomain) flags.publicDomain = true;
  if (obligations.has('network-use-disclosure')) flags.network = true;

  const record = {
    id,
    name: overrides.licenses[id]?.name ?? extra?.name ?? spdxLicenseList[id]?.name ?? id,
    kind: 'license',
    category,
    obligations: sortedUnique(obligations),
    restrictions: sortedUnique(restrictions),
  };
  if (grants.size > 0) record.grants = sortedUnique(grants);
  record.flags = flags;
  record.sources = { category: categorySource, obligations: obligationSource };
  if (record.name === id) record.sources.name = 'spdx-id';
  if (extra) record.sources.id = `scancode:${scancodeEntry.license_key}`;
  if (reason) record.note = reason;
  return record;
}

function buildException(id) {
  const scancodeEntry = scancodeBySpdx.get(id);
  const override = overrides.exceptions[id];
  const mapping = mappedCategory(scancodeEntry);
  const category = override?.category ?? mapping?.category ?? 'unknown';
  const exception = override
    ? { effect: override.effect, relaxes: sortedUnique(override.relaxes), adds: sortedUnique(override.adds ?? []) }
    : { effect: 'additional-permission', relaxes: [], adds: [] };
  if (override?.lowersTo) exception.lowersTo = override.lowersTo;
  const record = {
    id,
    name: override?.name ?? id,
    kind: 'exception',
    category,
    obligations: [],
    restrictions: [],
    flags: { osi: false, deprecated: deprecatedExceptions.has(id) },
    exception,
    sources: {
      category: override?.category ? 'licit:override' : scancodeEntry ? `scancode:${scancodeEntry.license_key}` : 'licit:no-source',
      obligations: 'licit:exception',
      exception: override ? 'licit:override' : 'licit:unreviewed-default',
    },
  };
  if (!override?.name) record.sources.name = 'spdx-id';
  if (override?.reason) record.note = override.reason;
  return record;
}

const records = [];
for (const id of sortedUnique([...spdxLicenseIds, ...spdxDeprecatedIds])) {
  records.push(buildLicense(id, scancodeBySpdx.get(id)));
}
for (const id of sortedUnique([...spdxExceptionIds, ...spdxDeprecatedExceptionIds])) {
  records.push(buildException(id));
}
for (const [key, extra] of Object.entries(overrides.scancodeLicenseRefs)) {
  const entry = scancodeByKey.get(key);
  if (!entry?.spdx_license_key) throw new Error(`ScanCode has no LicenseRef for ${key}`);
  records.push(buildLicense(entry.spdx_license_key, entry, extra));
}
// Every ScanCode text the license-text index holds (scripts/scancode-texts.js) can be reported: each
// gets a record, named as ScanCode names it, its category mapped like any other.
const modelKeys = new Set(Object.values(readJson(join(repoRoot, 'rules/text-index/sources.json')).modelLicenses));
for (const { key, id, name } of scancodeTexts(dataDir, modelKeys)) {
  if (overrides.scancodeLicenseRefs[key]) continue;
  const entry = scancodeByKey.get(key);
  if (!entry || entry.spdx_license_key !== id) throw new Error(`scancode-licenses/${key}.LICENSE is not in the ScanCode LicenseDB index as ${id}`);
  records.push(buildLicense(id, entry, { name, reason: undefined }));
}
records.sort((a, b) => byString(a.id, b.id));

// Every term must be in the vocabulary and every override must name a real id.
for (const record of records) {
  for (const term of [...record.obligations, ...record.restrictions, ...(record.grants ?? []), ...(record.exception?.relaxes ?? []), ...(record.exception?.adds ?? [])]) {
    if (!vocabulary[term]) throw new Error(`${record.id}: term ${term} is not in rules/vocabulary.json`);
  }
}
const knownIds = new Set(records.map((r) => r.id));
for (const id of [...Object.keys(overrides.licenses), ...Object.keys(overrides.exceptions)]) {
  if (!knownIds.has(id)) throw new Error(`rules/overrides.json names ${id}, which is not an installed SPDX id`);
}

// ---------------------------------------------------------------------------------------------
// Output

const inputs = {
  'spdx-license-list': packageVersion('spdx-license-list'),
  'spdx-license-ids': packageVersion('spdx-license-ids'),
  'spdx-exceptions': packageVersion('spdx-exceptions'),
  scancodeLicenseDb: `aboutcode-org/scancode-licensedb docs/index.json @ ${commitOf('scancode-licensedb-index.json')}`,
  osadlChecklists: `osadl/OSLOC licenses/ @ ${commitOf('osadl-checklists/')}`,
};

const licensesFile = {
  $schema: './schema/licenses.schema.json',
  description: 'One record per SPDX license and exception id (deprecated ones flagged) and per ScanCode LicenseRef licit keeps. Generated by scripts/build-rules.js from the inputs below and rules/overrides.json: do not edit by hand. See rules/SOURCES.md.',
  spdxLicenseListVersion,
  spdxLicenseListDate,
  inputs,
  licenses: records,
};

const verdicts = ['Same', 'Yes', 'No', 'Check dependency', 'Unknown'];
const leading = {};
for (const license of [...osadlMatrix.licenses].sort((a, b) => byString(a.name, b.name))) {
  const byVerdict = {};
  for (const verdict of verdicts) {
    const ids = license.compatibilities.filter((c) => c.compatibility === verdict).map((c) => c.name);
    if (ids.length > 0) byVerdict[verdict] = sortedUnique(ids);
  }
  const unexpected = license.compatibilities.find((c) => !verdicts.includes(c.compatibility));
  if (unexpected) throw new Error(`OSADL matrix: unexpected verdict ${unexpected.compatibility}`);
  leading[license.name] = byVerdict;
}
const compatibilityFile = {
  $schema: './schema/compatibility.schema.json',
  description: 'OSADL license compatibility matrix, compacted: for each leading license (the license of the whole work), the subordinate licenses per verdict. The question OSADL answers is whether the subordinate component can be relicensed into a work under the leading license. Generated by scripts/build-rules.js: do not edit by hand.',
  note: 'Weak copyleft (e.g. LGPL, MPL) under a permissive leading license reads "No" here because it cannot be relicensed, yet using it (e.g. linking a library unchanged) is allowed with its obligations: treat that "No" as "allowed with obligations", not as a conflict.',
  source: `OSADL eG, osadl/OSLOC compatibility-matrix/matrixseqexpl.json @ ${commitOf('osadl-compatibility-matrix.json')} (CC0-1.0)`,
  matrixTimestamp: osadlMatrix.timestamp,
  verdicts,
  leading,
};

function writeJsonAtomically(path, value) {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temp, path);
}

if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
writeJsonAtomically(join(outDir, 'licenses.json'), licensesFile);
writeJsonAtomically(join(outDir, 'compatibility.json'), compatibilityFile);

const count = (kind) => records.filter((r) => r.kind === kind).length;
const byCategory = {};
for (const record of records) if (record.kind === 'license') byCategory[record.category] = (byCategory[record.category] ?? 0) + 1;
console.log(`rules: ${count('license')} licenses, ${count('exception')} exceptions (SPDX License List ${spdxLicenseListVersion}), ${Object.keys(leading).length} OSADL leading licenses -> ${outDir}`);
console.log(`categories: ${JSON.stringify(byCategory)}`);
