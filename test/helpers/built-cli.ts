// Vitest global setup: the CLI tests spawn bin/licit.js, which runs dist/. A dist/ built from other
// sources than those under test would let the tests pass on code that no longer exists (or fail on
// code already fixed), so before any test runs, dist/ is rebuilt unless its build stamp matches the
// sources. `npm test` builds first, so there it only checks.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './cli.js';

interface BuildStamp {
  sourceHash(repo: string): string;
  builtHash(repo: string): string | null;
}

export default async function ensureFreshBuild(): Promise<void> {
  const stamp = (await import(pathToFileURL(join(repoRoot, 'scripts', 'build-stamp.js')).href)) as BuildStamp;
  if (stamp.builtHash(repoRoot) === stamp.sourceHash(repoRoot)) return;
  process.stderr.write('licit tests: dist/ is missing or older than the sources: rebuilding it (npm run build)\n');
  const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.js')], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) {
    const firstLine = `${build.stderr}${build.stdout}`.split('\n').find((line) => line.trim() !== '') ?? `exit ${build.status}`;
    throw new Error(`licit tests: npm run build failed, so the CLI tests cannot run: ${firstLine}`);
  }
  if (stamp.builtHash(repoRoot) !== stamp.sourceHash(repoRoot)) {
    throw new Error('licit tests: the sources changed while dist/ was being built: run the tests again');
  }
}
