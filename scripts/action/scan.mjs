// The action's scan step: runs the licit of the action's own checkout over the project, writes the Markdown,
// SARIF and JSON reports, and sets the step's outputs. It never fails the step itself (the verdict step does,
// after the reports are out); when licit could not run, the verdict is `error`, never `fail`.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const env = process.env;
const out = join(env.RUNNER_TEMP ?? '/tmp', `licit-${env.GITHUB_JOB ?? 'job'}-${process.pid}`);
mkdirSync(out, { recursive: true });
const files = { markdown: join(out, 'licit.md'), sarif: join(out, 'licit.sarif'), json: join(out, 'licit.json') };

const args = [join(env.GITHUB_ACTION_PATH ?? '.', 'bin', 'licit.js'), 'scan', '.', '--fail-on', env.FAIL_ON || 'error'];
args.push('--format', 'markdown', '-o', files.markdown, '--out', `sarif=${files.sarif}`, '--out', `json=${files.json}`);
if (env.BASE) args.push('--base', env.BASE);
if (env.LOCKFILE_ONLY === 'true') args.push('--lockfile-only');
args.push(...(env.ARGS ?? '').split(/\s+/).filter((arg) => arg !== ''));

const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
const stderr = (run.stderr ?? '').trim();
if (stderr) process.stderr.write(`${stderr}\n`);
const code = run.status ?? 2;

/** The JSON report, or null when licit wrote none (it could not run, whatever its exit code). */
function readReport() {
  try {
    return JSON.parse(readFileSync(files.json, 'utf8'));
  } catch {
    return null;
  }
}

const report = code === 0 || code === 1 ? readReport() : null;
const outputs = { 'exit-code': String(code), verdict: 'error', 'new-errors': '', 'new-warnings': '', 'added-packages': '', 'has-news': 'false', markdown: '', sarif: '', json: '' };
if (report) {
  const diff = report.diff;
  outputs.verdict = code === 0 ? 'pass' : 'fail';
  outputs['new-errors'] = String(diff ? diff.newErrors : report.summary.errors);
  outputs['new-warnings'] = String(diff ? diff.newWarnings : report.summary.warnings);
  outputs['added-packages'] = diff ? String(diff.added.length) : '';
  const changes = diff ? diff.added.length + diff.removed.length + diff.changed.length + diff.review.length + diff.fixed.length : 0;
  outputs['has-news'] = String(Number(outputs['new-errors']) + Number(outputs['new-warnings']) + changes > 0);
  Object.assign(outputs, files);
} else {
  const why = stderr.split('\n').filter((line) => line.trim() !== '').at(-1) ?? `exit ${code}, no report written`;
  console.log(`::error title=licit could not run::${escapeCommand(why)} (no license verdict was reached)`);
}
if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`).join(''));

/** Workflow-command data: %, CR and LF escaped as the runner expects. */
function escapeCommand(text) {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
