#!/usr/bin/env node
// npm run bench -- [options]: time licit against the arborist floors and the peers on real trees.
// See bench/README.md.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { arboristCount, compareWithArborist, readReport } from './lib/checks.js';
import { selectCommands } from './lib/commands.js';
import { ensureLicensecheck, licenseFiles } from './lib/licensecheck.js';
import { timedRun } from './lib/process.js';
import { combinedMarkdown, corpusText, evaluateGates } from './lib/report.js';
import { corpusNames, ensureCorpus, ensureTools, toolPrefix } from './lib/setup.js';
import { ensureBasePair } from './lib/base-pair.js';
import { benchScale, DEFAULT_SCALE_SIZES, scaleTable } from './lib/scale.js';
import { median } from './lib/stats.js';
import { identifyText, timeIdentify } from './lib/identify-speed.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_CORPORA = ['commander', 'npm-cli', 'create-react-app', 'documenso'];

const USAGE = `usage: npm run bench -- [options]

  --corpus <a,b>     corpora to run (default: ${DEFAULT_CORPORA.join(',')}); see --list
  --runs <n>         timed runs per command after one warm-up (default 5)
  --only <a,b>       groups (licit, floors, peers) and/or command ids to run (default: all)
  --json <file>      save the raw results (every run) as JSON
  --markdown         also print one Markdown table, corpora as columns
  --licensecheck     also time Debian licensecheck over the tree's license files (apt-get installs it if missing)
  --identify         also time licit identify over the tree's license files and its source files (files/s)
  --licit <bin>      the licit entry point to time (default: <repo>/bin/licit.js), e.g. an older build
  --scale            time licit on synthetic trees instead (installed, without the hidden lockfile,
                     lockfile-only; see bench/lib/synthetic.js); add --corpus to run corpora too
  --scale-sizes <n,m> package counts for --scale (default: ${DEFAULT_SCALE_SIZES.join(',')})
  --strict           exit 1 unless every gate passes
  --list             list the corpora and command ids, then exit
  -h, --help         this text

environment: LICIT_BENCH_DIR (default /tmp/licit-bench) holds corpora/<name> and tools/;
             LICIT_BENCH_SHARED (default <repo>/../shared/bench) holds the corpora's lockfiles.`;

function log(message) {
  process.stderr.write(`${message}\n`);
}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string' },
      runs: { type: 'string', default: '5' },
      only: { type: 'string' },
      json: { type: 'string' },
      markdown: { type: 'boolean', default: false },
      licensecheck: { type: 'boolean', default: false },
      identify: { type: 'boolean', default: false },
      licit: { type: 'string' },
      strict: { type: 'boolean', default: false },
      scale: { type: 'boolean', default: false },
      'scale-sizes': { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  const corpora = values.corpus ? values.corpus.split(',').map((name) => name.trim()).filter(Boolean) : values.scale ? [] : DEFAULT_CORPORA;
  const scaleSizes = values['scale-sizes'] ? values['scale-sizes'].split(',').map(Number) : DEFAULT_SCALE_SIZES;
  if (scaleSizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`--scale-sizes must be positive integers, got ${values['scale-sizes']}`);
  const licitBin = resolve(values.licit ?? join(repo, 'bin', 'licit.js'));
  return { ...values, runs, corpora, scaleSizes: [...scaleSizes].sort((a, b) => a - b), licitBin, commands: selectCommands(values.only) };
}

/** Warn when dist/ is older than the newest file in src/ (the bench times what bin/licit.js runs). */
function warnIfStaleBuild() {
  const entry = join(repo, 'dist', 'main.js');
  if (!existsSync(entry)) {
    log('note: dist/main.js is missing — licit commands will be n/a (build with: npm run build)');
    return;
  }
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(repo, 'src'));
  if (newest > statSync(entry).mtimeMs) log('note: src/ is newer than dist/ — rebuild (npm run build) to time the current code');
}

function hasContent(path) {
  return existsSync(path) && statSync(path).size > 0;
}

/**
 * Time every command on one corpus, interleaved: a warm-up round, then `runs` rounds each running every
 * command once, so drift in the machine's load spreads over all commands instead of favouring some.
 * A command that fails (or cannot be built) is recorded as n/a with the reason and dropped.
 */
