#!/usr/bin/env node
// Captures the real-world corpus (fixtures/real-world/): for each package of manifest.json, the
// pinned version's tarball is fetched from the configured npm registry (pacote, arborist's own
// fetcher, so registry, proxy and auth settings are npm's), checked against the recorded
// integrity, and only the files that say something about the license are written:
// package.json, top-level LICENSE/LICENCE/COPYING/NOTICE/COPYRIGHT/EULA/PATENTS/third-party files,
// the target of `SEE LICENSE IN <file>`, and the README only when no such file exists (the
// license then lives in the README or nowhere).
//
//   node scripts/capture-real-world.js                      recapture every package of the manifest
//   node scripts/capture-real-world.js --only <name>...      recapture these packages
//   node scripts/capture-real-world.js --add <name@version>  add packages (their expected verdict is
//                                                           left empty for hand review; tests refuse it)
//
// A package whose license files exceed 300 KB in one file is refused, as is one the registry lacks.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import pacote from 'pacote';
import { Parser } from 'tar';

const corpusDirectory = fileURLToPath(new URL('../fixtures/real-world/', import.meta.url));
const manifestPath = join(corpusDirectory, 'manifest.json');
const MAX_LICENSE_FILE_BYTES = 300 * 1024;
const LICENSE_LIKE = /licen[cs]e|copying|notice|copyright|eula|patents|third[-_ ]?party/i;
const NOT_TEXT = /\.(?:js|cjs|mjs|ts|cts|mts|jsx|tsx|json|map|node|png|svg|jpe?g|gif|css|html?|sh|py|d\.ts)$/i;
const README = /^readme(?:\.(?:md|markdown|txt|rst))?$/i;

/** The directory of one capture: fixtures/real-world/<name>@<version> (a scope is a folder). */
const captureDirectory = (name, version) => join(corpusDirectory, `${name}@${version}`);

function parseArguments(argv) {
  const options = { add: [], only: [] };
  let list = null;
  for (const argument of argv) {
    if (argument === '--add') list = options.add;
    else if (argument === '--only') list = options.only;
    else if (list) list.push(argument);
    else throw new Error(`unexpected argument ${argument}: use --add <name@version>... or --only <name>...`);
  }
  return options;
}

/** Splits `name@version` (the name may be scoped). */
function splitSpec(spec) {
  const at = spec.lastIndexOf('@');
  if (at <= 0) throw new Error(`${spec}: give an exact version, name@version`);
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** Every regular file of a gzipped tarball whose path (first folder stripped) `wanted` accepts. */
function readTarball(buffer, wanted) {
  return new Promise((resolve, reject) => {
    const files = new Map();
    const parser = new Parser();
    parser.on('entry', (entry) => {
      const path = entry.path.split('/').slice(1).join('/');
      if (entry.type !== 'File' || !wanted(path)) {
        entry.resume();
        return;
      }
      const chunks = [];
      entry.on('data', (chunk) => chunks.push(chunk));
      entry.on('end', () => files.set(path, Buffer.concat(chunks)));
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(files));
    parser.end(buffer);
  });
}

const isTopLevel = (path) => path !== '' && !path.includes('/');
const isLicenseLike = (path) => isTopLevel(path) && LICENSE_LIKE.test(path) && !NOT_TEXT.test(path);

/** The file `SEE LICENSE IN <file>` names, as a path inside the package, or null. */
function seeLicenseTarget(manifest) {
  const match = typeof manifest.license === 'string' ? /^SEE LICEN[CS]E IN\s+(.+)$/i.exec(manifest.license.trim()) : null;
  if (!match) return null;
  const target = posix.normalize(match[1].trim().replace(/^["']|["']$/g, ''));
  return target.startsWith('..') || posix.isAbsolute(target) || /^[a-z]+:/i.test(target) ? null : target;
}

/** Fetches one pinned package and chooses the files to keep; throws when it must be skipped. */
async function capture(entry) {
  const spec = `${entry.name}@${entry.version}`;
  const tarball = await pacote.tarball(spec, entry.integrity ? { integrity: entry.integrity } : {});
  const candidates = await readTarball(tarball, (path) => path === 'package.json' || isLicenseLike(path) || (isTopLevel(path) && README.test(path)));
  const packageJson = candidates.get('package.json');
  if (!packageJson) throw new Error(`${spec}: the tarball has no top-level package.json`);
  const manifest = JSON.parse(packageJson.toString('utf8'));
  const target = seeLicenseTarget(manifest);
  if (target && !candidates.has(target)) {
    const extra = await readTarball(tarball, (path) => path.toLowerCase() === target.toLowerCase());
    for (const [path, bytes] of extra) candidates.set(path, bytes);
  }
  const licenseFiles = [...candidates.keys()].filter((path) => path !== 'package.json' && (!README.test(path) || path === target));
  const keep = new Map([['package.json', packageJson]]);
  for (const path of licenseFiles) keep.set(path, candidates.get(path));
  if (licenseFiles.length === 0) {
    for (const [path, bytes] of candidates) if (README.test(path)) keep.set(path, bytes);
  }
  for (const [path, bytes] of keep) {
    if (path !== 'package.json' && bytes.length > MAX_LICENSE_FILE_BYTES) {
      throw new Error(`${spec}: ${path} is ${Math.round(bytes.length / 1024)} KB (over 300 KB): choose another package`);
    }
  }
  return { integrity: tarball.integrity, files: keep };
}

function write(entry, files) {
  const directory = captureDirectory(entry.name, entry.version);
  rmSync(directory, { recursive: true, force: true });
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), bytes);
  }
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 12);

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const spec of options.add) {
    const { name, version } = splitSpec(spec);
    if (manifest.packages.some((entry) => entry.name === name)) throw new Error(`${name} is already in the corpus`);
    manifest.packages.push({ name, version, integrity: null, group: null, expected: null, reason: null });
  }
  const chosen = options.add.length > 0
    ? manifest.packages.filter((entry) => options.add.includes(`${entry.name}@${entry.version}`))
    : options.only.length > 0 ? manifest.packages.filter((entry) => options.only.includes(entry.name)) : manifest.packages;

  const skipped = [];
  let bytes = 0;
  for (const entry of chosen) {
    try {
      const { integrity, files } = await capture(entry);
      if (entry.integrity && entry.integrity !== integrity) throw new Error(`${entry.name}@${entry.version}: integrity changed`);
      entry.integrity = integrity;
      write(entry, files);
      const size = [...files.values()].reduce((sum, file) => sum + file.length, 0);
      bytes += size;
      console.log(`${entry.name}@${entry.version}: ${[...files.keys()].sort().join(', ')} (${size} bytes, ${sha256(Buffer.concat([...files.values()]))})`);
    } catch (error) {
      skipped.push(entry);
      console.error(`skipped ${entry.name}@${entry.version}: ${error.code ?? ''} ${error.message.split('\n')[0]}`);
    }
  }
  // A package just added that cannot be captured is left out; one already reviewed stays, and the run fails.
  const failed = new Set(skipped);
  manifest.packages = manifest.packages.filter((entry) => !(failed.has(entry) && entry.expected === null));
  if (skipped.some((entry) => entry.expected !== null)) process.exitCode = 1;
  manifest.packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`${chosen.length - skipped.length} captured, ${skipped.length} skipped, ${bytes} bytes written`);
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
