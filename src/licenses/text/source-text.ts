// License notices in source files: only the comments are read (code that spells "do not use" or
// "license" is no license text), line numbers kept, and a file whose text holds none of the words
// every notice has is passed over without tokenising (most source files hold no notice).

import { open } from 'node:fs/promises';
import { extname, basename } from 'node:path';
import { identifyText, type TextIdentification } from './identify.js';
import { MAX_TEXT_BYTES } from './limits.js';

/** A notice, header, tag or reference holds one of these (lower case). */
const NOTICE_WORD = /licen[cs]|copyright|spdx|permission|public domain|gpl|warrant|free software|redistribut/i;

type Syntax = 'c' | 'hash' | 'text';

const C_LIKE = new Set(['c', 'h', 'cc', 'cpp', 'cxx', 'hpp', 'hh', 'hxx', 'm', 'mm', 'java', 'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'go', 'rs', 'swift', 'kt', 'kts', 'scala', 'cs', 'css', 'scss', 'less', 'php', 'dart', 'groovy', 'proto', 'y', 'l']);
// m4 and autoconf files are read whole: their macros carry notices as arguments (AC_COPYRIGHT).
const HASH = new Set(['py', 'pyi', 'sh', 'bash', 'zsh', 'rb', 'pl', 'pm', 'mk', 'cmake', 'r', 'am', 'tcl', 'yml', 'yaml', 'toml', 'ps1', 'nim', 'jl']);
const HASH_NAMES = new Set(['makefile', 'gnumakefile', 'cmakelists.txt', 'dockerfile', 'config.guess', 'config.sub', 'configure', 'ltmain.sh']);

/** How a file's comments are written, by its name; `text` means the whole file is read. */
export function sourceSyntax(path: string): Syntax {
  const name = basename(path).toLowerCase();
  if (HASH_NAMES.has(name)) return 'hash';
  const extension = extname(name).slice(1);
  if (C_LIKE.has(extension)) return 'c';
  if (HASH.has(extension)) return 'hash';
  return 'text';
}

/** Whether licit reads the file as source code (its comments only). */
export function isSourceFile(path: string): boolean {
  return sourceSyntax(path) !== 'text';
}

const EMPTY: TextIdentification = { expression: null, confidence: 0, matches: [], parts: [], coverage: 1, binary: false, copyrights: [] };

/**
 * The licenses a source file's comments state, each part with its line range (as identifyText
 * gives them). `path` decides the comment syntax (a name licit does not know: the whole text).
 * Stable entry point for `licit audit`.
 */
export function identifySourceText(text: string, path: string, options: { truncated?: boolean } = {}): TextIdentification {
  if (text.slice(0, 8192).includes('\0')) return { ...EMPTY, coverage: 0, binary: true };
  if (!NOTICE_WORD.test(text)) return { ...EMPTY, ...(options.truncated ? { truncated: true } : {}) };
  const syntax = sourceSyntax(path);
  const comments = syntax === 'c' ? cComments(text) : syntax === 'hash' ? hashComments(text) : text;
  const read = syntax === 'text' ? comments : noticeBlocks(comments);
  if (read === null) return { ...EMPTY, ...(options.truncated ? { truncated: true } : {}) };
  return identifyText(read, { ...(options.truncated ? { truncated: true } : {}), fileName: basename(path) });
}

/** Comment lines this close to a notice word are read with it (a license's paragraphs without one: zlib's numbered conditions). */
const NOTICE_REACH = 12;

/**
 * Only the comment lines within NOTICE_REACH lines of a notice word, the others blanked with their
 * lines kept; null when no line holds one. Documentation comments are most of the words of a source
 * file and hold no license text.
 */
function noticeBlocks(comments: string): string | null {
  const lines = comments.split('\n');
  const keep = new Uint8Array(lines.length);
  let found = false;
  lines.forEach((line, at) => {
    if (!NOTICE_WORD.test(line)) return;
    found = true;
    keep.fill(1, Math.max(0, at - NOTICE_REACH), Math.min(lines.length, at + NOTICE_REACH + 1));
  });
  if (!found) return null;
  return lines.map((line, at) => (keep[at] === 1 ? line : '')).join('\n');
}

/** identifySourceText over a file, reading at most MAX_TEXT_BYTES. */
export async function identifySourceFile(path: string): Promise<TextIdentification> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, MAX_TEXT_BYTES));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return identifySourceText(buffer.subarray(0, filled).toString('utf8'), path, { truncated: size > MAX_TEXT_BYTES });
  } finally {
    await handle.close();
  }
}

/**
 * The text of `/* … *\/` and `// …` comments and of template literals over several lines, every
 * other character dropped but line breaks kept (so lines stay where they were). Other string and
 * character literals are skipped, so that a URL in a string opens no comment.
 */
export function cComments(text: string): string {
  let out = '';
  let at = 0;
  const length = text.length;
  while (at < length) {
    const char = text[at]!;
    const next = text[at + 1];
    if (char === '/' && next === '*') {
      const end = text.indexOf('*/', at + 2);
      const stop = end === -1 ? length : end;
      out += `  ${text.slice(at + 2, stop)}`;
      at = end === -1 ? length : end + 2;
      continue;
    }
    if (char === '/' && next === '/') {
      const end = text.indexOf('\n', at);
      const stop = end === -1 ? length : end;
      out += text.slice(at + 2, stop);
      at = stop;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      const end = skipString(text, at, char);
      // The literal and its closing quote, or the line break that ended an unclosed one.
      const literal = text.slice(at + 1, end);
      // A string over several lines (a template literal) may embed a whole file, notice and all: it is read.
      out += char === '`' && literal.includes('\n') ? ` ${literal.replace(/`$/, '')} ` : literal.replace(/[^\n]+/g, '');
      at = end;
      continue;
    }
    if (char === '\n') out += '\n';
    at++;
  }
  return out;
}

/** Past the string literal opening at `start`. */
function skipString(text: string, start: number, quote: string): number {
  let at = start + 1;
  while (at < text.length) {
    const char = text[at]!;
    if (char === '\\') {
      at += 2;
      continue;
    }
    if (char === quote) return at + 1;
    if (char === '\n') {
      // A quote that is not closed on its line is no string in C-like code (an apostrophe in a macro, say), except a template literal.
      if (quote !== '`') return at + 1;
    }
    at++;
  }
  return at;
}

/**
 * The text of `#` comments (from a `#` outside quotes to the line's end), `dnl` lines (m4) and
 * Python triple-quoted strings (module docstrings hold notices), line breaks kept.
 */
export function hashComments(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let docstring: string | null = null;
  for (const line of lines) {
    if (docstring !== null) {
      const end = line.indexOf(docstring);
      out.push(end === -1 ? line : line.slice(0, end));
      if (end !== -1) docstring = null;
      continue;
    }
    const trimmed = line.trimStart();
    if (trimmed.startsWith('dnl ') || trimmed === 'dnl') {
      out.push(trimmed.slice(3));
      continue;
    }
    const triple = /("""|''')/.exec(line);
    if (triple && !line.slice(0, triple.index).includes('#')) {
      const rest = line.slice(triple.index + 3);
      const end = rest.indexOf(triple[1]!);
      out.push(end === -1 ? rest : rest.slice(0, end));
      if (end === -1) docstring = triple[1]!;
      continue;
    }
    out.push(hashComment(line));
  }
  return out.join('\n');
}

function hashComment(line: string): string {
  let quote: string | null = null;
  for (let at = 0; at < line.length; at++) {
    const char = line[at]!;
    if (quote) {
      if (char === '\\') at++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '#') return line.slice(at + 1);
  }
  return '';
}
