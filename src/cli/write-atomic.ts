import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { LicitInputError } from '../model/index.js';

export interface OutputFile {
  /** As the user named it (for messages). */
  file: string;
  content: string;
}

/** Writes one output atomically (see writeOutputsTogether). */
export function writeFileAtomic(target: string, content: string): void {
  writeOutputsTogether([{ file: target, content }]);
}

/**
 * Writes every output of one run, or none: each goes to a temp file beside its target first, and only
 * when all are written are they renamed into place (a full disk or an unwritable folder for the
 * second output leaves the first untouched). A target that exists and is not a regular file
 * (`/dev/stdout`, `/dev/null`, a FIFO) is written to directly: a rename would replace the device.
 * A failure is the one-line input error naming the output.
 */
export function writeOutputsTogether(outputs: readonly OutputFile[]): void {
  assertDistinctTargets(outputs);
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const { file, content } of outputs) {
      const target = resolve(file);
      try {
        if (isSpecialFile(target)) {
          writeFileSync(target, content);
          continue;
        }
        const directory = dirname(target);
        mkdirSync(directory, { recursive: true });
        const temp = join(directory, `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
        staged.push({ temp, target });
        writeFileSync(temp, content);
      } catch (error) {
        throw new LicitInputError(`cannot write ${file}: ${describeWriteError(error)}`, 'unwritable-output');
      }
    }
    for (const { temp, target } of staged) renameSync(temp, target);
  } catch (error) {
    for (const { temp } of staged) rmSync(temp, { force: true });
    throw error;
  }
}

/** Two outputs naming one file would have the second silently replace the first. */
export function assertDistinctTargets(outputs: readonly { file: string }[]): void {
  const seen = new Map<string, string>();
  for (const { file } of outputs) {
    const target = resolve(file);
    const earlier = seen.get(target);
    if (earlier !== undefined && !isSpecialFile(target)) {
      throw new LicitInputError(`two outputs both write ${file}${earlier === file ? '' : ` (also named ${earlier})`}: give each its own file`, 'bad-argument');
    }
    seen.set(target, file);
  }
}

const WRITE_ERRORS = new Map([
  ['ENOSPC', 'no space left on the device'],
  ['EDQUOT', 'disk quota exceeded'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'permission denied'],
  ['EROFS', 'read-only file system'],
  ['ENOTDIR', 'a folder on its path is a file'],
  ['EEXIST', 'a folder on its path is a file'],
  ['EISDIR', 'it is a directory'],
]);

function describeWriteError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code ? WRITE_ERRORS.get(code) : undefined) ?? code ?? message.split('\n')[0] ?? 'unwritable';
}

function isSpecialFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}
