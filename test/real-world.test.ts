import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import semver from 'semver';
import parse from 'spdx-expression-parse';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseReport, repoRoot, runLicit, type Report, type ReportPackage } from './helpers/cli.js';
import { buildCorpusProject, corpusDirectory, readCorpus, type CorpusEntry } from './helpers/real-world.js';

/**
 * Packages today's licit gets wrong, each with the issue item that fixes it. The list only shrinks:
 * a listed package that licit now gets right fails the suite until it is removed from here.
 * `falsePermissive` marks the worst kind: concluded permissive while the files say otherwise.
 */
const KNOWN_WRONG: Record<string, { fixedBy: string; falsePermissive?: true }> = {
  'geoip-lite': { fixedBy: 'issue 16 (the CC-BY-SA-4.0 database statement is read; MaxMind\'s "THIS DATABASE IS PROVIDED … AS IS" disclaimer is an unrecognised part: unknown)' },
  '@calcom/embed-react': { fixedBy: 'issue 12 item 1 (the Cal.com commercial terms beside the AGPL text are unrecognised parts, unknown)' },
  'node-forge': { fixedBy: 'issue 12 item 1 (a note beside the BSD/GPL choice is read as an unrecognised part, unknown)' },
  '@wordpress/components': { fixedBy: 'issue 12 item 1 (Gutenberg\'s note on a future GPL/MPL relicensing is read as unrecognised terms)' },
  '@wordpress/element': { fixedBy: 'issue 12 item 1 (Gutenberg\'s note on a future GPL/MPL relicensing is read as unrecognised terms)' },
  '@fortawesome/fontawesome-free': { fixedBy: 'a decision to revisit (docs/decisions.md, issue 16): the brand-icons trademark request stays unrecognised terms, so unknown' },
  '@fortawesome/free-solid-svg-icons': { fixedBy: 'a decision to revisit (docs/decisions.md, issue 16): the brand-icons trademark request stays unrecognised terms, so unknown' },
  '@rollup/rollup-linux-x64-gnu': { fixedBy: 'conclusion policy (the listing is accounted for since issue 16; the concluded expression ANDs the bundled crates\' notices, the files say MIT)' },
  'maplibre-gl': { fixedBy: 'issue 12 item 1 (the forked Mapbox BSD notice is ANDed as MIT, not recognised as the same BSD-3-Clause)' },
  'dejavu-fonts-ttf': { fixedBy: 'issue 12 item 2 (Bitstream Vera + Arev font license text, junk SEE LICENSE IN)' },
  xmldom: { fixedBy: 'issue 12 item 4 (a choice "MIT ... LGPL" in legacy metadata and LICENSE read as LGPL only)' },
  twemoji: { fixedBy: 'issue 12 item 4 (string array whose files say both licenses apply)' },
};

/**
 * Packages concluded permissive although a part of their license files is not (what
 * scripts/audit-permissive.js flags), each with why. Shrink-only, like KNOWN_WRONG.
 */
const AUDIT_FLAGGED: Record<string, string> = {
  '@rollup/rollup-linux-x64-gnu': 'the LLVM exception\'s "software that is licensed under the GPLv2" is read as a bundled GPL-2.0 statement (below the evidence bar, so not concluded); the exception text is not recognised',
  punycode: 'metadata "GPL" beside LICENSE-GPL.txt (GPLv2) concludes MIT OR GPL-3.0-or-later: the choice is kept, its GPL version is not settled by the file',
};

const CATEGORIES = ['permissive', 'weak-copyleft', 'strong-copyleft', 'model', 'source-available', 'proprietary', 'unknown'];
const MAX_LICENSE_FILE_BYTES = 300 * 1024;

/** An SPDX expression written one way: no redundant parentheses (text that does not parse is kept as it is). */
function canonical(expression: string | null): string {
  if (expression === null) return '';
  try {
    return write(parse(expression));
  } catch {
    return expression;
  }
}

function write(node: parse.Info, parent?: string): string {
  if ('license' in node) return `${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`;
  const text = `${write(node.left, node.conjunction)} ${node.conjunction.toUpperCase()} ${write(node.right, node.conjunction)}`;
  return parent && parent !== node.conjunction ? `(${text})` : text;
}

interface Verdict {
  entry: CorpusEntry;
  found: ReportPackage;
  categoryRight: boolean;
  expressionRight: boolean;
  falsePermissive: boolean;
}

function judge(entry: CorpusEntry, found: ReportPackage): Verdict {
  const accepted = [entry.expected.category, ...(entry.expected.alsoAccepted ?? [])];
  const expression = canonical(found.license.expression);
  const expressionRight = entry.expected.expressionPattern !== undefined
    ? new RegExp(entry.expected.expressionPattern).test(expression)
    : expression === canonical(entry.expected.expression ?? null);
  return {
    entry,
    found,
    categoryRight: accepted.includes(found.category),
    expressionRight,
    falsePermissive: found.category === 'permissive' && !accepted.includes('permissive'),
  };
}

const describeVerdict = (verdict: Verdict): string =>
  `${verdict.entry.name}@${verdict.entry.version}: licit says ${verdict.found.category} ${verdict.found.license.expression ?? '(none)'}, ` +
  `the files say ${[verdict.entry.expected.category, ...(verdict.entry.expected.alsoAccepted ?? [])].join('/')} ` +
  `${verdict.entry.expected.expressionPattern ?? verdict.entry.expected.expression ?? '(none)'} — ${verdict.entry.reason}`;

