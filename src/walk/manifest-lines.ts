// Where each package sits in the project's files, for reports that point at a line (SARIF): the lockfile's
// `packages` entries by install location, else the root package.json's dependency declarations.
import { existsSync } from 'node:fs';
import { MAX_LOCKFILE_BYTES, readInputText } from '../model/index.js';
import { join, relative, resolve, sep } from 'node:path';
import { visit, type JSONPath } from 'jsonc-parser';
import { repositoryRoot } from './git-base.js';

export interface ManifestLines {
  /** The scanned directory relative to the repository root ('' or ending in '/'); the root itself outside git. */
  projectPath: string;
  /** The file results point at, relative to the project. */
  manifest: string;
  /** 1-based line per install location (`node_modules/x`; '' for the project itself). */
  entryLines: Map<string, number>;
  /** 1-based line of each lockfile entry's `version` (the line an upgrade changes), by install location. */
  versionLines: Map<string, number>;
}

const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];
const DEPENDENCY_FIELDS = new Set(['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']);

export function manifestLines(directory: string): ManifestLines {
  const absolute = resolve(directory);
  const root = repositoryRoot(absolute) ?? absolute;
  const fromRoot = relative(root, absolute).split(sep).join('/');
  const projectPath = fromRoot === '' ? '' : `${fromRoot}/`;
  const lockfile = LOCKFILES.find((name) => existsSync(join(absolute, name)));
  if (lockfile) return { projectPath, manifest: lockfile, ...lockfileLines(readInputText(join(absolute, lockfile), lockfile, MAX_LOCKFILE_BYTES)) };
  const manifestPath = join(absolute, 'package.json');
  const text = existsSync(manifestPath) ? readInputText(manifestPath, 'package.json') : '';
  return { projectPath, manifest: 'package.json', entryLines: dependencyLines(text), versionLines: new Map() };
}

/** The lines of each key of a lockfile's `packages` object (lockfileVersion 2 and 3) and of its `version` field. */
export function lockfileLines(text: string): Pick<ManifestLines, 'entryLines' | 'versionLines'> {
  const entryLines = new Map<string, number>();
  const versionLines = new Map<string, number>();
  visit(text, {
    onObjectProperty: (property: string, _offset: number, _length: number, startLine: number, _character: number, path: () => JSONPath) => {
      const at = path();
      if (at[0] !== 'packages') return;
      if (at.length === 1) entryLines.set(property, startLine + 1);
      else if (at.length === 2 && property === 'version' && typeof at[1] === 'string') versionLines.set(at[1], startLine + 1);
    },
  });
  return { entryLines, versionLines };
}

/** `node_modules/<name>` -> the line declaring that dependency in package.json; '' -> line 1. */
export function dependencyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>([['', 1]]);
  visit(text, {
    onObjectProperty: (property: string, _offset: number, _length: number, startLine: number, _character: number, path: () => JSONPath) => {
      const at = path();
      const field = at[0];
      if (at.length === 1 && typeof field === 'string' && DEPENDENCY_FIELDS.has(field)) {
        const key = `node_modules/${property}`;
        if (!lines.has(key)) lines.set(key, startLine + 1);
      }
    },
  });
  return lines;
}
