// What goes into a notice file besides the texts a package ships: which file names are NOTICE-type files
// (reproduced as they are, Apache-2.0 section 4(d)), and the SPDX reference text of a license.
import { createRequire } from 'node:module';
import { ownValue, readBounded } from '../model/index.js';
import { classifyExpression } from '../policy/classify.js';
import type { NoticeText } from '../report/notice.js';

/** NOTICE, NOTICES, THIRD-PARTY-NOTICES(.md/.txt), ThirdPartyNoticeText.txt: notices of bundled code. */
const NOTICE_FILE = /^(?:notices?|third[-_ ]?party[-_ ]?notices?(?:[-_ ]?text)?)(?:[-_.].*)?$/i;

export function isNoticeFileName(path: string): boolean {
  return NOTICE_FILE.test(path.slice(path.lastIndexOf('/') + 1));
}

interface SpdxListEntry {
  name: string;
  licenseText: string;
}

let spdxTexts: Record<string, SpdxListEntry> | undefined;

/** The SPDX reference text of each license the expression rests on (for OR, the chosen one). */
export function referenceTexts(expression: string | null): NoticeText[] {
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

/** License files larger than this are not license texts to reproduce (the walker reports them). */
const MAX_TEXT_BYTES = 1024 * 1024;

/** A license or notice file's text to reproduce, or null when it is unreadable, too large or binary. */
export function readNoticeText(path: string): string | null {
  try {
    const { bytes, truncated } = readBounded(path, MAX_TEXT_BYTES);
    if (truncated || bytes.includes(0)) return null;
    return bytes.toString('utf8');
  } catch {
    return null; // the walker has reported an unreadable file as a finding
  }
}
