#!/usr/bin/env node
// npm run bench:identify -- [--json FILE] [--no-licensecheck] [--misses]: licit identify (the built CLI)
// and Debian's licensecheck on the evaluation set in fixtures/identify/ (cases.json): exact-match rate
// overall and by family, and how often a copyleft file is reported as permissive only. See
// fixtures/identify/README.md for the set and bench/README.md for the figures.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const setDir = join(repo, 'fixtures', 'identify');
const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    'no-licensecheck': { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    licit: { type: 'string' },
  },
});

const { cases } = JSON.parse(readFileSync(join(setDir, 'cases.json'), 'utf8'));
const categories = new Map(JSON.parse(readFileSync(join(repo, 'rules', 'licenses.json'), 'utf8')).licenses.map((entry) => [entry.id, entry.category]));
const paths = cases.map((entry) => join(setDir, entry.file));

const licitAnswers = runLicit(values.licit ?? join(repo, 'bin', 'licit.js'));
const licensecheckAnswers = values['no-licensecheck'] ? null : runLicensecheck();

const rows = cases.map((entry, at) => ({
  ...entry,
  family: familyOf(entry.expected),
  licit: licitAnswers[at],
  licensecheck: licensecheckAnswers?.[at],
}));
const tools = licensecheckAnswers ? ['licit', 'licensecheck'] : ['licit'];
const report = { cases: rows.length, tools: {} };
for (const tool of tools) {
  const exact = (row) => canonical(row[tool]) === canonical(row.expected);
  const byFamily = {};
  for (const row of rows) {
    const family = (byFamily[row.family] ??= { cases: 0, exact: 0 });
    family.cases++;
    if (exact(row)) family.exact++;
  }
  const byKind = {};
  for (const row of rows) {
    const kind = (byKind[row.kind] ??= { cases: 0, exact: 0 });
    kind.cases++;
    if (exact(row)) kind.exact++;
  }
  const spdxOnly = rows.filter((row) => !row.expected.includes('LicenseRef-'));
  const copyleft = rows.filter((row) => isCopyleft(row.expected));
  report.tools[tool] = {
    exact: rows.filter(exact).length,
    spdxOnlyCases: spdxOnly.length,
    spdxOnlyExact: spdxOnly.filter(exact).length,
    noAnswer: rows.filter((row) => row[tool] === null).length,
    copyleftCases: copyleft.length,
    copyleftAsPermissiveOnly: copyleft.filter((row) => isPermissiveOnly(row[tool])).length,
    byFamily,
    byKind,
  };
}

const percent = (part, whole) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const lines = [`${rows.length} cases (fixtures/identify/cases.json)`, ''];
lines.push(['', ...tools].join('\t'));
const stat = (label, pick) => lines.push([label, ...tools.map((tool) => pick(report.tools[tool]))].join('\t'));
stat('exact', (t) => `${t.exact} (${percent(t.exact, rows.length)})`);
stat('exact, SPDX-only', (t) => `${t.spdxOnlyExact}/${t.spdxOnlyCases} (${percent(t.spdxOnlyExact, t.spdxOnlyCases)})`);
stat('no answer', (t) => String(t.noAnswer));
stat('copyleft as permissive only', (t) => `${t.copyleftAsPermissiveOnly}/${t.copyleftCases} (${percent(t.copyleftAsPermissiveOnly, t.copyleftCases)})`);
lines.push('', ['family', 'cases', ...tools].join('\t'));
for (const family of Object.keys(report.tools.licit.byFamily).sort()) {
  const count = report.tools.licit.byFamily[family].cases;
  lines.push([family, count, ...tools.map((tool) => percent(report.tools[tool].byFamily[family].exact, count))].join('\t'));
}
lines.push('', ['kind', 'cases', ...tools].join('\t'));
for (const kind of Object.keys(report.tools.licit.byKind).sort()) {
  const count = report.tools.licit.byKind[kind].cases;
  lines.push([kind, count, ...tools.map((tool) => percent(report.tools[tool].byKind[kind].exact, count))].join('\t'));
}
if (values.misses) {
  lines.push('', 'licit misses:');
  for (const row of rows) if (canonical(row.licit) !== canonical(row.expected)) lines.push(`${row.file}\texpected ${row.expected}\tgot ${row.licit}`);
}
process.stdout.write(`${lines.join('\n')}\n`);
if (values.json) writeFileSync(values.json, `${JSON.stringify({ ...report, rows }, null, 2)}\n`);

