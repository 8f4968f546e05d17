// Reads the head of every source file once and identifies its header (SPDX tags, license notices,
// copyright lines) with the identification engine. Files whose head holds no hint of a license are
// counted and left: on a large tree nearly all of them.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { identifyText, type TextIdentification } from '../../licenses/text/index.js';
import { basenameOf } from '../audit/layout.js';
import { HEAD_BYTES, sourceHeader } from './header.js';

const SOURCE_EXTENSION =
  /\.(c|h|cc|cpp|cxx|hh|hpp|hxx|inl|ipp|m|mm|s|asm|js|mjs|cjs|jsx|ts|mts|cts|tsx|vue|svelte|py|pyx|pxd|pyi|rb|go|rs|java|kt|kts|scala|groovy|swift|cs|fs|vb|php|pl|pm|sh|bash|zsh|fish|ps1|lua|r|sql|css|scss|sass|less|html?|xml|xsl|ex|exs|erl|hrl|hs|ml|mli|clj|cljs|dart|zig|nim|proto|cmake|mk|el|lisp|scm|jl|f90|f|for|tcl|awk|sed|d|v|sv|vhd|vhdl|glsl|hlsl|cu|cuh)$/i;
const SOURCE_NAME = /^(Makefile|CMakeLists\.txt|Dockerfile|configure\.ac|Makefile\.am|Makefile\.in|meson\.build|BUILD|BUILD\.bazel|SConstruct)$/;
const MAX_MEMOISED_HEADERS = 5000;

export function isSourceFile(path: string): boolean {
  const name = basenameOf(path);
  return SOURCE_EXTENSION.test(name) || SOURCE_NAME.test(name);
}

export interface SourceReading {
  path: string;
  /** The header's identification, or null when the head holds no license or copyright hint. */
  identification: TextIdentification | null;
  /** The head starts with a `/*!` banner. */
  banner: boolean;
  /** The header text identified (for a banner's name and version). */
  header?: string;
  /** An error code when the file could not be read. */
  error?: string;
}

/** Files read between two turns of the event loop (a progress spinner keeps turning). */
const BATCH = 256;

/**
 * Reads and identifies the headers of `files` (relative to `root`), in the input's order. Reads are
 * synchronous into one buffer: a head is one small read, and on a 100,000-file tree the thread-pool round
 * trips of asynchronous reads cost more than the reads themselves.
 */
export async function readSourceHeaders(root: string, files: readonly string[], onProgress?: (done: number) => void): Promise<SourceReading[]> {
  // Generated trees and vendored libraries repeat one header thousands of times: identify each text once.
  const known = new Map<string, TextIdentification>();
  const buffer = Buffer.allocUnsafe(HEAD_BYTES);
  const readings: SourceReading[] = [];
  for (let start = 0; start < files.length; start += BATCH) {
    for (const path of files.slice(start, start + BATCH)) readings.push(readOne(root, path, buffer, known));
    if (onProgress && Math.floor((start + BATCH) / 1000) > Math.floor(start / 1000)) onProgress(Math.min(start + BATCH, files.length));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return readings;
}

function readOne(root: string, path: string, buffer: Buffer, known: Map<string, TextIdentification>): SourceReading {
  let head: Buffer;
  try {
    const descriptor = openSync(join(root, path), 'r');
    try {
      head = buffer.subarray(0, readSync(descriptor, buffer, 0, HEAD_BYTES, 0));
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    return { path, identification: null, banner: false, error: (error as NodeJS.ErrnoException).code ?? 'EIO' };
  }
  if (head.subarray(0, 8000).includes(0)) return { path, identification: null, banner: false };
  const header = sourceHeader(head.toString('utf8'));
  if (!header) return { path, identification: null, banner: false };
  let identification = known.get(header.text);
  if (!identification) {
    identification = identifyText(header.text);
    if (known.size < MAX_MEMOISED_HEADERS) known.set(header.text, identification);
  }
  return { path, identification, banner: header.banner, header: header.text };
}
