// A scan as `licit scan <dir> [--config] [--fail-on]` runs it, in the test's own process: the same
// config lookup, policy, pipeline, renderers and exit-code rule as the CLI, without starting a
// Node process per case (about a second each on a busy machine). Tests of the CLI's own contract
// (argument parsing, exit 2 with one line, files written) spawn the built bundle instead.
import { loadConfig } from '../../src/cli/config.js';
import { colourEnabled, terminalWidth } from '../../src/cli/terminal.js';
import { escapeControls } from '../../src/report/escape.js';
import { painter } from '../../src/report/verdict.js';
import { buildNotice, check, renderReport, scan, scanFails, todayUtc, type FailOn, type ReportFormat } from '../../src/pipeline/index.js';
import { LicitInputError, type CheckReport } from '../../src/model/index.js';
import { licitFileUrl } from '../../src/model/package-root.js';
import { resolvePolicy } from '../../src/policy/config.js';
import { warmUpPrefetchWorker } from '../../src/walk/prefetch/index.js';
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { parseReport, type Report } from './cli.js';

// The CLI tests run with this SOURCE_DATE_EPOCH (runLicit): SBOMs rendered here carry the same date.
process.env.SOURCE_DATE_EPOCH ??= '1700000000';

export interface InProcessOptions {
  config?: string;
  failOn?: FailOn;
  lockfileOnly?: boolean;
  readText?: boolean;
  models?: boolean;
  modelsOnly?: boolean;
}

export interface InProcessScan {
  /** The exit code the CLI would set. */
  code: number;
  /** The JSON report, validated against schema/report-v1.schema.json. */
  report: Report;
  /** The result in another of the CLI's formats, as `--format` would print it. */
  render(format: ReportFormat): Promise<string>;
  /** The table as `licit scan [--summary] [--verbose]` prints it into a pipe, under these environment variables. */
  table(options?: TableFlags): Promise<string>;
}

export interface TableFlags {
  env?: Record<string, string>;
  summary?: boolean;
  verbose?: boolean;
}

/** Standard output as the CLI tests see it: a pipe, not a terminal. */
const PIPE = { isTTY: false, write: () => true };

export async function scanInProcess(dir: string, options: InProcessOptions = {}): Promise<InProcessScan> {
  const config = loadConfig(dir, options.config);
  const policy = resolvePolicy(config.value, config.source);
  const result = await scan(
    dir,
    {
      lockfileOnly: options.lockfileOnly === true,
      omit: new Set(),
      workspaces: [],
      readText: options.readText !== false,
      models: options.models !== false,
      modelsOnly: options.modelsOnly === true,
    },
    { policy, today: todayUtc() },
  );
  const context = { directory: dir, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH };
  return {
    code: scanFails(result, options.failOn ?? 'error') ? 1 : 0,
    report: parseReport(await renderReport('json', result, context)),
    render: (format) => renderReport(format, result, context),
    table: ({ env = {}, summary = false, verbose = false } = {}) =>
      renderReport('table', result, {
        ...context,
        failOn: options.failOn ?? 'error',
        table: { summary, verbose, width: terminalWidth(PIPE, env), paint: painter(colourEnabled(PIPE, env)) },
      }),
  };
}

/** Scans `dir` in-process and asserts its findings are exactly these `rule/code` pairs (in any order). */
export async function expectFindings(dir: string, expected: readonly string[], options: InProcessOptions = {}): Promise<InProcessScan> {
  const scan = await scanInProcess(dir, options);
  const found = (scan.report.findings as { rule: string; code: string }[]).map((finding) => `${finding.rule}/${finding.code}`);
  expect(found.sort()).toEqual([...expected].sort());
  return scan;
}

/** `licit notice <dir> [--lockfile-only]` in-process: the same config lookup and pipeline as the CLI. */
export async function noticeInProcess(dir: string, options: { format: 'markdown' | 'text'; lockfileOnly?: boolean }): Promise<string> {
  const config = loadConfig(dir, undefined);
  const settings = { policy: resolvePolicy(config.value, config.source), today: todayUtc() };
  return buildNotice(dir, { format: options.format, lockfileOnly: options.lockfileOnly === true, omit: [], workspaces: [], settings });
}

export interface CheckFlags {
  project?: string;
  config?: string;
  deep?: boolean;
  offline?: boolean;
  cache?: string;
  text?: boolean;
}

/** `licit check <specs>` in-process: the project and config found as the CLI finds them, then the check pipeline. */
export async function checkInProcess(specs: string[], flags: CheckFlags = {}): Promise<CheckReport> {
  const directory = resolve(flags.project ?? '.');
  const config = loadConfig(directory, flags.config);
  return check(specs, {
    directory,
    settings: { policy: resolvePolicy(config.value, config.source), today: todayUtc() },
    policySource: config.source,
    deep: flags.deep === true,
    offline: flags.offline === true,
    ...(flags.cache ? { cache: resolve(flags.cache) } : {}),
    readText: flags.text !== false,
    env: process.env,
  });
}

/**
 * `licit scan <dir> --format json [flags]` in-process, as a CLI run: the exit code, the JSON on stdout, or the
 * one line on stderr and exit 2 for bad input. Takes the flags that only steer the scan; anything else is the
 * CLI's own business and belongs to a spawned test.
 */
export async function scanJsonRun(dir: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const options: InProcessOptions = {};
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index];
    if (flag === '--lockfile-only') options.lockfileOnly = true;
    else if (flag === '--no-text') options.readText = false;
    else if (flag === '--no-models') options.models = false;
    else if (flag === '--config') options.config = args[(index += 1)];
    else if (flag === '--fail-on') options.failOn = args[(index += 1)] as FailOn;
    else throw new Error(`scanJsonRun: ${String(flag)} is for a spawned CLI test`);
  }
  try {
    const scan = await scanInProcess(dir, options);
    return { code: scan.code, stdout: await scan.render('json'), stderr: '' };
  } catch (error) {
    if (error instanceof LicitInputError) return { code: 2, stdout: '', stderr: `licit: ${escapeControls(error.message)}\n` };
    throw error;
  }
}

/** The one line the CLI would print for bad input (`licit: <message>`), or null when the scan ran. */
export async function inputErrorOf(dir: string, options: InProcessOptions = {}): Promise<string | null> {
  try {
    await scanInProcess(dir, options);
    return null;
  } catch (error) {
    if (error instanceof LicitInputError) return `licit: ${error.message}`;
    throw error;
  }
}

/**
 * The scan with the bundled prefetch worker (dist/prefetch-worker.js), started as the CLI starts it:
 * from the sources no worker runs, so this is how a test covers the worker's readings in-process.
 * Throws if the worker never answered (its readings would not have been used).
 */
export async function scanWithBundledWorker(dir: string, options: InProcessOptions = {}): Promise<InProcessScan> {
  const worker = warmUpPrefetchWorker(options.readText !== false && options.lockfileOnly !== true, null, licitFileUrl('dist/prefetch-worker.js'));
  if (!worker) throw new Error('dist/prefetch-worker.js is not built');
  let answered = false;
  worker.once('message', () => (answered = true));
  const scan = await scanInProcess(dir, options);
  if (!answered) throw new Error('the bundled prefetch worker did not answer the scan');
  return scan;
}
