import { Command, CommanderError, Option } from 'commander';
import { LicitInputError } from '../model/index.js';
import { registerCheck } from './check-command.js';
import { registerExplain } from './explain-command.js';
import { registerIdentify } from './identify-command.js';
import { registerInit } from './init-command.js';
import { registerNotice } from './notice-command.js';
import { registerScanCommands } from './scan-command.js';
import { licitVersion } from './version.js';

export const EXIT_CLEAN = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_INPUT_ERROR = 2;

function buildProgram(): Command {
  const program = new Command('licit')
    .description('License compliance for npm projects and AI models: SBOM, license identification, policy.')
    .version(licitVersion(), '-V, --version')
    .addOption(new Option('--debug', 'print stack traces for unexpected errors'))
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .showHelpAfterError(false);
  registerScanCommands(program);
  registerNotice(program);
  registerCheck(program);
  registerIdentify(program);
  registerExplain(program);
  registerInit(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
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
    process.stderr.write(`licit: ${error.message}\n`);
    if (debug) process.stderr.write(`${error.stack ?? ''}\n`);
    return EXIT_INPUT_ERROR;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`licit: internal error: ${message.split('\n')[0]}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
  return EXIT_INPUT_ERROR;
}

process.exitCode = await main(process.argv);
