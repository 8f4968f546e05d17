import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { LicitInputError } from '../model/index.js';
import { resolvePolicy } from '../policy/config.js';
import { check } from '../pipeline/check.js';
import { checkFails, FAIL_ON, type FailOn } from '../pipeline/gate.js';
import { todayUtc } from '../pipeline/scan.js';
import { CHECK_FORMATS, renderCheck, type CheckFormat } from '../report/check.js';
import { loadConfig } from './config.js';
import { writeFileAtomic } from './write-atomic.js';

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
      const directory = resolve(flags.project ?? '.');
      if (flags.project !== undefined && !existsSync(join(directory, 'package.json'))) {
        throw new LicitInputError(`no package.json in ${flags.project}: --project names an npm project's root`, 'no-manifest');
      }
      const config = loadConfig(directory, flags.config);
      const report = await check(specs, {
        directory,
        settings: { policy: resolvePolicy(config.value, config.source), today: todayUtc() },
        policySource: config.source,
        deep: flags.deep === true,
        offline: flags.offline === true,
        preferOffline: flags.preferOffline === true,
        ...(flags.cache ? { cache: resolve(flags.cache) } : {}),
        readText: flags.text,
        env: process.env,
      });
      const content = renderCheck(flags.format, report);
      if (flags.output) writeFileAtomic(flags.output, content);
      else process.stdout.write(content);
      process.exitCode = checkFails(report, flags.failOn) ? 1 : 0;
    });
}
