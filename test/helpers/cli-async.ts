import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, type CliRun } from './cli.js';

/**
 * Runs the built CLI without blocking the event loop (unlike `runLicit`), so a test may serve it
 * from an HTTP server in its own process. npm_config_* variables of the npm that started the tests
 * are left out: they would outrank the .npmrc files the test writes.
 */
export function runLicitAsync(args: string[], options: { cwd?: string; env?: Record<string, string>; bin?: string } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_config_/i.test(key)) env[key] = value;
  const child = spawn(process.execPath, [options.bin ?? join(repoRoot, 'bin', 'licit.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
