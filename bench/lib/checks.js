// Correctness checks that ride along with the timings: licit's package count against arborist's,
// and packages licit reports without a license although their package.json declares one (kept
// apart: those whose declaration licit reports but cannot resolve, such as a `SEE LICENSE IN` file
// the package does not contain, which the report flags as findings).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked } from './process.js';

const EXAMPLES = 5;

/** Arborist's view (loadActual forceActual): { nodes, distinct: ['name@version', …] }. */
export function arboristCount({ repo, dir, arboristPrefix }) {
  const stdout = runChecked(process.execPath, [join(repo, 'bench', 'floor.js'), 'count', dir, arboristPrefix]);
  return JSON.parse(stdout);
}

/** A licit JSON report, or a reason it could not be read. */
export function readReport(path) {
  try {
    const report = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(report.packages)) return { error: 'report has no packages array' };
    return { report };
  } catch (error) {
    return { error: `cannot read the report: ${error.message}` };
  }
}

function declaresLicense(manifest) {
  const { license, licenses } = manifest;
  if (typeof license === 'string') return license.trim() !== '';
  if (license && typeof license === 'object') return true;
  return Array.isArray(licenses) ? licenses.length > 0 : Boolean(licenses);
}

/**
 * Compare one licit report with arborist's distinct name@version list.
 * checkLicenses: also count licit's license-less packages whose installed package.json has one
 * (meaningless for --lockfile-only, whose source of truth is the lockfile).
 */
export function compareWithArborist({ report, dir, arborist, checkLicenses }) {
  const npmPackages = report.packages.filter((pkg) => pkg.kind === 'npm');
  const licitIds = new Set(npmPackages.map((pkg) => `${pkg.name}@${pkg.version}`));
  const arboristIds = new Set(arborist.distinct);
  const missing = arborist.distinct.filter((id) => !licitIds.has(id));
  const extra = [...licitIds].filter((id) => !arboristIds.has(id)).sort();
  const result = {
    summaryPackages: report.summary?.packages,
    npmPackages: licitIds.size,
    arboristDistinct: arboristIds.size,
    missing: missing.length,
    missingExamples: missing.slice(0, EXAMPLES),
    extra: extra.length,
    extraExamples: extra.slice(0, EXAMPLES),
  };
  if (!checkLicenses) return result;

  const lost = [];
  const unresolved = [];
  for (const pkg of npmPackages) {
    if (pkg.license?.expression) continue;
    if (pkg.license?.declared) {
      unresolved.push(`${pkg.name}@${pkg.version}`);
      continue;
    }
    const declared = (pkg.paths ?? []).some((path) => {
      try {
        return declaresLicense(JSON.parse(readFileSync(join(dir, path, 'package.json'), 'utf8')));
      } catch {
        return false;
      }
    });
    if (declared) lost.push(`${pkg.name}@${pkg.version}`);
  }
  return {
    ...result,
    licenseLost: lost.length,
    licenseLostExamples: lost.slice(0, EXAMPLES),
    licenseUnresolved: unresolved.length,
    licenseUnresolvedExamples: unresolved.slice(0, EXAMPLES),
  };
}
