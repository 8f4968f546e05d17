#!/usr/bin/env node
// Lists, for a `licit scan --format json` report, every package concluded permissive whose license files
// hold a part that is not permissive: a copyleft, source-available, proprietary or model license, or text
// licit did not recognise (issue 12's "Done when": no false pass). Bundled third-party notices count too;
// the role of each part is printed so a reviewer can tell a package's own terms from what it bundles.
//
//   node scripts/audit-permissive.js <report.json>... [--json]
//
// Exit 0 when nothing is found, 1 when some package is listed, 2 on bad input.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import parse from 'spdx-expression-parse';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Category order of DESIGN.md: for AND the most restrictive wins. */
const ORDER = ['permissive', 'weak-copyleft', 'strong-copyleft', 'model', 'source-available', 'proprietary', 'unknown'];

/** (id) -> category, from rules/licenses.json and rules/licit-licenses.json (with its id families). */
export function loadCategories(root = repoRoot) {
  const records = new Map();
  for (const file of ['rules/licenses.json', 'rules/licit-licenses.json']) {
    for (const record of JSON.parse(readFileSync(join(root, file), 'utf8')).licenses) records.set(record.id, record.category);
  }
  const families = Object.entries(JSON.parse(readFileSync(join(root, 'rules/licit-licenses.json'), 'utf8')).families).filter(([prefix]) => !prefix.startsWith('$'));
  return (id) => {
    const bare = id.replace(/\+$/, '');
    if (records.has(bare)) return records.get(bare);
    const family = families.find(([prefix]) => bare.startsWith(prefix));
    return family ? records.get(family[1]) ?? 'unknown' : 'unknown';
  };
}

/** The category an expression leaves a user who takes its most permissive choice; unknown when it does not parse. */
export function expressionCategory(expression, categoryOf) {
  let tree;
  try {
    tree = parse(expression);
  } catch {
    return 'unknown';
  }
  const walk = (node) => {
    // An exception never makes its license permissive; judging the base keeps GPL WITH … copyleft.
    if ('license' in node) return categoryOf(node.license);
    const left = walk(node.left);
    const right = walk(node.right);
    const pick = node.conjunction === 'or' ? Math.min : Math.max;
    return ORDER[pick(ORDER.indexOf(left), ORDER.indexOf(right))];
  };
  return walk(tree);
}

/** A license id without its version qualifier: `GPL-3.0-only`, `GPL-3.0-or-later` and `GPL-3.0+` are one offer. */
const offerOf = (id) => id.replace(/\+$/, '').replace(/-(?:only|or-later)$/, '');

/** The ids the expression offers as alternatives (operands under an OR), by offerOf. */
function alternativesOf(expression) {
  const ids = new Set();
  let tree;
  try {
    tree = parse(expression ?? '');
  } catch {
    return ids;
  }
  const walk = (node, underOr) => {
    if ('license' in node) {
      if (underOr) ids.add(offerOf(node.license));
      return;
    }
    walk(node.left, underOr || node.conjunction === 'or');
    walk(node.right, underOr || node.conjunction === 'or');
  };
  walk(tree, false);
  return ids;
}

function licenseIds(expression) {
  try {
    const ids = [];
    const walk = (node) => ('license' in node ? ids.push(node.license) : (walk(node.left), walk(node.right)));
    walk(parse(expression));
    return ids;
  } catch {
    return null;
  }
}

/**
 * The packages of a report concluded permissive whose license files hold a part of another category:
 * `[{ package, expression, files: [{ path, license, role, category, startLine, endLine, choice }] }]`,
 * sorted. `choice`: the part is one side of a choice the concluded expression keeps (the GPL file of an
 * "MIT OR GPL-3.0" package), so the permissive conclusion takes the other side; `flagged` says whether
 * any part is not such a choice.
 */
export function permissiveWithOtherParts(report, categoryOf) {
  const found = [];
  for (const pkg of report.packages) {
    if (pkg.category !== 'permissive') continue;
    const offered = alternativesOf(pkg.license.expression);
    const parts = [];
    for (const file of pkg.license.files ?? []) {
      for (const part of file.parts ?? []) {
        const category = expressionCategory(part.license, categoryOf);
        if (category === 'permissive') continue;
        const ids = licenseIds(part.license);
        const choice = ids !== null && ids.every((id) => offered.has(offerOf(id)));
        parts.push({ path: file.path, license: part.license, role: part.role, category, startLine: part.startLine, endLine: part.endLine, choice });
      }
    }
    if (parts.length > 0) found.push({ package: `${pkg.name}@${pkg.version}`, expression: pkg.license.expression, flagged: parts.some((part) => !part.choice), files: parts });
  }
  return found.sort((left, right) => (left.package < right.package ? -1 : left.package > right.package ? 1 : 0));
}

function main(argv) {
  const json = argv.includes('--json');
  const paths = argv.filter((arg) => arg !== '--json');
  if (paths.length === 0) {
    process.stderr.write('usage: node scripts/audit-permissive.js <report.json>... [--json]\n');
    return 2;
  }
  const categoryOf = loadCategories();
  const results = [];
  for (const path of paths) {
    let report;
    try {
      report = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      process.stderr.write(`audit-permissive: cannot read ${path}: ${error.message}\n`);
      return 2;
    }
    if (!Array.isArray(report?.packages)) {
      process.stderr.write(`audit-permissive: ${path} is not a licit scan report (no packages)\n`);
      return 2;
    }
    const permissive = report.packages.filter((pkg) => pkg.category === 'permissive').length;
    const listed = permissiveWithOtherParts(report, categoryOf);
    results.push({ report: path, packages: report.packages.length, permissive, flagged: listed.filter((entry) => entry.flagged), choices: listed.filter((entry) => !entry.flagged) });
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const result of results) {
      process.stdout.write(
        `${result.report}: ${result.packages} packages, ${result.permissive} permissive, ${result.flagged.length} with a part that is not permissive` +
          ` (and ${result.choices.length} whose other parts are alternatives of a choice they keep)\n`,
      );
      for (const entry of [...result.flagged, ...result.choices]) {
        process.stdout.write(`  ${entry.flagged ? 'FLAGGED' : 'choice '} ${entry.package} (concluded ${entry.expression})\n`);
        for (const part of entry.files) process.stdout.write(`    ${part.path}:${part.startLine}-${part.endLine} ${part.role} ${part.license} [${part.category}]${part.choice ? ' (an alternative)' : ''}\n`);
      }
    }
  }
  return results.some((result) => result.flagged.length > 0) ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
