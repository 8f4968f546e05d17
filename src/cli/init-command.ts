import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { LicitInputError, readInputText } from '../model/index.js';
import { PRESET_NAMES, type PresetName } from '../policy/policy.js';
import { readPreset } from '../policy/presets.js';

export const CONFIG_FILE_NAME = 'licit.config.json';

/** `licit init [dir]`: writes a commented starter licit.config.json, never over an existing config. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description(`write a commented starter ${CONFIG_FILE_NAME} (refuses to overwrite an existing config)`)
    .argument('[dir]', 'the project root', '.')
    .addOption(new Option('--preset <name>', 'the preset to extend').choices(PRESET_NAMES).default('distributed'))
    .action((dir: string, flags: { preset: PresetName }) => {
      const target = writeStarterConfig(dir, flags.preset);
      process.stdout.write(`licit: wrote ${target}\n`);
      process.exitCode = 0;
    });
}

export function writeStarterConfig(dir: string, preset: PresetName): string {
  const directory = resolve(dir);
  if (!existsSync(directory)) {
    throw new LicitInputError(`directory not found: ${dir}`, 'no-directory');
  }
  refuseExistingConfig(directory);
  const target = join(directory, CONFIG_FILE_NAME);
  writeFileExclusive(target, starterConfig(preset));
  return target;
}

function refuseExistingConfig(directory: string): void {
  for (const name of [CONFIG_FILE_NAME, '.licitrc.json']) {
    if (existsSync(join(directory, name))) throw new LicitInputError(`${name} already exists in ${directory}; edit it, or remove it to start again`, 'config-exists');
  }
  const manifest = join(directory, 'package.json');
  if (!existsSync(manifest)) return;
  try {
    if ((JSON.parse(readInputText(manifest, 'package.json')) as { licit?: unknown }).licit !== undefined) {
      throw new LicitInputError(`package.json already holds a licit config (its "licit" key); edit it there`, 'config-exists');
    }
  } catch (error) {
    if (error instanceof LicitInputError) throw error;
    // An unreadable package.json does not stop init; scan reports it.
  }
}

/** Atomic and exclusive: the whole file appears at once, and only if no file of that name exists. */
function writeFileExclusive(target: string, content: string): void {
  const temp = join(resolve(target, '..'), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  writeFileSync(temp, content, { flag: 'wx' });
  try {
    linkSync(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new LicitInputError(`${basename(target)} already exists; edit it, or remove it to start again`, 'config-exists');
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The starter config: valid as written, every other key shown commented out with its meaning. */
export function starterConfig(preset: PresetName): string {
  const { distribution } = readPreset(preset).context;
  return `// licit policy file (JSON with comments). Schema: schema/config.schema.json in the licit package.
// Precedence: "extends" picks a preset; "context" keys override the preset's; "allow" and "deny" add to the
// preset's lists; deny beats allow; an exception beats both. Explain a license: licit explain "<SPDX expression>".
{
  "$schema": "./node_modules/licit/schema/config.schema.json",

  // The preset to build on: distributed (the default) | saas | internal | permissive-only.
  "extends": "${preset}",

  "context": {
    // The project's own license (default: the "license" of package.json):
    // "projectLicense": "MIT",
    // Facts AI-model licenses test; leave out what you do not know:
    // "commercialUse": true,
    // "monthlyActiveUsers": 50000,
    // "annualRevenueUsd": 2000000,
    // "modelAttributableRevenueUsd": 300000,
    // "modelOutputsTrainModels": false,
    // "licenseeInEU": false,
    // distributed: shipped to others (package, app, bundle) | saas: run as a network service | internal: used in-house only.
    "distribution": "${distribution}"
  },

  // Categories (permissive, weak-copyleft, strong-copyleft, model, source-available, proprietary) or SPDX ids,
  // e.g. "MPL-2.0" or "GPL-2.0-or-later"; added to the preset's lists.
  "allow": [],
  "deny": [],

  // Severity per rule id: "error" | "warning" | "info" | "off", e.g. "declared-file-mismatch": "error".
  "rules": {},

  // Judge dev-only dependencies as if they were shipped (default: the preset's).
  // "includeDev": true,

  // Waivers for one package (name, optional semver range), for one rule or all. reason: license-acquired |
  // not-distributed | dynamic-linking | false-positive | approved-by-legal; a comment is required.
  "exceptions": [
    // {
    //   "package": "some-pkg@^2", "rule": "denied-license", "reason": "license-acquired",
    //   "comment": "commercial license, contract 123", "expires": "2027-06-30"
    // }
  ]
}
`;
}
