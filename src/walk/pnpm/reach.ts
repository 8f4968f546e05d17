import type { OmitType } from '../graph.js';
import type { PnpmEdge, PnpmLockfile } from './lockfile.js';

/** A node of the pnpm graph: an importer (root or workspace), a lockfile package, or a linked directory. */
export type PnpmNodeId = `importer:${string}` | `package:${string}` | `directory:${string}`;

/** npm's dependency flags, as arborist computes them, for one pnpm node. */
export interface PnpmFlags {
  dev: boolean;
  optional: boolean;
  devOptional: boolean;
}

export interface PnpmReach {
  /** The shortest chain of dependency names from the root to each reached package or directory. */
  chains: Map<PnpmNodeId, string[]>;
  /** Packages and directories an importer depends on directly. */
  direct: Set<PnpmNodeId>;
  flags: Map<PnpmNodeId, PnpmFlags>;
}

export const nodeOf = (edge: PnpmEdge, lockfile: PnpmLockfile): PnpmNodeId => {
  if (edge.target.kind === 'package') return `package:${edge.target.key}`;
  return lockfile.importers.has(edge.target.path) ? `importer:${edge.target.path}` : `directory:${edge.target.path}`;
};

const sortedEdges = new WeakMap<PnpmEdge[], PnpmEdge[]>();

/** A node's edges sorted by name (sorted once per edge list: the walks ask for them many times). */
export function edgesOf(id: PnpmNodeId, lockfile: PnpmLockfile): PnpmEdge[] {
  const [kind, key] = splitId(id);
  const edges = kind === 'importer' ? lockfile.importers.get(key)?.edges : kind === 'package' ? lockfile.packages.get(key)?.edges : undefined;
  if (!edges) return [];
  let sorted = sortedEdges.get(edges);
  if (!sorted) {
    sorted = [...edges].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    sortedEdges.set(edges, sorted);
  }
  return sorted;
}

export function splitId(id: PnpmNodeId): [kind: string, key: string] {
  const colon = id.indexOf(':');
  return [id.slice(0, colon), id.slice(colon + 1)];
}

/** Reached without dev, reached only through optional edges, reached from a devDependency. */
const Path = { Prod: 1, Optional: 2, Dev: 4 } as const;
type Path = (typeof Path)[keyof typeof Path];

/**
 * npm's dev / optional / devOptional flags over pnpm's graph: a package is dev when only
 * devDependencies lead to it, optional when every way to it passes an optional edge, devOptional
 * when both kinds of way lead to it and none is plain production.
 */
export function flagsOf(lockfile: PnpmLockfile, starts: PnpmNodeId[]): Map<PnpmNodeId, PnpmFlags> {
  const seen = new Map<PnpmNodeId, number>();
  const queue: [PnpmNodeId, Path][] = [];
  const visit = (id: PnpmNodeId, path: Path): void => {
    const mask = seen.get(id) ?? 0;
    if (mask & path) return;
    seen.set(id, mask | path);
    queue.push([id, path]);
  };
  for (const start of starts) visit(start, Path.Prod);
  for (let index = 0; index < queue.length; index++) {
    const [id, path] = queue[index]!;
    const isImporter = id.startsWith('importer:');
    for (const edge of edgesOf(id, lockfile)) {
      // An importer's devDependencies are dev whatever the way to the importer; else the way carries on.
      let next: Path = path;
      if (edge.type === 'dev' && isImporter) next = Path.Dev;
      else if (edge.type === 'optional' && path === Path.Prod) next = Path.Optional;
      visit(nodeOf(edge, lockfile), next);
    }
  }
  const flags = new Map<PnpmNodeId, PnpmFlags>();
  for (const [id, mask] of seen) {
    const prod = (mask & Path.Prod) !== 0;
    const optional = !prod && (mask & Path.Optional) !== 0;
    const dev = !prod && (mask & Path.Dev) !== 0;
    flags.set(id, { dev: dev && !optional, optional: optional && !dev, devOptional: dev && optional });
  }
  return flags;
}

/** npm's `--omit` semantics over the flags (see graph.ts isOmitted). */
export function isOmittedBy(flags: PnpmFlags | undefined, omit: ReadonlySet<OmitType>): boolean {
  if (!flags) return false;
  return (flags.dev && omit.has('dev')) || (flags.optional && omit.has('optional')) || (flags.devOptional && omit.has('dev') && omit.has('optional'));
}

/**
 * Breadth-first from the starts (the root importer's chain is `[rootName]`, a workspace's
 * `[rootName, workspaceName]`): the shortest chain to every reachable node, omitted nodes cut off.
 */
export function reach(
  lockfile: PnpmLockfile,
  starts: { id: PnpmNodeId; chain: string[] }[],
  flags: Map<PnpmNodeId, PnpmFlags>,
  omit: ReadonlySet<OmitType>,
  nameOf: (id: PnpmNodeId, edge: PnpmEdge) => string,
): PnpmReach {
  const chains = new Map<PnpmNodeId, string[]>();
  const direct = new Set<PnpmNodeId>();
  const queue: PnpmNodeId[] = [];
  for (const start of starts) {
    if (chains.has(start.id)) continue;
    chains.set(start.id, start.chain);
    queue.push(start.id);
  }
  for (let index = 0; index < queue.length; index++) {
    const id = queue[index]!;
    const chain = chains.get(id)!;
    const isImporter = id.startsWith('importer:');
    for (const edge of edgesOf(id, lockfile)) {
      const target = nodeOf(edge, lockfile);
      if (target === 'importer:.' || isOmittedBy(flags.get(target), omit)) continue;
      if (isImporter && !target.startsWith('importer:')) direct.add(target);
      if (chains.has(target)) continue;
      chains.set(target, [...chain, nameOf(target, edge)]);
      queue.push(target);
    }
  }
  return { chains, direct, flags };
}
