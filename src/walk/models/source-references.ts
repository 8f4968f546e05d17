// Model references in the project's source and config files, each with its file and line.
import { openRegularFile } from '../../model/index.js';
import { join, posix } from 'node:path';
import type { ModelKnowledge } from './knowledge.js';
import { referencesInLine, type LineContext, type ModelReference } from './references.js';

export interface SourceReference extends ModelReference {
  file: string;
  line: number;
}

/** Files above this size are skipped: generated data, not code that names a model. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
const BINARY_PROBE_BYTES = 8 * 1024;
const CONCURRENT_FILES = 8;
const CONFIG_FILE = /\.(ya?ml|toml|env|ini|cfg)$|(^|\/)\.env(\.[^/]*)?$/i;
const MODELFILE = /(^|\/)([^/]*\.)?Modelfile(\.[^/]*)?$/i;
const NOTEBOOK = /\.ipynb$/i;
const SHELL_OR_DOCKERFILE = /\.(sh|bash)$|(^|\/)(([^/]*\.)?Dockerfile(\.[^/]*)?|Containerfile|Makefile)$/i;
const PACKAGE_JSON = /(^|\/)package\.json$/;
/** `- name: MODEL_ID` (Kubernetes env): the next line's `value:` is a model. */
const NAMES_MODEL_KEY = /^\s*-?\s*["']?name["']?\s*:\s*["']?[\w.-]*model[\w.-]*["']?\s*$/i;

export async function findSourceReferences(
  root: string,
  files: readonly string[],
  knowledge: ModelKnowledge,
  maxBytes: number = MAX_SOURCE_BYTES,
): Promise<SourceReference[]> {
  const perFile: SourceReference[][] = new Array<SourceReference[]>(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      perFile[index] = await referencesInFile(root, files[index]!, knowledge, maxBytes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_FILES, files.length) }, worker));
  return perFile.flat();
}

async function referencesInFile(root: string, file: string, knowledge: ModelKnowledge, maxBytes: number): Promise<SourceReference[]> {
  const text = await readText(join(root, file), maxBytes).catch(() => null);
  if (text === null) return [];
  // The cheap pre-filter, one pass over the text: only lines where a model word or known name occurs (and
  // the line after each, for `name: MODEL_ID` / `value: …`) are read by the line rules.
  const candidates = mentionedLines(text, knowledge.mayMention);
  if (candidates.size === 0) return [];
  // Shell scripts and Dockerfiles set models as `KEY=value` (`export`, `ARG`, `ENV`) too.
  const config = CONFIG_FILE.test(file) || SHELL_OR_DOCKERFILE.test(file);
  const modelfile = MODELFILE.test(posix.basename(file));
  // A notebook's cells are JSON strings, one source line per file line: read them unescaped, keep the line.
  const notebook = NOTEBOOK.test(file);
  const found: SourceReference[] = [];
  const lines = text.split(/\r?\n/);
  const scripts = PACKAGE_JSON.test(file) ? scriptLines(lines) : null;
  for (let index = 0; index < lines.length; index += 1) {
    if (scripts && !scripts.has(index)) continue;
    if (!modelfile && !candidates.has(index)) continue;
    const line = notebook ? unescapeJsonLine(lines[index]!) : lines[index]!;
    const valueOfModelKey = index > 0 && NAMES_MODEL_KEY.test(lines[index - 1]!);
    const context: LineContext = { configValues: config, modelfile, valueOfModelKey };
    for (const reference of referencesInLine(line, knowledge, context)) found.push({ ...reference, file, line: index + 1 });
  }
  return found;
}

/** Zero-based indexes of the lines where `mentions` (global) matches, and of the line after each. */
function mentionedLines(text: string, mentions: RegExp): Set<number> {
  const lines = new Set<number>();
  let line = 0;
  let scanned = 0;
  for (const match of text.matchAll(mentions)) {
    for (let at = text.indexOf('\n', scanned); at !== -1 && at < match.index; at = text.indexOf('\n', at + 1)) line += 1;
    scanned = match.index;
    lines.add(line);
    lines.add(line + 1);
  }
  return lines;
}

/** The file as text; null when it is too large or looks binary. */
async function readText(path: string, maxBytes: number): Promise<string | null> {
  const handle = await openRegularFile(path);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) return null;
    const buffer = Buffer.alloc(size);
    let filled = 0;
    while (filled < size) {
      const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const bytes = buffer.subarray(0, filled);
    if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return null;
    return bytes.toString('utf8');
  } finally {
    await handle.close();
  }
}

/** `    "x = from_pretrained(\\"org/name\\")\\n",` -> `x = from_pretrained("org/name")`; other lines as they are. */
function unescapeJsonLine(line: string): string {
  const string = /^\s*("(?:[^"\\]|\\.)*")\s*,?\s*$/.exec(line);
  if (!string) return line;
  try {
    return JSON.parse(string[1]!) as string;
  } catch {
    return line;
  }
}

/** The lines of package.json's `scripts` object: commands there serve models; the rest names packages. */
function scriptLines(lines: readonly string[]): Set<number> {
  const inside = new Set<number>();
  const start = lines.findIndex((line) => /^\s*"scripts"\s*:\s*\{/.test(line));
  if (start === -1) return inside;
  inside.add(start);
  if (/\}/.test(lines[start]!)) return inside;
  for (let index = start + 1; index < lines.length && !/^\s*\}/.test(lines[index]!); index += 1) inside.add(index);
  return inside;
}
