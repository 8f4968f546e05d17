// What the gate's reports say with --base: the terminal table shows only the change and ends with the verdict
// the exit code gives; the Markdown counts packages, fixes each license family its own way, marks dev and
// prod, credits what the change fixes and names the base by a short ref.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runLicit } from './helpers/cli.js';
import { gitRepository, removeRepositories, writeLockfileProject, type GitRepository, type ProjectSpec } from './helpers/git-project.js';

afterAll(removeRepositories);

const BASE_SIDE: ProjectSpec = {
  name: 'fx-report-app',
  dependencies: { 'fx-r-gpl-old': '^1.0.0', 'fx-r-mit': '^1.0.0' },
  packages: {
    'node_modules/fx-r-gpl-old': { version: '1.0.0', license: 'GPL-2.0-only' },
    'node_modules/fx-r-mit': { version: '1.0.0', license: 'MIT' },
  },
};

const HEAD_SIDE: ProjectSpec = {
  name: 'fx-report-app',
  dependencies: { 'fx-r-gpl': '^1.0.0', 'fx-r-lgpl': '^1.0.0', 'fx-r-mit': '^1.0.0' },
  devDependencies: { 'fx-r-dev-nolic': '^1.0.0' },
  packages: {
    'node_modules/fx-r-gpl': { version: '1.0.0', license: 'GPL-3.0-only' },
    'node_modules/fx-r-lgpl': { version: '1.0.0', license: 'LGPL-3.0-only' },
    'node_modules/fx-r-mit': { version: '1.0.0', license: 'MIT' },
    'node_modules/fx-r-dev-nolic': { version: '1.0.0', dev: true },
  },
};

let repository: GitRepository;
let baseCommit: string;

beforeAll(() => {
  repository = gitRepository();
  writeLockfileProject(repository.directory, BASE_SIDE);
  baseCommit = repository.commit('base');
  writeLockfileProject(repository.directory, HEAD_SIDE);
  repository.commit('swap the GPL-2.0 package for GPL-3.0 and LGPL ones');
});

describe('the table with --base', () => {
  test('lists only what changed and ends with the exit code\'s verdict', () => {
    const run = runLicit(['scan', repository.directory, '--base', 'HEAD~1', '--lockfile-only']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('FAIL: 2 new errors, 1 new warning');
    // Unchanged packages are not listed.
    expect(run.stdout).not.toContain('fx-r-mit');
    expect(run.stdout).toMatch(/^added \(3\)$/m);
    expect(run.stdout).toMatch(/^removed \(1\)\n {2}fx-r-gpl-old@1\.0\.0$/m);
    expect(run.stdout).toMatch(/^fixed by the change \(1\)\n {2}error {3}incompatible-with-project +fx-r-gpl-old@1\.0\.0$/m);
    // No second, contradicting verdict on stderr.
    expect(run.stderr).toBe('');
  });

  test('--fail-on warning: warnings alone fail, and the table says so', () => {
    const repo = gitRepository();
    const mitOnly: ProjectSpec = { name: 'fx-report-app', dependencies: { 'fx-r-mit': '^1.0.0' }, packages: { 'node_modules/fx-r-mit': { version: '1.0.0', license: 'MIT' } } };
    writeLockfileProject(repo.directory, mitOnly);
    repo.commit('base');
    writeLockfileProject(repo.directory, {
      ...mitOnly,
      dependencies: { ...mitOnly.dependencies, 'fx-r-lgpl': '^1.0.0' },
      packages: { ...mitOnly.packages, 'node_modules/fx-r-lgpl': { version: '1.0.0', license: 'LGPL-3.0-only' } },
    });
    repo.commit('an LGPL library');
    const lenient = runLicit(['scan', repo.directory, '--base', 'HEAD~1', '--lockfile-only']);
    expect(lenient.stdout.trimEnd().split('\n').at(-1)).toBe('PASS with warnings: 0 new errors, 1 new warning');
    expect(lenient.code).toBe(0);
    const strict = runLicit(['scan', repo.directory, '--base', 'HEAD~1', '--lockfile-only', '--fail-on', 'warning']);
    expect(strict.stdout.trimEnd().split('\n').at(-1)).toBe('FAIL: 0 new errors, 1 new warning');
    expect(strict.code).toBe(1);
  });
});

describe('the Markdown with --base', () => {
  let text: string;
  beforeAll(() => {
    text = runLicit(['scan', repository.directory, '--base', baseCommit, '--lockfile-only', '--format', 'markdown']).stdout;
  });

  test('the verdict counts packages', () => {
    expect(text.split('\n')[0]).toBe('### ❌ licit: 1 package with new license violations, 1 new package without license data, 1 with new warnings');
  });

  test('a commit id as base is shown short, once', () => {
    expect(text).toContain(`Compared with \`${baseCommit.slice(0, 12)}\`:`);
    expect(text).not.toContain(baseCommit);
  });

  test('each license family gets its own fix', () => {
    const gpl = /\*\*incompatible-with-project\*\* \(1 package\) — what to do: (.*)\n\n- `fx-r-gpl@1\.0\.0`/.exec(text);
    const lgpl = /\*\*incompatible-with-project\*\* \(1 package\) — what to do: (.*)\n\n- `fx-r-lgpl@1\.0\.0`/.exec(text);
    expect(gpl?.[1]).toMatch(/^Replace the package, stop distributing it/);
    expect(lgpl?.[1]).toMatch(/^Ship the library unchanged/);
  });

  test('dev and prod are told apart; missing metadata is worded as missing', () => {
    expect(text).toContain('- `fx-r-gpl@1.0.0` · `GPL-3.0-only` · prod:');
    expect(text).toMatch(/#### License data missing \(1 package\)\n\nNothing licit read says which license/);
    expect(text).toContain('- `fx-r-dev-nolic@1.0.0` · dev: the lockfile records no license for this package');
    expect(text).toMatch(/\| `fx-r-dev-nolic` \| `1\.0\.0` \| not recorded \|/);
  });

  test('what the change fixes is credited', () => {
    expect(text).toContain('#### Fixed by this change (1 package, 1 violation)');
    expect(text).toContain('- `fx-r-gpl-old@1.0.0`: incompatible-with-project (`GPL-2.0-only`)');
  });
});
