// The base revision of a `--base` scan, read from git without touching the work tree: the merge-base of
// the ref and HEAD (as `git diff ref...HEAD` compares), its lockfile and the package.json files a
// lockfile walk reads (root, workspaces, `file:` targets) written into a temporary directory that arborist
// can read. Every git call is asynchronous, so the head's scan runs while git answers.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { minimatch } from 'minimatch';
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
export async function materialiseBaseRevision(projectDirectory: string, ref: string): Promise<BaseRevision> {
  const directory = resolve(projectDirectory);
  if (ref === '' || ref.startsWith('-')) throw new LicitInputError(`--base takes a git ref (branch, tag or commit), not "${ref}"`, 'bad-argument');
  const [topLevel = '', prefix = ''] = (
    await git(directory, ['rev-parse', '--show-toplevel', '--show-prefix'], () => `--base needs a git repository, and ${projectDirectory} is not inside one`)
  ).split('\n');
  const commit = (await git(directory, ['merge-base', ref, 'HEAD'], () => explainMergeBaseFailure(directory, ref))).trim();

  const candidates = await projectFiles(topLevel, commit, prefix);
  const temp = mkdtempSync(join(tmpdir(), 'licit-base-'));
  let cleaned = false;
  const cleanup = (): void => {
    if (cleaned) return;
    cleaned = true;
    rmSync(temp, { recursive: true, force: true });
  };
  const rootManifest = candidates.find((file) => file.path === 'package.json');
  const lockfile = LOCKFILES.map((name) => candidates.find((file) => file.path === name)).find((file) => file !== undefined);
  if (!rootManifest || !lockfile) return { ref, commit, directory: null, cleanup };
  try {
    const [manifestText, lockfileText] = await readBlobs(topLevel, [rootManifest.object, lockfile.object]);
    const wanted = wantedDirectories(manifestText!, lockfileText!);
    const others = candidates.filter((file) => file !== rootManifest && file !== lockfile && (wanted === 'all' || wanted(dirname(file.path))));
    const contents = [manifestText!, lockfileText!, ...(await readBlobs(topLevel, others.map((file) => file.object)))];
    // The same folder name as the head's, so that a root without a `name` is named alike in both scans.
    const root = join(temp, basename(directory) || 'project');
    [rootManifest, lockfile, ...others].forEach((file, index) => {
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

/** Why `git merge-base <ref> HEAD` failed, asked step by step only once it has (the common path is one call). */
async function explainMergeBaseFailure(directory: string, ref: string): Promise<string> {
  const resolves = async (revision: string): Promise<boolean> =>
    git(directory, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], () => '').then(
      () => true,
      () => false,
    );
  if (!(await resolves(ref))) return `git ref ${ref} not found: fetch it first (a shallow clone lacks the base commit)`;
  if (!(await resolves('HEAD'))) return 'the repository has no HEAD commit to compare with the base';
  return `${ref} and HEAD have no common ancestor: fetch more history (a shallow clone may lack it)`;
}

/**
 * The directories (relative to the project, '.' for the root) whose package.json a lockfile walk of this
 * base reads: the lockfile's own folders (workspaces, `file:` targets) and what the root's `workspaces`
 * patterns match, as npm's map-workspaces matches them. 'all' when the files cannot say (a v1 lockfile,
 * text that is not JSON): every package.json is then materialised, as arborist would meet them.
 */
function wantedDirectories(manifestText: Buffer, lockfileText: Buffer): ((directory: string) => boolean) | 'all' {
  const manifest = parseObject(manifestText);
  const lockfile = parseObject(lockfileText);
  const packages = lockfile?.get('packages');
  if (!manifest || !isPlainObject(packages)) return 'all';
  const folders = new Set(Object.keys(packages).filter((key) => !key.split('/').includes('node_modules')));
  const declared = manifest.get('workspaces');
  const patterns = Array.isArray(declared) ? declared : isPlainObject(declared) && Array.isArray(declared.packages) ? declared.packages : [];
  const globs = patterns.filter((pattern): pattern is string => typeof pattern === 'string').map((pattern) => pattern.replace(/^\.\//, '').replace(/\/+$/, ''));
  const included = globs.filter((pattern) => !pattern.startsWith('!'));
  const excluded = globs.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  return (directory) =>
    folders.has(directory) ||
    (included.some((pattern) => minimatch(directory, pattern, { dot: false })) && !excluded.some((pattern) => minimatch(directory, pattern)));
}

function parseObject(text: Buffer): Map<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text.toString('utf8').replace(/^\uFEFF/, ''));
    return isPlainObject(value) ? new Map(Object.entries(value)) : null;
  } catch {
    return null;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface TreeFile {
  /** Relative to the project directory, forward slashes. */
  path: string;
  object: string;
}

/** The lockfile and every package.json under the project's prefix at `commit` (never inside node_modules). */
async function projectFiles(topLevel: string, commit: string, prefix: string): Promise<TreeFile[]> {
  const listing = await git(topLevel, ['--literal-pathspecs', 'ls-tree', '-r', '-z', '--full-tree', commit, '--', prefix === '' ? '.' : prefix], () => `cannot list ${commit}`);
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
async function readBlobs(cwd: string, objects: string[]): Promise<Buffer[]> {
  if (objects.length === 0) return [];
  const output = await run(cwd, ['cat-file', '--batch'], `${objects.join('\n')}\n`);
  if (output.status !== 0) throw new LicitInputError(`git cat-file failed: ${firstLine(output.stderr)}`, 'git-failed');
  const blobs: Buffer[] = [];
  let offset = 0;
  for (const object of objects) {
    const headerEnd = output.stdout.indexOf(0x0a, offset);
    const header = output.stdout.subarray(offset, headerEnd).toString('utf8');
    const size = /^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1];
    if (size === undefined) throw new LicitInputError(`git cat-file could not read ${object}: ${header}`, 'git-failed');
    blobs.push(output.stdout.subarray(headerEnd + 1, headerEnd + 1 + Number(size)));
    offset = headerEnd + 1 + Number(size) + 1;
  }
  return blobs;
}

/** `git <args>` in `cwd`: its stdout, or the one-line error `onError` gives when git exits non-zero. */
async function git(cwd: string, args: string[], onError: () => string | Promise<string>): Promise<string> {
  const output = await run(cwd, args);
  if (output.status !== 0) throw new LicitInputError(await onError(), 'git-failed');
  return output.stdout.toString('utf8');
}

interface GitOutput {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

function run(cwd: string, args: string[], input?: string): Promise<GitOutput> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // git may exit before reading all of its input (a bad ref); the exit status tells that story.
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(new LicitInputError(error.code === 'ENOENT' ? '--base needs git, which is not on the PATH' : `git failed: ${error.message}`, 'git-failed'));
    });
    child.on('close', (status) => resolvePromise({ status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') }));
    child.stdin.end(input ?? '');
  });
}

/** The repository's top-level directory, or null when `directory` is not inside a git work tree. */
export function repositoryRoot(directory: string): string | null {
  const result = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: resolve(directory), encoding: 'utf8' });
  return result.status === 0 && !result.error ? result.stdout.trim() : null;
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
