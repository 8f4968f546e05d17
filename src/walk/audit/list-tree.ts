// The one walk of `licit audit`: every file of the tree, listed once by fast-glob. Symbolic links are
// never followed; a link that loops back into the tree and a directory licit may not read are reported,
// never silently dropped (fail closed), and a link out of the tree is noted as not scanned.
import { readdir, realpath, stat } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import type { TreeProblem } from '../../model/index.js';

export interface TreeListing {
  /** Regular files, relative to the root with forward slashes, sorted. */
  files: string[];
  /** Paths not read, and why (a link out of the tree, a loop, a permission error). */
  notScanned: { path: string; reason: string }[];
  problems: TreeProblem[];
}

/** Always left out: version-control data, and installed npm trees (the npm walker reads those). */
export const ALWAYS_IGNORED = ['**/.git/**', '**/.hg/**', '**/.svn/**', '**/node_modules/**'];

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: never[]) => void;

export async function listTree(root: string, ignore: readonly string[]): Promise<TreeListing> {
  const directory = resolve(root);
  const unreadable: { path: string; code: string }[] = [];
  // fast-glob passes over a directory it cannot read (suppressErrors); this adapter records it first.
  const recordingReaddir = (path: string, options: unknown, callback: ReaddirCallback): void => {
    readdir(path, options as { withFileTypes: true }, ((error: NodeJS.ErrnoException | null, entries: never[]) => {
      if (error && error.code !== 'ENOENT') unreadable.push({ path: relativePath(directory, path), code: error.code ?? 'EIO' });
      callback(error, entries);
    }) as never);
  };
  const entries = await fg('**', {
    cwd: directory,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    objectMode: true,
    ignore: [...ALWAYS_IGNORED, ...ignore],
    fs: { readdir: recordingReaddir as never },
  });
  const files: string[] = [];
  const links: string[] = [];
  for (const entry of entries) {
    if (entry.dirent.isFile()) files.push(entry.path);
    else if (entry.dirent.isSymbolicLink()) links.push(entry.path);
  }
  const notScanned: TreeListing['notScanned'] = [];
  const problems: TreeProblem[] = [];
  for (const { path, code } of unreadable) {
    notScanned.push({ path, reason: code });
    problems.push({ rule: 'unscanned-path', code: 'permission-denied', package: null, path, args: { error: code } });
  }
  for (const link of links) {
    const verdict = await judgeLink(directory, link);
    if (verdict === 'inside-file') continue;
    notScanned.push({ path: link, reason: verdict });
    if (verdict === 'loop') problems.push({ rule: 'unscanned-path', code: 'symlink-loop', package: null, path: link, args: {} });
  }
  files.sort(compareText);
  notScanned.sort((a, b) => compareText(a.path, b.path));
  problems.sort((a, b) => compareText(a.path ?? '', b.path ?? ''));
  return { files, notScanned, problems };
}

type LinkVerdict = 'inside-file' | 'inside-directory' | 'outside-root' | 'loop' | 'dangling';

/** What a symbolic link leads to; a link to a directory that holds it (or a chain that never ends) loops. */
async function judgeLink(root: string, link: string): Promise<LinkVerdict> {
  const absolute = join(root, link);
  let target: string;
  try {
    target = await new Promise<string>((done, fail) => realpath(absolute, (error, resolved) => (error ? fail(error) : done(resolved))));
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : 'dangling';
  }
  const fromRoot = relative(root, target);
  if (fromRoot.startsWith('..') || isAbsolute(fromRoot)) return 'outside-root';
  const isDirectory = await new Promise<boolean>((done) => stat(target, (error, stats) => done(!error && stats.isDirectory())));
  if (!isDirectory) return 'inside-file';
  const holder = relative(target, join(root, link, '..'));
  return holder === '' || !(holder.startsWith('..') || isAbsolute(holder)) ? 'loop' : 'inside-directory';
}

function relativePath(root: string, path: string): string {
  return relative(root, resolve(root, path)).split(sep).join('/') || '.';
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