const corpus = readCorpus();

describe('real-world corpus: the captures', () => {
  test('holds at least 150 hand-reviewed packages, one version each', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(new Set(corpus.map((entry) => entry.name)).size).toBe(corpus.length);
    for (const entry of corpus) {
      const label = `${entry.name}@${entry.version}`;
      expect(entry.integrity, label).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
      expect(CATEGORIES, label).toContain(entry.expected.category);
      expect(entry.reason.length, label).toBeGreaterThan(10);
      expect('expression' in entry.expected !== ('expressionPattern' in entry.expected), `${label}: expression or expressionPattern`).toBe(true);
      // A second acceptable reading exists only where the files hold no terms to decide by; it never turns a restricted package permissive.
      if (entry.expected.category !== 'permissive') expect(entry.expected.alsoAccepted ?? [], label).not.toContain('permissive');
    }
  });

  test('every capture is the pinned package: its package.json names it, and license files stay under 300 KB', () => {
    let bytes = 0;
    for (const entry of corpus) {
      const directory = join(corpusDirectory, `${entry.name}@${entry.version}`);
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name: string; version: string };
      expect(manifest.name).toBe(entry.name);
      expect(semver.clean(manifest.version)).toBe(entry.version);
      for (const file of readdirSync(directory, { recursive: true, encoding: 'utf8' })) {
        const size = statSync(join(directory, file)).size;
        if (file !== 'package.json') expect(size, `${entry.name}/${file}`).toBeLessThanOrEqual(MAX_LICENSE_FILE_BYTES);
        bytes += size;
      }
    }
    expect(bytes).toBeLessThan(4 * 1024 * 1024);
  });

  test('the ratchet names only packages of the corpus', () => {
    const names = new Set(corpus.map((entry) => entry.name));
    expect(Object.keys(KNOWN_WRONG).filter((name) => !names.has(name))).toEqual([]);
  });
});

describe('real-world corpus through the built CLI', () => {
  let report: Report;
  let verdicts: Verdict[];

  beforeAll(() => {
    const project = buildCorpusProject(corpus);
    // One scan of every package; the captures lack their own dependencies, so the exit code is not the point.
    const run = runLicit(['scan', project, '--format', 'json', '--fail-on', 'never']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    report = parseReport(run.stdout);
    verdicts = corpus.map((entry) => {
      const found = report.packages.find((candidate) => candidate.kind === 'npm' && candidate.paths.includes(`node_modules/${entry.name}`));
      if (!found) throw new Error(`${entry.name} is missing from the report`);
      return judge(entry, found);
    });
  });

  test('every captured package is in the report', () => {
    expect(existsSync(join(corpusDirectory, 'manifest.json'))).toBe(true);
    expect(verdicts).toHaveLength(corpus.length);
  });

  test('no package is concluded permissive when its files say otherwise, outside the known list', () => {
    const unexpected = verdicts.filter((verdict) => verdict.falsePermissive && !KNOWN_WRONG[verdict.entry.name]?.falsePermissive);
    expect(unexpected.map(describeVerdict)).toEqual([]);
  });

  test('every package outside the known list gets the category and expression its files hold', () => {
    const wrong = verdicts.filter((verdict) => !(verdict.categoryRight && verdict.expressionRight) && !(verdict.entry.name in KNOWN_WRONG));
    expect(wrong.map(describeVerdict)).toEqual([]);
  });

  test('the permissive audit (scripts/audit-permissive.js) flags only the known packages, and tells choices apart', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'licit-audit-')), 'report.json');
    writeFileSync(path, JSON.stringify(report));
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts/audit-permissive.js'), path, '--json'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const [result] = JSON.parse(run.stdout) as { flagged: { package: string }[]; choices: { package: string; files: { choice: boolean }[] }[] }[];
    const nameOf = (ref: string): string => ref.slice(0, ref.lastIndexOf('@'));
    expect(result!.flagged.map((entry) => nameOf(entry.package)).sort()).toEqual(Object.keys(AUDIT_FLAGGED).sort());
    expect(run.status).toBe(1);
    // Dual-licensed packages whose GPL/MPL file is the other side of a kept choice are listed apart, not flagged.
    expect(result!.choices.map((entry) => nameOf(entry.package))).toContain('jszip');
    expect(result!.choices.every((entry) => entry.files.every((file) => file.choice))).toBe(true);
  });

  test('each package of the known list is still wrong, and still wrong the way the list says', () => {
    const fixed = verdicts
      .filter((verdict) => verdict.entry.name in KNOWN_WRONG)
      .filter((verdict) => (verdict.categoryRight && verdict.expressionRight) || verdict.falsePermissive !== (KNOWN_WRONG[verdict.entry.name]?.falsePermissive === true))
      .map((verdict) => `${verdict.entry.name} (${KNOWN_WRONG[verdict.entry.name]?.fixedBy ?? ''}) changed: update KNOWN_WRONG — ${describeVerdict(verdict)}`);
    expect(fixed).toEqual([]);
  });
});
