// `licit audit [dir] -o <folder>`: parses the arguments, runs the audit pipeline and writes its deliverables
// into the folder, all of them or none.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { LicitInputError } from '../model/index.js';
import { resolvePolicy } from '../policy/config.js';
import { loadConfig } from './config.js';
import { scanFails, type FailOn } from '../pipeline/gate.js';
import { todayUtc } from '../pipeline/scan.js';
import { painter, verdictLine } from '../report/verdict.js';
import { colourEnabled, startProgress } from './terminal.js';
import { writeOutputsTogether } from './write-atomic.js';

const FAIL_ON = ['error', 'warning', 'never'] as const;
/** Past this, a run whose stderr is not a terminal says what it is doing, one line per phase. */
const LONG_RUN_MS = 10_000;

interface AuditFlags {
  output: string;
  config?: string;
  ignore?: string[];
  failOn: FailOn;
  quiet?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('audit a whole codebase (npm, Python, vendored code, source headers, AI models) into a folder of reports')
    .argument('[dir]', 'the root of the codebase', '.')
    .requiredOption('-o, --output <folder>', 'folder to write report.html, report.json, sbom.cdx.json, sbom.spdx.json, THIRD-PARTY-NOTICES.md and inventory.csv into')
    .option('--config <path>', 'policy file (default: licit.config.json, .licitrc.json, package.json#licit)')
    .option('--ignore <glob>', 'leave these paths (relative to the root) out of the walk; repeatable', collect)
    .addOption(new Option('--fail-on <level>', 'exit 1 when findings reach this severity').choices(FAIL_ON).default('error'))
    .option('--quiet', 'no progress and no verdict line')
    .action(async (dir: string, flags: AuditFlags) => {
      process.exitCode = await audit(dir, flags);
    });
}

async function audit(dir: string, flags: AuditFlags): Promise<number> {
  assertOutputFolder(flags.output);
  const config = loadConfig(dir, flags.config);
  const policy = resolvePolicy(config.value, config.source);
  const progress = startProgress(process.stderr, { enabled: flags.quiet !== true });
  const started = Date.now();
  const onPhase = (label: string): void => {
    progress.phase(label);
    if (flags.quiet !== true && process.stderr.isTTY !== true && Date.now() - started > LONG_RUN_MS && !label.includes('/')) process.stderr.write(`licit: ${label}\n`);
  };
  const [{ runAudit }, { renderAuditOutputs }] = await Promise.all([import('../pipeline/audit.js'), import('../pipeline/audit-outputs.js')]);
  let outputs;
  let result;
  try {
    result = await runAudit(dir, { ignore: flags.ignore ?? [], exclude: flags.output, onPhase }, { policy, today: todayUtc() });
    onPhase('writing the reports');
    outputs = await renderAuditOutputs(dir, result, { failOn: flags.failOn, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH });
  } finally {
    progress.stop();
  }
  writeOutputsTogether(outputs.map(({ name, content }) => ({ file: join(flags.output, name), content })));
  if (flags.quiet !== true) process.stderr.write(`${verdictLine(result, flags.failOn, painter(colourEnabled(process.stderr, process.env)))}\n`);
  return scanFails(result, flags.failOn) ? 1 : 0;
}

/** The output folder may exist (its six files are replaced) but must not be a file. */
function assertOutputFolder(folder: string): void {
  let stats;
  try {
    stats = statSync(folder);
  } catch {
    return;
  }
  if (!stats.isDirectory()) throw new LicitInputError(`-o ${folder} is a file, not a folder: give the folder to write the audit into`, 'bad-argument');
}
