#!/usr/bin/env node
// node bench/make-synthetic.js <dir> --packages N [--shape flat|deep] [--lockfile-only] [--no-hidden-lockfile]
// Writes a synthetic npm tree of N packages into <dir> (see bench/lib/synthetic.js). Deterministic.
import { existsSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeSyntheticTree } from './lib/synthetic.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    packages: { type: 'string' },
    shape: { type: 'string', default: 'flat' },
    'lockfile-only': { type: 'boolean', default: false },
    'no-hidden-lockfile': { type: 'boolean', default: false },
  },
});
const [dir] = positionals;
const packages = Number(values.packages);
if (!dir || !Number.isInteger(packages) || packages < 1) {
  process.stderr.write('usage: node bench/make-synthetic.js <dir> --packages N [--shape flat|deep] [--lockfile-only] [--no-hidden-lockfile]\n');
  process.exit(2);
}
if (existsSync(dir) && readdirSync(dir).length > 0) {
  process.stderr.write(`make-synthetic: ${dir} is not empty\n`);
  process.exit(2);
}
const written = writeSyntheticTree(dir, {
  packages, shape: values.shape, installed: !values['lockfile-only'], hiddenLockfile: !values['no-hidden-lockfile'],
});
process.stdout.write(`${written} packages written to ${dir}\n`);
