// Large synthetic npm trees for the scale row of the bench and for the scale tests: an installed tree
// (node_modules with real-shaped package.json and LICENSE files, npm's hidden lockfile) and the
// package-lock.json that describes it, for any number of packages. Deterministic: the same options
// write the same bytes (names, versions, licenses, dependencies and file times derive from the index).
//
// Shapes:
//   flat  every package hoisted to node_modules/ (as npm installs most trees), dependencies forming a
//         tree of fan-out 3 with cross links; one package in 50 also has an older copy of a dependency
//         nested in its own node_modules (a version conflict).
//   deep  one dependency chain (package i depends on package i+1; `via` is as long as the tree),
//         installed nested in runs of DEEP_RUN levels (node_modules/a/node_modules/b/…), each run
//         starting again at the top, as npm nests when versions conflict.
import { createHash } from 'node:crypto';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const licenseList = createRequire(import.meta.url)('spdx-license-list/full');

/** Nesting depth of one run of the deep shape: keeps paths far below PATH_MAX at any size. */
export const DEEP_RUN = 32;
const FAN_OUT = 3;
const LICENSES = ['MIT', 'MIT', 'MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', 'MIT', 'BSD-2-Clause'];
/** Every file gets this time, the hidden lockfile a later one: arborist trusts it only when no folder is newer. */
const FILE_TIME = new Date('2026-01-01T00:00:00Z');
const LOCK_TIME = new Date('2026-01-01T00:01:00Z');

function nameOf(index) {
  const base = `synthetic-${index.toString(36).padStart(4, '0')}`;
  return index % 10 === 7 ? `@scope-${index % 23}/${base}` : base;
}

function versionOf(index, older = false) {
  return older ? `0.${index % 9}.${index % 4}` : `${1 + (index % 7)}.${index % 13}.${index % 5}`;
}

function licenseOf(index) {
  return LICENSES[index % LICENSES.length];
}

/** The packages and where they are installed: [{ index, name, version, license, location, dependencies }]. */
export function planTree({ packages, shape }) {
  if (!Number.isInteger(packages) || packages < 1) throw new Error(`packages must be a positive integer, got ${packages}`);
  if (shape !== 'flat' && shape !== 'deep') throw new Error(`shape must be flat or deep, got ${shape}`);
  const plan = [];
  if (shape === 'deep') {
    let parent = '';
    for (let index = 0; index < packages; index++) {
      const name = nameOf(index);
      const location = `${index % DEEP_RUN === 0 ? '' : `${parent}/`}node_modules/${name}`;
      const next = index + 1 < packages ? { [nameOf(index + 1)]: `^${versionOf(index + 1)}` } : {};
      plan.push({ index, name, version: versionOf(index), license: licenseOf(index), location, dependencies: next });
      parent = location;
    }
    return { plan, rootDependencies: { [nameOf(0)]: `^${versionOf(0)}` } };
  }
  // One in 50 packages has an older copy of its first dependency nested; those copies count towards `packages`.
  const nestedEvery = 50;
  const hoisted = Math.max(1, packages - Math.floor(packages / (nestedEvery + 1)));
  const nested = packages - hoisted;
  const dependenciesOf = (index) => {
    const dependencies = {};
    for (let child = FAN_OUT * index + 1; child <= FAN_OUT * index + FAN_OUT && child < hoisted; child++) {
      dependencies[nameOf(child)] = `^${versionOf(child)}`;
    }
    const cross = (index * 7919 + 13) % hoisted;
    if (cross > index) dependencies[nameOf(cross)] = `^${versionOf(cross)}`;
    return dependencies;
  };
  for (let index = 0; index < hoisted; index++) {
    plan.push({ index, name: nameOf(index), version: versionOf(index), license: licenseOf(index), location: `node_modules/${nameOf(index)}`, dependencies: dependenciesOf(index) });
  }
  let added = 0;
  for (let index = 0; index < hoisted && added < nested; index += nestedEvery) {
    const owner = plan[index];
    let target = (index * 31 + 17) % hoisted;
    while (target === index || owner.dependencies[nameOf(target)] !== undefined) target = (target + 1) % hoisted;
    const dependency = plan[target];
    owner.dependencies[dependency.name] = `^${versionOf(target, true)}`;
    plan.push({ ...dependency, version: versionOf(target, true), location: `${owner.location}/node_modules/${dependency.name}`, dependencies: {} });
    added++;
  }
  const rootDependencies = {};
  for (let index = 0; index < Math.min(hoisted, 1 + FAN_OUT); index++) rootDependencies[nameOf(index)] = `^${versionOf(index)}`;
  return { plan, rootDependencies };
}

