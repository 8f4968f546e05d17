// licit identify throughput on a corpus: its license files, and its ordinary source files (most hold
// no license text, so the pre-filter decides), as files per second of wall time over the built CLI.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { licenseFiles } from './licensecheck.js';
import { timedRun } from './process.js';
import { median } from './stats.js';

const SOURCE_FILE = /\.(?:c|h|cc|cpp|hpp|js|mjs|cjs|ts|py|java|go|rs)$/;
/** Source files timed per corpus (the first ones in path order): enough for a steady rate. */
export const MAX_SOURCE_FILES = 20_000;

/** Source files under node_modules, sorted, at most MAX_SOURCE_FILES. */
export function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= MAX_SOURCE_FILES) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && SOURCE_FILE.test(entry.name)) files.push(path);
    }
  };
  walk(join(root, 'node_modules'));
  return files;
}

/** Median wall time of `licit identify` over the files (xargs batches under ARG_MAX), and of one process over one file (its start). */
export function timeIdentify({ licitBin, dir, scratch, runs }) {
  const rows = {};
  for (const [kind, files] of [['licenseFiles', licenseFiles(dir)], ['sourceFiles', sourceFiles(dir)]]) {
    if (files.length === 0) {
      rows[kind] = { error: 'no files found' };
      continue;
    }
    const list = join(scratch, `identify-${kind}.list`);
    writeFileSync(list, files.join('\0'));
    const args = ['-c', `xargs -0 -n 8000 "${process.execPath}" "${licitBin}" identify --format json < "$1"`, 'sh', list];
    const times = [];
    for (let round = 0; round <= runs; round++) {
      const result = timedRun({ command: 'sh', args, cwd: dir });
      if (!result.ok) {
        rows[kind] = { error: result.reason, files: files.length };
        break;
      }
      if (round > 0) times.push(result.seconds);
    }
    if (rows[kind]) continue;
    const mid = median(times);
    rows[kind] = { files: files.length, runs: times, median: mid, filesPerSecond: files.length / mid, processes: Math.ceil(files.length / 8000) };
  }
  const start = [];
  for (let round = 0; round <= runs; round++) {
    const result = timedRun({ command: process.execPath, args: [licitBin, 'identify', '--format', 'json', join(dir, 'package.json')], cwd: dir });
    if (result.ok && round > 0) start.push(result.seconds);
  }
  rows.processStart = start.length > 0 ? median(start) : undefined;
  return rows;
}

/** The two rows as text. */
export function identifyText(rows) {
  const line = (label, row) =>
    row.error ? `${label}: n/a (${row.error})` : `${label}: ${row.files} files, median ${row.median.toFixed(2)} s = ${Math.round(row.filesPerSecond)} files/s (${row.processes} process${row.processes > 1 ? 'es' : ''})`;
  return [
    line('licit identify over the license files', rows.licenseFiles),
    line('licit identify over source files (comments, pre-filter)', rows.sourceFiles),
    rows.processStart === undefined ? '' : `   (one licit process starts in ${rows.processStart.toFixed(2)} s, included above)`,
  ].filter(Boolean).join('\n');
}
