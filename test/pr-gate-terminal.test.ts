// The terminal around the gate: colour rules, the progress line (terminals only), the verdict, --quiet.
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { colourEnabled, startProgress, type OutputStream } from '../src/cli/terminal.js';
import { painter } from '../src/report/verdict.js';
import { join } from 'node:path';
import { fixture, runLicit, scratchDir } from './helpers/cli.js';
import { pullRequestRepository, removeRepositories } from './helpers/git-project.js';

afterAll(removeRepositories);

const tty: OutputStream = { isTTY: true, write: () => true };
const pipe: OutputStream = { isTTY: false, write: () => true };

describe('colour', () => {
  test.each([
    ['a terminal', tty, {}, true],
    ['a pipe', pipe, {}, false],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, false],
    ['an empty NO_COLOR is unset', tty, { NO_COLOR: '' }, true],
    ['FORCE_COLOR on a pipe', pipe, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, false],
    ['NO_COLOR beats FORCE_COLOR', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['a dumb terminal', tty, { TERM: 'dumb' }, false],
  ])('%s', (_name, stream, env, expected) => {
    expect(colourEnabled(stream, env)).toBe(expected);
  });

  test('a painter without colour returns the text as it is', () => {
    expect(painter(false)('red', 'FAIL')).toBe('FAIL');
    expect(painter(true)('red', 'FAIL')).toBe('\u001b[31mFAIL\u001b[39m');
  });
});

describe('progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const recorder = (isTTY: boolean): OutputStream & { written: string[] } => {
    const written: string[] = [];
    return { isTTY, written, write: (text: string) => written.push(text) };
  };

  test('on a terminal, after the delay, a line redrawn in place and cleared at the end', () => {
    vi.useFakeTimers();
    let clock = 0;
    const stream = recorder(true);
    const progress = startProgress(stream, { enabled: true, delayMs: 300, now: () => clock });
    progress.phase('scanning HEAD');
    clock = 200;
    vi.advanceTimersByTime(200);
    expect(stream.written).toEqual([]);
    clock = 1200;
    vi.advanceTimersByTime(100);
    const line = stream.written.at(-1) ?? '';
    expect(line.startsWith('\r\u001b[2K')).toBe(true);
    expect(line.slice(5)).toMatch(/^. licit: scanning HEAD \(1\.2s\)$/);
    progress.stop();
    expect(stream.written.at(-1)).toBe('\r\u001b[2K');
    const count = stream.written.length;
    vi.advanceTimersByTime(1000);
    expect(stream.written).toHaveLength(count);
  });

  test('never on a pipe, never when disabled (--quiet)', () => {
    vi.useFakeTimers();
    for (const [stream, enabled] of [[recorder(false), true], [recorder(true), false]] as const) {
      const progress = startProgress(stream, { enabled, delayMs: 0, now: () => 10_000 });
      vi.advanceTimersByTime(1000);
      progress.stop();
      expect(stream.written).toEqual([]);
    }
  });
});

describe('the verdict line and --quiet', () => {
  test('with --base, a one-line verdict counting new findings closes the run on stderr', () => {
    const run = runLicit(['scan', pullRequestRepository().directory, '--base', 'main', '--lockfile-only', '--format', 'markdown', '-o', join(scratchDir(), 'report')]);
    expect(run.stderr).toMatch(/^licit: FAIL — 2 new errors, 1 new warning · 7 packages · 2 added, 1 removed, 1 relicensed since main\n$/);
    expect(run.code).toBe(1);
  });

  test('FORCE_COLOR colours it; NO_COLOR (set by the test helper) keeps it plain', () => {
    const args = ['scan', fixture('policy/gpl-in-mit'), '--format', 'json', '-o', join(scratchDir(), 'report')];
    expect(runLicit(args).stderr).toMatch(/^licit: FAIL/);
    expect(runLicit(args, { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stderr).toContain('\u001b[31m');
  });

  test('--quiet prints nothing, and the exit code still tells', () => {
    const run = runLicit(['scan', fixture('policy/gpl-in-mit'), '--quiet']);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const json = runLicit(['scan', fixture('policy/gpl-in-mit'), '--quiet', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toHaveProperty('findings');
    expect(json.stderr).toBe('');
  });
});
