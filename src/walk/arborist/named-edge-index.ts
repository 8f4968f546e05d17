import Arborist from '@npmcli/arborist';

type TreeNode = Arborist.Node;
type TreeEdge = Arborist.Edge;

/**
 * Arborist's `Node#[_reloadNamedEdges](name)`, as of arborist 9, word for word: every time a node
 * joins a parent, the parent walks its whole subtree (children and fsChildren, recursively) and
 * re-resolves each edge of that name. Loading a tree adds its nodes one at a time, mostly to the
 * root, so loading N packages visits about N²/2 nodes: 45 of 47 s of a 20,000-package scan.
 *
 * The replacement visits only the nodes that have an edge of that name, found through an index
 * kept by `addEdgeOut`, and keeps those inside the subtree: the same edges are re-checked by the
 * same test. Only the order in which they are re-resolved differs (the index keeps the order the
 * edges were created in, the lockfile's order for a lockfile load), which affects nothing but the
 * order of a node's `edgesIn` set, which licit never reads for its output.
 *
 * If arborist's method no longer reads exactly as below, nothing is replaced: the scan is then
 * correct but slow on huge trees, and test/scale.test.ts fails.
 */
const ORIGINAL_SOURCE = `[_reloadNamedEdges] (name, rootLoc = this.location) {
    const edge = this.edgesOut.get(name)
    // if we don't have an edge, do nothing, but keep descending
    const rootLocResolved = edge && edge.to &&
      edge.to.location === \`\${rootLoc}/node_modules/\${edge.name}\`
    const sameResolved = edge && this.resolve(name) === edge.to
    const recheck = rootLocResolved || !sameResolved
    if (edge && recheck) {
      edge.reload(true)
    }
    for (const c of this.children.values()) {
      c[_reloadNamedEdges](name, rootLoc)
    }

    for (const c of this.fsChildren) {
      c[_reloadNamedEdges](name, rootLoc)
    }
  }`;

const INSTALLED = Symbol.for('licit.namedEdgeIndex');

interface Registration {
  ref: WeakRef<TreeNode>;
  names: Set<string>;
}

/** Edge name (as arborist's case-insensitive maps key it) → the nodes that have an edge out of that name. */
const sources = new Map<string, Set<WeakRef<TreeNode>>>();
const registrations = new WeakMap<TreeNode, Registration>();
const normalised = new Map<string, string>();

/** The key arborist's CaseInsensitiveMap uses for a name (file systems may fold case and Unicode forms). */
function keyOf(name: string): string {
  let key = normalised.get(name);
  if (key === undefined) {
    key = name.normalize('NFKD').toLowerCase();
    normalised.set(name, key);
  }
  return key;
}

function register(node: TreeNode, name: string): void {
  const key = keyOf(name);
  let registration = registrations.get(node);
  if (!registration) {
    registration = { ref: new WeakRef(node), names: new Set() };
    registrations.set(node, registration);
  }
  if (registration.names.has(key)) return;
  registration.names.add(key);
  let nodes = sources.get(key);
  if (!nodes) {
    nodes = new Set();
    sources.set(key, nodes);
  }
  nodes.add(registration.ref);
}

/** Whether `node` is `ancestor` or below it through children and fsChildren: the nodes arborist's walk visits. */
function isWithin(node: TreeNode, ancestor: TreeNode): boolean {
  for (let current: TreeNode | null = node; current; ) {
    if (current === ancestor) return true;
    const parent: TreeNode | null = current.parent;
    const fsParent: TreeNode | null = current.fsParent;
    if (parent && fsParent) return isWithin(parent, ancestor) || isWithin(fsParent, ancestor);
    current = parent ?? fsParent;
  }
  return false;
}

function reloadNamedEdges(this: TreeNode, name: string, rootLoc: string = this.location): void {
  const key = keyOf(name);
  const nodes = sources.get(key);
  if (!nodes) return;
  for (const ref of nodes) {
    const node = ref.deref();
    const edge: TreeEdge | undefined = node?.edgesOut.get(name);
    if (!node || !edge) {
      // Gone, or its edge was detached: dropped here, registered again if it gets one back.
      nodes.delete(ref);
      if (node) registrations.get(node)?.names.delete(key);
      continue;
    }
    if (node.root !== this.root || !isWithin(node, this)) continue;
    const rootLocResolved = edge.to && edge.to.location === `${rootLoc}/node_modules/${edge.name}`;
    const sameResolved = node.resolve(name) === edge.to;
    if (rootLocResolved || !sameResolved) edge.reload(true);
  }
}

/** Replaces arborist's quadratic named-edge reload (see above); true when it is in place. */
export function installNamedEdgeIndex(): boolean {
  const prototype = Arborist.Node.prototype as unknown as Record<PropertyKey, unknown>;
  if (prototype[INSTALLED]) return true;
  const symbol = Object.getOwnPropertySymbols(prototype).find((candidate) => candidate.description === '_reloadNamedEdges');
  const original = symbol ? prototype[symbol] : undefined;
  const addEdgeOut = prototype.addEdgeOut;
  if (!symbol || typeof original !== 'function' || typeof addEdgeOut !== 'function') return false;
  if (squashed(original.toString()) !== squashed(ORIGINAL_SOURCE)) return false;
  prototype.addEdgeOut = function addEdgeOutIndexed(this: TreeNode, edge: TreeEdge): void {
    addEdgeOut.call(this, edge);
    register(this, edge.name);
  };
  prototype[symbol] = reloadNamedEdges;
  prototype[INSTALLED] = true;
  return true;
}

/** Source text without comments, whitespace and semicolons: the bundler reprints the same method that way. */
function squashed(source: string): string {
  return source.replace(/\/\/[^\n]*/g, '').replace(/[\s;]+/g, '');
}
