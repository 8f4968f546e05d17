// The base revision of a `--base` scan, read from git without touching the work tree: the merge-base of
// the ref and HEAD (as `git diff ref...HEAD` compares), its lockfile and every package.json of the project
// (root, workspaces, `file:` targets) written into a temporary directory that arborist can read.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { LicitInputError } from '../model/index.js';

export interface BaseRevision {
  /** The ref as given. */
  ref: string;
  /** The merge-base commit. */
  commit: string;
  /** The project as of that commit, or null when the commit has no package.json or lockfile there. */
  directory: string | null;
  /** Removes the temporary directory (safe to call twice). */
  cleanup: () => void;
}

// Each package manager's lockfile, read in its own format by the base's walk (the manager may differ from the head's).
const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];
/** Read beside the lockfile: pnpm's list of workspaces. */
const WORKSPACE_FILES = ['pnpm-workspace.yaml'];

/** Materialises the project at the merge-base of `ref` and HEAD into a temporary directory. */
export function materialiseBaseRevision(projectDirectory: string, ref: string): BaseRevision {
  const directory = resolve(projectDirectory);
  if (ref === '' || ref.startsWith('-')) throw new LicitInputError(`--base takes a git ref (branch, tag or commit), not "${ref}"`, 'bad-argument');
  const git = gitIn(directory);
  const topLevel = git(['rev-parse', '--show-toplevel'], () => `--base needs a git repository, and ${projectDirectory} is not inside one`).trim();
  const prefix = git(['rev-parse', '--show-prefix'], () => `cannot locate ${projectDirectory} in its git repository`).trim();
  const target = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], () => `git ref ${ref} not found: fetch it first (a shallow clone lacks the base commit)`).trim();
  git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], () => 'the repository has no HEAD commit to compare with the base');
  const commit = git(['merge-base', target, 'HEAD'], () => `${ref} and HEAD have no common ancestor: fetch more history (a shallow clone may lack it)`).trim();

  const files = projectFiles(gitIn(topLevel), commit, prefix);
  const hasProject = files.some((file) => file.path === 'package.json') && files.some((file) => LOCKFILES.includes(file.path));
  const temp = mkdtempSync(join(tmpdir(), 'licit-base-'));
  let cleaned = false;
  const cleanup = (): void => {
    if (cleaned) return;
    cleaned = true;
    rmSync(temp, { recursive: true, force: true });
  };
  if (!hasProject) return { ref, commit, directory: null, cleanup };
  try {
    // The same folder name as the head's, so that a root without a `name` is named alike in both scans.
    const root = join(temp, basename(directory) || 'project');
    const contents = readBlobs(topLevel, files.map((file) => file.object));
    files.forEach((file, index) => {
      const path = join(root, file.path);
      if (relative(root, path).startsWith('..')) throw new LicitInputError(`the base commit holds a path outside the project (${file.path}); not read`, 'unsafe-base-path');
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, contents[index]!);
    });
    return { ref, commit, directory: root, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

interface TreeFile {
  /** Relative to the project directory, forward slashes. */
  path: string;
  object: string;
}

/** The lockfile and every package.json under the project's prefix at `commit` (never inside node_modules). */
function projectFiles(git: Git, commit: string, prefix: string): TreeFile[] {
  const listing = git(['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', commit, '--', prefix === '' ? '.' : prefix], () => `cannot list ${commit}`);
  const files: TreeFile[] = [];
  for (const entry of listing.split('\0')) {
    const match = /^(\d{6}) blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (!match || !['100644', '100755'].includes(match[1]!)) continue; // symlinks and submodules are not files to read
    const path = match[3]!.slice(prefix.length);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const wanted = name === 'package.json' ? !path.split('/').includes('node_modules') : LOCKFILES.includes(path) || WORKSPACE_FILES.includes(path);
    if (!wanted) continue;
    assertPlainPath(match[3]!, commit);
    files.push({ path, object: match[2]! });
  }
  return files;
}

/**
 * A path from a tree object is written under licit's temporary directory: one with a `..`, `.` or
 * empty segment, a backslash or a NUL (a crafted tree; git itself refuses to check such a path out)
 * could write outside it, so the base commit is refused.
 */
function assertPlainPath(path: string, commit: string): void {
  const segments = path.split('/');
  if (segments.every((segment) => segment !== '' && segment !== '.' && segment !== '..' && !/[\\\0]/.test(segment) && segment.toLowerCase() !== '.git')) return;
  throw new LicitInputError(`the base commit ${commit.slice(0, 12)} holds a path git would refuse to check out (${JSON.stringify(path)}); not read`, 'unsafe-base-path');
}

/** Reads blobs in one `git cat-file --batch` run: `<oid> blob <size>\n<bytes>\n` per object. */
function readBlobs(cwd: string, objects: string[]): Buffer[] {
  if (objects.length === 0) return [];
  const run = spawnSync('git', ['cat-file', '--batch'], { cwd, input: `${objects.join('\n')}\n`, maxBuffer: 1024 * 1024 * 1024 });
  if (run.status !== 0 || run.error) throw new LicitInputError(`git cat-file failed: ${firstLine(run.stderr?.toString() ?? String(run.error))}`, 'git-failed');
  const output = run.stdout;
  const blobs: Buffer[] = [];
  let offset = 0;
  for (const object of objects) {
    const headerEnd = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, headerEnd).toString('utf8');
    const size = /^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1];
    if (size === undefined) throw new LicitInputError(`git cat-file could not read ${object}: ${header}`, 'git-failed');
    blobs.push(output.subarray(headerEnd + 1, headerEnd + 1 + Number(size)));
    offset = headerEnd + 1 + Number(size) + 1;
  }
  return blobs;
}

type Git = (args: string[], onError: () => string) => string;

function gitIn(cwd: string): Git {
  return (args, onError) => {
    const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (run.error) {
      const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new LicitInputError(missing ? '--base needs git, which is not on the PATH' : `git failed: ${run.error.message}`, 'git-failed');
    }
    if (run.status !== 0) throw new LicitInputError(onError(), 'git-failed');
    return run.stdout;
  };
}

/** The repository's top-level directory, or null when `directory` is not inside a git work tree. */
export function repositoryRoot(directory: string): string | null {
  const run = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: resolve(directory), encoding: 'utf8' });
  return run.status === 0 && !run.error ? run.stdout.trim() : null;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
