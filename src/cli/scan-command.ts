import { Command, Option } from 'commander';
import { LicitInputError, type ScanResult } from '../model/index.js';
import { REPORT_FORMATS, renderReport, type ReportFormat } from '../pipeline/render.js';
import { loadConfig } from './config.js';
import { resolvePolicy } from '../policy/config.js';
import { FAIL_ON, scanFails, type FailOn } from '../pipeline/gate.js';
import { scan, todayUtc } from '../pipeline/scan.js';
import { licitVersion } from '../pipeline/version.js';
import { painter, verdictLine } from '../report/verdict.js';
import { assertDistinctTargets, writeOutputsTogether } from './write-atomic.js';
import { colourEnabled, startProgress, terminalWidth } from './terminal.js';
import { resolve } from 'node:path';
import type { ManifestFetcher } from '../registry/index.js';
import type { OmitType } from '../walk/graph.js';

const OMIT_TYPES = ['dev', 'optional', 'peer'] as const;

interface SharedFlags {
  lockfileOnly?: boolean;
  omit?: OmitType[];
  workspace?: string[];
  config?: string;
  text: boolean;
  models: boolean;
  modelsOnly?: boolean;
  deep?: boolean;
  online?: boolean;
  cache?: string;
  format: ReportFormat;
  output?: string;
  out?: string[];
  failOn: FailOn;
  base?: string;
  all?: boolean;
  quiet?: boolean;
  summary?: boolean;
  verbose?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function addSharedOptions(command: Command, formats: readonly ReportFormat[], defaultFormat: ReportFormat): Command {
  return command
    .argument('[dir]', 'the project root (holding package.json)', '.')
    .addOption(new Option('--format <format>', 'main output format').choices(formats).default(defaultFormat))
    .option('-o, --output <file>', 'write the main output to a file (atomically) instead of stdout')
    .option('--out <format=file>', 'also write another format to a file; repeatable', collect)
    .option('--lockfile-only', 'read package-lock.json only, even when node_modules is installed')
    .addOption(new Option('--omit <type>', 'leave out dev, optional or peer dependencies, as npm does; repeatable').choices(OMIT_TYPES).argParser(collectChoice))
    .option('--workspace <name>', 'only this workspace (name or path) and its dependencies; repeatable', collect)
    .option('--config <path>', 'policy file (default: licit.config.json, .licitrc.json, package.json#licit)')
    .option('--no-text', 'metadata only: do not read license files')
    .option('--no-models', 'do not look for AI models in the project')
    .option('--models-only', 'only AI models: model files, model cards and model references in the code')
    .option('--deep', 'search all of node_modules for model weight files, not only package roots (slower)')
    .option('--online', 'fetch license data missing from the lockfile from the registry your npm config names')
    .option('--cache <dir>', 'cache directory for --online (default: $XDG_CACHE_HOME/licit or ~/.cache/licit)')
    .addOption(new Option('--fail-on <level>', 'exit 1 when findings reach this severity').choices(FAIL_ON).default('error'))
    .option('--quiet', 'no progress, no verdict line and no table on stdout: only the outputs asked for and the exit code');
}

function collectChoice(value: string, previous: OmitType[] = []): OmitType[] {
  if (!(OMIT_TYPES as readonly string[]).includes(value)) {
    throw new LicitInputError(`--omit takes dev, optional or peer, not ${value}`, 'bad-argument');
  }
  return [...previous, value as OmitType];
}

export function registerScanCommands(program: Command): void {
  addSharedOptions(
    program.command('scan').description('scan a project: licenses of every dependency, findings, obligations'),
    REPORT_FORMATS,
    'table',
  )
    .option('--base <ref>', 'report what the change since the merge-base of <ref> and HEAD brings (a pull request gate)')
    .option('--all', 'with --base: fail on every finding, not only on those new in the change')
    .option('--summary', 'table: counts by category and license, then the findings, without the package list')
    .option('--verbose', 'table: list dev-only packages and info findings too (folded into counts by default)')
    .action(async (dir: string, flags: SharedFlags) => {
      process.exitCode = await scanAndReport(dir, flags, { verdict: true });
    });

  addSharedOptions(
    program.command('sbom').description('write a software bill of materials (CycloneDX 1.6 or SPDX 2.3 JSON)'),
    ['cyclonedx', 'spdx'],
    'cyclonedx',
  ).action(async (dir: string, flags: SharedFlags) => {
    await scanAndReport(dir, { ...flags, failOn: 'never' });
    process.exitCode = 0;
  });
}

async function scanAndReport(dir: string, flags: SharedFlags, options: { verdict: boolean } = { verdict: false }): Promise<number> {
  const extraOutputs = (flags.out ?? []).map(parseOutSpec);
  assertDistinctTargets([...(flags.output ? [{ file: flags.output }] : []), ...extraOutputs]);
  if (flags.all && !flags.base) throw new LicitInputError('--all goes with --base <ref>', 'bad-argument');
  const config = loadConfig(dir, flags.config);
  const policy = resolvePolicy(config.value, config.source);
  const scanOptions = {
    lockfileOnly: flags.lockfileOnly === true,
    omit: new Set(flags.omit ?? []),
    workspaces: flags.workspace ?? [],
    readText: flags.text,
    models: flags.models,
    modelsOnly: flags.modelsOnly === true,
    deep: flags.deep === true,
    fetchManifest: flags.online ? await manifestFetcher(dir, flags.cache) : undefined,
  };
  const settings = { policy, today: todayUtc() };
  const progress = startProgress(process.stderr, { enabled: flags.quiet !== true });
  let result: ScanResult;
  try {
    result = flags.base
      ? await (await import('../pipeline/scan-against-base.js')).scanAgainstBase(dir, scanOptions, settings, { ref: flags.base, all: flags.all === true, progress })
      : await scan(dir, scanOptions, settings);
  } finally {
    progress.stop();
  }
  const view = { summary: flags.summary === true, verbose: flags.verbose === true };
  const onTerminal = { ...view, width: terminalWidth(process.stdout, process.env), paint: painter(colourEnabled(process.stdout, process.env)) };
  const rendered: { format: ReportFormat; file: string | null; content: string }[] = [];
  for (const { format, file } of [{ format: flags.format, file: flags.output ?? null }, ...extraOutputs]) {
    rendered.push({ format, file, content: await renderReport(format, result, { directory: dir, failOn: flags.failOn, table: file ? view : onTerminal, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH }) });
  }
  // Every file together or none; stdout only once they are written.
  writeOutputsTogether(rendered.flatMap(({ file, content }) => (file ? [{ file, content }] : [])));
  for (const output of rendered) {
    if (!output.file && !(flags.quiet && output.format === 'table')) process.stdout.write(output.content);
  }
  if (options.verdict && !flags.quiet && verdictWanted(flags)) {
    process.stderr.write(`${verdictLine(result, flags.failOn, painter(colourEnabled(process.stderr, process.env)))}\n`);
  }
  return scanFails(result, flags.failOn) ? 1 : 0;
}

/**
 * The verdict line goes to stderr when the report went to a file, and after a machine format only on a
 * terminal: a program reading stdout has the exit code. A table ends with its own verdict.
 */
function verdictWanted(flags: SharedFlags): boolean {
  if (flags.output) return true;
  if (flags.format === 'table') return false;
  return process.stderr.isTTY === true;
}

/** The registry client loads only when asked for: it costs a third of a second at start-up. */
async function manifestFetcher(dir: string, cache: string | undefined): Promise<ManifestFetcher> {
  const { assertCacheDirectory, createManifestFetcher, defaultCacheDir } = await import('../registry/index.js');
  return createManifestFetcher({
    projectDir: resolve(dir),
    cacheDir: assertCacheDirectory(cache ? resolve(cache) : defaultCacheDir(process.env)),
    env: process.env,
    userAgent: `licit/${licitVersion()}`,
  });
}

function parseOutSpec(spec: string): { format: ReportFormat; file: string } {
  const match = /^([a-z]+)=(.+)$/.exec(spec);
  if (!match || !(REPORT_FORMATS as readonly string[]).includes(match[1]!)) {
    throw new LicitInputError(`--out takes <format>=<file> with a format among ${REPORT_FORMATS.join(', ')}; got ${spec}`, 'bad-argument');
  }
  return { format: match[1] as ReportFormat, file: match[2]! };
}
