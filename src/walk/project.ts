import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { inputFileProblem, LicitInputError, MAX_LOCKFILE_BYTES, readInputText } from '../model/index.js';

/** The scanned root as found on disk, checked before anything is walked. */
export interface ProjectLayout {
  directory: string;
  manifest: Record<string, unknown>;
  lockfile: string | null;
  hasNodeModules: boolean;
}

const NPM_LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];
const FOREIGN_LOCKFILES: [file: string, manager: string][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'Yarn'],
  ['bun.lock', 'Bun'],
  ['bun.lockb', 'Bun'],
];

/**
 * Checks the root directory, its package.json and its lockfile: problems here are licit's own
 * input errors (exit 2), never findings.
 */
export function inspectProject(directoryArgument: string, options: { lockfileOnly: boolean }): ProjectLayout {
  const directory = resolve(directoryArgument);
  if (!existsSync(directory)) throw new LicitInputError(`no such directory: ${directoryArgument}`, 'no-directory');
  if (!statSync(directory).isDirectory()) throw new LicitInputError(`not a directory: ${directoryArgument}`, 'not-directory');

  const manifestPath = join(directory, 'package.json');
  if (!existsSync(manifestPath)) {
    throw new LicitInputError(`no package.json in ${directoryArgument}: licit scans an npm project's root`, 'no-manifest');
  }
  const manifest = readJsonObject(manifestPath, 'package.json');

  const lockfileName = NPM_LOCKFILES.find((name) => existsSync(join(directory, name))) ?? null;
  // The lockfile is parsed once, by arborist; load-tree.ts turns its failure into this kind of error.
  const lockfile = lockfileName ? join(directory, lockfileName) : null;
  // Arborist reads each of these it finds (yarn.lock too): a FIFO or device there would never finish reading.
  for (const name of [...NPM_LOCKFILES, 'yarn.lock']) {
    const path = join(directory, name);
    const problem = existsSync(path) ? inputFileProblem(path, MAX_LOCKFILE_BYTES) : null;
    if (problem) throw new LicitInputError(`cannot read ${name}: ${problem}`, 'unreadable-input');
  }

  const hasNodeModules = existsSync(join(directory, 'node_modules'));
  // Until licit reads their layouts, a tree another package manager installed would be read as if npm had (wrongly).
  const foreignTree = hasNodeModules && !(options.lockfileOnly && lockfile) ? foreignInstall(directory) : null;
  if (foreignTree) {
    const hint = lockfile ? `; scan with --lockfile-only to read ${basename(lockfile)} alone` : '';
    throw new LicitInputError(
      `node_modules was installed by ${foreignTree.manager} (found ${foreignTree.evidence}): licit reads trees npm installed and does not read ${foreignTree.manager}'s layout yet${hint}`,
      'foreign-install',
    );
  }
  if (!lockfile && (options.lockfileOnly || !hasNodeModules)) {
    const foreign = FOREIGN_LOCKFILES.find(([file]) => existsSync(join(directory, file)));
    if (foreign) {
      throw new LicitInputError(
        `found ${foreign[0]} but no package-lock.json: licit reads npm's lockfile and node_modules, and does not read ${foreign[1]} projects yet`,
        'foreign-lockfile',
      );
    }
    const missing = options.lockfileOnly ? 'no package-lock.json' : 'no package-lock.json and no node_modules';
    throw new LicitInputError(
      `${missing} in ${directoryArgument}: run \`npm install\` or \`npm install --package-lock-only\` first`,
      'no-lockfile',
    );
  }
  return { directory, manifest, lockfile, hasNodeModules };
}

/** Marks another package manager leaves in (or beside) node_modules, in the order they are checked. */
const FOREIGN_INSTALL_MARKS: [path: string, manager: string][] = [
  ['node_modules/.modules.yaml', 'pnpm'],
  ['node_modules/.pnpm', 'pnpm'],
  ['node_modules/.yarn-state.yml', 'Yarn'],
  ['.pnp.cjs', 'Yarn (Plug\'n\'Play)'],
  ['.pnp.js', 'Yarn (Plug\'n\'Play)'],
  ['node_modules/.bun', 'Bun'],
];

/** Which package manager installed node_modules, when it was not npm (npm leaves node_modules/.package-lock.json). */
function foreignInstall(directory: string): { manager: string; evidence: string } | null {
  const mark = FOREIGN_INSTALL_MARKS.find(([path]) => existsSync(join(directory, path)));
  if (mark) return { manager: mark[1], evidence: mark[0] };
  const npmInstalled = existsSync(join(directory, 'node_modules', '.package-lock.json'));
  const bunLockfile = ['bun.lock', 'bun.lockb'].find((name) => existsSync(join(directory, name)));
  return bunLockfile && !npmInstalled ? { manager: 'Bun', evidence: `${bunLockfile} and no node_modules/.package-lock.json` } : null;
}

export function readJsonObject(path: string, label: string, maxBytes?: number): Record<string, unknown> {
  const text = readInputText(path, label, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LicitInputError(`${label} is not valid JSON (${(error as Error).message}): fix or regenerate it`, 'invalid-json');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LicitInputError(`${label} must hold a JSON object`, 'invalid-json');
  }
  return value as Record<string, unknown>;
}
