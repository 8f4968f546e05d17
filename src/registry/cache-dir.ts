import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { Environment } from './npm-config.js';

/** licit's cache root when `--cache` is not given: `$XDG_CACHE_HOME/licit`, else `~/.cache/licit`. */
export function defaultCacheDir(env: Environment, homeDir?: string): string {
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec says a relative value is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, 'licit');
  return join(homeDir ?? (env.HOME || homedir()), '.cache', 'licit');
}
