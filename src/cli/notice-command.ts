// `licit notice`: THIRD-PARTY-NOTICES for the production tree. The scan finds each package's license files;
// this reads their texts (a package without one gets the SPDX reference text) and the reporter groups them.
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { LicitInputError, readBounded, type Component } from '../model/index.js';
import { resolvePolicy } from '../policy/config.js';
import { toNotice, type NoticeFormat, type NoticePackage, type NoticeText } from '../report/notice.js';
import { isNoticeFileName, referenceTexts } from '../pipeline/notice-texts.js';
import type { OmitType } from '../walk/graph.js';
import { loadConfig } from './config.js';
import { runScan, todayUtc } from './scan-pipeline.js';
import { startProgress } from './terminal.js';
import { writeFileAtomic } from './write-atomic.js';

const NOTICE_FORMATS = ['markdown', 'text'] as const;
const OMIT_TYPES = ['dev', 'optional', 'peer'] as const;
/** License files larger than this are not license texts to reproduce (the walker reports them). */
const MAX_TEXT_BYTES = 1024 * 1024;

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
      const content = await buildNotice(dir, flags);
      if (flags.output) writeFileAtomic(flags.output, content);
      else process.stdout.write(content);
      process.exitCode = 0;
    });
}

function collectOmit(value: string, previous: OmitType[] = []): OmitType[] {
  if (!(OMIT_TYPES as readonly string[]).includes(value)) throw new LicitInputError(`--omit takes dev, optional or peer, not ${value}`, 'bad-argument');
  return [...previous, value as OmitType];
}

export async function buildNotice(dir: string, flags: NoticeFlags): Promise<string> {
  const config = loadConfig(dir, flags.config);
  const policy = resolvePolicy(config.value, config.source);
  const progress = startProgress(process.stderr, { enabled: flags.quiet !== true });
  progress.phase('reading license files');
  try {
    const result = await runScan(
      dir,
      {
        lockfileOnly: flags.lockfileOnly === true,
        omit: new Set<OmitType>(['dev', ...(flags.omit ?? [])]),
        workspaces: flags.workspace ?? [],
        readText: true,
      },
      { policy, today: todayUtc() },
    );
    const root = resolve(dir);
    const packages = result.components.filter((component) => component.kind === 'npm').map((component) => noticePackage(root, component));
    return toNotice({ root: { name: result.root.name, version: result.root.version }, tool: result.tool, packages }, flags.format);
  } finally {
    progress.stop();
  }
}

function noticePackage(root: string, component: Component): NoticePackage {
  const license = component.license.chosen ?? component.license.expression;
  const directory = component.paths[0] === undefined ? null : join(root, component.paths[0]);
  const texts: NoticeText[] = [];
  for (const file of component.license.files) {
    const text = directory ? readText(join(directory, file.path)) : null;
    if (text === null) continue;
    texts.push({ kind: isNoticeFileName(file.path) ? 'notice' : 'license', license: file.expression, file: file.path, text });
  }
  if (!texts.some((text) => text.kind === 'license')) texts.push(...referenceTexts(license));
  const copyrights = [...new Set(component.license.files.flatMap((file) => file.copyrights ?? []))];
  return { name: component.name, version: component.version, license, texts, copyrights };
}


function readText(path: string): string | null {
  try {
    const { bytes, truncated } = readBounded(path, MAX_TEXT_BYTES);
    if (truncated || bytes.includes(0)) return null;
    return bytes.toString('utf8');
  } catch {
    return null; // the walker has reported an unreadable file as a finding
  }
}
