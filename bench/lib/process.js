// Run a child process synchronously and time it (whole-process wall clock).
import { closeSync, existsSync, openSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const RUN_TIMEOUT_MS = 15 * 60 * 1000;
const GNU_TIME = '/usr/bin/time';

/** Environment for every timed or setup process: no update notifiers, no colour. */
export const quietEnv = {
  ...process.env,
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  NO_UPDATE_NOTIFIER: '1',
  FORCE_COLOR: '0',
  NO_COLOR: '1',
};

/** The last meaningful line of a process's stderr (or stdout), for an "n/a (error: …)" note. */
export function failureReason(result) {
  if (result.error) return result.error.message;
  const text = `${result.stderr ?? ''}`.trim() || `${result.stdout ?? ''}`.trim();
  const lines = text.split('\n').map((line) => line.trim())
    .filter((line) => line && !/^npm warn /i.test(line) && !/^at /.test(line));
  const last = lines.find((line) => /error|cannot|not found|ERR!/i.test(line)) ?? lines[lines.length - 1];
  const status = result.signal ? `signal ${result.signal}` : `exit ${result.status}`;
  return last ? `${status}: ${last.slice(0, 200)}` : status;
}

/**
 * Run `command args` with cwd, stdout to `stdoutPath` (or /dev/null), stderr captured.
 * Returns { ok, seconds, status, reason }; ok when the exit status is in okStatus; reason always set
 * (the caller may still reject an ok run, e.g. one that wrote no output).
 */
export function timedRun({ command, args, cwd, stdoutPath, okStatus = [0] }) {
  const fd = openSync(stdoutPath ?? '/dev/null', 'w');
  // GNU time, when present, counts the CPU seconds (user + system) that a busy machine disturbs less than wall time.
  const counted = existsSync(GNU_TIME);
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(counted ? GNU_TIME : command, counted ? ['-f', 'bench-cpu %U %S', command, ...args] : args, {
      cwd,
      env: quietEnv,
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: RUN_TIMEOUT_MS,
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const ok = !result.error && result.signal === null && okStatus.includes(result.status);
    const cpu = /bench-cpu ([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
    if (cpu) result.stderr = result.stderr.replace(/.*bench-cpu .*\n?/, '');
    return { ok, seconds, cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : undefined, status: result.status, reason: failureReason(result) };
  } finally {
    closeSync(fd);
  }
}

/** Run a setup command with output captured; throws with the failure reason. */
export function runChecked(command, args, options = {}) {
  const result = spawnSync(command, args, {
    env: quietEnv,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...options,
  });
  if (result.error || result.status !== 0) throw new Error(failureReason(result));
  return result.stdout;
}
