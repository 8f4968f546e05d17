// The scale row of the bench: licit on synthetic trees of 5,000 to 50,000 packages (bench/lib/synthetic.js),
// installed (with npm's hidden lockfile, and without it, when arborist reads every package.json) and
// lockfile-only. Checks the issue's gate (50,000 packages cost at most 10x 5,000) and that every run
// of one tree gives byte-identical JSON.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { quietEnv, failureReason } from './process.js';
import { formatRatio, formatSeconds, median, ratio } from './stats.js';
import { writeSyntheticTree } from './synthetic.js';

export const DEFAULT_SCALE_SIZES = [5000, 10000, 20000, 50000];
/** The issue's gate: the largest installed tree costs at most this many times the smallest. */
export const SCALE_GATE = 10;
const RUN_TIMEOUT_MS = 60 * 60 * 1000;
const GNU_TIME = '/usr/bin/time';

export const SCALE_VARIANTS = [
  { id: 'installed', label: 'installed (hidden lockfile)', args: [] },
  { id: 'no-hidden', label: 'installed, no hidden lockfile', args: [], withoutHiddenLockfile: true },
  { id: 'lockfile', label: '--lockfile-only', args: ['--lockfile-only'] },
];

/** The generator's source: a tree is rebuilt when it changes. */
function generatorStamp(packages) {
  const source = readFileSync(new URL('./synthetic.js', import.meta.url));
  return createHash('sha256').update(source).update(`\0${packages}`).digest('hex');
}

/** The flat synthetic tree of `packages` under benchDir/synthetic, written once and reused while the generator is unchanged. */
export function ensureSyntheticTree(benchDir, packages, log) {
  const dir = join(benchDir, 'synthetic', `flat-${packages}`);
  const stampFile = join(dir, '.licit-bench-stamp');
  const stamp = generatorStamp(packages);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return dir;
  log(`writing a synthetic tree of ${packages} packages to ${dir} …`);
  rmSync(dir, { recursive: true, force: true });
  writeSyntheticTree(dir, { packages, shape: 'flat' });
  writeFileSync(stampFile, stamp);
  return dir;
}

/** One licit run: wall seconds, and CPU seconds (user + system) when GNU time is there to count them. */
function timedLicit({ licitBin, dir, args, out }) {
  const command = [process.execPath, licitBin, 'scan', dir, '--format', 'json', '-o', out, '--quiet', ...args];
  const counted = existsSync(GNU_TIME);
  const start = process.hrtime.bigint();
  const result = spawnSync(counted ? GNU_TIME : command[0], counted ? ['-f', 'licit-cpu %U %S', ...command] : command.slice(1), {
    env: quietEnv, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = /licit-cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
  const ok = !result.error && result.signal === null && [0, 1].includes(result.status) && existsSync(out);
  return { ok, seconds, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined, reason: ok ? undefined : failureReason(result) };
}

/** Runs `work` with the tree's hidden lockfile moved aside, then puts it back as npm left it (directory times included). */
function withoutHiddenLockfile(dir, work) {
  const hidden = join(dir, 'node_modules', '.package-lock.json');
  const aside = join(dir, '.package-lock.json.aside');
  const { atime, mtime } = statSync(join(dir, 'node_modules'));
  const hiddenTimes = statSync(hidden);
  renameSync(hidden, aside);
  utimesSync(join(dir, 'node_modules'), atime, mtime);
  try {
    return work();
  } finally {
    renameSync(aside, hidden);
    utimesSync(hidden, hiddenTimes.atime, hiddenTimes.mtime);
    utimesSync(join(dir, 'node_modules'), atime, mtime);
  }
}

/**
 * Times every variant on every size: `runs` rounds, each running every variant once (interleaved, as
 * the corpus bench does). Returns { sizes: [{ packages, dir, variants: [{ id, label, runs, median,
 * cpu, identical, error }] }], gate }.
 */
export function benchScale({ sizes, runs, licitBin, benchDir, scratch, log }) {
  const results = [];
  for (const packages of sizes) {
    const dir = ensureSyntheticTree(benchDir, packages, log);
    const variants = SCALE_VARIANTS.map((variant) => ({ ...variant, runs: [], cpu: [], outputs: new Set() }));
    for (let round = 1; round <= runs; round++) {
      for (const variant of variants) {
        if (variant.error) continue;
        const out = join(scratch, `scale-${packages}-${variant.id}.json`);
        rmSync(out, { force: true });
        const run = () => timedLicit({ licitBin, dir, args: variant.args, out });
        const result = variant.withoutHiddenLockfile ? withoutHiddenLockfile(dir, run) : run();
        if (!result.ok) {
          variant.error = result.reason;
          continue;
        }
        variant.runs.push(result.seconds);
        if (result.cpu !== undefined) variant.cpu.push(result.cpu);
        variant.outputs.add(createHash('sha256').update(readFileSync(out)).digest('hex'));
      }
      log(`  ${packages} packages: run ${round}/${runs} done`);
    }
    results.push({
      packages,
      dir,
      variants: variants.map(({ id, label, runs: times, cpu, outputs, error }) => ({
        id, label, error, runs: times, median: median(times), cpu: median(cpu),
        // one distinct output over every run: the report is deterministic
        identical: error ? undefined : outputs.size === 1,
        digest: outputs.size === 1 ? [...outputs][0] : undefined,
      })),
    });
  }
  return { sizes: results, gate: scaleGate(results) };
}

/** Largest installed tree against the smallest: at most SCALE_GATE times its wall time. */
function scaleGate(results) {
  if (results.length < 2) return { verdict: 'n/a' };
  const of = (result) => result.variants.find((variant) => variant.id === 'installed');
  const smallest = results[0];
  const largest = results[results.length - 1];
  const value = ratio(of(largest).median, of(smallest).median);
  const verdict = value === undefined ? 'n/a' : value <= SCALE_GATE ? 'PASS' : 'FAIL';
  return { label: `installed ${largest.packages} / ${smallest.packages} ≤ ${SCALE_GATE}×`, value, verdict };
}

/** The scale table as text (Markdown with `markdown`): one row per size, wall (and CPU) seconds per variant. */
export function scaleTable({ sizes, gate }, { markdown = false } = {}) {
  const header = ['packages', ...SCALE_VARIANTS.map((variant) => variant.label), 'same JSON every run'];
  const cell = (variant) => (variant.error ? `n/a (${variant.error})` : `${formatSeconds(variant.median)} s${variant.cpu === undefined ? '' : ` (cpu ${formatSeconds(variant.cpu)})`}`);
  const rows = sizes.map((size) => {
    const sameAcross = size.variants.filter((variant) => variant.id !== 'lockfile').every((variant) => variant.digest && variant.digest === size.variants[0].digest);
    const identical = size.variants.every((variant) => variant.identical);
    return [size.packages.toLocaleString('en-US'), ...size.variants.map(cell), `${identical ? 'yes' : 'NO'}${sameAcross ? '' : ' (installed variants differ)'}`];
  });
  const gateLine = `gate: ${gate.label ?? 'scale'}: ${formatRatio(gate.value)} ${gate.verdict}`;
  if (markdown) {
    return [`| ${header.join(' | ')} |`, `|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`), '', gateLine].join('\n');
  }
  const widths = header.map((_, index) => Math.max(...[header, ...rows].map((row) => row[index].length)));
  const line = (row) => row.map((value, index) => (index === 0 ? value.padEnd(widths[index]) : value.padStart(widths[index]))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line), gateLine].join('\n');
}
