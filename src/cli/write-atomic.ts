import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes `content` to `target` through a temp file in the same directory and a rename. A target that
 * exists and is not a regular file (`/dev/stdout`, `/dev/null`, a FIFO) is written to directly: a
 * rename would replace the device itself.
 */
export function writeFileAtomic(target: string, content: string): void {
  const absolute = resolve(target);
  if (isSpecialFile(absolute)) {
    writeFileSync(absolute, content);
    return;
  }
  const directory = dirname(absolute);
  mkdirSync(directory, { recursive: true });
  const temp = join(directory, `.${basename(absolute)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, absolute);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function isSpecialFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}
