import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { LicitInputError } from '../model/index.js';
import type { Environment } from './npm-config.js';

/** licit's cache root when `--cache` is not given: `$XDG_CACHE_HOME/licit`, else `~/.cache/licit`. */
export function defaultCacheDir(env: Environment, homeDir?: string): string {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, 'licit');
  return join(homeDir ?? (env.HOME || homedir()), '.cache', 'licit');
}

/** The cache root, checked before a fetch writes there: a file in its place is bad input, not an internal error. */
export function assertCacheDirectory(path: string): string {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats && !stats.isDirectory()) throw new LicitInputError(`--cache ${path} is not a directory: name a folder (it is created when missing)`, 'bad-argument');
  return path;
}
