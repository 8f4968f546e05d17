// The catalogue of timed commands: licit, the floors and the peers.
import { join } from 'node:path';
import { toolPrefix } from './setup.js';

/**
 * Each command: id, group (licit | floors | peers), label (as printed), and
 * build(ctx) -> { command, args, stdout?: true, okStatus?, expectOutput?, unavailable? } where ctx is
 * { repo, licitBin, dir, toolsDir, out } (out: a temp file the command may write its report to).
 * `stdout: true` sends the process's stdout to `out`; otherwise stdout goes to /dev/null.
 * `expectOutput`: a run only counts if it left a non-empty `out` (an exit status alone can lie:
 * licit's 1 means "violations found", but Node also exits 1 when licit cannot even start).
 */
export const COMMANDS = [
  licit('licit-full', 'licit scan --format json', ['scan', '--format', 'json']),
  licit('licit-no-text', 'licit scan --no-text --format json', ['scan', '--no-text', '--format', 'json']),
  licit('licit-lockfile', 'licit scan --lockfile-only --format json', ['scan', '--lockfile-only', '--format', 'json']),
  licit('licit-sbom', 'licit sbom --format cyclonedx', ['sbom', '--format', 'cyclonedx']),
  // The pull-request gate, in a git copy of the corpus whose HEAD~1 is a base (bench/lib/base-pair.js).
  licit('licit-base-lockfile', 'licit scan --base HEAD~1 --lockfile-only --format json', ['scan', '--base', 'HEAD~1', '--lockfile-only', '--format', 'json'], { basePair: true }),
  licit('licit-base-full', 'licit scan --base HEAD~1 --format json', ['scan', '--base', 'HEAD~1', '--format', 'json'], { basePair: true }),

  floor('read-package-json', 'floor: read + JSON.parse every package.json'),
  floor('load-actual', 'floor: arborist loadActual()'),
  floor('force-actual', 'floor: arborist loadActual({ forceActual: true })'),
  floor('load-virtual', 'floor: arborist loadVirtual()'),

  peer('license-checker', 'license-checker-rseidelsohn --json', 'license-checker-rseidelsohn',
    (ctx) => ['--json', '--start', ctx.dir]),
  peer('cyclonedx-npm', 'cyclonedx-npm', '@cyclonedx/cyclonedx-npm',
    (ctx) => ['--output-file', ctx.out], { bin: 'cyclonedx-npm', stdout: false }),
  peer('cyclonedx-npm-lockfile', 'cyclonedx-npm --package-lock-only', '@cyclonedx/cyclonedx-npm',
    (ctx) => ['--package-lock-only', '--output-file', ctx.out], { bin: 'cyclonedx-npm', stdout: false }),
  {
    id: 'npm-sbom', group: 'peers', label: 'npm sbom --sbom-format cyclonedx',
    build: () => ({ command: 'npm', args: ['sbom', '--sbom-format', 'cyclonedx'], stdout: true, expectOutput: true }),
  },
  {
    id: 'npm-sbom-lockfile', group: 'peers', label: 'npm sbom --package-lock-only',
    build: () => ({ command: 'npm', args: ['sbom', '--package-lock-only', '--sbom-format', 'cyclonedx'], stdout: true, expectOutput: true }),
  },
  // licensee has no "list only" mode: it judges every package against an allow-list and, with --ndjson,
  // prints every package of the tree (all of it: loadActual({ forceActual: true }), dev included since
  // --production is not given). licensee 12's CLI reads no SPDX list from the command line (its --help
  // offers --licenses, its code reads --spdx, which docopt rejects), so --osi stands in for the
  // allow-list rather than a .licensee.json in the corpus. Exit 1 only means some package is not approved.
  peer('licensee', 'licensee --osi --ndjson', 'licensee',
    () => ['--osi', '--ndjson'], { okStatus: [0, 1] }),
];

export const GROUPS = ['licit', 'floors', 'peers'];

function licit(id, label, args, { basePair = false } = {}) {
  return {
    id, group: 'licit', label, basePair,
    build: (ctx) => (basePair && !ctx.basePair ? { unavailable: ctx.basePairProblem ?? 'no --base repository' } : {
      command: process.execPath,
      args: [ctx.licitBin, args[0], basePair ? ctx.basePair : ctx.dir, ...args.slice(1), '-o', ctx.out],
      // 1 = the policy found violations, which is a normal outcome on a real tree; 2 = licit failed
      okStatus: [0, 1],
      expectOutput: true,
    }),
  };
}

function floor(id, label) {
  return {
    id, group: 'floors', label,
    build: (ctx) => {
      const needsArborist = id !== 'read-package-json';
      const prefix = needsArborist ? toolPrefix(ctx.toolsDir, '@npmcli/arborist@9') : ctx.toolsDir;
      if (!prefix) return { unavailable: '@npmcli/arborist@9 is not installed' };
      return { command: process.execPath, args: [join(ctx.repo, 'bench', 'floor.js'), id, ctx.dir, prefix] };
    },
  };
}

function peer(id, label, spec, args, { bin = spec, stdout = true, okStatus = [0] } = {}) {
  return {
    id, group: 'peers', label,
    build: (ctx) => {
      const prefix = toolPrefix(ctx.toolsDir, spec);
      if (!prefix) return { unavailable: `${spec} is not installed` };
      return { command: join(prefix, 'node_modules', '.bin', bin), args: args(ctx), stdout, okStatus, expectOutput: true };
    },
  };
}

/** Commands chosen by `--only` (groups and/or command ids, comma-separated); all when empty. */
export function selectCommands(only) {
  if (!only) return COMMANDS;
  const wanted = new Set(only.split(',').map((item) => item.trim()).filter(Boolean));
  for (const item of wanted) {
    if (!GROUPS.includes(item) && !COMMANDS.some((command) => command.id === item)) {
      throw new Error(`--only: unknown group or command "${item}" (groups: ${GROUPS.join(', ')}; ids: ${COMMANDS.map((c) => c.id).join(', ')})`);
    }
  }
  return COMMANDS.filter((command) => wanted.has(command.group) || wanted.has(command.id));
}
