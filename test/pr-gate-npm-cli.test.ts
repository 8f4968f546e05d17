// The gate on six real pull requests of npm/cli (fixtures/gate/npm-cli: the base and head manifests and
// lockfiles of each): the packages it says were added, removed and relicensed are the lockfile diff, computed
// here independently, and the new findings are the hand-reviewed expectation below.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { fixture, parseReport, runLicit } from './helpers/cli.js';
import { removeRepositories } from './helpers/git-project.js';
import { snapshotRepository } from './helpers/pr-pair.js';

afterAll(removeRepositories);

interface Pair {
  pr: string;
  base: string;
  head: string;
  subject: string;
}

const pairs = JSON.parse(readFileSync(fixture('gate/npm-cli/pairs.json'), 'utf8')) as Pair[];

/**
 * Reviewed by hand against each lockfile diff. npm/cli's lockfiles of the time leave `license` out of many
 * entries: each new version without one is a package whose license nothing in the lockfile states (an error
 * until someone looks, `--online` or an installed tree tells); chownr and yallist moved from ISC to
 * BlueOak-1.0.0 (isaacs relicensed them in their 2024 majors).
 */
const EXPECTED_NEW: Record<string, string[]> = {
  '7ee15bbdc': [
    '@sigstore/bundle@3.0.0', '@sigstore/core@2.0.0', '@sigstore/sign@3.0.0', '@sigstore/tuf@3.0.0', '@sigstore/verify@2.0.0',
    '@tufjs/models@3.0.1', '@tufjs/repo-mock@3.0.1', 'sigstore@3.0.0', 'tuf-js@3.0.1',
  ].map((ref) => `license-not-in-lockfile/absent ${ref}`),
  '034c72975': ['license-changed/upgraded chownr@3.0.0', 'license-changed/upgraded yallist@5.0.0'],
  a73a4c6cb: [
    '@babel/generator@7.20.3', '@babel/parser@7.20.3', '@types/hast@2.3.4', '@xmldom/xmldom@0.8.6', 'caniuse-lite@1.0.30001431',
    'character-entities-html4@2.1.0', 'character-entities-legacy@3.0.0', 'comma-separated-tokens@2.0.2', 'eslint@8.27.0', 'espree@9.4.1',
    'github-slugger@1.5.0', 'groff-escape@2.0.1', 'hast-util-is-element@2.1.2', 'hast-util-to-html@8.0.3', 'hast-util-whitespace@2.0.0',
    'html-void-elements@2.0.1', 'mdast-util-definitions@5.1.1', 'mdast-util-to-hast@12.2.4', 'months@2.1.0', 'object.values@1.1.6',
    'property-information@6.1.1', 'rehype-stringify@9.0.3', 'remark-man@8.0.1', 'remark-rehype@10.1.0', 'space-separated-tokens@2.0.1',
    'string.prototype.trimend@1.0.6', 'stringify-entities@4.0.3', 'trim-lines@3.0.1', 'unist-builder@3.0.0', 'unist-util-generated@2.0.0',
    'unist-util-position@4.0.3', 'ws@8.11.0',
  ].map((ref) => `license-not-in-lockfile/absent ${ref}`),
  f36dc593e: [],
  '720b4d807': [],
  '60a7ee5b7': [],
};

type LockView = Map<string, Map<string, string | null>>;

/** name -> version -> the lockfile's license string, over installed entries (not workspace links). */
function lockView(snapshot: string): LockView {
  const lock = JSON.parse(gunzipSync(readFileSync(join(fixture(`gate/npm-cli/snapshots/${snapshot}`), 'package-lock.json.gz'))).toString('utf8')) as {
    packages: Record<string, { name?: string; version?: string; license?: string; link?: boolean }>;
  };
  const view: LockView = new Map();
  for (const [location, entry] of Object.entries(lock.packages)) {
    const at = location.lastIndexOf('node_modules/');
    if (at < 0 || entry.link || !entry.version) continue;
    const name = entry.name ?? location.slice(at + 'node_modules/'.length);
    const versions = view.get(name) ?? new Map<string, string | null>();
    versions.set(entry.version, entry.license ?? null);
    view.set(name, versions);
  }
  return view;
}

/** The lockfile diff, by hand: names added and removed; new versions relicensed, or to review where a side records no license. */
function lockfileDiff(base: LockView, head: LockView): { added: string[]; removed: string[]; changed: string[]; review: string[] } {
  const added = [...head.keys()].filter((name) => !base.has(name));
  const removed = [...base.keys()].filter((name) => !head.has(name));
  const changed: string[] = [];
  const review: string[] = [];
  for (const [name, versions] of head) {
    const before = base.get(name);
    if (!before) continue;
    const known = [...before.values()].filter((license): license is string => license !== null);
    for (const [version, license] of versions) {
      if (before.has(version)) continue;
      if (license === null || known.length === 0) review.push(`${name}@${version}`);
      else if (!known.includes(license)) changed.push(`${name}@${version}`);
    }
  }
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort(), review: review.sort() };
}

interface GateReport {
  diff: {
    added: { name: string }[];
    removed: { name: string }[];
    changed: { to: { ref: string } }[];
    review: { to: { ref: string } }[];
    newErrors: number;
  };
  findings: { rule: string; code: string; package: string | null; severity: string; new?: boolean }[];
}

describe.each(pairs)('npm/cli $pr ($subject)', (pair) => {
  const repository = snapshotRepository(fixture(`gate/npm-cli/snapshots/${pair.base}`), fixture(`gate/npm-cli/snapshots/${pair.head}`));
  const run = runLicit(['scan', repository.directory, '--base', 'HEAD~1', '--lockfile-only', '--format', 'json']);
  const report = parseReport(run.stdout) as unknown as GateReport;
  const expected = lockfileDiff(lockView(pair.base), lockView(pair.head));

  test('added, removed, relicensed and to-review packages are the lockfile diff', () => {
    expect(run.stderr).toBe('');
    expect(report.diff.added.map((entry) => entry.name).sort()).toEqual(expected.added);
    expect(report.diff.removed.map((entry) => entry.name).sort()).toEqual(expected.removed);
    expect(report.diff.changed.map((entry) => entry.to.ref).sort()).toEqual(expected.changed);
    expect(report.diff.review.map((entry) => entry.to.ref).sort()).toEqual(expected.review);
  });

  test('the new findings are the reviewed ones, and the exit code follows them', () => {
    const fresh = report.findings.filter((finding) => finding.new).map((finding) => `${finding.rule}/${finding.code} ${finding.package ?? ''}`);
    expect(fresh.sort()).toEqual([...EXPECTED_NEW[pair.pr]!].sort());
    expect(run.code).toBe(report.diff.newErrors > 0 ? 1 : 0);
  });
});
