import Arborist from '@npmcli/arborist';
import type { ProjectLayout } from './project.js';

export type TreeNode = Arborist.Node;
export type TreeEdge = Arborist.Edge;

/**
 * Loads the dependency tree: the installed one when node_modules is there (reading every
 * package.json, never the hidden lockfile, whose entries lack license data), else the lockfile's.
 */
export async function loadTree(layout: ProjectLayout, lockfileOnly: boolean): Promise<{ tree: TreeNode; mode: 'actual' | 'virtual' }> {
  const arborist = new Arborist({ path: layout.directory });
  if (!lockfileOnly && layout.hasNodeModules) {
    return { tree: await arborist.loadActual({ forceActual: true } as Arborist.Options), mode: 'actual' };
  }
  return { tree: await arborist.loadVirtual(), mode: 'virtual' };
}
