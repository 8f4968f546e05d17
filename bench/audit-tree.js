#!/usr/bin/env node
// The `licit audit` speed row: generates a codebase of N files (default 100,000; mostly source files
// without license text, as real trees are, plus a few hundred headed files, vendored libraries with their
// own LICENSE, a Python virtual environment and an npm project), audits it with bin/licit.js, and times
// Debian licensecheck over the same tree for comparison. Prints one Markdown row per tool with files/s.
//
//   node bench/audit-tree.js [--files 100000] [--dir /tmp/licit-audit-tree] [--runs 1] [--licensecheck]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '100000' },
    dir: { type: 'string', default: join(tmpdir(), 'licit-audit-tree') },
    runs: { type: 'string', default: '1' },
    licensecheck: { type: 'boolean', default: false },
  },
});
const total = Number(values.files);
const root = resolve(values.dir);
const spdx = createRequire(import.meta.url)('spdx-license-list/full');

/** A deterministic pseudo-random sequence (mulberry32), so that the same N gives the same tree. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTENSIONS = ['ts', 'js', 'c', 'h', 'py', 'go', 'rs', 'java', 'css', 'md', 'json', 'txt'];
const HEADERS = {
  mit: (year) => `// SPDX-License-Identifier: MIT\n// Copyright (c) ${year} Bench Authors\n`,
  apache: (year) =>
    `/*\n * Copyright ${year} Bench Authors\n *\n * Licensed under the Apache License, Version 2.0 (the "License");\n * you may not use this file except in compliance with the License.\n * You may obtain a copy of the License at\n *\n *     http://www.apache.org/licenses/LICENSE-2.0\n *\n * Unless required by applicable law or agreed to in writing, software\n * distributed under the License is distributed on an "AS IS" BASIS,\n * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\n * See the License for the specific language governing permissions and\n * limitations under the License.\n */\n`,
  gpl: (year) =>
    `/*\n * Copyright (C) ${year} Someone Else\n *\n * This program is free software; you can redistribute it and/or modify\n * it under the terms of the GNU General Public License as published by\n * the Free Software Foundation; either version 2 of the License, or\n * (at your option) any later version.\n */\n`,
};

function body(next, index) {
  const lines = [];
  const count = 10 + Math.floor(next() * 30);
  for (let line = 0; line < count; line++) lines.push(`const value${index}_${line} = compute(${Math.floor(next() * 1000)}, "item-${line}");`);
  return `${lines.join('\n')}\n`;
}

function write(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function generate() {
  const stamp = join(root, '.bench-stamp');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === String(total)) return;
  rmSync(root, { recursive: true, force: true });
  const next = random(20261205);
  let written = 0;
  write(join(root, 'package.json'), `${JSON.stringify({ name: 'bench-app', version: '1.0.0', license: 'MIT', dependencies: {} }, null, 2)}\n`);
  write(join(root, 'package-lock.json'), `${JSON.stringify({ name: 'bench-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name: 'bench-app', version: '1.0.0', license: 'MIT' } } }, null, 2)}\n`);
  write(join(root, 'LICENSE'), spdx.MIT.licenseText.replace('<year> <copyright holders>', '2026 Bench Authors'));
  written += 3;
  // 40 vendored libraries with their own license, 50 files each.
  const vendored = ['Zlib', 'BSD-3-Clause', 'Apache-2.0', 'MIT'];
  for (let library = 0; library < 40; library++) {
    const directory = join(root, 'third_party', `lib${library}`);
    write(join(directory, 'LICENSE'), spdx[vendored[library % vendored.length]].licenseText);
    written++;
    for (let file = 0; file < 50; file++, written++) write(join(directory, `src/f${file}.c`), `${file % 10 === 0 ? HEADERS.mit(2020) : ''}${body(next, file)}`);
  }
  // A virtual environment with 30 installed distributions.
  const site = join(root, '.venv', 'lib', 'python3.12', 'site-packages');
  write(join(root, '.venv', 'pyvenv.cfg'), 'home = /usr/bin\nversion = 3.12.3\n');
  written++;
  for (let distribution = 0; distribution < 30; distribution++, written += 3) {
    const info = join(site, `pkg${distribution}-1.${distribution}.0.dist-info`);
    write(join(info, 'METADATA'), `Metadata-Version: 2.4\nName: pkg${distribution}\nVersion: 1.${distribution}.0\nLicense-Expression: ${distribution % 7 === 0 ? 'LGPL-2.1-or-later' : 'MIT'}\n\n`);
    write(join(info, 'RECORD'), '');
    write(join(site, `pkg${distribution}`, '__init__.py'), body(next, distribution));
  }
  // The first-party code: mostly no license text; 1% SPDX tags, 0.2% Apache headers, 0.02% GPL headers.
  for (let index = 0; written < total; index++, written++) {
    const extension = EXTENSIONS[Math.floor(next() * EXTENSIONS.length)];
    const path = join(root, 'src', `m${Math.floor(index / 500)}`, `d${Math.floor(index / 50) % 10}`, `file${index}.${extension}`);
    const roll = next();
    const header = roll < 0.0002 ? HEADERS.gpl(2018) : roll < 0.0022 ? HEADERS.apache(2021) : roll < 0.0122 ? HEADERS.mit(2024) : '';
    write(path, `${header}${body(next, index)}`);
  }
  writeFileSync(stamp, String(total));
}

function timed(command, args) {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, code: run.status, stderr: run.stderr, stdout: run.stdout };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

process.stderr.write(`generating ${total} files under ${root}…\n`);
generate();
const runs = Number(values.runs);
const rows = [];
const licit = [];
let report = null;
for (let run = 0; run < runs; run++) {
  const output = mkdtempSync(join(tmpdir(), 'licit-audit-out-'));
  const result = timed(process.execPath, [join(repo, 'bin', 'licit.js'), 'audit', root, '-o', output, '--quiet', '--fail-on', 'never']);
  if (result.code !== 0) throw new Error(`licit audit failed (${result.code}): ${result.stderr}`);
  report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8'));
  rmSync(output, { recursive: true, force: true });
  licit.push(result.seconds);
}
const files = report.audit.files;
const seconds = median(licit);
rows.push(`| licit audit | ${files} | ${seconds.toFixed(1)} s | ${Math.round(files / seconds)} | ${report.packages.length} components, ${report.findings.length} findings |`);
if (values.licensecheck) {
  // licensecheck reads the head of each file it is asked about (--recursive: files matching its default source pattern).
  const result = timed('licensecheck', ['--recursive', '--lines', '60', root]);
  if (result.code === null) throw new Error('licensecheck did not run');
  const checked = result.stdout.split('\n').filter(Boolean).length;
  rows.push(`| licensecheck --recursive | ${checked} | ${result.seconds.toFixed(1)} s | ${Math.round(checked / result.seconds)} | per-file verdicts only |`);
}
console.log(`load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}\n`);
console.log('| tool | files | wall time (median) | files/s | output |\n|---|---|---|---|---|');
for (const row of rows) console.log(row);
