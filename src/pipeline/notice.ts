// `licit notice`: THIRD-PARTY-NOTICES for the production tree. The scan finds each package's license files;
// this reads their texts (a package without one gets the SPDX reference text) and the reporter groups them.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ownValue, readBounded, type Component } from '../model/index.js';
import { classifyExpression } from '../policy/classify.js';
import { toNotice, type NoticeFormat, type NoticePackage, type NoticeText } from '../report/notice.js';
import type { OmitType } from '../walk/graph.js';
import { scan, type EvaluationSettings } from './scan.js';

/** License files larger than this are not license texts to reproduce (the walker reports them). */
const MAX_TEXT_BYTES = 1024 * 1024;

export interface NoticeOptions {
  format: NoticeFormat;
  lockfileOnly: boolean;
  /** Left out besides dev dependencies, which never ship. */
  omit: readonly OmitType[];
  workspaces: readonly string[];
  /** The policy chooses among OR alternatives. */
  settings: EvaluationSettings;
}

/** The notices file's text for the project's production tree. */
export async function buildNotice(dir: string, options: NoticeOptions): Promise<string> {
  const result = await scan(
    dir,
    { lockfileOnly: options.lockfileOnly, omit: new Set<OmitType>(['dev', ...options.omit]), workspaces: options.workspaces, readText: true },
    options.settings,
  );
  const root = resolve(dir);
  const packages = result.components.filter((component) => component.kind === 'npm').map((component) => noticePackage(root, component));
  return toNotice({ root: { name: result.root.name, version: result.root.version }, tool: result.tool, packages }, options.format);
}

function noticePackage(root: string, component: Component): NoticePackage {
  const license = component.license.chosen ?? component.license.expression;
  const directory = component.paths[0] === undefined ? null : join(root, component.paths[0]);
  const texts: NoticeText[] = [];
  for (const file of component.license.files) {
    const text = directory ? readText(join(directory, file.path)) : null;
    if (text === null) continue;
    texts.push({ kind: isNoticeFile(file.path) ? 'notice' : 'license', license: file.expression, file: file.path, text });
  }
  if (!texts.some((text) => text.kind === 'license')) texts.push(...referenceTexts(license));
  const copyrights = [...new Set(component.license.files.flatMap((file) => file.copyrights ?? []))];
  return { name: component.name, version: component.version, license, texts, copyrights };
}

const isNoticeFile = (path: string): boolean => /^notice(?:[-_.].*)?$/i.test(path.slice(path.lastIndexOf('/') + 1));

function readText(path: string): string | null {
  try {
    const { bytes, truncated } = readBounded(path, MAX_TEXT_BYTES);
    if (truncated || bytes.includes(0)) return null;
    return bytes.toString('utf8');
  } catch {
    return null; // the walker has reported an unreadable file as a finding
  }
}

interface SpdxListEntry {
  name: string;
  licenseText: string;
}

let spdxTexts: Record<string, SpdxListEntry> | undefined;

/** The SPDX reference text of each license the expression rests on (for OR, the chosen one). */
function referenceTexts(expression: string | null): NoticeText[] {
  if (expression === null) return [];
  spdxTexts ??= createRequire(import.meta.url)('spdx-license-list/full') as Record<string, SpdxListEntry>;
  const texts: NoticeText[] = [];
  for (const leaf of classifyExpression(expression).licenses) {
    const id = leaf.split(/\s+WITH\s+/i)[0]!.trim();
    const candidates = id.endsWith('+') ? [`${id.slice(0, -1)}-or-later`, id.slice(0, -1)] : [id];
    const found = candidates.map((candidate) => [candidate, ownValue(spdxTexts!, candidate)] as const).find(([, entry]) => entry !== undefined);
    if (found) texts.push({ kind: 'license', license: found[0], file: null, text: found[1]!.licenseText });
  }
  return texts;
}
