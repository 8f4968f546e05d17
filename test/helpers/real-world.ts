import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from './cli.js';

/** What the files of a captured package say, reviewed by hand: the category and the expression. */
export interface ExpectedVerdict {
  category: string;
  /**
   * Other categories a reader could defend from the files alone, only where they hold no terms to
   * decide by (a link to a vendor page, say), or where they offer a choice whose pick depends on the
   * rest of the tree (GPL or a commercial license); never `permissive` for a restricted package.
   */
  alsoAccepted?: string[];
  /** The concluded SPDX expression exactly (null: none), when the files name standard licenses. */
  expression?: string | null;
  /** A regular expression the concluded expression must match (vendor terms have no one right LicenseRef name). */
  expressionPattern?: string;
}

export interface CorpusEntry {
  name: string;
  version: string;
  integrity: string;
  /** The kind of case: commercial, source-available, dual, notices, legacy, readme-only, fonts-data, binaries, copyleft, permissive. */
  group: string;
  expected: ExpectedVerdict;
  reason: string;
}

export const corpusDirectory = fixture('real-world');

export function readCorpus(): CorpusEntry[] {
  return (JSON.parse(readFileSync(join(corpusDirectory, 'manifest.json'), 'utf8')) as { packages: CorpusEntry[] }).packages;
}

/**
 * An installed project holding every captured package in node_modules, as npm would lay it out:
 * a root package.json depending on each pinned version and no lockfile (licit reads the installed
 * tree). The captures hold only license-relevant files, so their own dependencies are missing.
 */
export function buildCorpusProject(entries: CorpusEntry[]): string {
  const root = mkdtempSync(join(tmpdir(), 'licit-real-world-'));
  const dependencies = Object.fromEntries(entries.map((entry) => [entry.name, entry.version]));
  writeFileSync(join(root, 'package.json'), `${JSON.stringify({ name: 'licit-real-world', version: '1.0.0', private: true, license: 'MIT', dependencies }, null, 2)}\n`);
  for (const entry of entries) {
    const target = join(root, 'node_modules', entry.name);
    mkdirSync(target, { recursive: true });
    cpSync(join(corpusDirectory, `${entry.name}@${entry.version}`), target, { recursive: true });
  }
  return root;
}
