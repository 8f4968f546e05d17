// Scale: arborist's tree loads stay linear in the number of packages (a counted measure of work, never
// a timing), package.json reads are bounded, and `via` stays bounded per package however deep the tree.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Arborist from '@npmcli/arborist';
import CaseInsensitiveMap from '@npmcli/arborist/lib/case-insensitive-map.js';
import { describe, expect, test } from 'vitest';
import { writeSyntheticTree } from '../bench/lib/synthetic.js';
import { scan } from '../src/pipeline/index.js';
import { VIA_GAP } from '../src/model/index.js';
import { toJsonReport } from '../src/report/json.js';
import { prepareArborist } from '../src/walk/arborist/index.js';
import { peakManifestReads, READS_IN_FLIGHT } from '../src/walk/arborist/bounded-manifest-reads.js';
import { installNamedEdgeIndex } from '../src/walk/arborist/named-edge-index.js';
import { VIA_HEAD, VIA_TAIL } from '../src/walk/graph.js';
import { loadTree } from '../src/walk/load-tree.js';
import { walkNpmProject, type NpmWalkOptions } from '../src/walk/npm.js';
import { readInstalledManifests } from '../src/walk/installed-manifest.js';
import { inspectProject } from '../src/walk/project.js';
import { fixture, parseReport, repoRoot } from './helpers/cli.js';

type TreeNode = Arborist.Node;

const synthetic = (packages: number, options: { shape?: 'flat' | 'deep'; installed?: boolean; hiddenLockfile?: boolean } = {}): string => {
  const dir = mkdtempSync(join(tmpdir(), 'licit-scale-'));
  writeSyntheticTree(dir, { packages, ...options });
  return dir;
};

const lockfileOnly: NpmWalkOptions = { lockfileOnly: true, omit: new Set(), workspaces: [], readText: false };

/** Lookups in arborist's case-insensitive maps (children, edgesOut) while `load` runs: its walk of the tree per added node was made of them. */
async function countLookups(load: () => Promise<unknown>): Promise<number> {
  const prototype = CaseInsensitiveMap.prototype as { get(key: unknown): unknown };
  const original = prototype.get;
  let count = 0;
  prototype.get = function counted(this: unknown, key: unknown): unknown {
    count++;
    return original.call(this, key);
  };
  try {
    await load();
  } finally {
    prototype.get = original;
  }
  return count;
}

/** Every edge of the tree points where resolving its name against the finished tree leads: the invariant arborist's own reload keeps. */
function misresolvedEdges(tree: TreeNode): string[] {
  const wrong: string[] = [];
  for (const node of tree.inventory.values()) {
    for (const edge of node.edgesOut.values()) {
      if (edge.to !== node.resolve(edge.name)) wrong.push(`${node.location || '.'} -> ${edge.name}`);
    }
  }
  return wrong;
}

