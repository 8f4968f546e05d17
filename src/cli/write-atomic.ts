import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Writes `content` to `target` through a temp file in the same directory and a rename. */
export function writeFileAtomic(target: string, content: string): void {
  const absolute = resolve(target);
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
