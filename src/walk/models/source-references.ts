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
const MODELFILE = /(^|\/)([^/]*\.)?Modelfile$/i;

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
  const context: LineContext = { configValues: CONFIG_FILE.test(file), modelfile: MODELFILE.test(posix.basename(file)) };
  const found: SourceReference[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    for (const reference of referencesInLine(lines[index]!, knowledge, context)) found.push({ ...reference, file, line: index + 1 });
  }
  return found;
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