function timeCommands({ commands, licitBin, dir, toolsDir, scratch, runs, basePair, basePairProblem }) {
  const states = commands.map((command) => {
    const out = join(scratch, `${command.id}.out`);
    const spec = command.build({ repo, licitBin, dir, toolsDir, out, basePair, basePairProblem });
    return {
      id: command.id, group: command.group, label: command.label, out, spec,
      status: spec.unavailable ? 'n/a' : 'ok', reason: spec.unavailable, runs: [], cpu: [],
    };
  });
  for (let round = 0; round <= runs; round++) {
    for (const state of states) {
      if (state.status !== 'ok') continue;
      const { command, args, stdout, okStatus, expectOutput } = state.spec;
      rmSync(state.out, { force: true });
      const result = timedRun({ command, args, cwd: dir, stdoutPath: stdout ? state.out : undefined, okStatus });
      const problem = !result.ok ? result.reason
        : expectOutput && !hasContent(state.out) ? `no output written (${result.reason})` : undefined;
      if (problem) {
        state.status = 'n/a';
        state.reason = `${round === 0 ? 'error' : `error on run ${round}`}: ${problem}`;
        continue;
      }
      if (round > 0) state.runs.push(result.seconds);
      if (round > 0 && result.cpu !== undefined) state.cpu.push(result.cpu);
    }
    log(`  ${round === 0 ? 'warm-up' : `run ${round}/${runs}`} done`);
  }
  return states.map((state) => ({
    id: state.id, group: state.group, label: state.label, status: state.status, reason: state.reason,
    runs: state.runs,
    median: state.status === 'ok' ? median(state.runs) : undefined,
    cpuRuns: state.cpu,
    cpuMedian: state.status === 'ok' ? median(state.cpu) : undefined,
    min: state.status === 'ok' ? Math.min(...state.runs) : undefined,
    out: state.out,
    command: state.spec.command ? [state.spec.command, ...state.spec.args].join(' ') : undefined,
  }));
}

function runChecks({ commands, dir, arborist }) {
  const checks = {};
  if (!arborist || arborist.error) return checks;
  for (const id of ['licit-full', 'licit-no-text', 'licit-lockfile']) {
    const command = commands.find((candidate) => candidate.id === id);
    if (!command) continue;
    if (command.status !== 'ok') {
      checks[id] = { error: 'licit did not run' };
      continue;
    }
    const { report, error } = readReport(command.out);
    checks[id] = error ? { error } : compareWithArborist({ report, dir, arborist, checkLicenses: id !== 'licit-lockfile' });
  }
  return checks;
}

function timeLicensecheck({ dir, scratch, runs }) {
  const files = licenseFiles(dir);
  if (files.length === 0) return { error: 'no license files found' };
  const list = join(scratch, 'license-files.list');
  writeFileSync(list, files.join('\0'));
  // xargs batches the file list under ARG_MAX; defaults of licensecheck otherwise (header lines + tail)
  const args = ['-c', 'xargs -0 -n 400 licensecheck --machine < "$1"', 'sh', list];
  const times = [];
  for (let round = 0; round <= runs; round++) {
    const result = timedRun({ command: 'sh', args, cwd: dir });
    if (!result.ok) return { error: result.reason, files: files.length };
    if (round > 0) times.push(result.seconds);
  }
  const mid = median(times);
  return { files: files.length, runs: times, median: mid, filesPerSecond: files.length / mid };
}

