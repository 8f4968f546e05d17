import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseSyml } from '@yarnpkg/parsers';
import { LicitInputError, MAX_LOCKFILE_BYTES, readInputText } from '../../model/index.js';
import { splitDescriptor } from './descriptors.js';

/** Where Yarn berry installed each package (by its lockfile locator), relative to the project, forward slashes. */
export interface YarnInstall {
  linker: 'node-modules' | 'pnp';
  /** Every place a locator is installed (node-modules: one or more folders; PnP: one, maybe inside a zip). */
  locations: Map<string, string[]>;
}

const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `debug@virtual:<hash>#npm:4.3.4` -> `debug@npm:4.3.4`: a virtual locator is its package under a peer context. */
export function devirtualise(locator: string): string {
  const { name, range } = splitDescriptor(locator);
  return range.startsWith('virtual:') ? `${name}@${range.slice(range.indexOf('#') + 1)}` : locator;
}

/**
 * What Yarn berry installed, from its own install state: `node_modules/.yarn-state.yml` for the
 * node-modules linker, `.pnp.data.json` or the state serialised in `.pnp.cjs` for Plug'n'Play (read
 * as data, never executed). Null when Yarn did not install the project; a linker licit does not read
 * (pnpm's, `node_modules/.store`) is refused.
 */
export function readYarnInstall(directory: string): YarnInstall | null {
  const statePath = join(directory, 'node_modules', '.yarn-state.yml');
  if (existsSync(statePath)) return { linker: 'node-modules', locations: withPatchedOriginals(nodeModulesLocations(readInputText(statePath, 'node_modules/.yarn-state.yml', MAX_LOCKFILE_BYTES))) };
  const pnpState = readPnpState(directory);
  if (pnpState) return { linker: 'pnp', locations: withPatchedOriginals(pnpLocations(pnpState)) };
  if (existsSync(join(directory, 'node_modules', '.store'))) {
    throw new LicitInputError('node_modules was installed by Yarn with nodeLinker: pnpm (found node_modules/.store), which licit does not read yet: scan with --lockfile-only', 'unsupported-layout');
  }
  return null;
}

function nodeModulesLocations(text: string): Map<string, string[]> {
  let state: Record<string, unknown>;
  try {
    state = parseSyml(text);
  } catch (error) {
    throw new LicitInputError(`node_modules/.yarn-state.yml could not be parsed (${(error as Error).message.split('\n')[0]}): reinstall with yarn`, 'invalid-lockfile');
  }
  const locations = new Map<string, string[]>();
  for (const [key, entry] of Object.entries(state)) {
    if (key === '__metadata' || !isMap(entry) || !Array.isArray(entry.locations)) continue;
    const places = entry.locations.filter((place): place is string => typeof place === 'string');
    // One key can name several locators (`a@npm:1.0.0, a@virtual:…#npm:1.0.0`).
    for (const locator of key.split(/\s*,\s*/)) add(locations, devirtualise(locator), places);
  }
  return locations;
}

function readPnpState(directory: string): unknown {
  const dataPath = join(directory, '.pnp.data.json');
  const label = existsSync(dataPath) ? '.pnp.data.json' : existsSync(join(directory, '.pnp.cjs')) ? '.pnp.cjs' : null;
  if (!label) return null;
  const text = readInputText(join(directory, label), label, MAX_LOCKFILE_BYTES);
  try {
    return JSON.parse(label === '.pnp.cjs' ? inlinedState(text) : text);
  } catch (error) {
    throw new LicitInputError(`${label} holds no Plug'n'Play state licit can read (${(error as Error).message}): reinstall with yarn`, 'invalid-lockfile');
  }
}

/**
 * The JSON in `.pnp.cjs`'s `const RAW_RUNTIME_STATE = '…';`: a single-quoted JavaScript string whose
 * lines end in `\` continuations. Its escapes are undone here; the file is never run.
 */
function inlinedState(source: string): string {
  const match = /^const RAW_RUNTIME_STATE =\s*\n?'((?:[^'\\]|\\[\s\S])*)';$/m.exec(source);
  if (!match) throw new Error('no RAW_RUNTIME_STATE string');
  return match[1]!.replace(/\\(\r?\n|[\s\S])/g, (_all, escaped: string) => (escaped === '\n' || escaped === '\r\n' ? '' : escaped));
}

function pnpLocations(state: unknown): Map<string, string[]> {
  const registry = isMap(state) && Array.isArray(state.packageRegistryData) ? state.packageRegistryData : [];
  const locations = new Map<string, string[]>();
  const virtualOnly = new Map<string, string[]>();
  for (const [name, references] of registry as [unknown, unknown][]) {
    if (typeof name !== 'string' || !Array.isArray(references)) continue; // the null name is the top-level fallback
    for (const [reference, information] of references as [unknown, unknown][]) {
      if (typeof reference !== 'string' || !isMap(information) || typeof information.packageLocation !== 'string') continue;
      // A virtual instance points into `.yarn/__virtual__`; the package's own entry names the real place.
      const place = information.packageLocation.replace(/^\.\//, '').replace(/\/$/, '');
      if (reference.startsWith('virtual:')) add(virtualOnly, devirtualise(`${name}@${reference}`), [place]);
      else add(locations, `${name}@${reference}`, [place]);
    }
  }
  for (const [locator, places] of virtualOnly) if (!locations.has(locator)) locations.set(locator, places);
  return locations;
}

/**
 * A patched package (`resolve@patch:resolve@npm%3A1.22.12#…`) is installed in place of the package it
 * patches, which the lockfile also records (the patch depends on it): the original is found there.
 */
function withPatchedOriginals(locations: Map<string, string[]>): Map<string, string[]> {
  for (const [locator, places] of [...locations]) {
    const { name, range } = splitDescriptor(locator);
    if (!range.startsWith('patch:')) continue;
    const original = devirtualise(decodeURIComponent(range.slice('patch:'.length).split('#')[0]!));
    if (splitDescriptor(original).name === name && !locations.has(original)) locations.set(original, places);
  }
  return locations;
}

function add(locations: Map<string, string[]>, locator: string, places: string[]): void {
  const known = locations.get(locator) ?? [];
  locations.set(locator, [...new Set([...known, ...places])].sort());
}

