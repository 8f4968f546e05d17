import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ownValue, LicitInputError } from '../model/index.js';
import { licitVersion } from '../pipeline/version.js';
import { escapeControls } from '../report/escape.js';

export const EXIT_CLEAN = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_INPUT_ERROR = 2;

type Register = (program: Command) => void;

/**
 * Each command's module, loaded on demand: a scan in CI should not pay for loading `check`'s
 * resolver or `notice`'s texts. Help and unknown commands load them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  scan: async () => (await import('./scan-command.js')).registerScanCommands,
  notice: async () => (await import('./notice-command.js')).registerNotice,
  check: async () => (await import('./check-command.js')).registerCheck,
  identify: async () => (await import('./identify-command.js')).registerIdentify,
  explain: async () => (await import('./explain-command.js')).registerExplain,
  init: async () => (await import('./init-command.js')).registerInit,
  audit: async () => (await import('./audit-command.js')).registerAudit,
};
const COMMAND_MODULES: Record<string, string> = { sbom: 'scan' };

/** Commands that read the installed packages (package.json files, then license files unless told not to). */
const READS_INSTALLED_PACKAGES = new Set(['scan', 'sbom', 'notice']);
const NO_INSTALLED_PACKAGES = new Set(['--lockfile-only', '--models-only', '-h', '--help']);

/**
 * Starts the prefetch worker while the command's modules load, on the project the command line
 * most likely names. Only a hint: the options are parsed later by commander; the worker's work is
 * used only if the scan asks for exactly that project, and a worker nobody asks is left behind.
 */
async function warmUp(named: string | undefined, argv: string[]): Promise<void> {
  if (!named || !READS_INSTALLED_PACKAGES.has(named) || argv.some((argument) => NO_INSTALLED_PACKAGES.has(argument))) return;
  const prefetch = await import('../walk/prefetch/index.js');
  const readText = !argv.includes('--no-text');
  const root = likelyProjectRoot(argv.slice(argv.indexOf(named) + 1));
  prefetch.warmUpPrefetchWorker(readText, root ? prefetch.prefetchWanted(root, { lockfileOnly: false, readText }) : null);
}

/** The one argument that is an installed npm project, else the working directory if it is one. */
function likelyProjectRoot(commandArguments: string[]): string | null {
  const installed = (directory: string): boolean => existsSync(join(directory, 'package.json')) && existsSync(join(directory, 'node_modules'));
  const named = commandArguments.filter((argument) => !argument.startsWith('-') && installed(argument));
  if (named.length > 1) return null;
  const directory = named[0] ?? '.';
  return installed(directory) ? resolve(directory) : null;
}

async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('licit')
    .description('License compliance for npm projects and AI models: SBOM, license identification, policy.')
    .version(licitVersion(), '-V, --version')
    .addOption(new Option('--debug', 'print stack traces for unexpected errors'))
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError(false);
  const named = argv.slice(2).find((argument) => !argument.startsWith('-'));
  const wanted = named ? (ownValue(COMMAND_MODULES, named) ?? named) : undefined;
  await warmUp(named, argv.slice(2));
  const command = wanted === undefined ? undefined : ownValue(COMMANDS, wanted);
  const loaders = command ? [command] : Object.values(COMMANDS);
  for (const register of await Promise.all(loaders.map((load) => load()))) register(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_CLEAN;
  } catch (error) {
    return reportError(error, argv.includes('--debug'));
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // commander has already printed its one-line message (or the help / version text).
    return error.exitCode === 0 ? EXIT_CLEAN : EXIT_INPUT_ERROR;
  }
  if (error instanceof LicitInputError) {
    // The message may quote a package name, a path or a registry's words: kept on one line, inert.
    process.stderr.write(`licit: ${escapeControls(error.message)}\n`);
    if (debug) process.stderr.write(`${error.stack ?? ''}\n`);
    return EXIT_INPUT_ERROR;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`licit: internal error: ${escapeControls(message.split('\n')[0] ?? '')}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  return EXIT_INPUT_ERROR;
}

/**
 * A reader that stops early (`licit scan | head -1`) closes the pipe: the rest of the output is not wanted,
 * so writing stops without a word and the run ends with the exit code it has earned.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

quietOnClosedPipe(process.stdout);
quietOnClosedPipe(process.stderr);
process.exitCode = await main(process.argv);
