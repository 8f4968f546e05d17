import type { Scope } from '../model/index.js';
import type { TreeEdge, TreeNode } from './load-tree.js';
import { byText } from '../model/order.js';

export type OmitType = 'dev' | 'optional' | 'peer';

/** How the walk first reached a node: the shortest chain to it, kept as a pointer to the node before it. */
export interface Step {
  /** The node before this one on the chain; null for the first node (the root). */
  parent: TreeNode | null;
  /** Nodes on the chain, this one included. */
  length: number;
  /** The chain's first VIA_HEAD nodes (shared between nodes: the chain is never copied per node). */
  head: readonly TreeNode[];
}

export interface Reachability {
  /** Every package node (links resolved to their targets) the walk reaches, with the step that reached it. */
  chains: Map<TreeNode, Step>;
  /** Nodes reached directly from the root or from a workspace. */
  direct: Set<TreeNode>;
}

/**
 * A chain longer than VIA_HEAD + VIA_TAIL nodes is shown as its first VIA_HEAD nodes, a gap
 * (null), and its last VIA_TAIL: a report stays linear in the tree however deep it is, and the
 * chain still names the root, the direct dependency that pulled the package in, and its nearest
 * dependants. The whole chain can be rebuilt from each package's `parent`.
 */
export const VIA_HEAD = 8;
export const VIA_TAIL = 16;

/** npm's omit semantics (`npm install --omit`), read off arborist's dependency flags. */
export function isOmitted(node: TreeNode, omit: ReadonlySet<OmitType>): boolean {
  return (
    (node.dev && omit.has('dev')) ||
    (node.optional && omit.has('optional')) ||
    (node.devOptional && omit.has('dev') && omit.has('optional')) ||
    (node.peer && omit.has('peer'))
  );
}

/** The scopes a node is installed for, from arborist's flags. */
export function scopesOf(node: TreeNode): Scope[] {
  const scopes: Scope[] = [];
  if (node.dev) scopes.push('dev');
  else if (node.optional) scopes.push('optional');
  else if (node.devOptional) scopes.push('dev', 'optional');
  if (node.peer) scopes.push('peer');
  if (scopes.length === 0) scopes.push('prod');
  return scopes;
}

export const resolveLink = (node: TreeNode): TreeNode => (node.isLink && node.target ? node.target : node);

function sortedEdges(node: TreeNode): TreeEdge[] {
  return [...node.edgesOut.values()].sort(byText((edge) => edge.name));
}

/**
 * Breadth-first walk from the root (or from the chosen workspaces): the shortest chain to every
 * reachable node, in a deterministic order (edges sorted by name).
 */
export function walkReachable(root: TreeNode, starts: TreeNode[], omit: ReadonlySet<OmitType>): Reachability {
  const chains = new Map<TreeNode, Step>();
  const direct = new Set<TreeNode>();
  const queue: TreeNode[] = [];
  const rootStep: Step = { parent: null, length: 1, head: [root] };
  for (const start of starts) {
    const target = resolveLink(start);
    if (!chains.has(target)) {
      chains.set(target, start === root ? rootStep : stepAfter(rootStep, root, target));
      queue.push(target);
    }
  }
  for (let index = 0; index < queue.length; index++) {
    const node = queue[index]!;
    const step = chains.get(node)!;
    const isTop = node === root || node.isWorkspace;
    for (const edge of sortedEdges(node)) {
      if (!edge.to) continue;
      const target = resolveLink(edge.to);
      if (target === root || isOmitted(target, omit)) continue;
      if (isTop && !target.isWorkspace) direct.add(target);
      if (chains.has(target)) continue;
      chains.set(target, stepAfter(step, node, target));
      queue.push(target);
    }
  }
  return { chains, direct };
}

function stepAfter(previous: Step, parent: TreeNode, node: TreeNode): Step {
  const head = previous.length < VIA_HEAD ? [...previous.head, node] : previous.head;
  return { parent, length: previous.length + 1, head };
}

/** The chain of nodes from the root to `node`, with null for the gap when it is longer than VIA_HEAD + VIA_TAIL. */
export function chainTo(node: TreeNode, chains: ReadonlyMap<TreeNode, Step>): (TreeNode | null)[] {
  const step = chains.get(node)!;
  const tail: TreeNode[] = [];
  const tailLength = step.length <= VIA_HEAD + VIA_TAIL ? step.length - step.head.length : VIA_TAIL;
  for (let current: TreeNode | null = node; tail.length < tailLength && current; current = chains.get(current)!.parent) tail.push(current);
  tail.reverse();
  return step.length <= VIA_HEAD + VIA_TAIL ? [...step.head, ...tail] : [...step.head, null, ...tail];
}
