// The GitHub Action (action.yml) run step by step on this machine: a real git repository as the workspace,
// the licit of this checkout as the action's own, a loopback fake of the GitHub API for the comment.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runAction } from './helpers/action-runner.js';
import { repoRoot } from './helpers/cli.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { BASE, pullRequestRepository, removeRepositories, type GitRepository } from './helpers/git-project.js';

const TOKEN = 'test-token-123';
const github = new FakeGitHub(TOKEN);
const MARKER = '<!-- licit:pr-gate:licit -->';

beforeAll(async () => {
  await github.start();
});
afterAll(async () => {
  await github.stop();
  removeRepositories();
});

const pullRequestEvent = (repository: GitRepository, number = 7): Record<string, unknown> => ({
  pull_request: { number, base: { sha: repository.git('rev-parse', 'main').trim() } },
});

const act = (repository: GitRepository, inputs: Record<string, string> = {}, number = 7) =>
  runAction({
    actionPath: repoRoot,
    workspace: repository.directory,
    event: pullRequestEvent(repository, number),
    inputs: { 'github-token': TOKEN, ...inputs },
    env: { GITHUB_API_URL: github.url },
  });

describe('a pull request that brings violations', () => {
  test('fails with the counts as outputs, one comment of its own, kept up to date', async () => {
    const repository = pullRequestRepository();
    // Someone else's comment that happens to carry the marker is never touched.
    const other = github.add(7, `${MARKER}\nquoted by a reviewer`, 'mallory');
    const run = await act(repository);
    expect(run.failedStep).toBe('Verdict');
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', 'exit-code': '1', 'new-errors': '2', 'new-warnings': '1', 'added-packages': '2' });
    expect(readFileSync(run.outputs.markdown!, 'utf8')).toMatch(/^### ❌ licit:/);
    expect(existsSync(run.outputs.sarif!)).toBe(true);
    expect(run.usesSteps).toEqual(['actions/cache@v4', 'github/codeql-action/upload-sarif@v3']);
    expect(run.summary).toContain(MARKER);
    const mine = github.comments.filter((comment) => comment.user.login === 'github-actions[bot]');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body.startsWith(`${MARKER}\n### ❌ licit:`)).toBe(true);

    // The next push: the same comment is edited, not a second one written.
    mine[0]!.body = `${MARKER}\nan older report`;
    await act(repository);
    expect(github.comments.filter((comment) => comment.user.login === 'github-actions[bot]')).toHaveLength(1);
    expect(github.comments.find((comment) => comment.id === mine[0]!.id)!.body).toMatch(/### ❌ licit:/);
    expect(other.body).toBe(`${MARKER}\nquoted by a reviewer`);
    expect(github.requests.filter((request) => request.startsWith('PATCH'))).toEqual([`PATCH /repos/octo/app/issues/comments/${mine[0]!.id}`]);
  });
});

describe('a pull request with nothing to say', () => {
  const harmless = { ...BASE, dependencies: { ...BASE.dependencies, 'fx-mit-new': '^1.0.0' }, packages: { ...BASE.packages, 'node_modules/fx-mit-new': { version: '1.0.0', license: 'MIT' } } };
  const unchanged = { ...BASE };

  test('passes; comments by default only when there is something to say, or when asked to', async () => {
    const before = github.comments.length;
    const quiet = await act(pullRequestRepository(unchanged), {}, 8);
    expect(quiet.code).toBe(0);
    expect(quiet.outputs).toMatchObject({ verdict: 'pass', 'new-errors': '0', 'added-packages': '0' });
    expect(github.comments.length).toBe(before);
    const onFailure = await act(pullRequestRepository(harmless), { comment: 'on-failure' }, 8);
    expect(onFailure.outputs.verdict).toBe('pass');
    expect(github.comments.length).toBe(before);
    const always = await act(pullRequestRepository(unchanged), { comment: 'always' }, 8);
    expect(always.code).toBe(0);
    expect(github.comments.length).toBe(before + 1);
    expect(github.comments.at(-1)!.body).toContain('### ✅ licit: no new license problems');
    await act(pullRequestRepository(harmless), { comment: 'never' }, 8);
    expect(github.comments.length).toBe(before + 1);
  });
});

describe('when licit cannot run, the job says so and never reports violations', () => {
  test('licit refuses its input (exit 2): verdict error, exit 2, no comment', async () => {
    const before = github.comments.length;
    const run = await act(pullRequestRepository(), { args: '--config no-such-config.json' }, 9);
    expect(run.outputs).toMatchObject({ verdict: 'error', 'exit-code': '2', markdown: '' });
    expect(run.failedStep).toBe('Verdict');
    expect(run.code).toBe(2);
    expect(run.log).toContain('::error title=licit could not run::');
    expect(run.summary).toContain('licit could not run');
    expect(github.comments.length).toBe(before);
  });

  test('a failed install stops the job with exit 2 and a message, before any verdict', async () => {
    // The action's checkout as downloaded (no node_modules, no dist), and an npm that fails as a registry outage would.
    const action = mkdtempSync(join(tmpdir(), 'licit-action-'));
    for (const entry of ['action.yml', 'package.json', 'package-lock.json', 'bin', 'scripts', 'src', 'rules']) cpSync(join(repoRoot, entry), join(action, entry), { recursive: true });
    const bin = join(action, 'fake-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'npm'), '#!/bin/sh\necho "npm error code E401" >&2\nexit 1\n');
    chmodSync(join(bin, 'npm'), 0o755);
    const repository = pullRequestRepository();
    const run = await runAction({
      actionPath: action,
      workspace: repository.directory,
      event: pullRequestEvent(repository),
      inputs: { 'github-token': TOKEN },
      env: { GITHUB_API_URL: github.url, PATH: `${bin}:${process.env.PATH ?? ''}` },
    });
    expect(run.failedStep).toBe('Install licit');
    expect(run.code).toBe(2);
    expect(run.log).toContain('npm error code E401');
    expect(run.log).toContain('::error title=licit could not run::installing licit');
    expect(run.outputs.verdict).toBe('error');
  });
});

describe('outside a pull request', () => {
  test('the whole tree is scanned and gated', async () => {
    const repository = pullRequestRepository();
    const run = await runAction({ actionPath: repoRoot, workspace: repository.directory, event: null, inputs: { 'github-token': TOKEN }, env: { GITHUB_API_URL: github.url } });
    expect(run.log).toContain('not a pull request and no base given');
    expect(run.outputs).toMatchObject({ verdict: 'fail', 'added-packages': '' });
    expect(Number(run.outputs['new-errors'])).toBeGreaterThan(2);
  });
});
