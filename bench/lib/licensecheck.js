// Text-detection throughput reference: Debian's licensecheck over the license files of a tree.
import { readdirSync, realpathSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runChecked } from './process.js';

const LICENSE_FILE = /^(licen[cs]e|copying|unlicen[cs]e)([.\-_].*)?$/i;

/** Top-level LICENSE/LICENCE/COPYING files of every package under node_modules (scoped, nested, links). */
export function licenseFiles(root) {
  const files = [];
  const visited = new Set([realpathSync(root)]);
  const walkPackage = (pkgDir, isRoot) => {
    let entries = [];
    try {
      entries = readdirSync(pkgDir, { withFileTypes: true });
    } catch {
      return;
    }
    if (!isRoot) {
      for (const entry of entries) {
        if (entry.isFile() && LICENSE_FILE.test(entry.name)) files.push(join(pkgDir, entry.name));
      }
    }
    walkNodeModules(join(pkgDir, 'node_modules'));
  };
  const walkNodeModules = (nodeModules) => {
    let entries = [];
    try {
      entries = readdirSync(nodeModules, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(nodeModules, entry.name);
      if (entry.name.startsWith('@') && entry.isDirectory()) {
        walkNodeModules(path);
      } else if (entry.isSymbolicLink() || entry.isDirectory()) {
        let real;
        try {
          real = realpathSync(path);
        } catch {
          continue;
        }
        if (!visited.has(real)) {
          visited.add(real);
          walkPackage(real, false);
        }
      }
    }
  };
  walkPackage(root, true);
  return files.sort();
}

function hasLicensecheck() {
  return spawnSync('licensecheck', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Install Debian's licensecheck with apt-get if it is missing; returns a reason string on failure. */
export function ensureLicensecheck(log) {
  if (hasLicensecheck()) return undefined;
  log('installing licensecheck (apt-get) …');
  try {
    runChecked('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq licensecheck']);
  } catch (error) {
    return `apt-get install licensecheck failed: ${error.message}`;
  }
  return hasLicensecheck() ? undefined : 'licensecheck is still not on PATH after apt-get';
}
