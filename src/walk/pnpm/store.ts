import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { LicitInputError } from '../../model/index.js';
import { readInstalledManifest } from '../installed-manifest.js';

/** pnpm's default `virtual-store-dir-max-length`. */
const DEFAULT_MAX_LENGTH = 120;

/** What `node_modules/.modules.yaml` says of an installed pnpm tree. */
export interface PnpmInstall {
  /** Absolute path of the virtual store (`node_modules/.pnpm` by default). */
  virtualStore: string;
  maxLength: number;
  /** Lockfile keys pnpm skipped on this platform (optional packages for other systems). */
  skipped: Set<string>;
}

/** The installed pnpm tree under `<directory>/node_modules`, or null when pnpm did not install it. */
export function readPnpmInstall(directory: string): PnpmInstall | null {
  const modulesYaml = join(directory, 'node_modules', '.modules.yaml');
  const defaultStore = join(directory, 'node_modules', '.pnpm');
  if (!existsSync(modulesYaml)) return existsSync(defaultStore) ? { virtualStore: defaultStore, maxLength: DEFAULT_MAX_LENGTH, skipped: new Set() } : null;
  let state: unknown;
  try {
    state = load(readFileSync(modulesYaml, 'utf8'), { json: true });
  } catch (error) {
    throw new LicitInputError(`node_modules/.modules.yaml is not valid YAML (${(error as Error).message.split('\n')[0]}): reinstall with pnpm`, 'invalid-lockfile');
  }
  const fields = (typeof state === 'object' && state !== null ? state : {}) as Record<string, unknown>;
  if (typeof fields.packageManager === 'string' && !fields.packageManager.startsWith('pnpm@')) return null;
  const linker = typeof fields.nodeLinker === 'string' ? fields.nodeLinker : 'isolated';
  if (linker !== 'isolated') {
    throw new LicitInputError(
      `node_modules was installed by pnpm with node-linker=${linker}, which licit does not read yet: scan with --lockfile-only`,
      'unsupported-layout',
    );
  }
  const store = typeof fields.virtualStoreDir === 'string' ? fields.virtualStoreDir : '.pnpm';
  return {
    virtualStore: isAbsolute(store) ? store : resolve(directory, 'node_modules', store),
    maxLength: typeof fields.virtualStoreDirMaxLength === 'number' ? fields.virtualStoreDirMaxLength : DEFAULT_MAX_LENGTH,
    skipped: new Set(Array.isArray(fields.skipped) ? fields.skipped.filter((key): key is string => typeof key === 'string').map((key) => key.replace(/^\//, '')) : []),
  };
}

/**
 * The folder name pnpm 9/10 gives a lockfile key in the virtual store (`depPathToFilename` of
 * @pnpm/dependency-path): `/` and other unsafe characters become `+`, peer brackets `_`, and a
 * name too long (or with capitals) is cut and ends in a hash.
 */
export function storeFolderName(key: string, maxLength = DEFAULT_MAX_LENGTH): string {
  let unescaped = key;
  if (key.startsWith('file:')) unescaped = key.replace(':', '+');
  let filename = unescaped.replace(/[\\/:*?"<>|#]/g, '+');
  if (filename.includes('(')) filename = filename.replace(/\)$/, '').replace(/\)\(|\(|\)/g, '_');
  if (filename.length > maxLength || (filename !== filename.toLowerCase() && !filename.startsWith('file+'))) {
    const hash = createHash('sha256').update(filename).digest('hex').slice(0, 32);
    return `${filename.slice(0, maxLength - 33)}_${hash}`;
  }
  return filename;
}

/** Finds where pnpm put each package: the predicted folder first, else a search of the store. */
export class StoreIndex {
  private byName: Map<string, string[]> | null = null;

  constructor(private readonly install: PnpmInstall) {}

  /** The package's directory in the store, or null when it is not installed. */
  locate(key: string, name: string, version: string): string | null {
    const predicted = join(this.install.virtualStore, storeFolderName(key, this.install.maxLength), 'node_modules', name);
    if (existsSync(join(predicted, 'package.json'))) return predicted;
    // Older pnpm releases hashed long names differently: look for the same name@version anywhere in the store.
    for (const candidate of this.folders().get(name) ?? []) {
      const manifest = readInstalledManifest(candidate);
      if ('fields' in manifest && manifest.fields.version === version) return candidate;
    }
    return null;
  }

  private folders(): Map<string, string[]> {
    if (this.byName) return this.byName;
    const byName = new Map<string, string[]>();
    const add = (name: string, path: string): void => {
      // The package itself is a real folder; its dependencies next to it are links.
      if (!isDirectory(path)) return;
      const list = byName.get(name);
      if (list) list.push(path);
      else byName.set(name, [path]);
    };
    for (const entry of list(this.install.virtualStore)) {
      const modules = join(this.install.virtualStore, entry, 'node_modules');
      for (const name of list(modules)) {
        if (name.startsWith('@')) for (const scoped of list(join(modules, name))) add(`${name}/${scoped}`, join(modules, name, scoped));
        else add(name, join(modules, name));
      }
    }
    this.byName = byName;
    return byName;
  }
}

function list(directory: string): string[] {
  try {
    return readdirSync(directory).sort();
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}
