// Arborist's internal modules that licit reuses to finish a tree loaded from the hidden lockfile
// exactly as `loadActual({ forceActual: true })` would have (see src/walk/hidden-lockfile.ts).
declare module '@npmcli/arborist/lib/calc-dep-flags.js' {
  import type { Node } from '@npmcli/arborist';
  function calcDepFlags(tree: Node, resetRoot?: boolean): void;
  export = calcDepFlags;
}

declare module '@npmcli/arborist/lib/reset-dep-flags.js' {
  import type { Node } from '@npmcli/arborist';
  function resetDepFlags(tree: Node): void;
  export = resetDepFlags;
}

declare module '@npmcli/arborist/lib/consistent-resolve.js' {
  function consistentResolve(resolved: unknown, fromPath?: string, toPath?: string, relPaths?: boolean): string | null;
  export = consistentResolve;
}

declare module '@npmcli/arborist/lib/shrinkwrap.js' {
  import type { Node } from '@npmcli/arborist';
  class Shrinkwrap {
    static load(options: { path: string; lockfileVersion?: number | null; resolveOptions?: object }): Promise<Shrinkwrap>;
    loadedFromDisk: boolean;
    hiddenLockfile: boolean;
    loadingError?: unknown;
    /** Fills a node's missing resolved and integrity from the lockfile entry at its location, when they agree. */
    add(node: Node): void;
  }
  export = Shrinkwrap;
}

declare module '@npmcli/arborist/lib/node.js' {
  import type { Node } from '@npmcli/arborist';
  const NodeClass: { prototype: Node };
  export = NodeClass;
}