function runLicit(bin) {
  const result = spawnSync(process.execPath, [bin, 'identify', '--format', 'json', ...paths], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`licit identify failed: ${result.stderr}`);
  return JSON.parse(result.stdout).map((entry) => entry.expression);
}

function runLicensecheck() {
  const found = spawnSync('licensecheck', ['--version'], { encoding: 'utf8' });
  if (found.error) {
    process.stderr.write('note: licensecheck is not installed (apt-get install licensecheck): licit only\n');
    return null;
  }
  const result = spawnSync('licensecheck', ['--shortname-scheme=spdx', '--machine', '--lines', '0', '--check', '.', '--', ...paths], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const answers = new Map();
  for (const line of result.stdout.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0) answers.set(line.slice(0, tab), fromLicensecheck(line.slice(tab + 1)));
  }
  return paths.map((path) => answers.get(path) ?? null);
}

/** licensecheck's SPDX-scheme output as an SPDX expression ("A and/or B" is its word for a choice). */
function fromLicensecheck(answer) {
  if (/^UNKNOWN$/.test(answer.trim())) return null;
  return answer
    .replace(/ with (\S+) exception/g, ' WITH $1')
    .replace(/ and\/or /g, ' OR ')
    .replace(/ or /g, ' OR ')
    .replace(/ and /g, ' AND ')
    .trim();
}

/** Order-free form of an expression: operands of AND/OR sorted, GNU "+" and deprecated bare ids spelled as today. */
function canonical(expression) {
  if (expression === null || expression === undefined) return null;
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const parseOr = () => {
    const operands = [parseAnd()];
    while (tokens[at]?.toUpperCase() === 'OR') {
      at++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0] : `(${[...new Set(operands)].sort().join(' OR ')})`;
  };
  const parseAnd = () => {
    const operands = [parseWith()];
    while (tokens[at]?.toUpperCase() === 'AND') {
      at++;
      operands.push(parseWith());
    }
    return operands.length === 1 ? operands[0] : `(${[...new Set(operands)].sort().join(' AND ')})`;
  };
  const parseWith = () => {
    let left;
    if (tokens[at] === '(') {
      at++;
      left = parseOr();
      at++;
    } else {
      left = spelled(tokens[at++] ?? '');
    }
    if (tokens[at]?.toUpperCase() === 'WITH') {
      at++;
      left = `${left} WITH ${tokens[at++]}`;
    }
    return left;
  };
  return parseOr().replace(/^\((.*)\)$/, '$1');
}

function spelled(id) {
  const gnu = /^(A?GPL|LGPL|GFDL)-(\d\.\d)(\+)?$/.exec(id);
  if (gnu) return `${gnu[1]}-${gnu[2]}-${gnu[3] ? 'or-later' : 'only'}`;
  return id;
}

function idsOf(expression) {
  return (expression ?? '').split(/\s+|[()]/).filter((token) => token && !/^(AND|OR|WITH)$/i.test(token));
}

function familyOf(expression) {
  const first = idsOf(expression)[0] ?? '';
  const match = /^(AGPL|LGPL|GPL|MPL|Apache|BSD|MIT|ISC|EPL|CDDL|Artistic|Zlib|CC|GFDL|AFL)/.exec(first);
  return match ? match[1] : 'other';
}

function isCopyleft(expression) {
  return idsOf(expression).some((id) => /copyleft/.test(categories.get(spelled(id)) ?? ''));
}

function isPermissiveOnly(expression) {
  const ids = idsOf(expression);
  return ids.length > 0 && expression.split(/\s+WITH\s+/).length === 1 && ids.every((id) => categories.get(spelled(id)) === 'permissive');
}