function integrityOf(name, version) {
  return `sha512-${createHash('sha512').update(`${name}@${version}`).digest('base64')}`;
}

function tarballOf(name, version) {
  const bare = name.split('/').pop();
  return `https://registry.npmjs.org/${name}/-/${bare}-${version}.tgz`;
}

function licenseText(entry) {
  const year = 2010 + (entry.index % 15);
  return `${licenseList[entry.license].licenseText
    .replace(/<year>|\[yyyy\]|<YEAR>/g, String(year))
    .replace(/<copyright holders>|\[name of copyright owner\]|<OWNER>|<owner>/g, `Author ${entry.index}`)
    .trim()}\n`;
}

function packageJsonOf(entry) {
  return {
    name: entry.name,
    version: entry.version,
    description: `Synthetic package ${entry.index} for licit's scale bench`,
    keywords: ['synthetic', `group-${entry.index % 17}`],
    homepage: `https://example.com/${entry.name}#readme`,
    repository: { type: 'git', url: `git+https://example.com/${entry.name}.git` },
    license: entry.license,
    author: `Author ${entry.index} <author${entry.index}@example.com>`,
    main: 'index.js',
    ...(Object.keys(entry.dependencies).length > 0 ? { dependencies: entry.dependencies } : {}),
  };
}

function lockEntryOf(entry) {
  return {
    version: entry.version,
    resolved: tarballOf(entry.name, entry.version),
    integrity: integrityOf(entry.name, entry.version),
    license: entry.license,
    ...(Object.keys(entry.dependencies).length > 0 ? { dependencies: entry.dependencies } : {}),
  };
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes the tree into `dir` (which should be empty): package.json and package-lock.json at the root;
 * with `installed`, node_modules too (package.json, LICENSE and index.js per package) and, with
 * `hiddenLockfile`, node_modules/.package-lock.json. Returns the number of packages written.
 */
export function writeSyntheticTree(dir, { packages, shape = 'flat', installed = true, hiddenLockfile = true }) {
  const { plan, rootDependencies } = planTree({ packages, shape });
  const root = { name: `synthetic-${shape}-${packages}`, version: '1.0.0', license: 'MIT', private: true, dependencies: rootDependencies };
  mkdirSync(dir, { recursive: true });
  writeJson(join(dir, 'package.json'), root);
  const lockPackages = {};
  for (const entry of [...plan].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0))) {
    lockPackages[entry.location] = lockEntryOf(entry);
  }
  const rootEntry = { name: root.name, version: root.version, license: root.license, dependencies: rootDependencies };
  writeJson(join(dir, 'package-lock.json'), { name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages: { '': rootEntry, ...lockPackages } });
  if (!installed) return plan.length;

  const directories = new Set([join(dir, 'node_modules')]);
  for (const entry of plan) {
    const path = join(dir, entry.location);
    mkdirSync(path, { recursive: true });
    writeJson(join(path, 'package.json'), packageJsonOf(entry));
    writeFileSync(join(path, 'LICENSE'), licenseText(entry));
    writeFileSync(join(path, 'index.js'), `module.exports = ${JSON.stringify(entry.name)};\n`);
    for (let parent = path; parent.length > dir.length; parent = join(parent, '..')) {
      if (directories.has(parent)) break;
      directories.add(parent);
    }
  }
  const hidden = join(dir, 'node_modules', '.package-lock.json');
  if (hiddenLockfile) writeJson(hidden, { name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages: lockPackages });
  // After every write: a file created in a directory updates that directory's time.
  for (const directory of directories) utimesSync(directory, FILE_TIME, FILE_TIME);
  if (hiddenLockfile) utimesSync(hidden, LOCK_TIME, LOCK_TIME);
  return plan.length;
}