function benchCorpus({ name, options, sharedDir, benchDir, toolsDir, licensecheckProblem }) {
  const dir = join(benchDir, 'corpora', name);
  try {
    ensureCorpus({ sharedDir, name, target: dir, toolsDir, npmCache: join(benchDir, 'npm-cache'), log });
  } catch (error) {
    return { name, dir, error: `corpus install failed: ${error.message}` };
  }
  const scratch = mkdtempSync(join(tmpdir(), `licit-bench-${name}-`));
  try {
    const arboristPrefix = toolPrefix(toolsDir, '@npmcli/arborist@9');
    let arborist;
    if (arboristPrefix) {
      try {
        const counted = arboristCount({ repo, dir, arboristPrefix });
        arborist = { nodes: counted.nodes, distinct: counted.distinct.length, ids: counted.distinct };
      } catch (error) {
        arborist = { error: error.message };
      }
    } else {
      arborist = { error: '@npmcli/arborist@9 is not installed' };
    }
    let basePair;
    let basePairProblem;
    if (options.commands.some((command) => command.basePair)) {
      try {
        basePair = ensureBasePair({ benchDir, sharedDir, name, corpusDir: dir, log });
        log(`corpus ${name}: --base repository ${basePair.dir} (${basePair.base})`);
      } catch (error) {
        basePairProblem = `no --base repository: ${error.message}`;
      }
    }
    log(`corpus ${name}: timing ${options.commands.length} commands, 1 warm-up + ${options.runs} runs, interleaved`);
    const commands = timeCommands({ commands: options.commands, licitBin: options.licitBin, dir, toolsDir, scratch, runs: options.runs, basePair: basePair?.dir, basePairProblem });
    const checks = runChecks({ commands, dir, arborist: arborist.error ? undefined : { distinct: arborist.ids } });
    let licensecheck;
    if (options.licensecheck) {
      licensecheck = licensecheckProblem ? { error: licensecheckProblem } : timeLicensecheck({ dir, scratch, runs: options.runs });
    }
    const identify = options.identify ? timeIdentify({ licitBin: options.licitBin, dir, scratch, runs: options.runs }) : undefined;
    return {
      name, dir,
      identify,
      arborist: arborist.error ? { error: arborist.error } : { nodes: arborist.nodes, distinct: arborist.distinct },
      commands: commands.map(({ out: _out, ...command }) => command),
      gates: evaluateGates(commands),
      checks,
      licensecheck,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function main() {
  const options = parseOptions(process.argv.slice(2));
  const sharedDir = resolve(process.env.LICIT_BENCH_SHARED ?? join(repo, '..', 'shared', 'bench'));
  const benchDir = resolve(process.env.LICIT_BENCH_DIR ?? '/tmp/licit-bench');
  const toolsDir = join(benchDir, 'tools');
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.list) {
    process.stdout.write(`corpora: ${corpusNames(sharedDir).join(', ')}\ncommands: ${selectCommands().map((c) => `${c.id} (${c.group})`).join(', ')}\n`);
    return 0;
  }
  const known = corpusNames(sharedDir);
  const unknown = options.corpora.filter((name) => !known.includes(name));
  if (unknown.length) throw new Error(`unknown corpus: ${unknown.join(', ')} (have: ${known.join(', ')})`);

  mkdirSync(benchDir, { recursive: true });
  const started = new Date().toISOString();
  const loadBefore = loadavg();
  log(`licit bench: ${cpus().length} CPUs, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);
  if (options.commands.some((command) => command.group === 'licit') && !options.licit) warnIfStaleBuild();
  // licit's own rows need no peers: nothing is installed for them
  const toolFailures = options.corpora.length > 0 && options.commands.some((command) => command.group !== 'licit') ? ensureTools(toolsDir, log) : {};
  for (const [spec, reason] of Object.entries(toolFailures)) log(`  ${spec}: ${reason}`);
  const licensecheckProblem = options.licensecheck ? ensureLicensecheck(log) : undefined;

  const results = [];
  for (const name of options.corpora) {
    const result = benchCorpus({ name, options, sharedDir, benchDir, toolsDir, licensecheckProblem });
    results.push(result);
    process.stdout.write(`\n${corpusText(result)}\n`);
    if (result.identify) process.stdout.write(`${identifyText(result.identify)}\n`);
  }
  let scale;
  if (options.scale) {
    const scratch = mkdtempSync(join(tmpdir(), 'licit-bench-scale-'));
    try {
      log(`scale: ${options.scaleSizes.join(', ')} packages, ${options.runs} runs each`);
      scale = benchScale({ sizes: options.scaleSizes, runs: options.runs, licitBin: options.licitBin, benchDir, scratch, log });
      process.stdout.write(`\nscale (synthetic flat trees; wall seconds, median)\n${scaleTable(scale)}\n`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const loadAfter = loadavg();
  process.stdout.write(`\nload average before ${loadBefore[0].toFixed(2)}, after ${loadAfter[0].toFixed(2)} on ${cpus().length} CPUs` +
    `${loadAfter[0] > cpus().length * 0.5 ? ' — a busy machine: treat the timings as indicative' : ''}\n`);
  if (options.markdown && results.length > 0) process.stdout.write(`\n${combinedMarkdown(results)}\n`);
  if (options.markdown && scale) process.stdout.write(`\n${scaleTable(scale, { markdown: true })}\n`);
  if (options.json) {
    const raw = {
      started, node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length,
      cpuModel: cpus()[0]?.model, loadavgBefore: loadBefore, loadavgAfter: loadAfter,
      runs: options.runs, toolFailures, results, scale,
    };
    writeFileSync(options.json, `${JSON.stringify(raw, null, 2)}\n`);
    log(`raw results written to ${options.json}`);
  }
  const allPass = results.every((result) => !result.error && result.gates.every((gate) => gate.verdict === 'PASS')) &&
    (!scale || (scale.gate.verdict === 'PASS' && scale.sizes.every((size) => size.variants.every((variant) => variant.identical))));
  return options.strict && !allPass ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  log(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
