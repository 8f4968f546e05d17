// The license-bearing part of a source file: its leading comment block (after a shebang or encoding line)
// and any SPDX-License-Identifier line in its first bytes. Code is blanked, not removed, so that the line
// numbers the identification engine reports are the file's own. Pure.

/** Only the head of a source file is read: headers sit at the top. */
export const HEAD_BYTES = 16 * 1024;
const MAX_HEADER_LINES = 400;

/** Words without which a head holds no license or copyright statement: most source files stop here. */
const LICENSE_HINT = /licen[cs]|copyright|\(c\)|©|spdx|gnu|permission is hereby|public domain|all rights reserved/i;
const SPDX_TAG = /SPDX-License-Identifier\s*:/i;

const COMMENT_LINE = /^\s*(\/\/|\/\*|\*|#|--|;|%|<!--|-->|'|REM\b|\{-|-\}|"""|'''|=begin|=end|\(\*|\*\))/;

export interface SourceHeader {
  /** The head with every line that is not part of the leading comment (or an SPDX tag) blanked. */
  text: string;
  /** The head starts with a `/*!` banner (minified bundles keep those). */
  banner: boolean;
}

/** The header of a file's head, or null when the head holds no hint of a license or copyright. */
export function sourceHeader(head: string): SourceHeader | null {
  if (!LICENSE_HINT.test(head)) return null;
  const lines = head.replace(/\r\n?/g, '\n').split('\n');
  const kept = new Array<string>(lines.length).fill('');
  let inBlock = false;
  let inDocstring = false;
  let ended = false;
  for (let index = 0; index < lines.length && index < MAX_HEADER_LINES; index++) {
    const line = lines[index]!;
    const trimmed = line.trim();
    if (!ended) {
      if (index === 0 && trimmed.startsWith('#!')) continue;
      if (inBlock || inDocstring || trimmed === '' || COMMENT_LINE.test(line) || /^['"]use strict['"];?$/.test(trimmed)) {
        kept[index] = line;
        if (trimmed.includes('/*') && !trimmed.includes('*/')) inBlock = true;
        else if (inBlock && trimmed.includes('*/')) inBlock = false;
        const quotes = (trimmed.match(/"""|'''/g) ?? []).length;
        if (quotes % 2 === 1) inDocstring = !inDocstring;
        continue;
      }
      // A minified bundle puts its banner comment and code on one line.
      const banner = /^(\/\*!.*?\*\/)/.exec(trimmed);
      if (banner) kept[index] = banner[1]!;
      ended = true;
    }
    if (SPDX_TAG.test(line)) kept[index] = line;
  }
  const text = kept.join('\n');
  if (!LICENSE_HINT.test(text)) return null;
  return { text, banner: head.trimStart().startsWith('/*!') };
}

export interface Banner {
  name: string;
  version: string | null;
}

/**
 * The name and version a minified bundle's banner gives (`/*! jQuery v3.7.1 | (c) OpenJS Foundation |
 * jquery.org/license *\/`, `/*! lodash 4.17.21 … *\/`), or null when it names none.
 */
export function bannerIdentity(header: string): Banner | null {
  const match = /\/\*!\s*(?:\*\s*)?(@?[A-Za-z][\w.@/-]*?)(?:\.js)?\s+(?:v(?:ersion)?\s*)?(\d+(?:\.\d+){1,3}(?:-[\w.]+)?)\b/.exec(header);
  if (match) return { name: match[1]!, version: match[2]! };
  const named = /\/\*!\s*(?:\*\s*)?(@?[A-Za-z][\w.@/-]+)\s*(?:\||-|\*\/)/.exec(header);
  return named ? { name: named[1]!, version: null } : null;
}

export interface BannerTerms {
  /** The license the banner names, in its own words (`MIT`, `MIT License`, `jquery.org/license`), or null. */
  license: string | null;
  copyrights: string[];
}

/** The license words and copyright lines of a `/*! name vX | (c) … | license *\/` banner's segments. */
export function bannerTerms(header: string): BannerTerms {
  const inner = /\/\*!([\s\S]*?)\*\//.exec(header)?.[1] ?? '';
  const segments = inner
    .split(/\||\n/)
    .map((segment) => segment.replace(/^[\s*]+/, '').trim())
    .filter((segment) => segment !== '');
  const copyrights = segments.filter((segment) => /^(\(c\)|copyright|©)/i.test(segment));
  const license = segments
    .slice(1)
    .filter((segment) => !copyrights.includes(segment))
    .map((segment) => segment.replace(/^(@license|license:|licensed under( the)?|released under( the)?)\s*/i, '').trim())
    .find((segment) => /[a-z]/i.test(segment) && /licen[cs]e|^[\w.+-]+$/i.test(segment));
  return { license: license ?? null, copyrights };
}
