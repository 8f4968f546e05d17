// Runs action.yml's steps as the Actions runner would, on this machine: each `run` step in bash with the
// step's env (its `${{ }}` expressions resolved against inputs, github and earlier steps' outputs) and the
// runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY); `uses` steps (cache, SARIF upload) are recorded, not
// run. The first failing step ends the job, as on GitHub.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ActionStep {
  name: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface ActionRun {
  /** The action's outputs, as a workflow reads them. */
  outputs: Record<string, string>;
  /** The exit code of the job: the first failing step's, else 0. */
  code: number;
  failedStep: string | null;
  log: string;
  summary: string;
  usesSteps: string[];
}

export interface ActionRunOptions {
  actionPath: string;
  workspace: string;
  inputs?: Record<string, string>;
  /** The pull-request event payload, or null for a push. */
  event: Record<string, unknown> | null;
  env?: Record<string, string>;
}

/** Asynchronous, so that a fake API served by the test process itself can answer the steps. */
export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const action = parse(readFileSync(join(options.actionPath, 'action.yml'), 'utf8')) as ActionFile;
  const runner = mkdtempSync(join(tmpdir(), 'licit-runner-'));
  const eventPath = join(runner, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.event ?? {}));
  const summaryPath = join(runner, 'summary.md');
  writeFileSync(summaryPath, '');
  const github = { token: 'fake-token', action_path: options.actionPath, event: options.event ?? {} };
  // Defaults may be expressions themselves (`github-token: ${{ github.token }}`).
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, options.inputs?.[name] ?? resolve(input.default ?? '', { github })]),
  );
  const context: Record<string, unknown> = { inputs, github, steps: {} };
  const steps = context.steps as Record<string, { outputs: Record<string, string> }>;
  const usesSteps: string[] = [];
  let log = '';
  let code = 0;
  let failedStep: string | null = null;
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.uses) {
      usesSteps.push(step.uses);
      continue;
    }
    const outputFile = join(runner, `output-${index}`);
    writeFileSync(outputFile, '');
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      GITHUB_ACTION_PATH: options.actionPath,
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_JOB: 'licit',
      GITHUB_REPOSITORY: 'octo/app',
      RUNNER_TEMP: runner,
      RUNNER_OS: 'Linux',
      NO_COLOR: '1',
      ...options.env,
    };
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = resolve(String(value), context);
    const cwd = join(options.workspace, resolve(step['working-directory'] ?? '.', context));
    const run = await runBash(resolve(step.run ?? '', context), cwd, env);
    log += `## ${step.name}\n${run.output}`;
    if (step.id) steps[step.id] = { outputs: readOutputs(outputFile) };
    if (run.status !== 0) {
      code = run.status ?? 1;
      failedStep = step.name;
      break;
    }
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, output]) => [name, resolve(output.value, context)]));
  return { outputs, code, failedStep, log, summary: readFileSync(summaryPath, 'utf8'), usesSteps };
}

function runBash(script: string, cwd: string, env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (status) => done({ status, output }));
  });
}

function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return outputs;
}

/** `${{ a.b.c }}` and `${{ a.b || 'literal' }}`: the expressions action.yml uses in values and env. */
function resolve(text: string, context: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_match, expression: string) => {
    for (const operand of expression.split('||').map((part) => part.trim())) {
      const literal = /^'(.*)'$/.exec(operand);
      const value = literal ? literal[1]! : lookup(operand, context);
      if (value !== '') return value;
    }
    return '';
  });
}

function lookup(path: string, context: Record<string, unknown>): string {
  let value: unknown = context;
  for (const key of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value === undefined || value === null ? '' : String(value);
}
