#!/usr/bin/env node
// Lockfile-only scan vs the package manager's own lockfile parser, per corpus (issue 14's speed row).
//
//   node bench/lockfile-parsers.js [--runs N] [--corpus vue-core,jest,webpack,hono]
//
// Times two whole processes per corpus, in interleaved rounds (one warm-up, then N timed; medians):
//   licit  - `bin/licit.js scan <corpus> --lockfile-only --format json --no-models -o <tmp>` (build first)
//   parser - a bare `node -e` that reads the lockfile and parses it with the package manager's own parser:
//            pnpm: js-yaml (what pnpm's lockfile reader uses); Yarn berry: @yarnpkg/parsers parseSyml;
//            Yarn 1: @yarnpkg/lockfile; Bun: jsonc-parser (Bun's own parser is native code in Bun, not a
//            JavaScript library; its listing, `bun pm ls --all`, is what the count is checked against).
// The parsers are licit's own dependencies, loaded from node_modules as licit would load them.
// Counts are checked against the package managers' own listings (see bench/README.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.LICIT_BENCH_SHARED ?? join(repo, '..', 'shared', 'bench');
const argument = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
};
const runs = Number(argument('--runs', '5'));
const corpora = argument('--corpus', 'vue-core,jest,webpack,hono').split(',');

// What each package manager lists for the lockfile (pnpm list / yarn info -AR / yarn list / bun pm ls --all).
const EXPECTED = { 'vue-core': 620, jest: 2150, webpack: 1393, hono: 1012 };

const PARSERS = {
  'pnpm-lock.yaml': "const y=require('js-yaml');const t=require('fs').readFileSync(process.argv[1],'utf8');let n=0;for(const p of t.split(/^---\\s*$/m))if(p.trim()){const d=y.load(p,{json:true});n=Object.keys(d.snapshots??d.packages??{}).length}console.log(n)",
  'yarn.lock berry': "const {parseSyml}=require('@yarnpkg/parsers');const d=parseSyml(require('fs').readFileSync(process.argv[1],'utf8'));console.log(Object.keys(d).length-1)",
  'yarn.lock v1': "const l=require('@yarnpkg/lockfile');const d=l.parse(require('fs').readFileSync(process.argv[1],'utf8'));console.log(Object.keys(d.object).length)",
  'bun.lock': "const {parse}=require('jsonc-parser');const d=parse(require('fs').readFileSync(process.argv[1],'utf8'),[],{allowTrailingComma:true});console.log(Object.keys(d.packages).length)",
};

function parserFor(directory) {
  if (existsSync(join(directory, 'pnpm-lock.yaml'))) return ['pnpm-lock.yaml', join(directory, 'pnpm-lock.yaml')];
  if (existsSync(join(directory, 'bun.lock'))) return ['bun.lock', join(directory, 'bun.lock')];
  const yarn = join(directory, 'yarn.lock');
  return [/^__metadata:/m.test(readFileSync(yarn, 'utf8')) ? 'yarn.lock berry' : 'yarn.lock v1', yarn];
}

function time(command, args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: repo, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return seconds;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const out = mkdtempSync(join(tmpdir(), 'licit-lockfile-bench-'));
const rows = [];
try {
  for (const name of corpora) {
    const directory = join(shared, 'corpora', name);
    const [kind, lockfile] = parserFor(directory);
    const report = join(out, `${name}.json`);
    const licit = ['bin/licit.js', 'scan', directory, '--lockfile-only', '--format', 'json', '--no-models', '-o', report];
    const parser = ['-e', PARSERS[kind], lockfile];
    const times = { licit: [], parser: [] };
    for (let round = 0; round <= runs; round++) {
      const a = time(process.execPath, licit);
      const b = time(process.execPath, parser);
      if (round > 0) { times.licit.push(a); times.parser.push(b); }
    }
    const packages = JSON.parse(readFileSync(report, 'utf8')).packages.length;
    const row = { corpus: name, lockfile: kind, packages, expected: EXPECTED[name] ?? null, licit: median(times.licit), parser: median(times.parser) };
    row.ratio = row.licit / row.parser;
    rows.push(row);
    console.error(`${name}: licit ${row.licit.toFixed(2)} s, parser ${row.parser.toFixed(2)} s, ratio ${row.ratio.toFixed(2)}x, packages ${packages} (expected ${row.expected})`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
console.log('| corpus | lockfile | packages (PM lists) | licit --lockfile-only | own parser, bare node | ratio |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) {
  console.log(`| ${row.corpus} | ${row.lockfile} | ${row.packages} (${row.expected ?? '?'}) | ${row.licit.toFixed(2)} s | ${row.parser.toFixed(2)} s | ${row.ratio.toFixed(2)}x |`);
}
console.log(`\nload average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}, ${runs} runs, medians`);
