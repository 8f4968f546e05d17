// The gate's promise on a real-sized tree: a pull request adding one GPL package to ~1,000 packages gets a
// comment naming that package and its chain, and nothing else.
import { afterAll, describe, expect, test } from 'vitest';
import { runLicit } from './helpers/cli.js';
import { gitRepository, syntheticTree, writeLockfileProject, removeRepositories } from './helpers/git-project.js';

afterAll(removeRepositories);

describe('a pull request adding one GPL-3.0 package to a 1,000-package tree', () => {
  test('licit scan --base main --lockfile-only --format markdown exits 1 and names only that package and its chain', () => {
    const repository = gitRepository();
    const tree = syntheticTree(1000);
    writeLockfileProject(repository.directory, { name: 'fx-big-app', dependencies: tree.dependencies, packages: tree.packages });
    repository.commit('a thousand MIT packages');
    repository.git('checkout', '-q', '-b', 'feature');
    // fx-syn-0507 hangs under the direct dependency fx-syn-0007; it now requires a GPL package.
    const parent = tree.packages['node_modules/fx-syn-0507']!;
    parent.dependencies = { ...parent.dependencies, 'fx-big-gpl': '^3.0.0' };
    tree.packages['node_modules/fx-big-gpl'] = { version: '3.0.0', license: 'GPL-3.0-only' };
    writeLockfileProject(repository.directory, { name: 'fx-big-app', dependencies: tree.dependencies, packages: tree.packages });
    repository.commit('fx-syn-0507 takes a GPL dependency');

    const run = runLicit(['scan', repository.directory, '--base', 'main', '--lockfile-only', '--format', 'markdown']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toMatch(/^### ❌ licit: 1 package with new license violations$/);
    expect(run.stdout).toContain('**1 added**, 0 removed, 0 license changes');
    expect(run.stdout).toContain('via `fx-big-app` › `fx-syn-0007` › `fx-syn-0507` › `fx-big-gpl`');
    const named = new Set(run.stdout.match(/fx-[a-z]+-[a-z0-9]+/g));
    expect([...named].sort()).toEqual(['fx-big-app', 'fx-big-gpl', 'fx-syn-0007', 'fx-syn-0507']);
    expect(run.stdout).toMatch(/\| permissive \| 1,000 \| {2}\|/);
  });
});
