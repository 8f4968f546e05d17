#!/usr/bin/env node
// The "behaviour unchanged" check of a refactoring: scans the four npm bench corpora through the built
// CLI (lockfile only, so nothing needs installing) and writes each one's JSON report, CycloneDX and
// SPDX SBOMs into a folder; `compare` then says, file by file, whether two such folders are
// byte-identical. Capture before the change, capture after, compare. The lockfile-only corpora never
// read a license text, so the installed fixture trees (text matching, policies, models) and
// `identify` over the real-world corpus are captured too.
//
//   node scripts/behaviour-snapshot.js capture <dir> [--bench <corpora dir>]
//   node scripts/behaviour-snapshot.js compare <before dir> <after dir>
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPORA = ['commander', 'npm-cli', 'create-react-app', 'documenso'];
const FIXTURE_GROUPS = ['conclude', 'licenses', 'policy', 'models'];
const OUTPUTS = [
  ['json', 'report.json'],
  ['cyclonedx', 'cyclonedx.json'],
  ['spdx', 'spdx.json'],
];
// Any fixed instant: the SBOMs' timestamps come from it, so two captures can be compared.
const SOURCE_DATE_EPOCH = '1767225600';

function licit(args) {
  execFileSync(process.execPath, [join(repo, 'bin', 'licit.js'), ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, SOURCE_DATE_EPOCH },
  });
}

function scanInto(outDir, label, dir, options) {
  const [[mainFormat, mainFile], ...others] = OUTPUTS;
  const at = (file) => join(outDir, `${label}.${file}`);
  licit([
    'scan', dir, ...options, '--fail-on', 'never', '--quiet',
    '--format', mainFormat, '-o', at(mainFile),
    ...others.flatMap(([format, file]) => ['--out', `${format}=${at(file)}`]),
  ]);
  console.log(`captured ${label}`);
}

function capture(outDir, benchDir) {
  mkdirSync(outDir, { recursive: true });
  for (const corpus of CORPORA) scanInto(outDir, corpus, join(benchDir, corpus), ['--lockfile-only']);
  for (const group of FIXTURE_GROUPS) {
    for (const entry of readdirSync(join(repo, 'fixtures', group), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const dir = join(repo, 'fixtures', group, entry.name);
      if (entry.isDirectory() && existsSync(join(dir, 'package.json'))) scanInto(outDir, `fixture-${group}-${entry.name}`, dir, []);
    }
  }
  licit(['identify', join(repo, 'fixtures', 'real-world'), '--format', 'json', '-o', join(outDir, 'identify-real-world.json')]);
  console.log('captured identify-real-world');
}

function compare(before, after) {
  const names = [...new Set([...readdirSync(before), ...readdirSync(after)])].sort();
  let differing = 0;
  for (const name of names) {
    const a = join(before, name);
    const b = join(after, name);
    const same = existsSync(a) && existsSync(b) && readFileSync(a).equals(readFileSync(b));
    if (!same) differing++;
    console.log(`${same ? 'identical' : 'DIFFERENT'}  ${name}`);
  }
  console.log(differing === 0 ? `all ${names.length} files byte-identical` : `${differing} of ${names.length} files differ`);
  return differing === 0;
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'capture' && rest[0] !== undefined) {
  const benchAt = rest.indexOf('--bench');
  const benchDir = benchAt >= 0 ? resolve(rest[benchAt + 1]) : join(repo, '..', 'shared', 'bench', 'corpora');
  capture(resolve(rest[0]), benchDir);
} else if (command === 'compare' && rest.length === 2) {
  process.exitCode = compare(resolve(rest[0]), resolve(rest[1])) ? 0 : 1;
} else {
  console.error('usage: behaviour-snapshot.js capture <dir> [--bench <corpora dir>] | compare <before> <after>');
  process.exitCode = 2;
}
