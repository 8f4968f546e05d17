// A git repository built from two folders of a pull request: `base/` committed first, then `head/` on top.
// Installed trees (`node_modules/`) are never committed: the head's is left in the work tree, as after `npm ci`.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { gitRepository, type GitRepository } from './git-project.js';

/** base/ then head/ as two commits (HEAD~1 and HEAD); head/node_modules, if any, installed in the work tree. */
export function pairRepository(pairDirectory: string, options: { install?: boolean } = {}): GitRepository {
  const repository = gitRepository();
  writeFileSync(join(repository.directory, '.gitignore'), 'node_modules/\n');
  copyTracked(join(pairDirectory, 'base'), repository.directory);
  repository.commit('base');
  for (const entry of readdirSync(repository.directory)) {
    if (entry !== '.git' && entry !== '.gitignore') rmSync(join(repository.directory, entry), { recursive: true, force: true });
  }
  copyTracked(join(pairDirectory, 'head'), repository.directory);
  repository.commit('head');
  const installed = join(pairDirectory, 'head', 'node_modules');
  if (options.install !== false && existsSync(installed)) cpSync(installed, join(repository.directory, 'node_modules'), { recursive: true });
  return repository;
}

/** Two snapshots of a project (lockfiles stored as `package-lock.json.gz`) as two commits, HEAD~1 and HEAD. */
export function snapshotRepository(baseSnapshot: string, headSnapshot: string): GitRepository {
  const repository = gitRepository();
  for (const [snapshot, message] of [[baseSnapshot, 'base'], [headSnapshot, 'head']] as const) {
    for (const entry of readdirSync(repository.directory)) if (entry !== '.git') rmSync(join(repository.directory, entry), { recursive: true, force: true });
    copyTracked(snapshot, repository.directory);
    const packed = join(repository.directory, 'package-lock.json.gz');
    writeFileSync(join(repository.directory, 'package-lock.json'), gunzipSync(readFileSync(packed)));
    rmSync(packed);
    repository.commit(message);
  }
  return repository;
}

function copyTracked(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (source) => !source.split(/[\\/]/).includes('node_modules') });
}
