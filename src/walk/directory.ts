import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { LicitInputError } from '../model/index.js';

/** The absolute path of the directory a command line names; one line, exit 2, when there is none. */
export function projectDirectory(directoryArgument: string): string {
  const directory = resolve(directoryArgument);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new LicitInputError(`no such directory: ${directoryArgument}`, 'no-directory');
  }
  return directory;
}

/** Whether anything (a file, a directory, a link to one) is at the path. */
export function pathExists(path: string): boolean {
  return existsSync(path);
}
