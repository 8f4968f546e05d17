import { Command, Option } from 'commander';
import { LicitInputError } from '../model/index.js';
import { resolvePolicy } from '../policy/config.js';
import { buildNotice } from '../pipeline/notice.js';
import { todayUtc } from '../pipeline/scan.js';
import type { NoticeFormat } from '../report/notice.js';
import type { OmitType } from '../walk/graph.js';
import { loadConfig } from './config.js';
import { startProgress } from './terminal.js';
import { writeFileAtomic } from './write-atomic.js';

const NOTICE_FORMATS = ['markdown', 'text'] as const;
const OMIT_TYPES = ['dev', 'optional', 'peer'] as const;

interface NoticeFlags {
  format: NoticeFormat;
  output?: string;
  lockfileOnly?: boolean;
  omit?: OmitType[];
  workspace?: string[];
  config?: string;
  quiet?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function registerNotice(program: Command): void {
  program
    .command('notice')
    .description('write THIRD-PARTY-NOTICES: the license texts and NOTICE files of the production dependencies')
    .argument('[dir]', 'the project root (holding package.json)', '.')
    .addOption(new Option('--format <format>', 'output format').choices(NOTICE_FORMATS).default('markdown'))
    .option('-o, --output <file>', 'write to a file (atomically) instead of stdout')
    .option('--lockfile-only', 'read package-lock.json only, even when node_modules is installed (texts then come from the SPDX list)')
    .addOption(new Option('--omit <type>', 'also leave out optional or peer dependencies (dev ones never ship); repeatable').choices(OMIT_TYPES).argParser(collectOmit))
    .option('--workspace <name>', 'only this workspace (name or path) and its dependencies; repeatable', collect)
    .option('--config <path>', 'policy file (it chooses among OR alternatives)')
    .option('--quiet', 'no progress line')
    .action(async (dir: string, flags: NoticeFlags) => {
      const config = loadConfig(dir, flags.config);
      const settings = { policy: resolvePolicy(config.value, config.source), today: todayUtc() };
      const progress = startProgress(process.stderr, { enabled: flags.quiet !== true });
      progress.phase('reading license files');
      let content: string;
      try {
        content = await buildNotice(dir, { format: flags.format, lockfileOnly: flags.lockfileOnly === true, omit: flags.omit ?? [], workspaces: flags.workspace ?? [], settings });
      } finally {
        progress.stop();
      }
      if (flags.output) writeFileAtomic(flags.output, content);
      else process.stdout.write(content);
      process.exitCode = 0;
    });
}

function collectOmit(value: string, previous: OmitType[] = []): OmitType[] {
  if (!(OMIT_TYPES as readonly string[]).includes(value)) throw new LicitInputError(`--omit takes dev, optional or peer, not ${value}`, 'bad-argument');
  return [...previous, value as OmitType];
}
