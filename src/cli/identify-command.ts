import { readdir, stat } from 'node:fs/promises';
import { escapeControls } from '../report/escape.js';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { identifyFile, identifySourceFile, isSourceFile, MAX_TEXT_BYTES, type TextIdentification } from '../licenses/text/index.js';
import { LicitInputError } from '../model/index.js';
import { writeFileAtomic } from './write-atomic.js';
import { isLicenseFileName } from '../walk/package-file-names.js';

const IDENTIFY_FORMATS = ['table', 'json'] as const;
type IdentifyFormat = (typeof IDENTIFY_FORMATS)[number];

interface IdentifyFlags {
  format: IdentifyFormat;
  output?: string;
  all?: boolean;
  sources?: boolean;
}

/** One entry of `licit identify --format json`. */
export interface IdentifyEntry {
  path: string;
  expression: string | null;
  confidence: number;
  matches: TextIdentification['matches'];
  binary: boolean;
  /** Share of the words explained by known licenses or incidental text. */
  coverage: number;
  /** Every license part with its lines and role, unrecognised text included. */
  parts: TextIdentification['parts'];
}

export function registerIdentify(program: Command): void {
  program
    .command('identify')
    .description('identify the licenses in license files (directories: the license-like files in them, recursively)')
    .argument('<paths...>', 'files or directories')
    .addOption(new Option('--format <format>', 'output format').choices(IDENTIFY_FORMATS).default('table'))
    .option('-o, --output <file>', 'write the output to a file (atomically) instead of stdout')
    .option('--all', 'in directories, every file, not only LICENSE, COPYING, NOTICE… files')
    .option('--sources', 'in directories, source files too (their comments: notices, headers, SPDX tags)')
    .action(async (paths: string[], flags: IdentifyFlags) => {
      const identified = await identifyPaths(paths, { all: flags.all === true, sources: flags.sources === true });
      const content =
        flags.format === 'json' ? `${JSON.stringify(identified.map(({ entry }) => entry), null, 2)}\n` : renderTable(identified);
      if (flags.output) writeFileAtomic(flags.output, content);
      else process.stdout.write(content);
    });
}

/**
 * Identifies the files given, and in directories the license-like files (LICENSE, COPYING, NOTICE…, as a
 * scan reads them), with `sources` source files too, or, with `all`, every file. A path that does not exist is an input error.
 */
export async function identifyPaths(paths: string[], options: { all?: boolean; sources?: boolean } = {}): Promise<{ entry: IdentifyEntry; truncated: boolean }[]> {
  const files: string[] = [];
  for (const given of paths) {
    const found = await stat(given).catch(() => null);
    if (!found) throw new LicitInputError(`${given}: no such file or directory`, 'missing-path');
    if (found.isDirectory()) {
      const base = given.replace(/[\\/]+$/, '');
      for (const relative of await listFiles(given)) {
        const name = relative.slice(relative.lastIndexOf('/') + 1);
        if (options.all === true || isLicenseFileName(name) || (options.sources === true && isSourceFile(name))) files.push(`${base}/${relative}`);
      }
    } else if (found.isFile()) {
      files.push(given);
    } else {
      throw new LicitInputError(`${given}: not a regular file (a FIFO, socket or device): licit identifies files and folders`, 'not-a-file');
    }
  }
  // Reads overlap (the matching itself is synchronous): a tree of small files waits on the disk, not the CPU.
  const results = await mapConcurrently(files, READ_CONCURRENCY, (path) =>
    // Source files: their comments only (a notice, a header, a tag); other files as license texts.
    isSourceFile(path) ? identifySourceFile(path) : identifyFile(path),
  );
  const identified: { entry: IdentifyEntry; truncated: boolean }[] = [];
  for (const [at, path] of files.entries()) {
    const result = results[at]!;
    identified.push({
      entry: {
        path,
        expression: result.expression,
        confidence: result.confidence,
        matches: result.matches,
        binary: result.binary,
        coverage: result.coverage,
        parts: result.parts,
      },
      truncated: result.truncated === true,
    });
  }
  return identified;
}

const READ_CONCURRENCY = 32;

/** `map` over the items with at most `limit` calls pending at once; results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const at = next++;
      results[at] = await map(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Files under a directory, relative with forward slashes, sorted; symlinked directories are not followed. */
async function listFiles(directory: string, prefix = ''): Promise<string[]> {
  const names = (await readdir(directory, { withFileTypes: true })).sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of names) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    const full = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(full, relative)));
    else if (entry.isFile() || (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isFile())) files.push(relative);
  }
  return files;
}

function renderTable(identified: { entry: IdentifyEntry; truncated: boolean }[]): string {
  const rows = identified.map(({ entry, truncated }) => {
    const note = entry.binary ? 'binary, not read' : truncated ? `only the first ${MAX_TEXT_BYTES / 1024 / 1024} MiB read` : '';
    return [escapeControls(entry.path), entry.expression ?? '(not recognised)', entry.expression === null ? '' : entry.confidence.toFixed(2), note];
  });
  const header = ['PATH', 'LICENSE', 'CONFIDENCE', ''];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return `${[header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n')}\n`;
}
