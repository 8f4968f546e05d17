import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { LicitInputError, readInputText, type Inventory } from '../model/index.js';
import { checkDiff, mergeAddition, withLockedPackages } from '../policy/check-diff.js';
import { resolvePolicy } from '../policy/config.js';
import { lockfileEntries } from '../walk/lockfile-entries.js';
import { walkNpmProject } from '../walk/npm.js';
import { npmPurl } from '../walk/purl.js';
import { CHECK_FORMATS, renderCheck, type CheckFormat, type CheckReport } from './check-output.js';
import { loadConfig } from './config.js';
import { evaluateInventory, todayUtc } from './scan-pipeline.js';
import { writeFileAtomic } from './write-atomic.js';
import { licitVersion } from './version.js';

const FAIL_ON = ['error', 'warning', 'never'] as const;
type FailOn = (typeof FAIL_ON)[number];

interface CheckFlags {
  project?: string;
  config?: string;
  format: CheckFormat;
  output?: string;
  deep?: boolean;
  offline?: boolean;
  preferOffline?: boolean;
  cache?: string;
  text: boolean;
  failOn: FailOn;
}

const NPM_LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check packages before adding them: their licenses and their dependencies\', against the policy')
    .argument('<spec...>', 'what npm install accepts: name, name@version|range|tag, a tarball path or URL, a folder, npm:alias')
    .option('--project <dir>', 'the project the packages would join (default: the current directory, when it holds package.json)')
    .option('--config <path>', 'policy file (default: the project\'s licit.config.json, .licitrc.json, package.json#licit)')
    .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('table'))
    .option('-o, --output <file>', 'write the output to a file (atomically) instead of stdout')
    .option('--deep', 'also fetch each new package\'s tarball and identify the texts of its license files')
    .option('--offline', 'answer from the cache only; say what is not there')
    .option('--prefer-offline', 'use cached registry data without revalidating it')
    .option('--cache <dir>', 'cache directory (default: $XDG_CACHE_HOME/licit or ~/.cache/licit)')
    .option('--no-text', 'do not read the license files installed in the project')
    .addOption(new Option('--fail-on <level>', 'exit 1 when new findings reach this severity').choices(FAIL_ON).default('error'))
    .action(async (specs: string[], flags: CheckFlags) => {
      process.exitCode = await checkAndReport(specs, flags);
    });
}

async function checkAndReport(specs: string[], flags: CheckFlags): Promise<number> {
  const report = await runCheck(specs, flags);
  const content = renderCheck(flags.format, report);
  if (flags.output) writeFileAtomic(flags.output, content);
  else process.stdout.write(content);
  return checkExitCode(report, flags.failOn);
}

/** The exit code of a check: 1 when the findings the packages add reach the --fail-on level. */
export function checkExitCode(report: CheckReport, failOn: CheckFlags['failOn']): number {
  if (failOn === 'never') return 0;
  const gate = report.diff.findingsAdded.some((finding) => finding.severity === 'error' || (failOn === 'warning' && finding.severity === 'warning'));
  return gate ? 1 : 0;
}

/** resolve -> identify -> classify -> evaluate twice (without and with the packages) -> difference. */
export async function runCheck(specs: string[], flags: CheckFlags): Promise<CheckReport> {
  const projectDir = resolve(flags.project ?? '.');
  const inProject = existsSync(join(projectDir, 'package.json'));
  if (flags.project !== undefined && !inProject) throw new LicitInputError(`no package.json in ${flags.project}: --project names an npm project's root`, 'no-manifest');

  const config = loadConfig(projectDir, flags.config);
  const policy = resolvePolicy(config.value, config.source);
  const settings = { policy, today: todayUtc() };
  const notes: string[] = [];
  const lockfileName = inProject ? (NPM_LOCKFILES.find((name) => existsSync(join(projectDir, name))) ?? null) : null;
  const installed = inProject ? await projectInventory(projectDir, flags, notes) : blankInventory('licit-check', null);
  // An installed tree lacks the platform builds npm skipped here; the project has them all the same.
  const locked = installed.mode === 'actual' ? lockfileEntries(projectDir).refs : new Set<string>();

  // The registry client and arborist load only now: a mistyped flag answers at once.
  const { assertCacheDirectory, readNpmConfig, defaultCacheDir } = await import('../registry/index.js');
  const { createTarballFileFetcher } = await import('../registry/tarball.js');
  const { cappedPackuments } = await import('../registry/packuments.js');
  const { resolveAddition } = await import('../walk/ideal-tree.js');
  const npmConfig = readNpmConfig(projectDir, { env: process.env });
  const offline = flags.offline === true || npmConfig.offline;
  const cacheDir = assertCacheDirectory(flags.cache ? resolve(flags.cache) : defaultCacheDir(process.env));
  const fetchOptions = { ...npmConfig.fetchOptions, userAgent: `licit/${licitVersion()}` };
  const resolved = await resolveAddition({
    specs,
    project: inProject ? { directory: projectDir, lockfile: lockfileName ? join(projectDir, lockfileName) : null } : null,
    fetchOptions,
    cacheDir,
    offline,
    preferOffline: flags.preferOffline === true || npmConfig.values['prefer-offline'] === true,
    deep: flags.deep === true,
    known: new Set([...installed.components.map((component) => component.ref), ...locked]),
    fetchLicenseFiles: createTarballFileFetcher({ fetchOptions, cacheDir, offline }),
    packuments: (arboristOptions) => cappedPackuments(arboristOptions),
  });

  const addedRefs = resolved.additions.map((addition) => addition.ref);
  const before = withLockedPackages(installed, resolved.inventory, locked);
  const merged = mergeAddition(before, resolved.inventory, addedRefs);
  const beforeResult = evaluateInventory(before, settings);
  const afterResult = evaluateInventory(merged, settings);
  const diff = checkDiff(beforeResult, afterResult, addedRefs);
  const addedRefSet = new Set(diff.added.map((entry) => entry.ref));
  return {
    tool: afterResult.tool,
    specs,
    project: inProject ? { name: before.root.name, version: before.root.version, license: policy.context.projectLicense ?? before.root.license } : null,
    policy: { preset: policy.preset, source: config.source, distribution: policy.context.distribution },
    additions: resolved.additions,
    components: afterResult.components.filter((component) => addedRefSet.has(component.ref)),
    diff,
    deprecated: resolved.deprecated.filter((entry) => addedRefSet.has(entry.ref)),
    notes,
  };
}

async function projectInventory(projectDir: string, flags: CheckFlags, notes: string[]): Promise<Inventory> {
  try {
    return await walkNpmProject(projectDir, { lockfileOnly: false, omit: new Set(), workspaces: [], readText: flags.text });
  } catch (error) {
    if (!(error instanceof LicitInputError) || error.code !== 'no-lockfile') throw error;
    notes.push('the project has no lockfile and nothing installed: the packages are judged on their own, against the project\'s policy');
    const manifest = JSON.parse(readInputText(join(projectDir, 'package.json'), 'package.json')) as { name?: unknown; license?: unknown };
    return blankInventory(typeof manifest.name === 'string' && manifest.name ? manifest.name : basename(projectDir), typeof manifest.license === 'string' ? manifest.license : null);
  }
}

function blankInventory(name: string, license: string | null): Inventory {
  return {
    root: { name, version: null, license, purl: npmPurl(name, null), workspaces: [], dependsOn: [] },
    components: [],
    mode: 'virtual',
    problems: [],
  };
}
