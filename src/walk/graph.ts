import type { Scope } from '../model/index.js';
import type { TreeEdge, TreeNode } from './load-tree.js';

export type OmitType = 'dev' | 'optional' | 'peer';

export interface Reachability {
  /** Every package node (links resolved to their targets) the walk reaches, with the chain of nodes. */
  chains: Map<TreeNode, TreeNode[]>;
  /** Nodes reached directly from the root or from a workspace. */
  direct: Set<TreeNode>;
}

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
  return [...node.edgesOut.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Breadth-first walk from the root (or from the chosen workspaces): the shortest chain to every
 * reachable node, in a deterministic order (edges sorted by name).
 */
export function walkReachable(root: TreeNode, starts: TreeNode[], omit: ReadonlySet<OmitType>): Reachability {
  const chains = new Map<TreeNode, TreeNode[]>();
  const direct = new Set<TreeNode>();
  const queue: TreeNode[] = [];
  for (const start of starts) {
    const target = resolveLink(start);
    if (!chains.has(target)) {
      chains.set(target, start === root ? [root] : [root, target]);
      queue.push(target);
    }
  }
  for (let index = 0; index < queue.length; index++) {
    const node = queue[index]!;
    const chain = chains.get(node)!;
    const isTop = node === root || node.isWorkspace;
    for (const edge of sortedEdges(node)) {
      if (!edge.to) continue;
      const target = resolveLink(edge.to);
      if (target === root || isOmitted(target, omit)) continue;
      if (isTop && !target.isWorkspace) direct.add(target);
      if (chains.has(target)) continue;
      chains.set(target, [...chain, target]);
      queue.push(target);
    }
  }
  return { chains, direct };
}
