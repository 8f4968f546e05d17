// The `--base` row of the bench: a git repository holding the corpus (hard-linked, node_modules included
// and ignored) with two commits, a base and the corpus as head, so that `licit scan --base HEAD~1` can be
// timed against a plain scan of the same tree.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked } from './process.js';

/**
 * The base of each corpus: a real earlier commit's manifests where the shared bench has one (npm-cli: the
 * parent of the sigstore 3 bump, three days before the corpus: 8 packages added, 70 removed, 14 upgraded
 * on the way), else the corpus with one leaf dependency of the root taken out (a pull request adding it).
 */
const REAL_BASES = { 'npm-cli': 'pr-pairs/npm-cli/7ee15bbdc/base' };
const STAMP = '.licit-bench-base-stamp';
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'licit bench', GIT_AUTHOR_EMAIL: 'bench@licit.invalid',
  GIT_COMMITTER_NAME: 'licit bench', GIT_COMMITTER_EMAIL: 'bench@licit.invalid',
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null',
};

/** benchDir/base-pairs/<name>, built once per corpus lockfile; returns { dir, base: description }. */
export function ensureBasePair({ benchDir, sharedDir, name, corpusDir, log }) {
  const dir = join(benchDir, 'base-pairs', name);
  const stamp = createHash('sha256').update(readFileSync(join(corpusDir, 'package-lock.json'))).update(REAL_BASES[name] ?? 'synthetic').digest('hex');
  const stampFile = join(dir, '.git', STAMP);
  const description = REAL_BASES[name] ? `base: ${REAL_BASES[name]}` : 'base: the corpus without one leaf dependency of the root';
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return { dir, base: description };
  log(`corpus ${name}: building the --base repository in ${dir} …`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(benchDir, 'base-pairs'), { recursive: true });
  // Hard links: the same files (and page cache) as the corpus, in seconds; directory times are kept,
  // which decide whether arborist trusts npm's hidden lockfile.
  runChecked('cp', ['-al', corpusDir, dir]);
  rmSync(join(dir, '.licit-bench-stamp'), { force: true });
  const git = (...args) => runChecked('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, env: { ...process.env, ...GIT_ENV } });
  git('init', '-q');
  writeFileSync(join(dir, '.git', 'info', 'exclude'), 'node_modules\n');
  if (REAL_BASES[name]) {
    git(`--work-tree=${join(sharedDir, REAL_BASES[name])}`, 'add', '-A');
  } else {
    const baseTree = join(benchDir, 'base-pairs', `${name}.base`);
    rmSync(baseTree, { recursive: true, force: true });
    mkdirSync(baseTree);
    // The head's own manifests (npm may have rewritten the lockfile on install), less one dependency.
    cpSync(corpusDir, baseTree, { recursive: true, filter: (source) => !/[/\\](node_modules|\.licit-bench-stamp)$/.test(source) });
    withoutOneLeaf(baseTree);
    git(`--work-tree=${baseTree}`, 'add', '-A');
    rmSync(baseTree, { recursive: true, force: true });
  }
  git('commit', '-q', '-m', 'base');
  git('add', '-A');
  git('commit', '-q', '-m', 'head');
  writeFileSync(stampFile, stamp);
  return { dir, base: description };
}

/** Takes out of the project the first (by name) direct dependency of the root that nothing else needs and that needs nothing. */
function withoutOneLeaf(directory) {
  const manifestPath = join(directory, 'package.json');
  const lockfilePath = join(directory, 'package-lock.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const lockfile = JSON.parse(readFileSync(lockfilePath, 'utf8'));
  const needed = new Set(Object.entries(lockfile.packages).filter(([key]) => key !== '').flatMap(([, entry]) =>
    ['dependencies', 'optionalDependencies', 'peerDependencies'].flatMap((field) => Object.keys(entry[field] ?? {}))));
  for (const field of ['dependencies', 'devDependencies']) {
    const leaf = Object.keys(manifest[field] ?? {}).sort().find((dependency) => {
      const entry = lockfile.packages[`node_modules/${dependency}`];
      return entry && !entry.link && !needed.has(dependency) && Object.keys(entry.dependencies ?? {}).length === 0;
    });
    if (!leaf) continue;
    const without = (record) => Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => key !== leaf));
    manifest[field] = without(manifest[field]);
    lockfile.packages[''][field] = without(lockfile.packages[''][field]);
    lockfile.packages = Object.fromEntries(Object.entries(lockfile.packages).filter(([key]) => key !== `node_modules/${leaf}`));
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(lockfilePath, `${JSON.stringify(lockfile, null, 2)}\n`);
    return;
  }
  throw new Error('no leaf dependency of the root to take out for a base');
}
