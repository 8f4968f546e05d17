// Install (or reuse) the peers' tools and the benchmark corpora, outside the repository.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked } from './process.js';

/** The peers and floors, installed together into the tools dir (never licit dependencies). */
export const TOOL_PACKAGES = [
  { spec: 'license-checker-rseidelsohn', probe: 'node_modules/.bin/license-checker-rseidelsohn' },
  { spec: '@cyclonedx/cyclonedx-npm', probe: 'node_modules/.bin/cyclonedx-npm' },
  { spec: 'licensee', probe: 'node_modules/.bin/licensee' },
  { spec: '@npmcli/arborist@9', probe: 'node_modules/@npmcli/arborist/package.json' },
];

const NPM_INSTALL_FLAGS = ['--no-save', '--no-audit', '--no-fund', '--loglevel=error'];

function slug(spec) {
  return spec.replace(/@[^@/]*$/, '').replace(/^@/, '').replace(/\//g, '__');
}

/** Where a tool's probe file is, in the shared tools install or its solo fallback; undefined if missing. */
export function toolPrefix(toolsDir, spec) {
  const tool = TOOL_PACKAGES.find((candidate) => candidate.spec === spec);
  if (!tool) throw new Error(`unknown tool ${spec}`);
  for (const prefix of [toolsDir, join(toolsDir, 'solo', slug(spec))]) {
    if (existsSync(join(prefix, tool.probe))) return prefix;
  }
  return undefined;
}

/**
 * Make sure every tool is installed; returns { spec: reason } for the ones that could not be.
 * One `npm install --no-save --prefix` for all (a --no-save install prunes what an earlier one put
 * there); if that fails, each missing tool gets its own prefix so one bad peer does not sink the rest.
 */
export function ensureTools(toolsDir, log) {
  const missing = () => TOOL_PACKAGES.filter((tool) => !toolPrefix(toolsDir, tool.spec));
  if (missing().length === 0) return {};
  mkdirSync(toolsDir, { recursive: true });
  log(`installing peers into ${toolsDir} …`);
  try {
    runChecked('npm', ['install', ...NPM_INSTALL_FLAGS, '--prefix', toolsDir, ...TOOL_PACKAGES.map((tool) => tool.spec)]);
  } catch (error) {
    log(`  combined install failed (${error.message}); installing one by one`);
  }
  const failures = {};
  for (const tool of missing()) {
    const prefix = join(toolsDir, 'solo', slug(tool.spec));
    mkdirSync(prefix, { recursive: true });
    try {
      runChecked('npm', ['install', ...NPM_INSTALL_FLAGS, '--prefix', prefix, tool.spec]);
    } catch (error) {
      failures[tool.spec] = `install failed: ${error.message}`;
    }
  }
  return failures;
}

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function corpusNames(sharedDir) {
  return readdirSync(join(sharedDir, 'corpora'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

const STAMP = '.licit-bench-stamp';

/**
 * Install corpus `name` into `target` with the shared make-corpus.sh, unless it is already installed
 * from the same lockfile (the stamp holds the source lockfile's sha256). Throws if the install fails.
 */
export function ensureCorpus({ sharedDir, name, target, toolsDir, npmCache, log }) {
  const lockfile = join(sharedDir, 'corpora', name, 'package-lock.json');
  if (!existsSync(lockfile)) throw new Error(`no corpus ${name} in ${sharedDir}/corpora`);
  const want = sha256(lockfile);
  const stampPath = join(target, STAMP);
  const have = existsSync(stampPath) ? readFileSync(stampPath, 'utf8').trim() : undefined;
  if (have === want && existsSync(join(target, 'node_modules'))) {
    log(`corpus ${name}: reusing ${target}`);
    return;
  }
  log(`corpus ${name}: installing into ${target} (make-corpus.sh; this can take minutes) …`);
  const output = runChecked('bash', [join(sharedDir, 'make-corpus.sh'), name, target], {
    env: { ...process.env, BENCHTOOLS: toolsDir, npm_config_cache: npmCache },
  });
  for (const line of output.split('\n')) {
    if (/installed packages|node_modules size/.test(line)) log(`  ${line.trim()}`);
  }
  writeFileSync(stampPath, `${want}\n`);
}