describe('arborist at scale', () => {
  test("arborist's named-edge reload still reads as the replacement assumes, and is replaced", () => {
    expect(installNamedEdgeIndex()).toBe(true);
  });

  test('loading a lockfile costs lookups in proportion to its packages, not their square', async () => {
    prepareArborist();
    const load = (dir: string) => () => new Arborist({ path: dir }).loadVirtual();
    const small = await countLookups(load(synthetic(1000, { installed: false })));
    const large = await countLookups(load(synthetic(4000, { installed: false })));
    // Four times the packages: about four times the lookups (the quadratic walk made it sixteen).
    expect(large / small).toBeLessThan(5);
    expect(large / 4000).toBeLessThan(100);
  });

  test.each([
    ['a flat lockfile with nested conflicts', () => synthetic(600, { installed: false }), true],
    ['a deep chain nested in runs, installed', () => synthetic(200, { shape: 'deep' }), false],
    ['an installed tree read package.json by package.json', () => synthetic(300, { hiddenLockfile: false }), false],
    ['walk/basic', () => fixture('walk/basic'), false],
    ['walk/workspaces', () => fixture('walk/workspaces'), false],
    ['walk/workspaces, lockfile only', () => fixture('walk/workspaces'), true],
  ])('%s: every edge resolves as arborist resolves it in the finished tree', async (_label, dir, onlyLockfile) => {
    const { tree } = await loadTree(inspectProject(dir(), { lockfileOnly: onlyLockfile }), onlyLockfile);
    expect(tree.inventory.size).toBeGreaterThan(2);
    expect(misresolvedEdges(tree)).toEqual([]);
  });

  test(`an installed tree without a hidden lockfile: at most ${READS_IN_FLIGHT} package.json reads at once, every package read`, async () => {
    const dir = synthetic(400, { hiddenLockfile: false });
    const inventory = await walkNpmProject(dir, { ...lockfileOnly, lockfileOnly: false });
    expect(inventory.components).toHaveLength(400);
    expect(inventory.problems).toEqual([]);
    expect(peakManifestReads()).toBeGreaterThan(1);
    expect(peakManifestReads()).toBeLessThanOrEqual(READS_IN_FLIGHT);
  });

  test('under a low open-file limit the built CLI still reads every package, the same way twice', () => {
    const dir = synthetic(600, { hiddenLockfile: false });
    const scan = (): string => {
      const run = spawnSync('sh', ['-c', `ulimit -n 100 && exec "${process.execPath}" bin/licit.js scan "${dir}" --format json`], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000' },
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(run.stderr).toBe('');
      return run.stdout;
    };
    const first = scan();
    const report = parseReport(first);
    expect(report.summary.packages).toBe(600);
    expect(report.findings).toEqual([]);
    expect(scan()).toBe(first);
  });
});

describe('via at any depth', () => {
  test('a long chain keeps its head and tail around a gap, and parent pointers rebuild it whole', async () => {
    const depth = 300;
    const inventory = await walkNpmProject(synthetic(depth, { shape: 'deep', installed: false }), lockfileOnly);
    const byRef = new Map(inventory.components.map((component) => [component.ref, component]));
    const deepest = inventory.components.find((component) => component.name === 'synthetic-008b')!;
    expect(deepest.via).toHaveLength(VIA_HEAD + 1 + VIA_TAIL);
    expect(deepest.via[0]).toBe(inventory.root.name);
    expect(deepest.via[VIA_HEAD]).toBe(VIA_GAP);
    expect(deepest.via.at(-1)).toBe(deepest.name);
    const chain: string[] = [];
    for (let current = deepest; current; current = byRef.get(current.parent!)!) {
      chain.unshift(current.name);
      if (current.parent === null) break;
    }
    expect(chain).toHaveLength(depth);
    expect([inventory.root.name, ...chain.slice(0, VIA_HEAD - 1)]).toEqual(deepest.via.slice(0, VIA_HEAD));
    expect(chain.slice(-VIA_TAIL)).toEqual(deepest.via.slice(-VIA_TAIL));
    const short = inventory.components.find((component) => component.name === 'synthetic-0005')!;
    expect(short.via).not.toContain(VIA_GAP);
    expect(short.via).toHaveLength(7);
  });

  test('the JSON report grows in proportion to the chain, not its square', async () => {
    const size = async (depth: number): Promise<number> => {
      const result = await scan(synthetic(depth, { shape: 'deep', installed: false }), { ...lockfileOnly, models: false });
      const text = toJsonReport(result);
      expect(parseReport(text).summary.packages).toBe(depth);
      return text.length;
    };
    expect((await size(900)) / (await size(300))).toBeLessThan(3.3);
  });
});

describe('the synthetic tree generator', () => {
  const digest = (dir: string): string => {
    const hash = createHash('sha256');
    const visit = (path: string): void => {
      for (const entry of readdirSync(path).sort()) {
        const full = join(path, entry);
        const stats = statSync(full);
        // Directory times decide whether arborist trusts the hidden lockfile; file times matter to nothing.
        hash.update(`${full.slice(dir.length)}\0${stats.isDirectory() ? stats.mtimeMs : ''}\0`);
        if (stats.isDirectory()) visit(full);
        else hash.update(readFileSync(full));
      }
    };
    visit(dir);
    return hash.digest('hex');
  };

  test('writes the same bytes for the same options, and npm would trust its hidden lockfile', async () => {
    const first = synthetic(150);
    expect(digest(first)).toBe(digest(synthetic(150)));
    const { source } = await loadTree(inspectProject(first, { lockfileOnly: false }), false, async () => readInstalledManifests(first));
    expect(source).toBe('hidden-lockfile');
  });
});
